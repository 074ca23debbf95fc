// The file-I/O rules of both dialects (MS-FSA 2.1.5.2 read, 2.1.5.3 write): what every read and
// write of an open checks first, and the write path with its fast case on the event loop.
#pragma once

#include <cstdint>

#include "server/core/open_state.h"
#include "server/shared_state.h"
#include "wire/byte_reader.h"

namespace smbkit::server {

// What an I/O asks of an open.
struct IoAsk {
  ByteRange range;
  bool write = false;
  // MS-FSA's LockKey: the byte-range locks of the same open and key do not conflict (SMB1: the
  // request's PID; SMB2: 0, locks belong to the open).
  uint32_t lock_key = 0;
  // FILE_EXECUTE alone may read: "read if execute" (SMB1's SMB_FLAGS2_PAGING_IO; SMB2 always,
  // MS-SMB2 3.3.5.12).
  bool read_if_execute = false;
};

// Whether `open` may read or write `ask.range`: not a directory (STATUS_INVALID_DEVICE_REQUEST);
// a handle with the access (STATUS_ACCESS_DENIED); a file whose permission has not been taken
// away since the open (the MS-CIFS scenario: access changed between open and read); no
// byte-range lock of another open or key on the range (STATUS_FILE_LOCK_CONFLICT). Returns the
// file's size as the permission check saw it (vfs::OpenFile::check_access).
Result<uint64_t> check_open_io(const SharedState& shared, const OpenState& open, const IoAsk& ask);

// The status by which a write tried on the event loop says it must be made on the worker pool
// instead, having changed nothing that writing it again there would not change the same way.
inline constexpr NtStatus kNeedsPool = NtStatus::Pending;

// Writes `data` at `offset` through `open` once check_open_io() allows it: the other opens'
// level II oplocks break to none first (cached reads, MS-CIFS 3.3.4.2 / MS-SMB2 3.3.4.6), and a
// write-through write (the open's or the request's) reaches the disk before it returns. On the
// loop (`on_loop`) only a write that needs no page read from storage is made (LoopWrites and
// vfs::OpenFile::pwrite_without_reading say when); otherwise kNeedsPool. Returns the bytes
// written.
Result<size_t> write_open(SharedState& shared, OpenState& open, uint64_t offset, Bytes data,
                          uint32_t lock_key, bool write_through, bool on_loop);

// FLUSH of an open (MS-SMB2 3.3.5.11, MS-CIFS 3.3.5.8): an open through which nothing can have
// been written has nothing of its own to flush (and an attributes-only open has no descriptor
// that could).
Result<void> flush_open(OpenState& open);

}  // namespace smbkit::server
