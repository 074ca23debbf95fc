#include "smb2/transform.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> hex(std::string_view s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

// The encrypted WRITE request of the Microsoft blog "Encryption in SMB 3.0: A protocol
// perspective" (test vectors): AES-128-CCM, SessionId 0x8e40014000011, a 135-byte message.
constexpr std::string_view kSmb300Request =
    "FD534D4281A286535415445DAE393921E44FA42E66E69A111892584FB5ED524A"
    "744DA3EE87000000000001001100001400E4080025C8FEE16605A437832D1CD5"
    "2DA9F4645333482A175FE5384563F45FCDAFAEF38BC62BA4D5C62897996625A4"
    "4C29BE5658DE2E6117585779E7B59FFD971278D08580D7FA899E410E910EABF5"
    "AA1DB43050B33B49182637759AC15D84BFCDF5B6B238993C0F4CF4D6012023F6"
    "C627297075D84B7803912D0A9639634453595EF3E33FFE4E7AC2AB";
// Its encrypted 80-byte response.
constexpr std::string_view kSmb300Response =
    "FD534D42A6015530A18F6D9AFFE22AFAE8E66484860000000000000011000014"
    "00E4080050000000000001001100001400E40800DBF46435C5F14169293CE079"
    "E344479BF670227E49873F458672C3098DAC467DD5809F369D67409166515787"
    "1483E01F7BECD02064EAC3E235F913668BBC2F097980D4B378F1993EFF6E60D1"
    "77309E5B";
// The same WRITE in the blog "SMB 3.1.1 Encryption in Windows 10": AES-128-GCM, a 12-byte nonce.
constexpr std::string_view kSmb311Request =
    "FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C0000000087000000"
    "0000010025000000001000006ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02"
    "D14EF247F8BDE38ACF6256F8B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A4A394BB4"
    "4576545567C24D4C014D47C9FBDFDAFD2C4F9B72F8D256452620A299F48E29E53D6B61D1C13A19E9"
    "1AF013F00D17E3ABC2FC3D36C8C1B6B93973253852DBD442E46EE8";

std::vector<uint8_t> encode(const TransformHeader& h) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h.encode(w);
  return out;
}

TEST(Smb2Transform, Smb300BlogRequest) {
  auto frame = hex(kSmb300Request);
  EXPECT_EQ(frame_kind(frame), FrameKind::Transform);
  auto msg = decode_transform_message(frame);
  ASSERT_TRUE(msg);
  const TransformHeader& h = msg->header;
  EXPECT_EQ(h.signature, (std::array<uint8_t, 16>{0x81, 0xA2, 0x86, 0x53, 0x54, 0x15, 0x44, 0x5D,
                                                  0xAE, 0x39, 0x39, 0x21, 0xE4, 0x4F, 0xA4, 0x2E}));
  EXPECT_EQ(h.nonce[0], 0x66);
  EXPECT_EQ(h.nonce[15], 0xEE);
  EXPECT_EQ(h.original_message_size, 0x87u);
  EXPECT_EQ(h.flags, kTransformFlagEncrypted);  // SMB2_ENCRYPTION_AES128_CCM in 3.0
  EXPECT_EQ(h.session_id, 0x8e40014000011ull);
  EXPECT_EQ(msg->ciphertext.size(), 0x87u);
  EXPECT_EQ(msg->ciphertext.data(), frame.data() + kTransformHeaderSize);
  EXPECT_EQ(encode(h), std::vector<uint8_t>(frame.begin(), frame.begin() + kTransformHeaderSize));
}

TEST(Smb2Transform, AssociatedDataIsNonceThroughSessionId) {
  // MS-SMB2 3.1.4.3: "The SMB2 TRANSFORM_HEADER, excluding the ProtocolId and Signature fields,
  // as the optional authenticated data": 32 bytes from offset 20.
  for (auto vector : {kSmb300Request, kSmb300Response, kSmb311Request}) {
    auto frame = hex(vector);
    Bytes aad = transform_associated_data(frame);
    ASSERT_EQ(aad.size(), kTransformAadSize);
    EXPECT_EQ(aad.data(), frame.data() + 20);
    auto h = TransformHeader::decode(frame);
    ASSERT_TRUE(h);
    auto built = h->associated_data();
    EXPECT_TRUE(std::equal(built.begin(), built.end(), aad.begin()));
  }
  EXPECT_TRUE(transform_associated_data(std::vector<uint8_t>(51, 0)).empty());
}

TEST(Smb2Transform, Smb311BlogRequestWithGcmNonce) {
  auto frame = hex(kSmb311Request);
  auto msg = decode_transform_message(frame);
  ASSERT_TRUE(msg);
  // AES_GCM_Nonce (12 bytes) then 4 reserved zero bytes (2.2.41).
  EXPECT_EQ(msg->header.nonce, (std::array<uint8_t, 16>{0xC7, 0xD6, 0x82, 0x2D, 0x26, 0x9C, 0xAF,
                                                        0x48, 0x90, 0x4C, 0x66, 0x4C, 0, 0, 0,
                                                        0}));
  EXPECT_EQ(msg->header.session_id, 0x100000000025ull);
  EXPECT_EQ(msg->header.flags, kTransformFlagEncrypted);  // "Encrypted" in 3.1.1
  EXPECT_EQ(msg->ciphertext.size(), 0x87u);
}

TEST(Smb2Transform, Smb300BlogResponse) {
  auto frame = hex(kSmb300Response);
  auto msg = decode_transform_message(frame);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->header.original_message_size, 80u);  // a 64-byte header and a WRITE response
  EXPECT_EQ(msg->ciphertext.size(), 80u);
}

TEST(Smb2Transform, ChecksBeforeDecrypting) {
  auto frame = hex(kSmb300Request);
  // MS-SMB2 3.3.5.2.1.1: a frame not longer than the transform header.
  std::vector<uint8_t> header_only(frame.begin(), frame.begin() + kTransformHeaderSize);
  EXPECT_TRUE(TransformHeader::decode(header_only));
  EXPECT_EQ(decode_transform_message(header_only).error(), NtStatus::InvalidParameter);
  // Flags/EncryptionAlgorithm other than 0x0001.
  auto bad = frame;
  bad[42] = 0x02;
  EXPECT_FALSE(decode_transform_message(bad));
  bad[42] = 0x00;
  EXPECT_FALSE(decode_transform_message(bad));
  // OriginalMessageSize not the ciphertext length.
  bad = frame;
  bad[36] = 0x88;
  EXPECT_FALSE(decode_transform_message(bad));
  bad[36] = 0x86;
  EXPECT_FALSE(decode_transform_message(bad));
  bad = frame;
  bad[39] = 0x80;
  EXPECT_FALSE(decode_transform_message(bad));
  // Reserved is ignored (but kept: it is part of the associated data).
  bad = frame;
  bad[40] = 0x55;
  auto msg = decode_transform_message(bad);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->header.reserved, 0x55);
  EXPECT_EQ(msg->header.associated_data()[20], 0x55);
  // Not a transform header; too short.
  bad = frame;
  bad[0] = 0xFE;
  EXPECT_FALSE(TransformHeader::decode(bad));
  EXPECT_FALSE(TransformHeader::decode(std::vector<uint8_t>(frame.begin(), frame.begin() + 51)));
}

TEST(Smb2Transform, RoundTrip) {
  TransformHeader h;
  h.signature.fill(0xAB);
  h.nonce = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 0};  // an 11-byte CCM nonce
  h.original_message_size = 3;
  h.session_id = 0x1122334455667788ull;
  auto bytes = encode(h);
  ASSERT_EQ(bytes.size(), kTransformHeaderSize);
  bytes.insert(bytes.end(), {9, 9, 9});
  auto msg = decode_transform_message(bytes);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->header.signature, h.signature);
  EXPECT_EQ(msg->header.nonce, h.nonce);
  EXPECT_EQ(msg->header.session_id, h.session_id);
  EXPECT_EQ(encode(msg->header), std::vector<uint8_t>(bytes.begin(), bytes.begin() + 52));
}

TEST(Smb2Transform, FrameKinds) {
  EXPECT_EQ(frame_kind(std::vector<uint8_t>{0xFE, 'S', 'M', 'B', 64}), FrameKind::Smb2);
  EXPECT_EQ(frame_kind(std::vector<uint8_t>{0xFC, 'S', 'M', 'B'}), FrameKind::Compression);
  EXPECT_EQ(frame_kind(std::vector<uint8_t>{0xFF, 'S', 'M', 'B', 0x72}), FrameKind::Smb1);
  EXPECT_EQ(frame_kind(std::vector<uint8_t>{0xFE, 'S', 'M', 'C'}), FrameKind::Unknown);
  EXPECT_EQ(frame_kind(std::vector<uint8_t>{0xFE, 'S', 'M'}), FrameKind::Unknown);
}

TEST(Smb2CompressionTransform, Unchained) {
  // MS-SMB2 2.2.42.1: LZ77 over the whole 0x1000-byte message (Offset 0).
  const std::vector<uint8_t> frame = {
      0xFC, 'S', 'M', 'B',   // ProtocolId
      0x00, 0x10, 0, 0,      // OriginalCompressedSegmentSize
      0x02, 0,               // CompressionAlgorithm: LZ77
      0, 0,                  // Flags: SMB2_COMPRESSION_FLAG_NONE
      0, 0, 0, 0,            // Offset
      0x11, 0x22,            // compressed data
  };
  EXPECT_EQ(frame_kind(frame), FrameKind::Compression);
  auto h = CompressionTransformHeader::decode(frame);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->original_compressed_segment_size, 0x1000u);
  EXPECT_EQ(h->compression_algorithm, 2);
  EXPECT_FALSE(h->chained());
  EXPECT_EQ(h->offset_or_length, 0u);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  EXPECT_EQ(out, std::vector<uint8_t>(frame.begin(), frame.begin() + 16));
}

TEST(Smb2CompressionTransform, ChainedAndMalformed) {
  // MS-SMB2 2.2.42.2: the first payload header follows OriginalCompressedSegmentSize.
  std::vector<uint8_t> frame = {0xFC, 'S', 'M', 'B', 0x00, 0x02, 0, 0,
                                0x04, 0, 0x01, 0, 8, 0, 0, 0};  // Pattern_V1, CHAINED, Length 8
  auto h = CompressionTransformHeader::decode(frame);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->chained());
  EXPECT_EQ(h->offset_or_length, 8u);
  frame.pop_back();
  EXPECT_EQ(CompressionTransformHeader::decode(frame).error(), NtStatus::InvalidParameter);
  frame = {0xFD, 'S', 'M', 'B', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_FALSE(CompressionTransformHeader::decode(frame));
}

}  // namespace
}  // namespace smbkit::smb2
