#include "smb2/change_notify.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"
#include "fscc/notify_information.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u16;
using file_testing::put_u32;
using file_testing::round_trip;
using file_testing::to_vector;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.35.
TEST(Smb2ChangeNotify, HandAssembledRequest) {
  auto bytes = message(Command::ChangeNotify, Body{}
                                                  .u16(32)      // StructureSize
                                                  .u16(0x0001)  // Flags: WATCH_TREE
                                                  .u32(4096)    // OutputBufferLength
                                                  .u64(0x41)    // FileId.Persistent
                                                  .u64(0x42)    // FileId.Volatile
                                                  .u32(0x17)    // CompletionFilter
                                                  .u32(0));     // Reserved
  auto req = ChangeNotifyRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->watch_tree());
  EXPECT_EQ(req->output_buffer_length, 4096u);
  EXPECT_EQ(req->file_id, (FileId{0x41, 0x42}));
  EXPECT_EQ(req->completion_filter,
            uint32_t{fscc::kFileNotifyChangeFileName | fscc::kFileNotifyChangeDirName |
                     fscc::kFileNotifyChangeAttributes | fscc::kFileNotifyChangeLastWrite});
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::ChangeNotify, *req, again));
  EXPECT_EQ(again, bytes);
  EXPECT_EQ(ChangeNotifyRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  bytes[kBody] = 33;
  EXPECT_FALSE(ChangeNotifyRequest::decode(bytes));
}

// MS-SMB2 2.2.36 with one FILE_NOTIFY_INFORMATION (MS-FSCC 2.7.1) as opaque bytes.
TEST(Smb2ChangeNotify, HandAssembledResponse) {
  Body entry;
  entry.u32(0).u32(1).u32(2).utf16("a");  // NextEntryOffset, Action ADDED, FileNameLength
  auto bytes = message(Command::ChangeNotify, Body{}
                                                  .u16(9)     // StructureSize
                                                  .u16(0x48)  // OutputBufferOffset
                                                  .u32(14)    // OutputBufferLength
                                                  .bytes(entry.bytes()),
                       true);
  auto resp = ChangeNotifyResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(to_vector(resp->output), entry.bytes());
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::ChangeNotify, *resp, again, true));
  EXPECT_EQ(again, bytes);
  auto bad = bytes;
  put_u32(bad, kBody + 4, 15);
  EXPECT_EQ(ChangeNotifyResponse::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 2, 0x40);
  EXPECT_FALSE(ChangeNotifyResponse::decode(bad));
  EXPECT_FALSE(ChangeNotifyResponse::decode(truncated(bytes, kBody + 7)));
}

TEST(Smb2ChangeNotify, EmptyResponseForNotifyEnumDir) {
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::ChangeNotify, ChangeNotifyResponse{}, bytes, true);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->output.empty());
  EXPECT_EQ(bytes.size(), kHeaderSize + 9);

  std::vector<uint8_t> out;
  ByteWriter w(out);
  file_testing::make_header(Command::ChangeNotify, true).encode(w);
  ChangeNotifyResponse::begin(w);
  w.bytes(std::vector<uint8_t>{1, 2, 3});
  ChangeNotifyResponse::finish(w, 0);
  auto in_place = ChangeNotifyResponse::decode(out);
  ASSERT_TRUE(in_place);
  EXPECT_EQ(in_place->output.size(), 3u);
}

}  // namespace
}  // namespace smbkit::smb2
