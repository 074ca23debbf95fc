// Directory searches through the processor: the core SEARCH / FIND / FIND_UNIQUE / FIND_CLOSE
// (MS-CIFS 3.3.5.47, 3.3.5.48) and TRANS2_FIND_NEXT2 resuming after a name in a directory that
// changed (MS-CIFS 3.3.5.58.3).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "smb1/search.h"
#include "smb1/trans2.h"
#include "smb1/trans2_find.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;
using smb1::Command;

constexpr uint8_t kTrans2 = 0x32;
constexpr uint16_t kDirectory = 0x0010;

class Smb1SearchTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    negotiate_and_logon();
    tree_connect();
  }

  void touch(const std::string& name) { std::ofstream(root_ + "/" + name) << "x"; }

  // A core search: the status, and the reply's entries in `*out` when it succeeded.
  NtStatus search(Command command, const std::string& name, uint16_t attributes,
                  uint16_t max_count, std::optional<smb1::ResumeKey> key,
                  std::vector<smb1::DirectoryInformation>* out = nullptr) {
    auto reply = exchange(request_header(static_cast<uint8_t>(command)),
                          [&](smb1::MessageWriter& w) {
                            smb1::SearchRequest req;
                            req.command = command;
                            req.max_count = max_count;
                            req.search_attributes = attributes;
                            req.file_name = name;
                            req.resume_key = key;
                            req.encode(w);
                          });
    if (reply.header.status == NtStatus::Success) {
      auto resp = smb1::SearchResponse::decode(reply.blocks.at(0));
      EXPECT_TRUE(resp);
      if (resp && out) *out = resp->entries;
    }
    return reply.header.status;
  }

  static std::vector<std::string> names(const std::vector<smb1::DirectoryInformation>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.file_name);
    return out;
  }

  smb1::Message trans2(smb1::Trans2Subcommand sub, std::vector<uint8_t> params,
                       std::vector<uint8_t> data = {}) {
    return exchange(request_header(kTrans2), [&](smb1::MessageWriter& w) {
      smb1::Trans2Request::make(sub, params, data, 64, 16000).encode(w);
    });
  }

  // FIND_FIRST2 at SMB_INFO_STANDARD; the SID, and the names in `*out`.
  uint16_t find_first(const std::string& pattern, uint16_t count,
                      std::vector<std::string>* out) {
    smb1::FindFirst2Request req;
    req.search_count = count;
    req.information_level = smb1::kFindInfoStandard;
    req.file_name = pattern;
    auto reply = trans2(smb1::Trans2Subcommand::FindFirst2, req.encode(true));
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::Trans2Response::decode(reply.blocks.at(0));
    if (!resp) return 0;
    auto params = smb1::FindFirst2ResponseParameters::decode(resp->parameters);
    auto entries = smb1::decode_find_entries(smb1::kFindInfoStandard, resp->data,
                                             params->search_count, true, false);
    EXPECT_TRUE(entries);
    for (const auto& f : entries->files) out->push_back(f.name);
    return params->sid;
  }

  // FIND_NEXT2 after `name` (or with `flags`); the status, and the names in `*out`.
  NtStatus find_next(uint16_t sid, const std::string& name, uint16_t flags, uint16_t count,
                     std::vector<std::string>* out) {
    smb1::FindNext2Request req;
    req.sid = sid;
    req.search_count = count;
    req.information_level = smb1::kFindInfoStandard;
    req.flags = flags;
    req.file_name = name;
    auto reply = trans2(smb1::Trans2Subcommand::FindNext2, req.encode(true));
    if (reply.header.status != NtStatus::Success) return reply.header.status;
    auto resp = smb1::Trans2Response::decode(reply.blocks.at(0));
    EXPECT_TRUE(resp);
    auto params = smb1::FindNext2ResponseParameters::decode(resp->parameters);
    auto entries = smb1::decode_find_entries(smb1::kFindInfoStandard, resp->data,
                                             params->search_count, true, false);
    EXPECT_TRUE(entries);
    for (const auto& f : entries->files) out->push_back(f.name);
    return NtStatus::Success;
  }
};

TEST_F(Smb1SearchTest, SearchListsEightDotThreeNamesInOrderAndGoesOnFromAKey) {
  for (const char* name : {"c.txt", "b.txt", "A.TXT", "torture_search.txt"}) touch(name);
  fs::create_directory(root_ + "/sub");
  std::vector<smb1::DirectoryInformation> first, next, end;
  ASSERT_EQ(search(Command::Search, "\\*.*", 0, 2, std::nullopt, &first), NtStatus::Success);
  // Directories (".", "..", "sub") are not asked for; the long name has no 8.3 form.
  EXPECT_EQ(names(first), (std::vector<std::string>{"A.TXT", "b.txt"}));
  EXPECT_EQ(first[0].file_attributes, 0x20);
  EXPECT_EQ(first[0].file_size, 1u);
  EXPECT_NE(first[0].last_write_date, 0);
  ASSERT_EQ(search(Command::Search, "", 0, 10, first[1].resume_key, &next), NtStatus::Success);
  EXPECT_EQ(names(next), (std::vector<std::string>{"c.txt"}));
  // The end is an empty success, after which the search is gone.
  ASSERT_EQ(search(Command::Search, "", 0, 10, next[0].resume_key, &end), NtStatus::Success);
  EXPECT_TRUE(end.empty());
  EXPECT_EQ(search(Command::Search, "", 0, 10, next[0].resume_key), NtStatus::NoMoreFiles);
}

TEST_F(Smb1SearchTest, AKeyGoesOnAfterItsEntryEveryTime) {
  for (const char* name : {"f1.txt", "f2.txt", "f3.txt"}) touch(name);
  std::vector<smb1::DirectoryInformation> first, again, rewound;
  ASSERT_EQ(search(Command::Search, "\\*.txt", 0, 1, std::nullopt, &first), NtStatus::Success);
  ASSERT_EQ(names(first), std::vector<std::string>{"f1.txt"});
  ASSERT_EQ(search(Command::Search, "", 0, 1, first[0].resume_key, &again), NtStatus::Success);
  ASSERT_EQ(search(Command::Search, "", 0, 1, first[0].resume_key, &rewound), NtStatus::Success);
  EXPECT_EQ(names(again), std::vector<std::string>{"f2.txt"});
  EXPECT_EQ(names(rewound), std::vector<std::string>{"f2.txt"});
  // The client's part of the key comes back as it sent it.
  smb1::ResumeKey key = first[0].resume_key;
  key.client_state = {1, 2, 3, 4};
  ASSERT_EQ(search(Command::Search, "", 0, 1, key, &again), NtStatus::Success);
  EXPECT_EQ(again.at(0).resume_key.client_state, key.client_state);
}

TEST_F(Smb1SearchTest, SearchAttributesIncludeAndRequire) {
  touch("file");
  fs::create_directory(root_ + "/dir");
  std::vector<smb1::DirectoryInformation> got;
  ASSERT_EQ(search(Command::Search, "\\*", kDirectory, 100, std::nullopt, &got),
            NtStatus::Success);
  EXPECT_EQ(names(got), (std::vector<std::string>{".", "..", "dir", "file"}));
  EXPECT_EQ(got[2].file_attributes, 0x10);
  // SMB_SEARCH_ATTRIBUTE_DIRECTORY: directories only; ..._ARCHIVE: archived entries only.
  ASSERT_EQ(search(Command::Search, "\\*", 0x1000 | kDirectory, 100, std::nullopt, &got),
            NtStatus::Success);
  EXPECT_EQ(names(got), (std::vector<std::string>{".", "..", "dir"}));
  ASSERT_EQ(search(Command::Search, "\\*", 0x2000 | kDirectory, 100, std::nullopt, &got),
            NtStatus::Success);
  EXPECT_EQ(names(got), std::vector<std::string>{"file"});
}

TEST_F(Smb1SearchTest, NothingFoundAndMissingDirectories) {
  touch("only.txt");
  EXPECT_EQ(search(Command::Search, "\\none.txt", 0, 1, std::nullopt), NtStatus::NoMoreFiles);
  EXPECT_EQ(search(Command::Search, "\\*.doc", 0, 1, std::nullopt), NtStatus::NoMoreFiles);
  EXPECT_EQ(search(Command::Find, "\\missing\\*", 0, 1, std::nullopt),
            NtStatus::ObjectPathNotFound);
  // A key no search owns.
  smb1::ResumeKey stray;
  stray.server_state[0] = 0x77;
  EXPECT_EQ(search(Command::Search, "", 0, 1, stray), NtStatus::NoMoreFiles);
}

TEST_F(Smb1SearchTest, DosPatternsMatchAsOnDos) {
  for (const char* name : {"A.TXT", "abc", "LONGNAME.DOC"}) touch(name);
  std::vector<smb1::DirectoryInformation> got;
  // "????????.???" takes names with and without an extension.
  ASSERT_EQ(search(Command::Search, "\\????????.???", 0, 10, std::nullopt, &got),
            NtStatus::Success);
  EXPECT_EQ(names(got), (std::vector<std::string>{"A.TXT", "abc", "LONGNAME.DOC"}));
  ASSERT_EQ(search(Command::Search, "\\?.*", 0, 10, std::nullopt, &got), NtStatus::Success);
  EXPECT_EQ(names(got), std::vector<std::string>{"A.TXT"});
  ASSERT_EQ(search(Command::Search, "\\*.DOC", 0, 10, std::nullopt, &got), NtStatus::Success);
  EXPECT_EQ(names(got), std::vector<std::string>{"LONGNAME.DOC"});
}

TEST_F(Smb1SearchTest, FindUniqueKeepsNoSearchAndFindCloseEndsAFind) {
  for (const char* name : {"a.txt", "b.txt"}) touch(name);
  std::vector<smb1::DirectoryInformation> got;
  ASSERT_EQ(search(Command::FindUnique, "\\*.txt", 0, 1, std::nullopt, &got),
            NtStatus::Success);
  ASSERT_EQ(names(got), std::vector<std::string>{"a.txt"});
  EXPECT_EQ(search(Command::FindUnique, "", 0, 1, got[0].resume_key),
            NtStatus::InvalidParameter);
  EXPECT_EQ(search(Command::Find, "", 0, 1, got[0].resume_key), NtStatus::NoMoreFiles);

  ASSERT_EQ(search(Command::Find, "\\*.txt", 0, 1, std::nullopt, &got), NtStatus::Success);
  smb1::ResumeKey key = got.at(0).resume_key;
  std::vector<smb1::DirectoryInformation> closed;
  ASSERT_EQ(search(Command::FindClose, "", 0, 0, key, &closed), NtStatus::Success);
  EXPECT_TRUE(closed.empty());
  EXPECT_EQ(search(Command::Find, "", 0, 1, key), NtStatus::NoMoreFiles);
  EXPECT_EQ(search(Command::FindClose, "", 0, 0, key), NtStatus::InvalidHandle);
  EXPECT_EQ(search(Command::FindClose, "", 0, 0, std::nullopt), NtStatus::InvalidParameter);
}

TEST_F(Smb1SearchTest, VolumeLabelAlone) {
  touch("a.txt");
  std::vector<smb1::DirectoryInformation> got;
  ASSERT_EQ(search(Command::Search, "\\*.*", 0x0008, 10, std::nullopt, &got), NtStatus::Success);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].file_name, "data");
  EXPECT_EQ(got[0].file_attributes, 0x08);
}

TEST_F(Smb1SearchTest, TheLeastRecentlyUsedSearchMakesRoom) {
  touch("a.txt");
  touch("b.txt");
  std::vector<smb1::DirectoryInformation> got;
  std::vector<smb1::ResumeKey> keys;
  for (int i = 0; i < 65; ++i) {
    ASSERT_EQ(search(Command::Search, "\\*.txt", 0, 1, std::nullopt, &got), NtStatus::Success);
    keys.push_back(got.at(0).resume_key);
  }
  // 64 are kept: the first has gone, the second is still there.
  EXPECT_EQ(search(Command::Search, "", 0, 1, keys[0]), NtStatus::NoMoreFiles);
  ASSERT_EQ(search(Command::Search, "", 0, 1, keys[1], &got), NtStatus::Success);
  EXPECT_EQ(names(got), std::vector<std::string>{"b.txt"});
}

TEST_F(Smb1SearchTest, CoreAndTrans2SearchesStayApart) {
  touch("a.txt");
  touch("b.txt");
  std::vector<smb1::DirectoryInformation> got;
  ASSERT_EQ(search(Command::Find, "\\*.txt", 0, 1, std::nullopt, &got), NtStatus::Success);
  // The core search's id is the first two bytes of ServerState.
  uint16_t core_sid = static_cast<uint16_t>(got.at(0).resume_key.server_state[0] |
                                            got.at(0).resume_key.server_state[1] << 8);
  std::vector<std::string> names_seen;
  EXPECT_EQ(find_next(core_sid, "", smb1::kFindContinueFromLast, 10, &names_seen),
            NtStatus::InvalidHandle);
  auto close = exchange(request_header(0x34), [&](smb1::MessageWriter& w) {
    smb1::FindClose2Request{core_sid}.encode(w);
  });
  EXPECT_EQ(close.header.status, NtStatus::InvalidHandle);
}

TEST_F(Smb1SearchTest, FindNext2ResumesAfterANameInTheDirectoryAsItIsNow) {
  for (const char* name : {"t0", "t1", "t2", "t3", "t4"}) touch(name);
  std::vector<std::string> seen;
  uint16_t sid = find_first("\\*", 2, &seen);
  ASSERT_EQ(seen, (std::vector<std::string>{"t0", "t1"}));
  // After the entry returned last: on from there.
  seen.clear();
  ASSERT_EQ(find_next(sid, "t1", 0, 1, &seen), NtStatus::Success);
  EXPECT_EQ(seen, std::vector<std::string>{"t2"});
  // The client deletes what it was shown and resumes after a deleted name; a file was added.
  fs::remove(root_ + "/t1");
  fs::remove(root_ + "/t2");
  touch("t1a");
  seen.clear();
  ASSERT_EQ(find_next(sid, "t1", 0, 10, &seen), NtStatus::Success);
  EXPECT_EQ(seen, (std::vector<std::string>{"t1a", "t3", "t4"}));
  // "." is before every entry: the whole directory again, as it is now.
  seen.clear();
  ASSERT_EQ(find_next(sid, ".", 0, 10, &seen), NtStatus::Success);
  EXPECT_EQ(seen, (std::vector<std::string>{"t0", "t1a", "t3", "t4"}));
  // At the end: success with no entries.
  seen.clear();
  ASSERT_EQ(find_next(sid, "t4", 0, 10, &seen), NtStatus::Success);
  EXPECT_TRUE(seen.empty());
}

}  // namespace
}  // namespace smbkit::server
