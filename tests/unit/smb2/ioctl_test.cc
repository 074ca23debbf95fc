#include "smb2/ioctl.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u32;
using file_testing::round_trip;
using file_testing::to_vector;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.31.4: a 3.0.2 client's VALIDATE_NEGOTIATE_INFO input.
Body validate_negotiate_input() {
  return Body{}
      .u32(0x0000007F)  // Capabilities
      .bytes({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})  // Guid
      .u16(0x0001)      // SecurityMode: SIGNING_ENABLED
      .u16(4)           // DialectCount
      .u16(0x0202)
      .u16(0x0210)
      .u16(0x0300)
      .u16(0x0302);
}

// MS-SMB2 2.2.31 carrying it, as FSCTL_VALIDATE_NEGOTIATE_INFO on the all-ones FileId.
std::vector<uint8_t> hand_assembled_request() {
  Body input = validate_negotiate_input();
  return message(Command::Ioctl, Body{}
                                     .u16(57)          // StructureSize
                                     .u16(0)           // Reserved
                                     .u32(0x00140204)  // CtlCode
                                     .u64(~0ull)       // FileId.Persistent
                                     .u64(~0ull)       // FileId.Volatile
                                     .u32(0x78)        // InputOffset
                                     .u32(32)          // InputCount
                                     .u32(0)           // MaxInputResponse
                                     .u32(0)           // OutputOffset
                                     .u32(0)           // OutputCount
                                     .u32(24)          // MaxOutputResponse
                                     .u32(1)           // Flags: SMB2_0_IOCTL_IS_FSCTL
                                     .u32(0)           // Reserved2
                                     .bytes(input.bytes()));
}

TEST(Smb2Ioctl, HandAssembledValidateNegotiateRequest) {
  auto bytes = hand_assembled_request();
  auto req = IoctlRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->ctl_code, kFsctlValidateNegotiateInfo);
  EXPECT_TRUE(req->file_id.is_related_placeholder());
  EXPECT_TRUE(req->is_fsctl());
  EXPECT_EQ(req->max_output_response, 24u);
  EXPECT_EQ(req->input.size(), 32u);
  EXPECT_TRUE(req->output.empty());
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Ioctl, *req, again));
  EXPECT_EQ(again, bytes);

  auto vni = ValidateNegotiateInfoRequest::decode(req->input);
  ASSERT_TRUE(vni);
  EXPECT_EQ(vni->capabilities, 0x7Fu);
  EXPECT_EQ(vni->guid[0], 1);
  EXPECT_EQ(vni->guid[15], 16);
  EXPECT_EQ(vni->security_mode, 1);
  EXPECT_EQ(vni->dialects, (std::vector<uint16_t>{0x0202, 0x0210, 0x0300, 0x0302}));
  std::vector<uint8_t> input;
  ByteWriter w(input);
  vni->encode(w);
  EXPECT_EQ(input, validate_negotiate_input().bytes());
}

TEST(Smb2Ioctl, ValidateNegotiateRequestWithDialectsPastItsEndIsRefused) {
  auto input = validate_negotiate_input().bytes();
  EXPECT_TRUE(ValidateNegotiateInfoRequest::decode(truncated(input, 24 + 8)));
  EXPECT_EQ(ValidateNegotiateInfoRequest::decode(truncated(input, 24 + 7)).error(), kBadRequest);
  EXPECT_FALSE(ValidateNegotiateInfoRequest::decode(truncated(input, 23)));
  input[22] = 0xFF;
  input[23] = 0xFF;
  EXPECT_FALSE(ValidateNegotiateInfoRequest::decode(input));
}

TEST(Smb2Ioctl, RequestBuffersMustLieInsideTheMessage) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(IoctlRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  auto bad = bytes;
  put_u32(bad, kBody + 24, 0x77);  // InputOffset inside the fixed part
  EXPECT_FALSE(IoctlRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 24, 0xFFFFFFF0);  // offset + count wraps 32 bits
  EXPECT_FALSE(IoctlRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 40, 1);  // OutputCount 1 at OutputOffset 0
  EXPECT_FALSE(IoctlRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 28, 0);  // InputCount 0: the offset does not matter
  put_u32(bad, kBody + 24, 0xFFFFFFFF);
  EXPECT_TRUE(IoctlRequest::decode(bad));
  bad = bytes;
  bad[kBody] = 56;
  EXPECT_EQ(IoctlRequest::decode(bad).error(), kBadRequest);
  EXPECT_FALSE(IoctlRequest::decode(truncated(bytes, kBody + 55)));
}

TEST(Smb2Ioctl, RequestWithOutputAndWithNothing) {
  const std::vector<uint8_t> in = {1, 2, 3}, out = {9, 8, 7, 6};
  IoctlRequest req;
  req.ctl_code = kFsctlPipeTransceive;
  req.file_id = {1, 2};
  req.input = in;
  req.output = out;
  req.max_output_response = 1024;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Ioctl, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes[kBody + 36], 0x80);  // OutputOffset: 0x78 + 3 rounded up to 8
  EXPECT_EQ(to_vector(back->input), in);
  EXPECT_EQ(to_vector(back->output), out);

  IoctlRequest empty;
  empty.ctl_code = kFsctlQueryNetworkInterfaceInfo;
  auto none = round_trip(Command::Ioctl, empty, bytes);
  ASSERT_TRUE(none);
  EXPECT_EQ(bytes.size(), kHeaderSize + 57);
  EXPECT_TRUE(none->input.empty());
}

// MS-SMB2 2.2.32 answering it with a 2.2.32.6 VALIDATE_NEGOTIATE_INFO response.
std::vector<uint8_t> hand_assembled_response() {
  return message(Command::Ioctl,
                 Body{}
                     .u16(49)          // StructureSize
                     .u16(0)           // Reserved
                     .u32(0x00140204)  // CtlCode
                     .u64(~0ull)       // FileId.Persistent
                     .u64(~0ull)       // FileId.Volatile
                     .u32(0x70)        // InputOffset
                     .u32(0)           // InputCount
                     .u32(0x70)        // OutputOffset
                     .u32(24)          // OutputCount
                     .u32(0)           // Flags
                     .u32(0)           // Reserved2
                     .u32(0x0000002F)  // Capabilities
                     .bytes({0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA,
                             0xAB, 0xAC, 0xAD, 0xAE, 0xAF})  // Guid
                     .u16(0x0003)  // SecurityMode: SIGNING_ENABLED | SIGNING_REQUIRED
                     .u16(0x0302),  // Dialect
                 true);
}

TEST(Smb2Ioctl, HandAssembledValidateNegotiateResponse) {
  auto bytes = hand_assembled_response();
  auto resp = IoctlResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->ctl_code, kFsctlValidateNegotiateInfo);
  EXPECT_TRUE(resp->input.empty());
  ASSERT_EQ(resp->output.size(), 24u);
  auto vni = ValidateNegotiateInfoResponse::decode(resp->output);
  ASSERT_TRUE(vni);
  EXPECT_EQ(vni->capabilities, 0x2Fu);
  EXPECT_EQ(vni->guid[0], 0xA0);
  EXPECT_EQ(vni->security_mode, 3);
  EXPECT_EQ(vni->dialect, 0x0302);
  EXPECT_FALSE(ValidateNegotiateInfoResponse::decode(resp->output.first(23)));

  std::vector<uint8_t> out;
  ByteWriter w(out);
  vni->encode(w);
  EXPECT_EQ(out, to_vector(resp->output));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Ioctl, *resp, again, true));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Ioctl, ResponseOutputAfterInputAlignedAndBounds) {
  const std::vector<uint8_t> in = {1}, out = {2, 3};
  IoctlResponse resp;
  resp.input = in;
  resp.output = out;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Ioctl, resp, bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes[kBody + 32], 0x78);  // OutputOffset: 0x70 + 1 rounded up to 8
  EXPECT_EQ(to_vector(back->input), in);
  EXPECT_EQ(to_vector(back->output), out);
  auto bad = bytes;
  put_u32(bad, kBody + 36, 3);
  EXPECT_EQ(IoctlResponse::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u32(bad, kBody + 32, 0x6F);
  EXPECT_FALSE(IoctlResponse::decode(bad));
}

// MS-SMB2 2.2.32.5: an IPv4 interface followed by an IPv6 one.
std::vector<uint8_t> hand_assembled_interfaces() {
  Body b;
  b.u32(152)                    // Next
      .u32(2)                   // IfIndex
      .u32(0x1)                 // Capability: RSS_CAPABLE
      .u32(0)                   // Reserved
      .u64(10'000'000'000ull)   // LinkSpeed
      .u16(0x0002)              // Family: InterNetwork
      .u16(0)                   // Port
      .bytes({192, 168, 1, 20})  // IPv4Address
      .zeros(8)                 // Reserved
      .zeros(128 - 16);         // rest of SOCKADDR_STORAGE
  b.u32(0)                      // Next: last
      .u32(3)
      .u32(0)
      .u32(0)
      .u64(1'000'000'000ull)
      .u16(0x0017)  // Family: InterNetworkV6
      .u16(0)       // Port
      .u32(0)       // FlowInfo
      .bytes({0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})  // IPv6Address
      .u32(0)                                                        // ScopeId
      .zeros(128 - 28);
  return b.bytes();
}

TEST(Smb2Ioctl, NetworkInterfaceInfoChain) {
  NetworkInterfaceInfo v4;
  v4.if_index = 2;
  v4.capability = kRssCapable;
  v4.link_speed = 10'000'000'000ull;
  v4.address = {192, 168, 1, 20};
  NetworkInterfaceInfo v6;
  v6.if_index = 3;
  v6.link_speed = 1'000'000'000ull;
  v6.ipv6 = true;
  v6.address = {0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const NetworkInterfaceInfo list[] = {v4, v6};
  std::vector<uint8_t> out;
  ByteWriter w(out);
  encode_network_interface_info(w, list);
  auto expected = hand_assembled_interfaces();
  EXPECT_EQ(out.size(), 2 * NetworkInterfaceInfo::kSize);
  EXPECT_EQ(out, expected);
  auto back = decode_network_interface_info(expected);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], v4);
  EXPECT_EQ((*back)[1], v6);
}

TEST(Smb2Ioctl, NetworkInterfaceInfoRefusesBadChains) {
  auto bytes = hand_assembled_interfaces();
  EXPECT_FALSE(decode_network_interface_info(truncated(bytes, bytes.size() - 1)));
  auto bad = bytes;
  put_u32(bad, 0, 8);  // Next shorter than an entry
  EXPECT_FALSE(decode_network_interface_info(bad));
  bad = bytes;
  put_u32(bad, 0, 156);  // not 8-byte aligned
  EXPECT_FALSE(decode_network_interface_info(bad));
  bad = bytes;
  put_u32(bad, 0, 304);  // past the buffer
  EXPECT_FALSE(decode_network_interface_info(bad));
  bad = bytes;
  bad[24] = 0x1E;  // unknown family
  EXPECT_FALSE(decode_network_interface_info(bad));
  EXPECT_FALSE(decode_network_interface_info({}));
}

}  // namespace
}  // namespace smbkit::smb2
