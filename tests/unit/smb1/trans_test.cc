#include "smb1/trans.h"

#include <gtest/gtest.h>

#include "trans2_test_util.h"

namespace smbkit::smb1 {
namespace {

using namespace trans2_testing;

// Positions in a request built after a 32-byte header: WordCount at 32, words from 33.
constexpr size_t kWords = kHeaderSize + 1;
constexpr size_t kTotalParameterCount = kWords + 0;
constexpr size_t kParameterOffset = kWords + 20;
constexpr size_t kDataCount = kWords + 22;
constexpr size_t kDataOffset = kWords + 24;
constexpr size_t kSetupCount = kWords + 26;

// MS-CIFS 2.2.5.6 TRANS_TRANSACT_NMPIPE: setup (0x0026, FID), Name "\PIPE\", the PDU as data.
TransRequest transact_nmpipe() {
  TransRequest req;
  req.setup = {0x0026, 0x4001};
  req.name = "\\PIPE\\";
  req.data = {0x05, 0x00, 0x0B, 0x03, 0x10, 0x00, 0x00, 0x00};
  req.total_data_count = static_cast<uint16_t>(req.data.size());
  req.max_data_count = 4280;
  return req;
}

std::vector<uint8_t> built(bool unicode = true) {
  return build(Command::Transaction, transact_nmpipe(), unicode);
}

Result<TransRequest> decode_bytes(const std::vector<uint8_t>& msg) {
  auto m = parse_message(msg);
  if (!m) return fail(NtStatus::InvalidSmb);
  return TransRequest::decode(m->blocks.at(0));
}

TEST(TransRequest, RoundTripsTransactNmPipe) {
  for (bool unicode : {true, false}) {
    auto msg = built(unicode);
    EXPECT_EQ(msg[kHeaderSize], 16);  // 14 words + 2 setup words
    EXPECT_EQ(msg[kSetupCount], 2);
    auto req = decode_bytes(msg);
    ASSERT_TRUE(req) << unicode;
    EXPECT_EQ(req->subcommand(), 0x0026);
    EXPECT_EQ(req->setup, (std::vector<uint16_t>{0x0026, 0x4001}));
    EXPECT_EQ(req->name, "\\PIPE\\");
    EXPECT_EQ(req->data, transact_nmpipe().data);
    EXPECT_TRUE(req->parameters.empty());
    EXPECT_EQ(req->max_data_count, 4280);
    EXPECT_TRUE(req->is_complete());
  }
}

TEST(TransRequest, LyingCountsOffsetsAndTruncationFail) {
  auto edited = [](auto edit) {
    auto msg = built();
    edit(msg);
    return static_cast<bool>(decode_bytes(msg));
  };
  EXPECT_FALSE(edited([](auto& m) { put_u16(m, kDataOffset, 0xFFF0); }));   // past the end
  EXPECT_FALSE(edited([](auto& m) { put_u16(m, kDataOffset, 40); }));       // into the words
  EXPECT_FALSE(edited([](auto& m) { put_u16(m, kDataCount, 200); }));       // above its total
  EXPECT_FALSE(edited([](auto& m) { m[kSetupCount] = 5; }));                 // words it lacks
  EXPECT_FALSE(edited([](auto& m) { m.resize(m.size() - 4); }));             // truncated
  EXPECT_FALSE(edited([](auto& m) {                                          // parameters lie
    put_u16(m, kTotalParameterCount, 4);
    put_u16(m, kWords + 18, 4);
    put_u16(m, kParameterOffset, 0xFFFF);
  }));
  EXPECT_TRUE(edited([](auto&) {}));
}

}  // namespace
}  // namespace smbkit::smb1
