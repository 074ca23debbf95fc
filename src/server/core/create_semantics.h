// What an NT create (NT_CREATE_ANDX, NT_TRANSACT_CREATE) asks beyond opening the file: its
// FileAttributes and FILE_DELETE_ON_CLOSE, as MS-FSA 2.1.5.1 applies them.
#pragma once

#include <cstdint>
#include <string>

#include "fscc/file_info.h"
#include "smbkit/status.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

struct CreateAsked {
  vfs::CreateDisposition disposition = vfs::CreateDisposition::Open;
  uint32_t granted = 0;     // the access mask, generic rights mapped
  uint32_t attributes = 0;  // ExtFileAttributes
  bool delete_on_close = false;
};

// The checks that come before the file is opened, made or truncated, so that a refusal leaves
// it as it was:
// - FILE_DELETE_ON_CLOSE without DELETE access: STATUS_INVALID_PARAMETER (MS-FSA 2.1.5.1;
//   smbtorture base.delete deltest9, deltest25);
// - FILE_DELETE_ON_CLOSE on a READONLY file, or making one READONLY: STATUS_CANNOT_DELETE
//   (MS-FSA 2.1.5.1.2, 2.1.5.1.2.1; deltest12);
// - an overwrite of a HIDDEN or SYSTEM file that does not ask to keep that attribute:
//   STATUS_ACCESS_DENIED (MS-FSA 2.1.5.1.2.1; smbtorture base.openattr).
Result<void> check_create(vfs::Vfs& fs, const std::string& path, const CreateAsked& asked);

// A file the create made, overwrote or superseded takes the attributes asked for, with ARCHIVE
// (MS-FSA 2.1.5.1.2, 2.1.5.1.2.1); `info` is the file's as opened and is updated. A created file
// that asks for none of READONLY, HIDDEN and SYSTEM keeps what the share gives it (a dot file
// is HIDDEN, and an overwrite leaves it so). Directories keep theirs.
Result<void> apply_create_attributes(vfs::OpenFile& file, vfs::CreateAction action,
                                     uint32_t attributes, const std::string& path,
                                     FileInfo& info);

}  // namespace smbkit::server
