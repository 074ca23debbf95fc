#include "smb2/logoff.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> message(std::initializer_list<uint8_t> body, bool response = false) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Logoff);
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

TEST(Smb2Logoff, RequestAndResponse) {
  // MS-SMB2 2.2.7 / 2.2.8: StructureSize 4, Reserved (ignored on receipt).
  auto req = message({4, 0, 0xAB, 0xCD});
  EXPECT_TRUE(LogoffRequest::decode(req));
  EXPECT_EQ(encode_body(LogoffRequest{}), (std::vector<uint8_t>{4, 0, 0, 0}));
  auto resp = message({4, 0, 0, 0}, true);
  EXPECT_TRUE(LogoffResponse::decode(resp));
  EXPECT_EQ(encode_body(LogoffResponse{}), (std::vector<uint8_t>{4, 0, 0, 0}));
}

TEST(Smb2Logoff, RefusesShortOrWrongBodies) {
  EXPECT_EQ(LogoffRequest::decode(message({4, 0, 0})).error(), NtStatus::InvalidParameter);
  EXPECT_FALSE(LogoffRequest::decode(message({})));
  EXPECT_FALSE(LogoffRequest::decode(message({5, 0, 0, 0})));
  EXPECT_FALSE(LogoffResponse::decode(message({2, 0, 0, 0}, true)));
}

}  // namespace
}  // namespace smbkit::smb2
