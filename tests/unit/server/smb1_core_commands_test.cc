// The core protocol's file commands through the processor: SMB_COM_OPEN, CREATE, CREATE_NEW,
// CREATE_TEMPORARY, READ, WRITE, WRITE_AND_CLOSE, LOCK/UNLOCK_BYTE_RANGE, PROCESS_EXIT,
// SET_INFORMATION2 and QUERY_INFORMATION2 (MS-CIFS 3.3.5.5 - 3.3.5.20, 3.3.5.34).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "smb1/core_lock.h"
#include "smb1/core_open.h"
#include "smb1/core_read_write.h"
#include "smb1/information2.h"
#include "smb1_session_fixture.h"
#include "wire/filetime.h"

namespace smbkit::server {
namespace {

using smb1::Command;

class Smb1CoreCommandsTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    negotiate_and_logon();
    tree_connect();
  }

  smb1::Header header(Command command, uint16_t pid = 100) {
    smb1::Header h = request_header(static_cast<uint8_t>(command));
    h.pid_low = pid;
    return h;
  }

  // Sends `body` as `command`'s request and returns the parsed reply.
  template <class T>
  smb1::Message call(Command command, const T& body, uint16_t pid = 100) {
    return exchange(header(command, pid), [&](smb1::MessageWriter& w) { body.encode(w); });
  }

  // CREATE or CREATE_NEW of `name`: the FID, or 0 with the status in `*status`.
  uint16_t create(Command command, const std::string& name, NtStatus* status = nullptr,
                  uint16_t attributes = 0, uint32_t time = 0, uint16_t pid = 100) {
    auto reply = call(command, smb1::CoreCreateRequest{command, attributes, time, name}, pid);
    if (status) *status = reply.header.status;
    if (reply.header.status != NtStatus::Success) return 0;
    auto resp = smb1::CoreCreateResponse::decode(reply.blocks.at(0));
    EXPECT_TRUE(resp);
    return resp ? resp->fid : 0;
  }

  NtStatus write(uint16_t fid, uint32_t offset, const std::string& text, uint16_t pid = 100) {
    smb1::CoreWriteRequest req;
    req.fid = fid;
    req.count = static_cast<uint16_t>(text.size());
    req.offset = offset;
    req.data = Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    auto reply = call(Command::Write, req, pid);
    if (reply.header.status == NtStatus::Success) {
      auto resp = smb1::CoreWriteResponse::decode(reply.blocks.at(0));
      EXPECT_TRUE(resp);
      if (resp) EXPECT_EQ(resp->count, text.size());
    }
    return reply.header.status;
  }

  // READ of `count` bytes: the data, or the status in `*status`.
  std::string read(uint16_t fid, uint32_t offset, uint16_t count, NtStatus* status = nullptr,
                   uint16_t pid = 100) {
    auto reply = call(Command::Read, smb1::CoreReadRequest{fid, count, offset, 0}, pid);
    if (status) *status = reply.header.status;
    if (reply.header.status != NtStatus::Success) return {};
    auto resp = smb1::CoreReadResponse::decode(reply.blocks.at(0));
    EXPECT_TRUE(resp);
    return resp ? std::string(resp->data.begin(), resp->data.end()) : std::string();
  }

  NtStatus lock(Command command, uint16_t fid, uint32_t offset, uint32_t count, uint16_t pid) {
    return call(command, smb1::ByteRangeLockRequest{command, fid, count, offset}, pid)
        .header.status;
  }

  uint64_t size_on_disk(const std::string& name) {
    struct stat st {};
    EXPECT_EQ(::stat((root_ + "/" + name).c_str(), &st), 0);
    return static_cast<uint64_t>(st.st_size);
  }
};

TEST_F(Smb1CoreCommandsTest, CreateNewCollidesAndCreateTruncates) {
  NtStatus status;
  uint16_t fid = create(Command::CreateNew, "\\new.txt", &status);
  ASSERT_EQ(status, NtStatus::Success);
  ASSERT_EQ(write(fid, 0, "hello"), NtStatus::Success);
  create(Command::CreateNew, "\\new.txt", &status);
  EXPECT_EQ(status, NtStatus::ObjectNameCollision);
  // CREATE opens the existing file (compatibility sharing lets it) and truncates it.
  uint16_t again = create(Command::Create, "\\new.txt", &status);
  ASSERT_EQ(status, NtStatus::Success);
  EXPECT_NE(again, fid);
  EXPECT_EQ(size_on_disk("new.txt"), 0u);
}

TEST_F(Smb1CoreCommandsTest, CreateAppliesAttributesAndWriteTime) {
  constexpr uint32_t kTime = 1700000000;  // 2023-11-14
  NtStatus status;
  uint16_t fid = create(Command::Create, "\\t.txt", &status, kFileAttributeHidden, kTime);
  ASSERT_EQ(status, NtStatus::Success);
  auto reply = call(Command::QueryInformation2, smb1::QueryInformation2Request{fid});
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto info = smb1::QueryInformation2Response::decode(reply.blocks.at(0));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->file_attributes, kFileAttributeHidden | kFileAttributeArchive);
  auto written = smb1::dos_date_time_from_filetime(filetime_from_utime(kTime));
  EXPECT_EQ(info->last_write.date, written.date);
  EXPECT_EQ(info->last_write.time, written.time);
}

TEST_F(Smb1CoreCommandsTest, OpenFindsOnlyExistingFilesWithTheAccessAsked) {
  auto missing = call(Command::Open, smb1::CoreOpenRequest{0x0042, 0, "\\none.txt"});
  EXPECT_EQ(missing.header.status, NtStatus::ObjectNameNotFound);
  std::ofstream(root_ + "/data.txt") << "0123456789";
  // Read-only, deny none: the reply tells size, attributes and the mode granted.
  auto reply = call(Command::Open, smb1::CoreOpenRequest{0x0040, 0, "\\data.txt"});
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::CoreOpenResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->file_size, 10u);
  EXPECT_EQ(resp->access_mode, 0x0040);
  EXPECT_EQ(resp->file_attrs, kFileAttributeArchive);
  EXPECT_EQ(read(resp->fid, 2, 3), "234");
  EXPECT_EQ(write(resp->fid, 0, "x"), NtStatus::AccessDenied);
  // An FCB open (0x00FF) reads and writes.
  auto fcb = call(Command::Open, smb1::CoreOpenRequest{0x00FF, 0, "\\data.txt"});
  ASSERT_EQ(fcb.header.status, NtStatus::Success);
  auto fcb_resp = smb1::CoreOpenResponse::decode(fcb.blocks.at(0));
  ASSERT_TRUE(fcb_resp);
  EXPECT_EQ(write(fcb_resp->fid, 0, "x"), NtStatus::Success);
}

TEST_F(Smb1CoreCommandsTest, OplockAskedInFlagsIsGrantedInFlags) {
  std::ofstream(root_ + "/op.txt") << "x";
  smb1::Header h = header(Command::Open);
  h.flags |= smb1::kFlagsOplock | smb1::kFlagsOpbatch;
  auto reply = exchange(h, [](smb1::MessageWriter& w) {
    smb1::CoreOpenRequest{0x0042, 0, "\\op.txt"}.encode(w);
  });
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  EXPECT_EQ(reply.header.flags & (smb1::kFlagsOplock | smb1::kFlagsOpbatch),
            smb1::kFlagsOplock | smb1::kFlagsOpbatch);
}

TEST_F(Smb1CoreCommandsTest, ReadsAndWritesMoveDataAndZeroWriteSetsTheSize) {
  uint16_t fid = create(Command::Create, "\\rw.txt");
  ASSERT_NE(fid, 0);
  EXPECT_EQ(read(fid, 0, 100), "");  // an empty file reads as nothing, successfully
  ASSERT_EQ(write(fid, 4, "abcdefghi"), NtStatus::Success);
  EXPECT_EQ(read(fid, 0, 13), std::string("\0\0\0\0abcdefghi", 13));
  EXPECT_EQ(read(fid, 10, 100), "ghi");  // fewer bytes at the end of the file
  // MS-CIFS 2.2.4.12.1: a zero count truncates, or extends, the file to the offset.
  ASSERT_EQ(write(fid, 6, ""), NtStatus::Success);
  EXPECT_EQ(size_on_disk("rw.txt"), 6u);
  ASSERT_EQ(write(fid, 4096, ""), NtStatus::Success);
  EXPECT_EQ(size_on_disk("rw.txt"), 4096u);
  NtStatus status;
  read(static_cast<uint16_t>(fid + 1), 0, 1, &status);
  EXPECT_EQ(status, NtStatus::InvalidHandle);
  // A count with no data behind it (smbtorture raw.write.bad-write).
  smb1::CoreWriteRequest bad;
  bad.fid = fid;
  bad.count = 0xFFFF;
  EXPECT_EQ(call(Command::Write, bad).header.status, NtStatus::InvalidParameter);
  EXPECT_EQ(size_on_disk("rw.txt"), 4096u);
}

TEST_F(Smb1CoreCommandsTest, WriteAndCloseWritesThenClosesButZeroCountKeepsTheHandle) {
  uint16_t fid = create(Command::Create, "\\wc.txt");
  ASSERT_NE(fid, 0);
  smb1::WriteAndCloseRequest req;
  req.fid = fid;
  auto zero = call(Command::WriteAndClose, req);
  ASSERT_EQ(zero.header.status, NtStatus::Success);
  EXPECT_EQ(read(fid, 0, 1), "");  // still open
  static const uint8_t kData[] = {'d', 'a', 't', 'a'};
  req.offset = 2;
  req.data = Bytes(kData);
  auto reply = call(Command::WriteAndClose, req);
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::CoreWriteResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->command, Command::WriteAndClose);
  EXPECT_EQ(resp->count, 4);
  EXPECT_EQ(call(Command::WriteAndClose, req).header.status, NtStatus::InvalidHandle);
  EXPECT_EQ(size_on_disk("wc.txt"), 6u);
}

TEST_F(Smb1CoreCommandsTest, ByteRangeLocksFollowThePid) {
  uint16_t fid = create(Command::Create, "\\lock.txt");
  ASSERT_NE(fid, 0);
  ASSERT_EQ(write(fid, 0, "0123456789"), NtStatus::Success);
  EXPECT_EQ(lock(Command::LockByteRange, fid, 0, 4, 100), NtStatus::Success);
  EXPECT_EQ(lock(Command::LockByteRange, fid, 0, 4, 101), NtStatus::LockNotGranted);
  // Another PID's read and write of the range conflict; the owner's go through.
  NtStatus status;
  read(fid, 0, 2, &status, 101);
  EXPECT_EQ(status, NtStatus::FileLockConflict);
  EXPECT_EQ(write(fid, 1, "x", 101), NtStatus::FileLockConflict);
  EXPECT_EQ(read(fid, 0, 2), "01");
  EXPECT_EQ(lock(Command::UnlockByteRange, fid, 0, 4, 101), NtStatus::RangeNotLocked);
  EXPECT_EQ(lock(Command::UnlockByteRange, fid, 0, 4, 100), NtStatus::Success);
  EXPECT_EQ(lock(Command::UnlockByteRange, fid, 0, 4, 100), NtStatus::RangeNotLocked);
  EXPECT_EQ(lock(Command::LockByteRange, fid, 0, 4, 101), NtStatus::Success);
}

TEST_F(Smb1CoreCommandsTest, ProcessExitClosesOnlyThatPidsFiles) {
  uint16_t mine = create(Command::Create, "\\a.txt", nullptr, 0, 0, 100);
  uint16_t theirs = create(Command::Create, "\\b.txt", nullptr, 0, 0, 200);
  ASSERT_NE(mine, 0);
  ASSERT_NE(theirs, 0);
  ASSERT_EQ(lock(Command::LockByteRange, mine, 0, 1, 100), NtStatus::Success);
  auto reply = call(Command::ProcessExit, smb1::ProcessExitRequest{}, 100);
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  EXPECT_EQ(reply.blocks.at(0).word_count, 0);
  NtStatus status;
  read(mine, 0, 1, &status);
  EXPECT_EQ(status, NtStatus::InvalidHandle);
  read(theirs, 0, 1, &status, 200);
  EXPECT_EQ(status, NtStatus::Success);
  // The closed handle's lock went with it: a new open can take the range.
  uint16_t again = create(Command::Create, "\\a.txt");
  EXPECT_EQ(lock(Command::LockByteRange, again, 0, 1, 300), NtStatus::Success);
}

TEST_F(Smb1CoreCommandsTest, CreateTemporaryMakesAUniqueFileInTheDirectory) {
  std::filesystem::create_directory(root_ + "/tmp");
  std::string names[2];
  for (auto& name : names) {
    auto reply = call(Command::CreateTemporary, smb1::CreateTemporaryRequest{0, 0, "\\tmp"});
    ASSERT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::CreateTemporaryResponse::decode(reply.blocks.at(0));
    ASSERT_TRUE(resp);
    name = resp->file_name;
    EXPECT_TRUE(std::filesystem::exists(root_ + "/tmp/" + name)) << name;
    ASSERT_EQ(write(resp->fid, 0, "t"), NtStatus::Success);
  }
  EXPECT_NE(names[0], names[1]);
  auto missing = call(Command::CreateTemporary, smb1::CreateTemporaryRequest{0, 0, "\\nodir"});
  EXPECT_EQ(missing.header.status, NtStatus::ObjectPathNotFound);
}

TEST_F(Smb1CoreCommandsTest, SetInformation2SetsTimesQueryInformation2ReportsThem) {
  uint16_t fid = create(Command::Create, "\\times.txt");
  ASSERT_NE(fid, 0);
  ASSERT_EQ(write(fid, 0, "12345"), NtStatus::Success);
  smb1::SetInformation2Request set;
  set.fid = fid;
  set.last_access = {static_cast<uint16_t>((43 << 9) | (3 << 5) | 4), (10 << 11) | (20 << 5)};
  set.last_write = {static_cast<uint16_t>((44 << 9) | (5 << 5) | 6), (11 << 11) | (30 << 5) | 7};
  ASSERT_EQ(call(Command::SetInformation2, set).header.status, NtStatus::Success);
  auto reply = call(Command::QueryInformation2, smb1::QueryInformation2Request{fid});
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto info = smb1::QueryInformation2Response::decode(reply.blocks.at(0));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->last_write.date, set.last_write.date);
  EXPECT_EQ(info->last_write.time, set.last_write.time);
  EXPECT_EQ(info->last_access.date, set.last_access.date);
  EXPECT_EQ(info->file_data_size, 5u);
  EXPECT_EQ(info->file_attributes, kFileAttributeArchive);
}

}  // namespace
}  // namespace smbkit::server
