#include "smb2/error.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> response(NtStatus status, std::initializer_list<uint8_t> body) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::TreeConnect);
  h.status = status;
  h.flags = kFlagsServerToRedir;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

std::vector<uint8_t> body_of(const ErrorResponse& e) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  e.encode(w, 0);
  return out;
}

TEST(Smb2Error, EmptyErrorDataIsOneZeroByte) {
  // MS-SMB2 2.2.2: StructureSize 9, ErrorContextCount 0, Reserved, ByteCount 0, one 0 byte.
  const std::vector<uint8_t> expected = {9, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(body_of(ErrorResponse{}), expected);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  encode_empty_error(w);
  EXPECT_EQ(out, expected);
  auto e = ErrorResponse::decode(response(NtStatus::AccessDenied, {9, 0, 0, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->error_data.empty());
  EXPECT_TRUE(e->contexts.empty());
  EXPECT_FALSE(e->required_length());
  // Without the trailing byte too.
  EXPECT_TRUE(ErrorResponse::decode(response(NtStatus::AccessDenied, {9, 0, 0, 0, 0, 0, 0, 0})));
}

TEST(Smb2Error, BufferTooSmallCarriesTheRequiredLength) {
  // MS-SMB2 2.2.2.2: "If the Status field ... is set to STATUS_BUFFER_TOO_SMALL, this field MUST
  // be set to a 4-byte value indicating the minimum required buffer length."
  auto m = response(NtStatus::BufferTooSmall, {9, 0, 0, 0, 4, 0, 0, 0, 0x18, 0x01, 0, 0});
  auto e = ErrorResponse::decode(m);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->required_length(), 0x118u);
  EXPECT_EQ(body_of(ErrorResponse::buffer_too_small(0x118)),
            std::vector<uint8_t>(m.begin() + kHeaderSize, m.end()));
}

TEST(Smb2Error, ClusterDialectErrorContextOfTheSpec) {
  // MS-SMB2 3.3.5.7: STATUS_SMB_BAD_CLUSTER_DIALECT on 3.1.1 carries ByteCount 10,
  // ErrorContextCount 1, and one context with ErrorDataLength 2, ErrorId 0 and MaxClusterDialect.
  auto m = response(NtStatus::BadNetworkName, {
      9, 0,             // StructureSize
      1,                // ErrorContextCount
      0,                // Reserved
      10, 0, 0, 0,      // ByteCount
      2, 0, 0, 0,       // ErrorDataLength (2.2.2.1)
      0, 0, 0, 0,       // ErrorId: SMB2_ERROR_ID_DEFAULT
      0x02, 0x03,       // ErrorContextData: MaxClusterDialect 3.0.2
  });
  auto e = ErrorResponse::decode(m);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->contexts.size(), 1u);
  EXPECT_EQ(e->contexts[0].error_id, kErrorIdDefault);
  EXPECT_EQ(e->contexts[0].data, (std::vector<uint8_t>{0x02, 0x03}));
  EXPECT_TRUE(e->error_data.empty());
  EXPECT_EQ(body_of(*e), std::vector<uint8_t>(m.begin() + kHeaderSize, m.end()));
}

TEST(Smb2Error, ContextsAreEightByteAligned) {
  // MS-SMB2 2.2.2: each context starts 8-byte aligned; ByteCount covers the padding between
  // contexts, not after the last one.
  auto m = response(NtStatus::BadNetworkName, {
      9, 0, 2, 0,
      28, 0, 0, 0,                                        // ByteCount: 8+3, pad 5, 8+4
      3, 0, 0, 0, 0x53, 0x52, 0x64, 0x72, 0xA, 0xB, 0xC,  // SHARE_REDIRECT, 3 data bytes
      0, 0, 0, 0, 0,                                      // padding
      4, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4,                 // DEFAULT, 4 data bytes
  });
  auto e = ErrorResponse::decode(m);
  ASSERT_TRUE(e);
  ASSERT_EQ(e->contexts.size(), 2u);
  EXPECT_EQ(e->contexts[0].error_id, kErrorIdShareRedirect);
  EXPECT_EQ(e->contexts[0].data, (std::vector<uint8_t>{0xA, 0xB, 0xC}));
  EXPECT_EQ(e->contexts[1].data, (std::vector<uint8_t>{1, 2, 3, 4}));
  EXPECT_FALSE(e->required_length());
  EXPECT_EQ(body_of(*e), std::vector<uint8_t>(m.begin() + kHeaderSize, m.end()));
}

TEST(Smb2Error, RefusesBadCountsAndLengths) {
  // ByteCount past the end of the message.
  EXPECT_EQ(ErrorResponse::decode(response(NtStatus::AccessDenied, {9, 0, 0, 0, 5, 0, 0, 0, 1, 2}))
                .error(),
            NtStatus::InvalidParameter);
  EXPECT_FALSE(ErrorResponse::decode(
      response(NtStatus::AccessDenied, {9, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0})));
  // ErrorDataLength past ByteCount (though inside the message).
  EXPECT_FALSE(ErrorResponse::decode(response(
      NtStatus::AccessDenied, {9, 0, 1, 0, 10, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3})));
  // More contexts than ByteCount holds.
  EXPECT_FALSE(ErrorResponse::decode(response(
      NtStatus::AccessDenied, {9, 0, 2, 0, 10, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 2})));
  // A context header cut by ByteCount.
  EXPECT_FALSE(ErrorResponse::decode(
      response(NtStatus::AccessDenied, {9, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0})));
  // Short body, wrong StructureSize.
  EXPECT_FALSE(ErrorResponse::decode(response(NtStatus::AccessDenied, {9, 0, 0, 0, 0, 0})));
  EXPECT_FALSE(ErrorResponse::decode(response(NtStatus::AccessDenied, {8, 0, 0, 0, 0, 0, 0, 0})));
}

TEST(Smb2Error, WhichResponsesCarryAnErrorBody) {
  // MS-SMB2 3.3.4.4.
  const auto cmd = [](Command c) { return static_cast<uint16_t>(c); };
  EXPECT_FALSE(is_error_response(cmd(Command::Create), NtStatus::Success));
  EXPECT_TRUE(is_error_response(cmd(Command::Create), NtStatus::AccessDenied));
  EXPECT_FALSE(is_error_response(cmd(Command::SessionSetup), NtStatus::MoreProcessingRequired));
  EXPECT_TRUE(is_error_response(cmd(Command::Create), NtStatus::MoreProcessingRequired));
  EXPECT_FALSE(is_error_response(cmd(Command::QueryInfo), NtStatus::BufferOverflow));
  EXPECT_FALSE(is_error_response(cmd(Command::Read), NtStatus::BufferOverflow));
  EXPECT_FALSE(is_error_response(cmd(Command::Ioctl), NtStatus::BufferOverflow));
  EXPECT_TRUE(is_error_response(cmd(Command::QueryDirectory), NtStatus::BufferOverflow));
  EXPECT_FALSE(is_error_response(cmd(Command::ChangeNotify), NtStatus::NotifyEnumDir));
  EXPECT_TRUE(is_error_response(cmd(Command::Read), NtStatus::Pending));  // interim (3.3.4.2)
  EXPECT_TRUE(is_error_response(cmd(Command::Create), NtStatus::StoppedOnSymlink));
}

}  // namespace
}  // namespace smbkit::smb2
