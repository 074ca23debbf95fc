// The core protocol's opens: SMB_COM_OPEN (MS-CIFS 3.3.5.5), SMB_COM_CREATE (3.3.5.6),
// SMB_COM_CREATE_TEMPORARY (3.3.5.17) and SMB_COM_CREATE_NEW (3.3.5.18), through the open every
// SMB1 open shares (open_in_tree.h).
// Their oplock request is in the header's Flags, and so is the grant in the reply's.
#include <array>
#include <cstdio>

#include "crypto/secure.h"
#include "server/access.h"
#include "server/smb1/dos_open.h"
#include "server/smb1/handler.h"
#include "server/smb1/open_in_tree.h"
#include "smb1/core_open.h"
#include "smb1/open.h"
#include "smb1/trans2_dos_time.h"
#include "wire/filetime.h"

namespace smbkit::server {
namespace {

// MS-CIFS 2.2.4.3.1: AccessMode 0x00FF asks for an FCB open, which reads and writes in
// compatibility mode.
constexpr uint16_t kAccessModeFcb = 0x00FF;

// SMB_FLAGS_OPLOCK / SMB_FLAGS_OPBATCH of the request (MS-CIFS 2.2.3.1).
OplockAsked oplock_asked(const Smb1Call& call) {
  OplockAsked asked;
  uint8_t flags = call.request_header.flags;
  if (flags & smb1::kFlagsOpbatch)
    asked.wanted = OplockLevel::Batch;
  else if (flags & smb1::kFlagsOplock)
    asked.wanted = OplockLevel::Exclusive;
  return asked;
}

// The reply's Flags tell of the oplock granted (MS-CIFS 2.2.3.1: both bits for a batch one).
void tell_oplock(Smb1Call& call, OplockLevel granted) {
  if (granted == OplockLevel::Batch)
    call.reply_header.flags |= smb1::kFlagsOplock | smb1::kFlagsOpbatch;
  else if (granted == OplockLevel::Exclusive)
    call.reply_header.flags |= smb1::kFlagsOplock;
}

// A newly created file takes the request's attributes (and ARCHIVE, as Windows gives every new
// file) and its time, a UTIME that Windows and Samba apply as the last write time; 0 and
// 0xFFFFFFFF leave it.
Result<void> apply_create_fields(Smb1File& file, uint16_t smb_attributes, uint32_t time) {
  constexpr uint16_t kSettable = kFileAttributeReadonly | kFileAttributeHidden |
                                 kFileAttributeSystem | kFileAttributeArchive;
  if (smb_attributes & kSettable) {
    uint32_t attributes = smb1::fscc_attributes_from_smb(smb_attributes & kSettable);
    if (auto set = file.file->set_attributes(attributes | kFileAttributeArchive); !set)
      return set;
  }
  if (time != 0 && time != 0xFFFFFFFF) {
    vfs::SetTimes times;
    times.last_write_time = filetime_from_utime(time);
    if (auto set = file.file->set_times(times); !set) return set;
  }
  return {};
}

// Read and write in compatibility sharing, for CREATE, CREATE_NEW and CREATE_TEMPORARY (MS-CIFS
// 3.3.5.17: "opened for read/write in Compatibility Mode").
constexpr uint32_t kCreateAccess = kFileGenericRead | kFileGenericWrite;
constexpr uint32_t kCompatibilitySharing = kFileShareRead | kFileShareWrite;

// Opens a new or truncated file for CREATE and CREATE_NEW and gives it the request's fields.
Result<Opened> create_file(Smb1Call& call, const std::string& path,
                           vfs::CreateDisposition disposition, uint16_t attributes,
                           uint32_t time) {
  vfs::OpenRequest open;
  open.disposition = disposition;
  open.non_directory = true;
  auto opened = open_in_tree(call, path, kCreateAccess, kCompatibilitySharing, open,
                             oplock_asked(call));
  if (!opened) return opened;
  Smb1File& file = *call.state.files.find(opened->fid);
  if (opened->action == vfs::CreateAction::Created) {
    if (auto set = apply_create_fields(file, attributes, time); !set) {
      call.state.files.erase(opened->fid);
      return fail(set.error());
    }
  }
  tell_oplock(call, opened->oplock);
  return opened;
}

}  // namespace

NtStatus handle_core_open(Smb1Call& call) {
  auto req = smb1::CoreOpenRequest::decode(call.block);
  if (!req) return req.error();
  uint16_t access_mode = req->access_mode;
  if ((access_mode & kAccessModeFcb) == kAccessModeFcb)
    access_mode = smb1::kAccessReadWrite | smb1::kSharingCompatibility;
  // SMB_COM_OPEN never creates (MS-CIFS 3.3.5.5).
  auto opened = open_with_dos_modes(call, req->file_name, access_mode,
                                    vfs::CreateDisposition::Open, 0, oplock_asked(call));
  if (!opened) return opened.error();
  tell_oplock(call, opened->oplock);

  const FileInfo& info = opened->info;
  smb1::CoreOpenResponse resp;
  resp.fid = opened->fid;
  resp.file_attrs = smb1::smb_file_attributes(info.attributes);
  resp.last_modified = utime_from_filetime(info.last_write_time);
  resp.file_size = static_cast<uint32_t>(std::min<uint64_t>(info.end_of_file, 0xFFFFFFFF));
  resp.access_mode = req->access_mode;
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_core_create(Smb1Call& call) {
  auto req = smb1::CoreCreateRequest::decode(call.block);
  if (!req) return req.error();
  // CREATE truncates a file that exists; CREATE_NEW fails on one (OBJECT_NAME_COLLISION).
  auto disposition = req->command == smb1::Command::CreateNew
                         ? vfs::CreateDisposition::Create
                         : vfs::CreateDisposition::OverwriteIf;
  auto opened = create_file(call, req->file_name, disposition, req->file_attributes,
                            req->creation_time);
  if (!opened) return opened.error();
  smb1::CoreCreateResponse{req->command, opened->fid}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_create_temporary(Smb1Call& call) {
  auto req = smb1::CreateTemporaryRequest::decode(call.block);
  if (!req) return req.error();
  std::string directory = req->directory_name;
  while (!directory.empty() && directory.back() == '\\') directory.pop_back();
  // MS-CIFS 3.3.5.17: a name no other file in the directory has. Eight random hex digits after
  // "TMP" fit the 8.3 form old clients expect; a collision (or a racing creator) picks again.
  constexpr int kAttempts = 16;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::array<uint8_t, 4> random{};
    crypto::random_fill(random);
    char name[16];
    std::snprintf(name, sizeof name, "TMP%02X%02X%02X%02X", random[0], random[1], random[2],
                  random[3]);
    // File attributes are ignored (MS-CIFS 2.2.4.15.1); the time is applied as CREATE does.
    auto opened = create_file(call, directory + "\\" + name, vfs::CreateDisposition::Create, 0,
                              req->creation_time);
    if (!opened && opened.error() == NtStatus::ObjectNameCollision) continue;
    if (!opened) return opened.error();
    smb1::CreateTemporaryResponse{opened->fid, name}.encode(call.out);
    return NtStatus::Success;
  }
  return NtStatus::ObjectNameCollision;
}

}  // namespace smbkit::server
