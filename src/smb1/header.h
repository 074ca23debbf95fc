// SMB1 header (MS-CIFS 2.2.3.1) and the protocol's constants.
#pragma once

#include <array>
#include <cstdint>

#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

inline constexpr size_t kHeaderSize = 32;
inline constexpr uint8_t kProtocol[4] = {0xFF, 'S', 'M', 'B'};
inline constexpr uint8_t kNoAndX = 0xFF;

// MS-CIFS 2.2.2.1 command codes (the ones smbkit handles or names in traces).
enum class Command : uint8_t {
  CreateDirectory = 0x00,
  DeleteDirectory = 0x01,
  Open = 0x02,
  Create = 0x03,
  Close = 0x04,
  Flush = 0x05,
  Delete = 0x06,
  Rename = 0x07,
  QueryInformation = 0x08,
  SetInformation = 0x09,
  Read = 0x0A,
  Write = 0x0B,
  LockByteRange = 0x0C,
  UnlockByteRange = 0x0D,
  CreateTemporary = 0x0E,
  CreateNew = 0x0F,
  CheckDirectory = 0x10,
  ProcessExit = 0x11,
  Seek = 0x12,
  SetInformation2 = 0x22,
  QueryInformation2 = 0x23,
  LockingAndX = 0x24,
  Transaction = 0x25,
  Echo = 0x2B,
  WriteAndClose = 0x2C,
  OpenAndX = 0x2D,
  ReadAndX = 0x2E,
  WriteAndX = 0x2F,
  Transaction2 = 0x32,
  Transaction2Secondary = 0x33,
  FindClose2 = 0x34,
  TreeDisconnect = 0x71,
  Negotiate = 0x72,
  SessionSetupAndX = 0x73,
  LogoffAndX = 0x74,
  TreeConnectAndX = 0x75,
  QueryInformationDisk = 0x80,
  Search = 0x81,
  Find = 0x82,
  FindUnique = 0x83,
  FindClose = 0x84,
  NtTransact = 0xA0,
  NtTransactSecondary = 0xA1,
  NtCreateAndX = 0xA2,
  NtCancel = 0xA4,
  NtRename = 0xA5,
};

// "SMB_COM_NEGOTIATE"-style name for traces; "SMB_COM_0xNN" for an unnamed code.
const char* command_name(uint8_t command);
// AndX commands carry the AndX block (next command, reserved, offset) at the start of their words.
bool is_andx(uint8_t command);

// MS-CIFS 2.2.3.1 Flags
enum Flags : uint8_t {
  kFlagsLockAndReadOk = 0x01,
  kFlagsCaseInsensitive = 0x08,
  kFlagsCanonicalizedPaths = 0x10,
  kFlagsOplock = 0x20,
  kFlagsOpbatch = 0x40,
  kFlagsReply = 0x80,
};

// MS-CIFS 2.2.3.1 Flags2 (and MS-SMB 2.2.3.1 additions)
enum Flags2 : uint16_t {
  kFlags2LongNames = 0x0001,
  kFlags2Eas = 0x0002,
  kFlags2SecuritySignature = 0x0004,
  kFlags2IsLongName = 0x0040,
  kFlags2ExtendedSecurity = 0x0800,
  kFlags2Dfs = 0x1000,
  kFlags2PagingIo = 0x2000,
  kFlags2NtStatus = 0x4000,
  kFlags2Unicode = 0x8000,
};

// MS-CIFS 2.2.4.52.2 / MS-SMB 2.2.4.5.2 server capabilities
enum Capabilities : uint32_t {
  kCapRawMode = 0x00000001,
  kCapMpxMode = 0x00000002,
  kCapUnicode = 0x00000004,
  kCapLargeFiles = 0x00000008,
  kCapNtSmbs = 0x00000010,
  kCapRpcRemoteApis = 0x00000020,
  kCapStatus32 = 0x00000040,
  kCapLevel2Oplocks = 0x00000080,
  kCapLockAndRead = 0x00000100,
  kCapNtFind = 0x00000200,
  kCapDfs = 0x00001000,
  kCapInfolevelPassthru = 0x00002000,
  kCapLargeReadX = 0x00004000,
  kCapLargeWriteX = 0x00008000,
  kCapLwio = 0x00010000,
  kCapUnix = 0x00800000,
  kCapDynamicReauth = 0x20000000,
  kCapExtendedSecurity = 0x80000000,
};

struct Header {
  uint8_t command = 0;
  NtStatus status = NtStatus::Success;  // as an NTSTATUS (FLAGS2_NT_STATUS) or DOS class/code
  uint8_t flags = 0;
  uint16_t flags2 = 0;
  uint16_t pid_high = 0;
  std::array<uint8_t, 8> security_features{};
  uint16_t tid = 0;
  uint16_t pid_low = 0;
  uint16_t uid = 0;
  uint16_t mid = 0;

  bool is_reply() const { return flags & kFlagsReply; }
  bool unicode() const { return flags2 & kFlags2Unicode; }
  uint32_t pid() const { return (uint32_t{pid_high} << 16) | pid_low; }

  // Fails with InvalidSmb if the buffer is short or the protocol id is not 0xFF 'SMB'.
  static Result<Header> decode(ByteReader& r);
  void encode(ByteWriter& w) const;
};

}  // namespace smbkit::smb1
