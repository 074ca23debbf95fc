#include "smb1/header.h"

#include <cstdio>
#include <cstring>

namespace smbkit::smb1 {

const char* command_name(uint8_t command) {
  switch (static_cast<Command>(command)) {
    case Command::CreateDirectory: return "SMB_COM_CREATE_DIRECTORY";
    case Command::DeleteDirectory: return "SMB_COM_DELETE_DIRECTORY";
    case Command::Open: return "SMB_COM_OPEN";
    case Command::Create: return "SMB_COM_CREATE";
    case Command::Close: return "SMB_COM_CLOSE";
    case Command::Flush: return "SMB_COM_FLUSH";
    case Command::Delete: return "SMB_COM_DELETE";
    case Command::Rename: return "SMB_COM_RENAME";
    case Command::QueryInformation: return "SMB_COM_QUERY_INFORMATION";
    case Command::SetInformation: return "SMB_COM_SET_INFORMATION";
    case Command::Read: return "SMB_COM_READ";
    case Command::Write: return "SMB_COM_WRITE";
    case Command::LockByteRange: return "SMB_COM_LOCK_BYTE_RANGE";
    case Command::UnlockByteRange: return "SMB_COM_UNLOCK_BYTE_RANGE";
    case Command::CreateTemporary: return "SMB_COM_CREATE_TEMPORARY";
    case Command::CreateNew: return "SMB_COM_CREATE_NEW";
    case Command::CheckDirectory: return "SMB_COM_CHECK_DIRECTORY";
    case Command::ProcessExit: return "SMB_COM_PROCESS_EXIT";
    case Command::Seek: return "SMB_COM_SEEK";
    case Command::SetInformation2: return "SMB_COM_SET_INFORMATION2";
    case Command::QueryInformation2: return "SMB_COM_QUERY_INFORMATION2";
    case Command::LockingAndX: return "SMB_COM_LOCKING_ANDX";
    case Command::Transaction: return "SMB_COM_TRANSACTION";
    case Command::Echo: return "SMB_COM_ECHO";
    case Command::WriteAndClose: return "SMB_COM_WRITE_AND_CLOSE";
    case Command::OpenAndX: return "SMB_COM_OPEN_ANDX";
    case Command::ReadAndX: return "SMB_COM_READ_ANDX";
    case Command::WriteAndX: return "SMB_COM_WRITE_ANDX";
    case Command::Transaction2: return "SMB_COM_TRANSACTION2";
    case Command::Transaction2Secondary: return "SMB_COM_TRANSACTION2_SECONDARY";
    case Command::FindClose2: return "SMB_COM_FIND_CLOSE2";
    case Command::TreeDisconnect: return "SMB_COM_TREE_DISCONNECT";
    case Command::Negotiate: return "SMB_COM_NEGOTIATE";
    case Command::SessionSetupAndX: return "SMB_COM_SESSION_SETUP_ANDX";
    case Command::LogoffAndX: return "SMB_COM_LOGOFF_ANDX";
    case Command::TreeConnectAndX: return "SMB_COM_TREE_CONNECT_ANDX";
    case Command::QueryInformationDisk: return "SMB_COM_QUERY_INFORMATION_DISK";
    case Command::Search: return "SMB_COM_SEARCH";
    case Command::Find: return "SMB_COM_FIND";
    case Command::FindUnique: return "SMB_COM_FIND_UNIQUE";
    case Command::FindClose: return "SMB_COM_FIND_CLOSE";
    case Command::NtTransact: return "SMB_COM_NT_TRANSACT";
    case Command::NtTransactSecondary: return "SMB_COM_NT_TRANSACT_SECONDARY";
    case Command::NtCreateAndX: return "SMB_COM_NT_CREATE_ANDX";
    case Command::NtCancel: return "SMB_COM_NT_CANCEL";
    case Command::NtRename: return "SMB_COM_NT_RENAME";
  }
  static thread_local char buf[24];
  std::snprintf(buf, sizeof buf, "SMB_COM_0x%02X", command);
  return buf;
}

bool is_andx(uint8_t command) {
  switch (static_cast<Command>(command)) {
    case Command::LockingAndX:
    case Command::OpenAndX:
    case Command::ReadAndX:
    case Command::WriteAndX:
    case Command::SessionSetupAndX:
    case Command::LogoffAndX:
    case Command::TreeConnectAndX:
    case Command::NtCreateAndX:
      return true;
    default:
      return false;
  }
}

Result<Header> Header::decode(ByteReader& r) {
  Bytes proto = r.bytes(4);
  if (!r.ok() || std::memcmp(proto.data(), kProtocol, 4) != 0) return fail(NtStatus::InvalidSmb);
  Header h;
  h.command = r.u8();
  h.status = static_cast<NtStatus>(r.u32());
  h.flags = r.u8();
  h.flags2 = r.u16();
  h.pid_high = r.u16();
  Bytes sig = r.bytes(8);
  if (r.ok()) std::memcpy(h.security_features.data(), sig.data(), 8);
  r.u16();  // Reserved
  h.tid = r.u16();
  h.pid_low = r.u16();
  h.uid = r.u16();
  h.mid = r.u16();
  if (!r.ok()) return fail(NtStatus::InvalidSmb);
  return h;
}

void Header::encode(ByteWriter& w) const {
  w.bytes(kProtocol);
  w.u8(command);
  w.u32(to_u32(status));
  w.u8(flags);
  w.u16(flags2);
  w.u16(pid_high);
  w.bytes(security_features);
  w.u16(0);
  w.u16(tid);
  w.u16(pid_low);
  w.u16(uid);
  w.u16(mid);
}

}  // namespace smbkit::smb1
