#include "smb2/cancel.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

// MS-SMB2 2.2.30: an async CANCEL names the request by AsyncId.
std::vector<uint8_t> async_cancel(std::initializer_list<uint8_t> body) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Cancel);
  h.flags = kFlagsAsyncCommand;
  h.async_id = 0x77;
  h.message_id = 9;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

TEST(Smb2Cancel, Request) {
  auto m = async_cancel({4, 0, 0, 0});
  ASSERT_TRUE(CancelRequest::decode(m));
  EXPECT_EQ(Header::decode(m)->async_id, 0x77u);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  CancelRequest{}.encode(w, 0);
  EXPECT_EQ(out, (std::vector<uint8_t>{4, 0, 0, 0}));
}

TEST(Smb2Cancel, RefusesShortOrWrongBodies) {
  EXPECT_EQ(CancelRequest::decode(async_cancel({4, 0})).error(), NtStatus::InvalidParameter);
  EXPECT_FALSE(CancelRequest::decode(async_cancel({})));
  EXPECT_FALSE(CancelRequest::decode(async_cancel({24, 0, 0, 0})));
}

}  // namespace
}  // namespace smbkit::smb2
