// Writing: WRITE_ANDX sizes (MaxBufferSize, CAP_LARGE_WRITEX), pipelining within MaxMpxCount,
// short writes sent again, write-through, failures; and FLUSH.
#include <algorithm>

#include <gtest/gtest.h>

#include "logged_on_session.h"
#include "smb1/flush.h"
#include "smb1/read_write.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::LoggedOnSessionTest;
using testing::one;
using testing::run;

constexpr uint16_t kFid = 0x4001;

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 13 + i / 253);
  return v;
}

// A source over `data`, handing out at most `piece` bytes per call (as a pipe would).
DataSource source_of(const std::vector<uint8_t>& data, size_t piece = SIZE_MAX) {
  auto at = std::make_shared<size_t>(0);
  return [&data, at, piece](std::span<uint8_t> buffer) -> Result<size_t> {
    size_t n = std::min({buffer.size(), data.size() - *at, piece});
    std::copy_n(data.begin() + *at, n, buffer.begin());
    *at += n;
    return n;
  };
}

class WriteTest : public LoggedOnSessionTest {
 protected:
  // WRITE_ANDX into `file_`, at most `write_cap_` bytes per request.
  void serve_writes() {
    server_.handlers[Command::WriteAndX] = [this](const smb1::Message& m) {
      auto req = smb1::WriteAndXRequest::decode(m.blocks[0]);
      if (!req || req->fid != kFid) return one(reply(Command::WriteAndX, NtStatus::InvalidHandle));
      if (disk_full_) return one(reply(Command::WriteAndX, NtStatus::DiskFull));
      sizes_.push_back(req->data.size());
      modes_.push_back(req->write_mode);
      size_t n = std::min(req->data.size(), write_cap_);
      if (zero_writes_) n = 0;
      if (file_.size() < req->offset + n) file_.resize(req->offset + n);
      std::copy_n(req->data.begin(), n, file_.begin() + req->offset);
      smb1::WriteAndXResponse resp{static_cast<uint32_t>(n + overcount_), 0};
      return one(reply(Command::WriteAndX, NtStatus::Success,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
  }

  FileHandle file() const { return FileHandle{testing::kTid, kFid, 0, 0, false}; }

  std::vector<uint8_t> file_;
  std::vector<size_t> sizes_;
  std::vector<uint16_t> modes_;
  size_t write_cap_ = SIZE_MAX;
  bool zero_writes_ = false;
  bool disk_full_ = false;
  uint32_t overcount_ = 0;
};

TEST_F(WriteTest, WriteAllKeepsToMaxBufferSizeAndPipelines) {
  connect();
  serve_writes();
  EXPECT_EQ(session_->max_write_size(), 4096u - 64u);  // no CAP_LARGE_WRITEX
  auto content = pattern(20000);
  auto n = run(io_, session_->write_all(file(), source_of(content, 1000), WriteOptions{}));
  ASSERT_TRUE(n) << status_name(n.error());
  EXPECT_EQ(*n, content.size());
  EXPECT_EQ(file_, content);
  for (size_t size : sizes_) EXPECT_LE(size, 4032u);
  EXPECT_GT(fake_->max_in_flight, 1u);  // pipelined ...
  EXPECT_LE(fake_->max_in_flight, 3u);  // ... within MaxMpxCount
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WriteTest, FirstRequestHasTheSpecifiedLayout) {
  connect();
  serve_writes();
  std::vector<uint8_t> content{'a', 'b', 'c'};
  ASSERT_TRUE(run(io_, session_->write_all(file(), source_of(content), WriteOptions{})));
  auto writes = sent(Command::WriteAndX);
  ASSERT_EQ(writes.size(), 1u);
  const smb1::Block& b = writes[0].blocks[0];
  EXPECT_EQ(writes[0].header.tid, testing::kTid);
  EXPECT_EQ(writes[0].header.uid, testing::kUid);
  // MS-CIFS 2.2.4.43.1 with OffsetHigh: 14 words; DataOffset 64 (32 + 1 + 28 + 2 + 1 pad).
  std::vector<uint8_t> words(b.words().begin(), b.words().end());
  EXPECT_EQ(words, (std::vector<uint8_t>{
                       0xFF, 0x00, 0x00, 0x00,  // no AndX
                       0x01, 0x40,              // FID
                       0x00, 0x00, 0x00, 0x00,  // Offset
                       0x00, 0x00, 0x00, 0x00,  // Timeout
                       0x00, 0x00,              // WriteMode
                       0x00, 0x00,              // Remaining
                       0x00, 0x00,              // DataLengthHigh
                       0x03, 0x00,              // DataLength
                       0x40, 0x00,              // DataOffset
                       0x00, 0x00, 0x00, 0x00,  // OffsetHigh
                   }));
  EXPECT_EQ(b.byte_count, 4);  // pad + 3 bytes
  auto* event = find_event(Direction::ClientToServer, "SMB_COM_WRITE_ANDX");
  EXPECT_EQ(field(event, "fid"), "0x4001");
  EXPECT_EQ(field(event, "offset"), "0");
  EXPECT_EQ(field(event, "count"), "3");
  auto* answer = find_event(Direction::ServerToClient, "SMB_COM_WRITE_ANDX");
  EXPECT_EQ(field(answer, "count"), "3");
}

TEST_F(WriteTest, LargeWritesWithCapLargeWriteXAre64KiB) {
  Server server;
  server.capabilities |= smb1::kCapLargeWriteX;
  server.max_mpx_count = 50;
  connect(server);
  serve_writes();
  EXPECT_EQ(session_->max_write_size(), 65536u);
  auto content = pattern(300000);
  auto n = run(io_, session_->write_all(file(), source_of(content), WriteOptions{}));
  ASSERT_TRUE(n);
  EXPECT_EQ(file_, content);
  ASSERT_FALSE(sizes_.empty());
  EXPECT_EQ(sizes_[0], 65536u);
  // DataLengthHigh carries the 64 KiB: words 9 and 10 are DataLengthHigh 1, DataLength 0.
  auto first = sent(Command::WriteAndX).at(0);
  auto words = first.blocks[0].words();
  EXPECT_EQ(words[18] | words[19] << 8, 1);
  EXPECT_EQ(words[20] | words[21] << 8, 0);
  // The whole message fits a 17-bit frame.
  for (const auto& bytes : fake_->sent) EXPECT_LE(bytes.size(), 0x1FFFFu);
}

TEST_F(WriteTest, WriteThroughSetsWriteMode) {
  connect();
  serve_writes();
  auto content = pattern(10000);
  WriteOptions options;
  options.write_through = true;
  ASSERT_TRUE(run(io_, session_->write_all(file(), source_of(content), options)));
  ASSERT_FALSE(modes_.empty());
  for (uint16_t mode : modes_) EXPECT_EQ(mode, smb1::kWritethrough);
  auto* event = find_event(Direction::ClientToServer, "SMB_COM_WRITE_ANDX");
  EXPECT_EQ(field(event, "write_through"), "1");
}

TEST_F(WriteTest, ShortWritesAreSentAgain) {
  connect();
  serve_writes();
  write_cap_ = 1000;  // the server's own limit per write
  auto content = pattern(12345);
  auto n = run(io_, session_->write_all(file(), source_of(content), WriteOptions{}));
  ASSERT_TRUE(n) << status_name(n.error());
  EXPECT_EQ(*n, content.size());
  EXPECT_EQ(file_, content);
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WriteTest, WritingNothingIsADiskFull) {
  connect();
  serve_writes();
  zero_writes_ = true;
  auto content = pattern(100);
  auto n = run(io_, session_->write_all(file(), source_of(content), WriteOptions{}));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::DiskFull);
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WriteTest, ServerErrorStopsTheTransfer) {
  connect();
  serve_writes();
  disk_full_ = true;
  auto content = pattern(50000);
  auto n = run(io_, session_->write_all(file(), source_of(content), WriteOptions{}));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::DiskFull);
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WriteTest, SourceErrorStopsTheTransfer) {
  connect();
  serve_writes();
  int calls = 0;
  DataSource failing = [&](std::span<uint8_t> buffer) -> Result<size_t> {
    if (++calls > 3) return fail(NtStatus::AccessDenied);
    std::fill(buffer.begin(), buffer.end(), 7);
    return buffer.size();
  };
  auto n = run(io_, session_->write_all(file(), failing, WriteOptions{}));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::AccessDenied);
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WriteTest, CountBeyondTheRequestIsInvalid) {
  connect();
  serve_writes();
  overcount_ = 1;
  auto content = pattern(10);
  auto n = run(io_, session_->write(file(), 0, content, WriteOptions{}));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(WriteTest, WriteAtAnOffsetBeyond4GiB) {
  connect();
  serve_writes();
  std::vector<uint8_t> content{1, 2};
  uint64_t offset = 0x100000000ull + 5;
  server_.handlers[Command::WriteAndX] = [&](const smb1::Message& m) {
    auto req = smb1::WriteAndXRequest::decode(m.blocks[0]);
    EXPECT_TRUE(req);
    if (req) EXPECT_EQ(req->offset, offset);
    smb1::WriteAndXResponse resp{2, 0};
    return one(reply(Command::WriteAndX, NtStatus::Success,
                     [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
  };
  auto n = run(io_, session_->write(file(), offset, content, WriteOptions{}));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2u);
}

TEST_F(WriteTest, EmptySourceWritesNothing) {
  connect();
  serve_writes();
  std::vector<uint8_t> none;
  auto n = run(io_, session_->write_all(file(), source_of(none), WriteOptions{}));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
  EXPECT_TRUE(sent(Command::WriteAndX).empty());
}

TEST(OpenOptionsTest, ReplaceFileCreatesOrEmpties) {
  auto o = OpenOptions::replace_file();
  EXPECT_EQ(o.desired_access, 0x0012019Fu);  // FILE_GENERIC_READ | FILE_GENERIC_WRITE
  EXPECT_EQ(o.share_access, 0x00000007u);
  EXPECT_EQ(o.create_disposition, 0x00000005u);  // FILE_OVERWRITE_IF
  EXPECT_EQ(o.create_options, 0x00000040u);      // FILE_NON_DIRECTORY_FILE
  EXPECT_EQ(OpenOptions::replace_file(true).create_options, 0x00000042u);  // + WRITE_THROUGH
}

TEST_F(WriteTest, FlushSendsTheFid) {
  connect();
  uint16_t flushed = 0;
  server_.handlers[Command::Flush] = [&](const smb1::Message& m) {
    auto req = smb1::FlushRequest::decode(m.blocks[0]);
    flushed = req ? req->fid : 0;
    return one(reply(Command::Flush, NtStatus::Success,
                     [](smb1::MessageWriter& mw) { smb1::FlushResponse{}.encode(mw); }));
  };
  ASSERT_TRUE(run(io_, session_->flush(file())));
  EXPECT_EQ(flushed, kFid);
  auto request = sent(Command::Flush).at(0);
  EXPECT_EQ(request.blocks[0].word_count, 1);
  EXPECT_EQ(request.header.tid, testing::kTid);
}

TEST_F(WriteTest, FlushRefusesAReplyWithWords) {
  connect();
  server_.handlers[Command::Flush] = [&](const smb1::Message&) {
    return one(reply(Command::Flush, NtStatus::Success, [](smb1::MessageWriter& mw) {
      mw.begin_block(static_cast<uint8_t>(Command::Flush)).u16(0);
      mw.begin_data();
      mw.end_block();
    }));
  };
  auto flushed = run(io_, session_->flush(file()));
  ASSERT_FALSE(flushed);
  EXPECT_EQ(flushed.error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::client
