#include "smb1/logoff.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

TEST(Logoff, RequestAndResponseAreTheAndXBlockOnly) {
  auto bytes = build(Command::LogoffAndX, LogoffRequest{});
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 32, bytes.end()),
            (std::vector<uint8_t>{2, 0xFF, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(decode_first<LogoffRequest>(bytes));
  EXPECT_TRUE(decode_first<LogoffResponse>(build(Command::LogoffAndX, LogoffResponse{}, true,
                                                 true)));
}

TEST(Logoff, MissingAndXBlockFails) {
  auto bytes = raw_message(Command::LogoffAndX, false, false, {0, 0, 0});
  EXPECT_EQ(decode_first<LogoffRequest>(bytes).error(), NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<LogoffResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
