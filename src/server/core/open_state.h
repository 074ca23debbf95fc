// What one open of a file is, whichever dialect made it (DESIGN.md "One core, two dialects"):
// each dialect's handle table entry (Smb1File, Smb2Open) embeds it and adds its own ids.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/core/pipes.h"
#include "server/open_registry.h"
#include "server/oplocks.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

struct OpenState {
  std::string path;            // share-relative, backslash-separated ("" for the root)
  vfs::Vfs* fs = nullptr;      // the share's file system
  // Shared: a read's data sent with sendfile() keeps the file open until it is out (FileTail).
  // Null for a named pipe on IPC$, which has `pipe` instead (and no fs, registry entry or
  // oplock): every handler that takes an open by its id checks `pipe` before `file`.
  std::shared_ptr<vfs::OpenFile> file;
  std::shared_ptr<PipeOpen> pipe;
  uint32_t granted_access = 0;  // MS-SMB2 2.2.13.1 access mask granted at open
  bool write_through = false;   // FILE_WRITE_THROUGH at open: every write reaches the disk
  // Opened on a read-only tree (Opener::read_only): what needs no right of the open but
  // changes the share (a hard link) is refused.
  bool read_only_tree = false;
  // Its oplock (SharedState::oplocks), released with the open. Declared before `open` so that it
  // is destroyed after it: an opener waiting for this oplock's break to end (the holder closing
  // instead of acknowledging) must find the share modes already gone when it wakes, or it meets
  // a SHARING_VIOLATION from an open that is closing (smbtorture smb2.oplock.batch3, seen once on
  // a loaded machine).
  OplockTable::Open oplock;
  // Its entry in SharedState::opens (share mode, byte-range locks, delete on close), gone with
  // the open.
  OpenRegistry::Handle open;
  // FilePositionInformation's CurrentByteOffset (MS-FSCC 2.4.35): a read leaves it past the
  // bytes read, a set of the class moves it.
  uint64_t position_information = 0;
  // Where an enumeration of the file's EAs by FileFullEaInformation queries goes on (MS-FSA
  // Open.NextEaEntry): the 0-based index of the next EA to return.
  uint32_t next_ea = 0;

  bool is_pipe() const { return pipe != nullptr; }
};

// The open's file's path now, from the share root: it follows a rename made by another open or
// by path (the registry keeps the file's name), else the path it was opened by.
std::string current_path(const OpenRegistry& opens, const OpenState& open);

}  // namespace smbkit::server
