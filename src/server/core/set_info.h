// Set-information as NtSetInformationFile applies each MS-FSCC class (MS-FSA 2.1.5.15), for both
// dialects: SMB1's TRANS2_SET_FILE/PATH_INFORMATION and pass-through levels, SMB2's SET_INFO.
#pragma once

#include <string>

#include "fscc/set_info_classes.h"
#include "server/core/open_state.h"
#include "server/shared_state.h"

namespace smbkit::server {

// How the name of a FileRenameInformation / FileLinkInformation is read.
enum class TargetNames : uint8_t {
  NearFile,  // SMB1: a bare name is in the file's directory, one with separators from the root
  FromRoot,  // SMB2: a path from the share root (MS-SMB2 3.3.5.21.1)
};

// Applies `set` through an open, with the access MS-FSA asks of each class:
// FILE_WRITE_ATTRIBUTES for times and attributes, FILE_WRITE_DATA for sizes (which break the
// other opens' level II oplocks first), DELETE for renames and delete-on-close (the file's
// delete pending, which every open of it shares: only an empty directory or a file that is not
// READONLY, MS-FSA 2.1.5.15.3). A rename moves the open and its pending delete with it.
Result<void> set_by_handle(SharedState& shared, OpenState& open, const fscc::SetInformation& set,
                           TargetNames names);

// What a rename of the file or directory at `path` needs of the other opens, in either
// dialect and whichever way it is asked for (MS-FSA 2.1.5.14.11): a directory none of whose
// descendants is open (STATUS_ACCESS_DENIED), and a parent directory no other open keeps from
// changing: the rename opens it, as Windows does, for adding an entry sharing read and write, so
// an open of it holding DELETE or not sharing write refuses it (STATUS_SHARING_VIOLATION;
// smbtorture smb2.rename.*, smb2.oplock.exclusive6).
Result<void> check_rename_of(OpenRegistry& opens, vfs::Vfs& fs, const std::string& path,
                             bool is_directory);

// Applies `set` to the file at `path` (SMB1's TRANS2_SET_PATH_INFORMATION): through a short-lived
// open that asks only for what the class needs. A rename by path is refused while the file or a
// target it replaces is open without FILE_SHARE_DELETE; a disposition needs an open to close and
// is STATUS_INVALID_PARAMETER. A size set by path breaks the other opens' oplocks first, as the
// open it stands for would, and a rename as an open with DELETE access; either parks in `later`
// as an open does (open_file.h, Opener::park). Call it off the event loop.
Result<void> set_by_path(SharedState& shared, ConnectionId connection, vfs::Vfs& fs,
                         const std::string& path, const fscc::SetInformation& set,
                         TargetNames names, Park* later = nullptr);

}  // namespace smbkit::server
