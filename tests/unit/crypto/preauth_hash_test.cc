#include <gtest/gtest.h>

#include "crypto/digest.h"
#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::hex;
using test::vec;
namespace v = test::ms_smb2::anatomy311;

// [ANATOMY] SMB 3.1.1 master session: the hash after each NEGOTIATE and SESSION_SETUP message,
// as the post prints them step by step.
TEST(PreauthHash, FollowsMicrosoftsExampleMessageByMessage) {
  PreauthHash h;
  EXPECT_EQ(vec(h.value()), std::vector<uint8_t>(64, 0));  // H0
  h.update(hex(v::kNegotiateRequest));
  EXPECT_EQ(vec(h.value()), hex(v::kHashAfterNegotiateRequest));
  h.update(hex(v::kNegotiateResponse));
  EXPECT_EQ(vec(h.value()), hex(v::kHashAfterNegotiateResponse));

  // The session starts from the connection's value and goes on alone.
  PreauthHash session = h;
  session.update(hex(v::kSessionSetupRequest1));
  EXPECT_EQ(vec(session.value()), hex(v::kHashAfterSessionSetupRequest1));
  session.update(hex(v::kSessionSetupResponse1));
  EXPECT_EQ(vec(session.value()), hex(v::kHashAfterSessionSetupResponse1));
  session.update(hex(v::kSessionSetupRequest2));
  EXPECT_EQ(vec(session.value()), hex(v::kPreauthHash));
  EXPECT_EQ(vec(h.value()), hex(v::kHashAfterNegotiateResponse));

  PreauthHash from_value(h.value());
  from_value.update(hex(v::kSessionSetupRequest1));
  EXPECT_EQ(vec(from_value.value()), hex(v::kHashAfterSessionSetupRequest1));

  h.reset();
  EXPECT_EQ(vec(h.value()), std::vector<uint8_t>(64, 0));
}

TEST(PreauthHash, MessageInPiecesHashesAsWhole) {
  const auto msg = hex(v::kNegotiateRequest);
  const Bytes m(msg);
  PreauthHash h;
  h.update({m.first(64), m.subspan(64, 10), m.subspan(74)});
  EXPECT_EQ(vec(h.value()), hex(v::kHashAfterNegotiateRequest));
}

}  // namespace
}  // namespace smbkit::crypto
