// The SMB2 framing layer: the header (MS-SMB2 2.2.1), compound chains (NextCommand, 2.2.1.2),
// the TRANSFORM_HEADER (2.2.41) and the COMPRESSION_TRANSFORM_HEADER (2.2.42). Input: one
// selector byte (modulo the count below), then a frame as it follows the 4-byte transport header.
#include <algorithm>

#include "fuzz_support_smb2.h"
#include "smb2/compound.h"
#include "smb2/transform.h"

using namespace smbkit;
using namespace smbkit::smb2;

namespace {

// A header that decodes encodes to the same 64 bytes: every field is kept.
void header(Bytes in) {
  auto h = Header::decode(in);
  if (!h) return;
  FUZZ_CHECK(in.size() >= kHeaderSize);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  FUZZ_CHECK(std::equal(out.begin(), out.end(), in.begin(), in.begin() + kHeaderSize));
  FUZZ_CHECK(out.size() == kHeaderSize);
}

// The spans a frame splits into tile it, each starts with an SMB2 header whose NextCommand gives
// its length (0 for the last), and appending them to a CompoundWriter rebuilds the frame.
void compound(Bytes in) {
  auto messages = split_compound(in);
  if (!messages) {
    FUZZ_CHECK(messages.error().offset <= in.size());
    return;
  }
  FUZZ_CHECK(!messages->empty());
  size_t pos = 0;
  std::vector<uint8_t> rebuilt;
  CompoundWriter cw(rebuilt);
  for (size_t i = 0; i < messages->size(); ++i) {
    Bytes m = (*messages)[i];
    FUZZ_CHECK(m.data() == in.data() + pos);
    FUZZ_CHECK(m.size() >= kHeaderSize);
    ByteReader r(m);
    r.seek(kNextCommandOffset);
    uint32_t next = r.u32();
    FUZZ_CHECK(i + 1 == messages->size() ? next == 0 : next == m.size() && next % 8 == 0);
    header(m);
    cw.append(m);
    pos += m.size();
  }
  FUZZ_CHECK(pos == in.size());
  FUZZ_CHECK(rebuilt.size() == in.size() && std::equal(rebuilt.begin(), rebuilt.end(), in.begin()));
  auto again = split_compound(rebuilt, messages->size());
  FUZZ_CHECK(again && again->size() == messages->size());
}

void transform(Bytes in) {
  auto h = TransformHeader::decode(in);
  auto msg = decode_transform_message(in);
  if (!h) {
    FUZZ_CHECK(!msg);
    return;
  }
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  FUZZ_CHECK(out.size() == kTransformHeaderSize);
  FUZZ_CHECK(std::equal(out.begin(), out.end(), in.begin()));
  auto aad = h->associated_data();
  Bytes received = transform_associated_data(in);
  FUZZ_CHECK(std::equal(aad.begin(), aad.end(), received.begin(), received.end()));
  if (msg) {
    FUZZ_CHECK(msg->ciphertext.size() == msg->header.original_message_size);
    FUZZ_CHECK(msg->ciphertext.data() == in.data() + kTransformHeaderSize);
    FUZZ_CHECK(!msg->ciphertext.empty() && msg->header.flags == kTransformFlagEncrypted);
  }
}

void compression(Bytes in) {
  auto h = CompressionTransformHeader::decode(in);
  if (!h) return;
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  FUZZ_CHECK(out.size() == kCompressionTransformHeaderSize);
  FUZZ_CHECK(std::equal(out.begin(), out.end(), in.begin()));
}

// What a receive path does with a frame: look at its protocol id, then take it apart.
void receive(Bytes in) {
  switch (frame_kind(in)) {
    case FrameKind::Smb2:
      compound(in);
      break;
    case FrameKind::Transform:
      transform(in);
      break;
    case FrameKind::Compression:
      compression(in);
      break;
    case FrameKind::Smb1:
    case FrameKind::Unknown:
      FUZZ_CHECK(!Header::decode(in) && !TransformHeader::decode(in));
      break;
  }
}

constexpr fuzz::MessageCheck kChecks[] = {header, compound, transform, compression, receive};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_message_checks(data, size, kChecks);
  return 0;
}
