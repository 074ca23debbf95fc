#include "smb1/locking.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::LockingAndX);
constexpr uint8_t kRequestWords = 8;
constexpr uint8_t kResponseWords = 2;
constexpr size_t kRange32Size = 10;
constexpr size_t kRange64Size = 20;

// Reads `count` ranges. The count comes from the wire: nothing is reserved for it up front, so a
// lying count only makes the reader fail at the end of the data.
std::vector<LockingRange> read_ranges(ByteReader& r, uint16_t count, bool large) {
  std::vector<LockingRange> out;
  for (uint16_t i = 0; i < count && r.ok(); ++i) {
    LockingRange range;
    range.pid = r.u16();
    if (large) {
      r.skip(2);  // Pad
      range.offset = uint64_t{r.u32()} << 32;
      range.offset |= r.u32();
      range.length = uint64_t{r.u32()} << 32;
      range.length |= r.u32();
    } else {
      range.offset = r.u32();
      range.length = r.u32();
    }
    if (r.ok()) out.push_back(range);
  }
  return out;
}

void write_ranges(ByteWriter& w, const std::vector<LockingRange>& ranges, bool large) {
  for (const LockingRange& range : ranges) {
    w.u16(range.pid);
    if (large) {
      w.u16(0);  // Pad
      w.u32(static_cast<uint32_t>(range.offset >> 32));
      w.u32(static_cast<uint32_t>(range.offset));
      w.u32(static_cast<uint32_t>(range.length >> 32));
      w.u32(static_cast<uint32_t>(range.length));
    } else {
      w.u32(static_cast<uint32_t>(range.offset));
      w.u32(static_cast<uint32_t>(range.length));
    }
  }
}

}  // namespace

Result<LockingAndXRequest> LockingAndXRequest::decode(const Block& b) {
  if (!block_fits(b, kRequestWords)) return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  LockingAndXRequest req;
  req.fid = w.u16();
  req.type_of_lock = w.u8();
  req.new_oplock_level = w.u8();
  req.timeout = w.u32();
  uint16_t unlock_count = w.u16();
  uint16_t lock_count = w.u16();
  if (!w.ok()) return fail(kBadRequest);
  // Both arrays must be there in full; the first check also bounds what is read below.
  size_t range_size = req.large_files() ? kRange64Size : kRange32Size;
  if ((size_t{unlock_count} + lock_count) * range_size > b.byte_count) return fail(kBadRequest);
  ByteReader d(b.data());
  req.unlocks = read_ranges(d, unlock_count, req.large_files());
  req.locks = read_ranges(d, lock_count, req.large_files());
  if (!d.ok()) return fail(kBadRequest);
  return req;
}

void LockingAndXRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(fid);
  w.u8(type_of_lock);
  w.u8(new_oplock_level);
  w.u32(timeout);
  w.u16(static_cast<uint16_t>(unlocks.size()));
  w.u16(static_cast<uint16_t>(locks.size()));
  ByteWriter& d = mw.begin_data();
  write_ranges(d, unlocks, large_files());
  write_ranges(d, locks, large_files());
  mw.end_block();
}

Result<LockingAndXResponse> LockingAndXResponse::decode(const Block& b) {
  if (b.word_count != kResponseWords || !block_fits(b, kResponseWords)) return fail(kBadResponse);
  return LockingAndXResponse{};
}

void LockingAndXResponse::encode(MessageWriter& mw) const {
  mw.begin_block(kCommand);
  mw.begin_data();
  mw.end_block();
}

std::vector<uint8_t> OplockBreakRequest::encode() const {
  Header h;
  h.command = kCommand;
  h.tid = tid;
  h.uid = uid;
  h.pid_low = kPid;
  h.mid = kMid;
  std::vector<uint8_t> out;
  MessageWriter mw(out, h);
  LockingAndXRequest block;
  block.fid = fid;
  block.type_of_lock = kLockingOplockRelease;
  block.new_oplock_level = new_oplock_level;
  block.encode(mw);
  return out;
}

Result<OplockBreakRequest> OplockBreakRequest::decode(Bytes message) {
  ByteReader r(message);
  auto h = Header::decode(r);
  if (!h) return fail(h.error());
  auto parsed = parse_message(message);
  if (!parsed) return fail(parsed.error());
  if (h->is_reply() || h->command != kCommand || h->mid != kMid || parsed->blocks.size() != 1)
    return fail(kBadRequest);
  auto block = LockingAndXRequest::decode(parsed->blocks[0]);
  if (!block) return fail(block.error());
  if (!(block->type_of_lock & kLockingOplockRelease) || !block->unlocks.empty() ||
      !block->locks.empty())
    return fail(kBadRequest);
  return OplockBreakRequest{h->tid, h->uid, block->fid, block->new_oplock_level};
}

}  // namespace smbkit::smb1
