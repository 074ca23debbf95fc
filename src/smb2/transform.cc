#include "smb2/transform.h"

#include <algorithm>

namespace smbkit::smb2 {
namespace {

constexpr uint8_t kSmb1Protocol[4] = {0xFF, 'S', 'M', 'B'};

bool starts_with(Bytes frame, const uint8_t (&protocol)[4]) {
  return frame.size() >= 4 && std::equal(frame.begin(), frame.begin() + 4, protocol);
}

template <size_t N>
void read_array(ByteReader& r, std::array<uint8_t, N>& out) {
  Bytes b = r.bytes(N);
  if (r.ok()) std::copy(b.begin(), b.end(), out.begin());
}

}  // namespace

FrameKind frame_kind(Bytes frame) {
  if (starts_with(frame, kProtocol)) return FrameKind::Smb2;
  if (starts_with(frame, kTransformProtocol)) return FrameKind::Transform;
  if (starts_with(frame, kCompressionProtocol)) return FrameKind::Compression;
  if (starts_with(frame, kSmb1Protocol)) return FrameKind::Smb1;
  return FrameKind::Unknown;
}

Result<TransformHeader> TransformHeader::decode(Bytes frame) {
  // MS-SMB2 2.2.41
  if (frame.size() < kTransformHeaderSize || !starts_with(frame, kTransformProtocol))
    return fail(kBadRequest);
  ByteReader r(frame.first(kTransformHeaderSize));
  r.skip(4);  // ProtocolId
  TransformHeader h;
  read_array(r, h.signature);
  read_array(r, h.nonce);
  h.original_message_size = r.u32();
  h.reserved = r.u16();
  h.flags = r.u16();
  h.session_id = r.u64();
  if (!r.ok()) return fail(kBadRequest);
  return h;
}

void TransformHeader::encode(ByteWriter& w) const {
  w.bytes(kTransformProtocol);
  w.bytes(signature);
  w.bytes(nonce);
  w.u32(original_message_size);
  w.u16(reserved);
  w.u16(flags);
  w.u64(session_id);
}

std::array<uint8_t, kTransformAadSize> TransformHeader::associated_data() const {
  std::vector<uint8_t> bytes;
  bytes.reserve(kTransformHeaderSize);
  ByteWriter w(bytes);
  encode(w);
  std::array<uint8_t, kTransformAadSize> aad{};
  std::copy_n(bytes.begin() + kTransformAadOffset, kTransformAadSize, aad.begin());
  return aad;
}

Bytes transform_associated_data(Bytes frame) {
  if (frame.size() < kTransformHeaderSize) return {};
  return frame.subspan(kTransformAadOffset, kTransformAadSize);
}

Result<TransformMessage> decode_transform_message(Bytes frame) {
  // MS-SMB2 3.3.5.2.1.1 / 3.2.5.1.1.1: "If the size of the message received ... is not greater
  // than the size of the SMB2 TRANSFORM_HEADER ... disconnect"; "If the Flags/EncryptionAlgorithm
  // ... is not 0x0001 ... disconnect".
  if (frame.size() <= kTransformHeaderSize) return fail(kBadRequest);
  auto header = TransformHeader::decode(frame);
  if (!header) return fail(header.error());
  if (header->flags != kTransformFlagEncrypted) return fail(kBadRequest);
  Bytes ciphertext = frame.subspan(kTransformHeaderSize);
  if (ciphertext.size() != header->original_message_size) return fail(kBadRequest);
  return TransformMessage{*header, ciphertext};
}

Result<CompressionTransformHeader> CompressionTransformHeader::decode(Bytes frame) {
  // MS-SMB2 2.2.42.1 / 2.2.42.2
  if (frame.size() < kCompressionTransformHeaderSize || !starts_with(frame, kCompressionProtocol))
    return fail(kBadRequest);
  ByteReader r(frame.first(kCompressionTransformHeaderSize));
  r.skip(4);  // ProtocolId
  CompressionTransformHeader h;
  h.original_compressed_segment_size = r.u32();
  h.compression_algorithm = r.u16();
  h.flags = r.u16();
  h.offset_or_length = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  return h;
}

void CompressionTransformHeader::encode(ByteWriter& w) const {
  w.bytes(kCompressionProtocol);
  w.u32(original_compressed_segment_size);
  w.u16(compression_algorithm);
  w.u16(flags);
  w.u32(offset_or_length);
}

}  // namespace smbkit::smb2
