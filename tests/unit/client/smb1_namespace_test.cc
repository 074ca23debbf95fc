// Names in a share: CREATE_DIRECTORY, DELETE_DIRECTORY, DELETE (with the client-side wildcard
// fallback), RENAME and TRANS2_SET_PATH_INFORMATION, as the client puts them on the wire.
#include <gtest/gtest.h>

#include "fscc/set_info_classes.h"
#include "logged_on_session.h"
#include "smb1/file_types.h"
#include "smb1/namespace.h"
#include "smb1/trans2.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_set.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::LoggedOnSessionTest;
using testing::one;
using testing::Replies;
using testing::run;

std::vector<uint8_t> block_bytes(const smb1::Message& m) {
  const smb1::Block& b = m.blocks.at(0);
  auto all = b.message.subspan(b.words_offset - 1);
  return std::vector<uint8_t>(all.begin(), all.end());
}

class NamespaceTest : public LoggedOnSessionTest {
 protected:
  void SetUp() override { connect(); }

  // Answers `command` with an empty block, or with `status` when set.
  template <Command C>
  void serve_empty(NtStatus status = NtStatus::Success) {
    server_.handlers[C] = [this, status](const smb1::Message&) {
      if (status != NtStatus::Success) return one(reply(C, status));
      return one(reply(C, NtStatus::Success, [](smb1::MessageWriter& mw) {
        smb1::EmptyResponse<C>{}.encode(mw);
      }));
    };
  }

  std::vector<uint8_t> trans2_reply(std::vector<uint8_t> parameters, std::vector<uint8_t> data) {
    smb1::Trans2Response resp;
    resp.total_parameter_count = static_cast<uint16_t>(parameters.size());
    resp.total_data_count = static_cast<uint16_t>(data.size());
    resp.parameters = std::move(parameters);
    resp.data = std::move(data);
    return reply(Command::Transaction2, NtStatus::Success,
                 [&](smb1::MessageWriter& mw) { resp.encode(mw); });
  }
};

TEST_F(NamespaceTest, MkdirSendsCreateDirectory) {
  serve_empty<Command::CreateDirectory>();
  ASSERT_TRUE(run(io_, session_->mkdir(testing::kTid, "a/b")));
  auto requests = sent(Command::CreateDirectory);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].header.tid, testing::kTid);
  // MS-CIFS 2.2.4.1.1: WordCount 0, ByteCount 11, BufferFormat 0x04, "\a\b" in UTF-16LE with
  // its terminator, starting at offset 36 (even: no pad).
  EXPECT_EQ(block_bytes(requests[0]),
            (std::vector<uint8_t>{0x00, 0x0B, 0x00, 0x04, '\\', 0, 'a', 0, '\\', 0, 'b', 0, 0,
                                  0}));
  auto* event = find_event(Direction::ClientToServer, "SMB_COM_CREATE_DIRECTORY");
  EXPECT_EQ(field(event, "name"), "\\a\\b");
}

TEST_F(NamespaceTest, MkdirReportsTheServersStatus) {
  serve_empty<Command::CreateDirectory>(NtStatus::ObjectNameCollision);
  auto made = run(io_, session_->mkdir(testing::kTid, "a"));
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error(), NtStatus::ObjectNameCollision);
}

TEST_F(NamespaceTest, RmdirSendsDeleteDirectory) {
  serve_empty<Command::DeleteDirectory>();
  ASSERT_TRUE(run(io_, session_->rmdir(testing::kTid, "old")));
  auto req = smb1::DeleteDirectoryRequest::decode(sent(Command::DeleteDirectory).at(0).blocks[0]);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->directory_name, "\\old");
}

TEST_F(NamespaceTest, UnlinkSendsDeleteWithHiddenAndSystem) {
  serve_empty<Command::Delete>();
  ASSERT_TRUE(run(io_, session_->unlink(testing::kTid, "d/f.txt")));
  auto requests = sent(Command::Delete);
  ASSERT_EQ(requests.size(), 1u);
  // MS-CIFS 2.2.4.7.1: WordCount 1, SearchAttributes 0x0006; ByteCount 19, BufferFormat,
  // "\d\f.txt" from offset 38.
  std::vector<uint8_t> expected{0x01, 0x06, 0x00, 0x13, 0x00, 0x04};
  for (char c : std::string("\\d\\f.txt")) {
    expected.push_back(static_cast<uint8_t>(c));
    expected.push_back(0);
  }
  expected.push_back(0);
  expected.push_back(0);
  EXPECT_EQ(block_bytes(requests[0]), expected);
}

TEST_F(NamespaceTest, UnlinkLetsTheServerMatchWildcards) {
  serve_empty<Command::Delete>();
  ASSERT_TRUE(run(io_, session_->unlink(testing::kTid, "d/*.tmp")));
  auto req = smb1::DeleteRequest::decode(sent(Command::Delete).at(0).blocks[0]);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_name, "\\d\\*.tmp");
  EXPECT_EQ(server_.seen, std::vector<Command>{Command::Delete});
}

// A server that refuses wildcards in DELETE, as Samba 4 does: the client lists and deletes.
class WildcardFallbackTest : public NamespaceTest {
 protected:
  void serve(std::vector<smbkit::FileInfo> listing) {
    server_.handlers[Command::Delete] = [this](const smb1::Message& m) {
      auto req = smb1::DeleteRequest::decode(m.blocks[0]);
      if (!req || req->file_name.find('*') != std::string::npos)
        return one(reply(Command::Delete, NtStatus::ObjectNameInvalid));
      deleted_.push_back(req->file_name);
      return one(reply(Command::Delete, NtStatus::Success, [](smb1::MessageWriter& mw) {
        smb1::DeleteResponse{}.encode(mw);
      }));
    };
    server_.handlers[Command::Transaction2] = [this, listing](const smb1::Message& m) {
      auto req = smb1::Trans2Request::decode(m.blocks[0]);
      auto find = smb1::FindFirst2Request::decode(req->parameters, true);
      pattern_ = find ? find->file_name : "";
      if (listing.empty()) return one(reply(Command::Transaction2, NtStatus::NoSuchFile));
      std::vector<uint8_t> data;
      EXPECT_TRUE(smb1::encode_find_entries(find->information_level, listing, 60000, true, data));
      smb1::FindFirst2ResponseParameters p;
      p.sid = 7;
      p.search_count = static_cast<uint16_t>(listing.size());
      p.end_of_search = 1;
      return one(trans2_reply(p.encode(), data));
    };
  }

  static smbkit::FileInfo entry(const std::string& name, bool dir) {
    smbkit::FileInfo f;
    f.name = name;
    f.is_directory = dir;
    f.attributes = dir ? kFileAttributeDirectory : kFileAttributeArchive;
    return f;
  }

  std::vector<std::string> deleted_;
  std::string pattern_;
};

TEST_F(WildcardFallbackTest, DeletesEachMatchingFile) {
  serve({entry("a.tmp", false), entry("dir.tmp", true), entry("b.tmp", false)});
  auto removed = run(io_, session_->unlink(testing::kTid, "d/*.tmp"));
  ASSERT_TRUE(removed) << status_name(removed.error());
  EXPECT_EQ(pattern_, "\\d\\*.tmp");
  EXPECT_EQ(deleted_, (std::vector<std::string>{"\\d\\a.tmp", "\\d\\b.tmp"}));
}

TEST_F(WildcardFallbackTest, NoMatchIsNoSuchFile) {
  serve({});
  auto removed = run(io_, session_->unlink(testing::kTid, "*.none"));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error(), NtStatus::NoSuchFile);
  EXPECT_EQ(pattern_, "\\*.none");
}

TEST_F(WildcardFallbackTest, OnlyDirectoriesMatchingIsNoSuchFile) {
  serve({entry("x.d", true)});
  auto removed = run(io_, session_->unlink(testing::kTid, "*.d"));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error(), NtStatus::NoSuchFile);
  EXPECT_TRUE(deleted_.empty());
}

TEST_F(WildcardFallbackTest, AnInvalidNameWithoutWildcardsIsNotListed) {
  serve({entry("a", false)});
  server_.handlers[Command::Delete] = [this](const smb1::Message&) {
    return one(reply(Command::Delete, NtStatus::ObjectNameInvalid));
  };
  auto removed = run(io_, session_->unlink(testing::kTid, "bad:name"));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error(), NtStatus::ObjectNameInvalid);
  EXPECT_EQ(server_.seen, std::vector<Command>{Command::Delete});
}

TEST_F(NamespaceTest, RenameTakesFilesAndDirectories) {
  serve_empty<Command::Rename>();
  ASSERT_TRUE(run(io_, session_->rename(testing::kTid, "a/old.txt", "b/new.txt")));
  auto req = smb1::RenameRequest::decode(sent(Command::Rename).at(0).blocks[0]);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->old_file_name, "\\a\\old.txt");
  EXPECT_EQ(req->new_file_name, "\\b\\new.txt");
  EXPECT_EQ(req->search_attributes, smb1::kSmbFileAttributeHidden |
                                        smb1::kSmbFileAttributeSystem |
                                        smb1::kSmbFileAttributeDirectory);
  auto* event = find_event(Direction::ClientToServer, "SMB_COM_RENAME");
  EXPECT_EQ(field(event, "from"), "\\a\\old.txt");
  EXPECT_EQ(field(event, "to"), "\\b\\new.txt");
}

TEST_F(NamespaceTest, RenameReportsACollision) {
  serve_empty<Command::Rename>(NtStatus::ObjectNameCollision);
  auto moved = run(io_, session_->rename(testing::kTid, "a", "b"));
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error(), NtStatus::ObjectNameCollision);
}

TEST_F(NamespaceTest, SetBasicInfoSendsSetPathInformation) {
  server_.handlers[Command::Transaction2] = [this](const smb1::Message&) {
    return one(trans2_reply({0, 0}, {}));
  };
  FileInfo info;
  info.last_write_time = 0x01D9000000000001ull;
  info.last_access_time = 0x01D9000000000002ull;
  ASSERT_TRUE(run(io_, session_->set_basic_info(testing::kTid, "dir/f.txt", info)));
  auto req = smb1::Trans2Request::decode(sent(Command::Transaction2).at(0).blocks[0]);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->subcommand(), static_cast<uint16_t>(smb1::Trans2Subcommand::SetPathInformation));
  auto params = smb1::SetPathInformationRequest::decode(req->parameters, true);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->information_level, smb1::kSmbSetFileBasicInfo);
  EXPECT_EQ(params->file_name, "\\dir\\f.txt");
  // MS-CIFS 2.2.8.4.4 SMB_SET_FILE_BASIC_INFO: four FILETIMEs, attributes, reserved.
  ASSERT_EQ(req->data.size(), 40u);
  auto basic = fscc::FileBasicInformation::decode(req->data);
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->creation_time, 0u);  // left as it is
  EXPECT_EQ(basic->last_access_time, info.last_access_time);
  EXPECT_EQ(basic->last_write_time, info.last_write_time);
  EXPECT_EQ(basic->change_time, 0u);
  EXPECT_EQ(basic->file_attributes, 0u);
}

TEST_F(NamespaceTest, SetBasicInfoReportsTheServersStatus) {
  server_.handlers[Command::Transaction2] = [this](const smb1::Message&) {
    return one(reply(Command::Transaction2, NtStatus::AccessDenied));
  };
  auto set = run(io_, session_->set_basic_info(testing::kTid, "f", FileInfo{}));
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error(), NtStatus::AccessDenied);
}

}  // namespace
}  // namespace smbkit::client
