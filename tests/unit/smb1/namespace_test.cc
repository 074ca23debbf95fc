// The name-space commands (MS-CIFS 2.2.4.1, 2.2.4.2, 2.2.4.7, 2.2.4.8, 2.2.4.17, 2.2.4.66): byte
// layouts assembled by hand from the spec, round trips, and malformed blocks.
#include "smb1/namespace.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/file_types.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

// A block of `words` (bytes) and `data`, ByteCount filled in.
std::vector<uint8_t> message(Command cmd, bool unicode, std::vector<uint8_t> words,
                             const std::vector<uint8_t>& data) {
  auto bytes = raw_message(cmd, unicode, false, {static_cast<uint8_t>(words.size() / 2)});
  append(bytes, words);
  append(bytes, {static_cast<uint8_t>(data.size()), static_cast<uint8_t>(data.size() >> 8)});
  append(bytes, data);
  return bytes;
}

TEST(CreateDirectory, UnicodeRequestLayout) {
  // MS-CIFS 2.2.4.1.1: WordCount 0; BufferFormat 0x04 at offset 35, so the UTF-16 name starts at
  // the even offset 36 and needs no pad.
  std::vector<uint8_t> data = {0x04};
  append(data, utf16z("\\dir\\new"));
  auto bytes = message(Command::CreateDirectory, true, {}, data);
  auto req = decode_first<CreateDirectoryRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->directory_name, "\\dir\\new");
  EXPECT_EQ(build(Command::CreateDirectory, *req), bytes);
}

TEST(CreateDirectory, OemRequestLayout) {
  std::vector<uint8_t> data = {0x04, 'a', '\\', 'b', 0};
  auto bytes = message(Command::CreateDirectory, false, {}, data);
  auto req = decode_first<CreateDirectoryRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->directory_name, "a\\b");
  EXPECT_EQ(build(Command::CreateDirectory, *req, false), bytes);
}

TEST(DeleteDirectory, RoundTrips) {
  auto back = round_trip(Command::DeleteDirectory, DeleteDirectoryRequest{"old\\dir"});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->directory_name, "old\\dir");
}

TEST(CheckDirectory, RoundTripsBothCodings) {
  for (bool unicode : {true, false}) {
    auto back = round_trip(Command::CheckDirectory, CheckDirectoryRequest{"\\a\\b"}, unicode);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->directory_name, "\\a\\b");
  }
}

TEST(Delete, UnicodeRequestLayout) {
  // MS-CIFS 2.2.4.7.1: SearchAttributes hidden|system; BufferFormat at 37, name at 38.
  std::vector<uint8_t> data = {0x04};
  append(data, utf16z("*.tmp"));
  auto bytes = message(Command::Delete, true, {0x06, 0x00}, data);
  auto req = decode_first<DeleteRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->search_attributes, kSmbFileAttributeHidden | kSmbFileAttributeSystem);
  EXPECT_EQ(req->file_name, "*.tmp");
  EXPECT_EQ(build(Command::Delete, *req), bytes);
}

TEST(Rename, UnicodeRequestPadsTheSecondName) {
  // MS-CIFS 2.2.4.8.1: BufferFormat1 at 37, OldFileName at 38..49 ("a.txt" + NUL), BufferFormat2
  // at 50, then a pad byte so that NewFileName starts at the even offset 52.
  std::vector<uint8_t> data = {0x04};
  append(data, utf16z("a.txt"));
  append(data, {0x04, 0x00});
  append(data, utf16z("b.txt"));
  auto bytes = message(Command::Rename, true, {0x16, 0x00}, data);
  auto req = decode_first<RenameRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->search_attributes, 0x16);
  EXPECT_EQ(req->old_file_name, "a.txt");
  EXPECT_EQ(req->new_file_name, "b.txt");
  EXPECT_EQ(build(Command::Rename, *req), bytes);
}

TEST(Rename, OemRequestLayout) {
  std::vector<uint8_t> data = {0x04, 'o', 'l', 'd', 0, 0x04, 'n', 'e', 'w', 0};
  auto bytes = message(Command::Rename, false, {0x00, 0x00}, data);
  auto req = decode_first<RenameRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->old_file_name, "old");
  EXPECT_EQ(req->new_file_name, "new");
  EXPECT_EQ(build(Command::Rename, *req, false), bytes);
}

TEST(NtRename, RequestLayout) {
  // MS-CIFS 2.2.4.66.1: WordCount 4: SearchAttributes, InformationLevel, Reserved (ULONG).
  std::vector<uint8_t> data = {0x04};
  append(data, utf16z("x"));  // BufferFormat1 at 43, name at 44..47
  append(data, {0x04, 0x00});  // BufferFormat2 at 48, pad at 49
  append(data, utf16z("d\\y"));
  auto bytes = message(Command::NtRename, true, {0x00, 0x00, 0x03, 0x01, 0, 0, 0, 0}, data);
  auto req = decode_first<NtRenameRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->information_level, kNtRenameSetLinkInfo);
  EXPECT_EQ(req->old_file_name, "x");
  EXPECT_EQ(req->new_file_name, "d\\y");
  EXPECT_EQ(build(Command::NtRename, *req), bytes);
}

TEST(NtRename, RoundTripKeepsEveryField) {
  NtRenameRequest req;
  req.search_attributes = kSmbFileAttributeHidden;
  req.information_level = kNtRenameRenameFile;
  req.reserved = 0x01020304;
  req.old_file_name = "\\dir\\from";
  req.new_file_name = "\\dir\\to";
  for (bool unicode : {true, false}) {
    auto back = round_trip(Command::NtRename, req, unicode);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->search_attributes, req.search_attributes);
    EXPECT_EQ(back->information_level, req.information_level);
    EXPECT_EQ(back->reserved, req.reserved);
    EXPECT_EQ(back->old_file_name, req.old_file_name);
    EXPECT_EQ(back->new_file_name, req.new_file_name);
  }
}

TEST(Namespace, LastNameMayLackItsTerminator) {
  // Peers cut the last string short; the name then runs to the end of the block.
  std::vector<uint8_t> data = {0x04, 'd', 'i', 'r'};
  auto req =
      decode_first<CreateDirectoryRequest>(message(Command::CreateDirectory, false, {}, data));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->directory_name, "dir");
}

TEST(Namespace, MalformedRequestsFail) {
  // No BufferFormat at all.
  EXPECT_EQ(decode_first<CreateDirectoryRequest>(message(Command::CreateDirectory, false, {}, {}))
                .error(),
            NtStatus::InvalidSmb);
  // A BufferFormat other than 0x04 (0x01 is a data block).
  EXPECT_EQ(decode_first<DeleteDirectoryRequest>(
                message(Command::DeleteDirectory, false, {}, {0x01, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  // WordCount 1 where the spec says 0, and 0 where it says 1.
  EXPECT_EQ(decode_first<CheckDirectoryRequest>(
                message(Command::CheckDirectory, false, {0, 0}, {0x04, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<DeleteRequest>(message(Command::Delete, false, {}, {0x04, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  // RENAME whose first name is not terminated cannot say where the second starts.
  EXPECT_EQ(decode_first<RenameRequest>(message(Command::Rename, false, {0, 0}, {0x04, 'a', 'b'}))
                .error(),
            NtStatus::InvalidSmb);
  // RENAME without its second BufferFormat.
  EXPECT_EQ(decode_first<RenameRequest>(message(Command::Rename, false, {0, 0}, {0x04, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  // NT_RENAME with three words.
  EXPECT_EQ(decode_first<NtRenameRequest>(
                message(Command::NtRename, false, {0, 0, 4, 1, 0, 0}, {4, 'a', 0, 4, 'b', 0}))
                .error(),
            NtStatus::InvalidSmb);
}

TEST(Namespace, InvalidUtf16NameIsObjectNameInvalid) {
  std::vector<uint8_t> lone_surrogate = {0x04, 0x00, 0xD8, 0, 0};
  EXPECT_EQ(decode_first<CreateDirectoryRequest>(
                message(Command::CreateDirectory, true, {}, lone_surrogate))
                .error(),
            NtStatus::ObjectNameInvalid);
  std::vector<uint8_t> rename = {0x04, 0x00, 0xD8, 0, 0, 0x04, 0x00};
  append(rename, utf16z("b"));
  EXPECT_EQ(decode_first<RenameRequest>(message(Command::Rename, true, {0, 0}, rename)).error(),
            NtStatus::ObjectNameInvalid);
}

TEST(Namespace, ByteCountPastTheMessageFails) {
  auto bytes = message(Command::Delete, false, {0, 0}, {0x04, 'a', 0});
  bytes[35] = 0x40;  // ByteCount 0x40, but three bytes follow
  EXPECT_EQ(decode_first<DeleteRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(Namespace, EveryTruncationFailsCleanly) {
  RenameRequest req{0x16, "\\some\\old name.txt", "\\some\\new name.txt"};
  auto bytes = build(Command::Rename, req);
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    EXPECT_FALSE(decode_first<RenameRequest>(cut)) << "length " << n;
  }
}

TEST(EmptyResponses, LayoutAndDecode) {
  auto bytes = build(Command::Delete, DeleteResponse{}, true, true);
  ASSERT_EQ(bytes.size(), kHeaderSize + 3);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<DeleteResponse>(bytes));
  EXPECT_TRUE(round_trip(Command::Rename, RenameResponse{}, true, true));
  EXPECT_TRUE(round_trip(Command::NtRename, NtRenameResponse{}, true, true));
  EXPECT_TRUE(round_trip(Command::CreateDirectory, CreateDirectoryResponse{}, true, true));
  EXPECT_TRUE(round_trip(Command::DeleteDirectory, DeleteDirectoryResponse{}, true, true));
  EXPECT_TRUE(round_trip(Command::CheckDirectory, CheckDirectoryResponse{}, true, true));
}

TEST(EmptyResponses, AnythingInTheBlockIsMalformed) {
  auto words = raw_message(Command::Delete, true, true, {1, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<DeleteResponse>(words).error(), NtStatus::InvalidNetworkResponse);
  auto data = raw_message(Command::Delete, true, true, {0, 1, 0, 0});
  EXPECT_EQ(decode_first<DeleteResponse>(data).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
