#include "smb2/compound.h"

#include <algorithm>

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

const char* CompoundError::what() const {
  switch (reason) {
    case kTooShort:
      return "compound member shorter than an SMB2 header";
    case kNotSmb2:
      return "compound member is not an SMB2 message";
    case kMisaligned:
      return "NextCommand is not a multiple of 8";
    case kNextTooSmall:
      return "NextCommand is smaller than an SMB2 header";
    case kNextPastEnd:
      return "NextCommand points past the end of the frame";
    case kTooManyMessages:
      return "too many messages in the compound chain";
  }
  return "malformed compound chain";
}

tl::expected<std::vector<Bytes>, CompoundError> split_compound(Bytes frame, size_t max_messages) {
  std::vector<Bytes> messages;
  size_t pos = 0;
  for (;;) {
    const size_t index = messages.size();
    auto error = [&](CompoundError::Reason reason) {
      return tl::unexpected<CompoundError>(CompoundError{reason, index, pos});
    };
    if (index >= max_messages) return error(CompoundError::kTooManyMessages);
    Bytes rest = frame.subspan(pos);
    if (rest.size() < kHeaderSize) return error(CompoundError::kTooShort);
    if (!std::equal(rest.begin(), rest.begin() + 4, kProtocol)) return error(CompoundError::kNotSmb2);
    ByteReader r(rest);
    r.seek(kNextCommandOffset);
    const uint32_t next = r.u32();
    if (next == 0) {
      messages.push_back(rest);
      return messages;
    }
    // MS-SMB2 2.2.1.2 NextCommand: the offset to the next 8-byte aligned header.
    if (next % 8 != 0) return error(CompoundError::kMisaligned);
    if (next < kHeaderSize) return error(CompoundError::kNextTooSmall);
    if (next >= rest.size()) return error(CompoundError::kNextPastEnd);
    messages.push_back(rest.first(next));
    pos += next;
  }
}

size_t CompoundWriter::begin_message() {
  if (!starts_.empty()) {
    const size_t prev = starts_.back();
    ByteWriter w(out_);
    pad8(w, prev);
    w.patch_u32(prev + kNextCommandOffset, static_cast<uint32_t>(out_.size() - prev));
  }
  starts_.push_back(out_.size());
  return out_.size();
}

size_t CompoundWriter::append(Bytes message) {
  size_t start = begin_message();
  out_.insert(out_.end(), message.begin(), message.end());
  return start;
}

void CompoundWriter::pad_last() {
  if (starts_.empty()) return;
  ByteWriter w(out_);
  pad8(w, starts_.back());
}

std::span<uint8_t> CompoundWriter::message(size_t i) {
  const size_t start = starts_.at(i);
  const size_t end = i + 1 < starts_.size() ? starts_[i + 1] : out_.size();
  return std::span<uint8_t>(out_).subspan(start, end - start);
}

}  // namespace smbkit::smb2
