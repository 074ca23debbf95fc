// SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41), the header of an encrypted message, and
// COMPRESSION_TRANSFORM_HEADER (2.2.42), decoded only so that a server that never negotiates
// compression can recognise and refuse one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

// What a received frame (after the transport header) starts with, by its ProtocolId.
enum class FrameKind { Smb2, Transform, Compression, Smb1, Unknown };
FrameKind frame_kind(Bytes frame);

inline constexpr size_t kTransformHeaderSize = 52;
inline constexpr size_t kTransformSignatureOffset = 4;
inline constexpr size_t kTransformNonceOffset = 20;
// The AEAD's associated data: the header from Nonce through SessionId (3.1.4.3: "excluding the
// ProtocolId and Signature fields").
inline constexpr size_t kTransformAadOffset = 20;
inline constexpr size_t kTransformAadSize = 32;
// Flags (3.1.1) / EncryptionAlgorithm (3.0, 3.0.2): the only value defined is 0x0001, "Encrypted"
// resp. SMB2_ENCRYPTION_AES128_CCM.
inline constexpr uint16_t kTransformFlagEncrypted = 0x0001;

// MS-SMB2 2.2.41 (52 bytes): ProtocolId 0xFD 'SMB', Signature (the AEAD tag), Nonce (11 bytes
// used with CCM, 12 with GCM, the rest 0), OriginalMessageSize, Reserved, Flags/EncryptionAlgorithm,
// SessionId.
struct TransformHeader {
  std::array<uint8_t, 16> signature{};
  std::array<uint8_t, 16> nonce{};
  uint32_t original_message_size = 0;
  uint16_t reserved = 0;  // kept: it is part of the associated data
  uint16_t flags = kTransformFlagEncrypted;
  uint64_t session_id = 0;

  // The first 52 bytes of `frame`; kBadRequest if shorter or not 0xFD 'SMB'.
  static Result<TransformHeader> decode(Bytes frame);
  void encode(ByteWriter& w) const;
  // The 32 bytes of associated data this header encodes to (Nonce .. SessionId).
  std::array<uint8_t, kTransformAadSize> associated_data() const;
};

// The associated data of a received transform frame, as received (bytes 20..52); empty if the
// frame is shorter than a transform header.
Bytes transform_associated_data(Bytes frame);

// A received encrypted message: its header and the ciphertext after it.
struct TransformMessage {
  TransformHeader header;
  Bytes ciphertext;
};

// Decodes a transform frame with the checks both sides make before decrypting
// (3.3.5.2.1.1, 3.2.5.1.1.1): the frame is longer than the header, Flags/EncryptionAlgorithm is
// 0x0001, and the ciphertext is OriginalMessageSize bytes (CCM and GCM do not change the length).
// kBadRequest otherwise: the receiver disconnects.
Result<TransformMessage> decode_transform_message(Bytes frame);

inline constexpr size_t kCompressionTransformHeaderSize = 16;
inline constexpr uint16_t kCompressionFlagNone = 0x0000;
inline constexpr uint16_t kCompressionFlagChained = 0x0001;

// MS-SMB2 2.2.42: ProtocolId 0xFC 'SMB', OriginalCompressedSegmentSize, then either
// CompressionAlgorithm, Flags 0, Offset (unchained, 2.2.42.1) or the first
// SMB2_COMPRESSION_CHAINED_PAYLOAD_HEADER: CompressionAlgorithm, Flags 1, Length (chained,
// 2.2.42.2, 2.2.42.2.1). Both read as 16 bytes of the same shape.
struct CompressionTransformHeader {
  uint32_t original_compressed_segment_size = 0;
  uint16_t compression_algorithm = 0;
  uint16_t flags = kCompressionFlagNone;
  uint32_t offset_or_length = 0;  // Offset (unchained) or the first payload's Length (chained)

  bool chained() const { return flags == kCompressionFlagChained; }

  // kBadRequest if shorter than 16 bytes or not 0xFC 'SMB'.
  static Result<CompressionTransformHeader> decode(Bytes frame);
  void encode(ByteWriter& w) const;
};

}  // namespace smbkit::smb2
