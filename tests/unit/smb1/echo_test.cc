#include "smb1/echo.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;

TEST(Echo, HandAssembledRequestDecodes) {
  // MS-CIFS 2.2.4.39.1: EchoCount 2, four data bytes.
  auto bytes = raw_message(Command::Echo, false, false, {1, 2, 0, 4, 0, 'p', 'i', 'n', 'g'});
  auto req = decode_first<EchoRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->echo_count, 2);
  EXPECT_EQ(req->data, (std::vector<uint8_t>{'p', 'i', 'n', 'g'}));
  EXPECT_EQ(build(Command::Echo, *req, false), bytes);
}

TEST(Echo, ResponseRoundTrip) {
  EchoResponse resp{3, {0, 1, 2, 0xFF}};
  auto back = round_trip(Command::Echo, resp, true, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sequence_number, 3);
  EXPECT_EQ(back->data, resp.data);
}

TEST(Echo, MalformedFails) {
  EXPECT_EQ(decode_first<EchoRequest>(raw_message(Command::Echo, false, false, {0, 0, 0})).error(),
            NtStatus::InvalidSmb);
  auto lying = raw_message(Command::Echo, false, true, {1, 1, 0, 9, 0, 'x'});
  EXPECT_EQ(decode_first<EchoResponse>(lying).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
