#include "smb2/echo.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> message(std::initializer_list<uint8_t> body, bool response = false) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Echo);
  h.flags = response ? uint32_t{kFlagsServerToRedir} : 0u;
  h.session_id = 0x1234;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

template <class T>
std::vector<uint8_t> encode_body(const T& value) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  value.encode(w, 0);
  return out;
}

TEST(Smb2Echo, RequestAndResponse) {
  // MS-SMB2 2.2.28 / 2.2.29: StructureSize 4, Reserved (ignored on receipt).
  auto req = message({4, 0, 0xAB, 0xCD});
  EXPECT_TRUE(EchoRequest::decode(req));
  EXPECT_EQ(encode_body(EchoRequest{}), (std::vector<uint8_t>{4, 0, 0, 0}));
  auto resp = message({4, 0, 0, 0}, true);
  EXPECT_TRUE(EchoResponse::decode(resp));
  EXPECT_EQ(encode_body(EchoResponse{}), (std::vector<uint8_t>{4, 0, 0, 0}));
}

TEST(Smb2Echo, RefusesShortOrWrongBodies) {
  EXPECT_EQ(EchoRequest::decode(message({4, 0, 0})).error(), NtStatus::InvalidParameter);
  EXPECT_FALSE(EchoRequest::decode(message({})));
  EXPECT_FALSE(EchoRequest::decode(message({5, 0, 0, 0})));
  EXPECT_FALSE(EchoResponse::decode(message({2, 0, 0, 0}, true)));
}

}  // namespace
}  // namespace smbkit::smb2
