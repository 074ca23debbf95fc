#include "server/core/file_io.h"

#include "server/access.h"

namespace smbkit::server {
namespace {

constexpr uint64_t kMaxOffset = 0x7FFFFFFFFFFFFFFF;  // ByteOffset is a signed 64-bit number
constexpr uint64_t kMaxFileSize = 0xFFFFFFF0000;     // NTFS's limit, which Windows enforces

// MS-FSA 2.1.5.2/2.1.5.3: a negative offset, a read reaching past 2^63 - 1 and a write of data
// past the largest file size are STATUS_INVALID_PARAMETER (smbtorture smb2.rw.invalid).
bool range_valid(const ByteRange& r, bool write) {
  if (r.offset > kMaxOffset || r.length > kMaxOffset - r.offset) return false;
  return !write || r.length == 0 || r.offset + r.length <= kMaxFileSize;
}

}  // namespace

Result<uint64_t> check_open_io(const SharedState& shared, const OpenState& open,
                               const IoAsk& ask) {
  if (open.file->is_directory()) return fail(NtStatus::InvalidDeviceRequest);
  if (!range_valid(ask.range, ask.write)) return fail(NtStatus::InvalidParameter);
  uint32_t granted = open.granted_access;
  bool allowed = ask.write ? can_write(granted)
                           : (granted & kFileReadData) ||
                                 (ask.read_if_execute && (granted & kFileExecute));
  if (!allowed) return fail(NtStatus::AccessDenied);
  auto size = open.file->check_access(!ask.write, ask.write);
  if (!size) return size;
  if (auto unlocked = shared.opens.check_io(open.open, ask.lock_key, ask.range, ask.write);
      !unlocked)
    return fail(unlocked.error());
  return size;
}

Result<size_t> write_open(SharedState& shared, OpenState& open, uint64_t offset, Bytes data,
                          uint32_t lock_key, bool write_through, bool on_loop) {
  write_through = write_through || open.write_through;
  auto start = LoopWrites::Clock::now();
  // Write-through waits for the disk, and a spell of slow loop writes sends writes to the pool
  // (server/loop_writes.h): known before anything is checked, so nothing is checked twice.
  if (on_loop && (write_through || !shared.loop_writes.allowed(start))) return fail(kNeedsPool);
  auto size = check_open_io(shared, open, {{offset, data.size()}, /*write=*/true, lock_key});
  if (!size) return fail(size.error());
  // Once more should the write go on to the pool: breaking is idempotent.
  shared.oplocks.break_level2(open.oplock);
  Result<size_t> n = 0;
  if (on_loop) {
    // Into the page cache on the loop, or else the pool writes the same bytes again.
    auto written = open.file->pwrite_without_reading(offset, data, *size);
    if (!written) return fail(kNeedsPool);
    shared.loop_writes.took(start, LoopWrites::Clock::now());
    n = *written;
  } else {
    n = open.file->pwrite(offset, data);
  }
  if (!n) return n;
  if (write_through) {
    if (auto synced = open.file->flush(); !synced) return fail(synced.error());
  }
  return n;
}

Result<void> flush_open(OpenState& open) {
  if (!can_write(open.granted_access)) return {};
  return open.file->flush();
}

}  // namespace smbkit::server
