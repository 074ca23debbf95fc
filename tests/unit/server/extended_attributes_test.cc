// The EA core both dialects call (core/extended_attributes.h): access checks, selection by name,
// and FileFullEaInformation's enumeration with its statuses (MS-FSA 2.1.5.12.12).
#include "server/core/extended_attributes.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fscc/access.h"
#include "vfs/posix_vfs.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;
using fscc::FullEa;

std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

class EaCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "smbkit-ea-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
    std::ofstream(root / "a.txt") << "a";
    auto opened = vfs::PosixVfs::open(root.string());
    ASSERT_TRUE(opened);
    share = std::move(*opened);
    vfs::OpenRequest req;
    auto file = share->open("a.txt", req);
    ASSERT_TRUE(file);
    open.file = std::move(*file);
    open.fs = share.get();
    open.path = "a.txt";
    open.granted_access = kFileReadEa | kFileWriteEa;
  }
  void TearDown() override { fs::remove_all(root); }

  std::vector<FullEa> parse(const FullEaAnswer& a) {
    auto eas = fscc::decode_full_ea_list(a.data);
    EXPECT_TRUE(eas);
    return eas ? *eas : std::vector<FullEa>{};
  }

  fs::path root;
  std::unique_ptr<vfs::PosixVfs> share;
  OpenState open;
};

TEST_F(EaCoreTest, AccessIsChecked) {
  open.granted_access = kFileReadData;
  EXPECT_EQ(query_eas(open).error(), NtStatus::AccessDenied);
  const std::vector<FullEa> one = {{0, "A", bytes("1")}};
  EXPECT_EQ(set_eas(open, one).error(), NtStatus::AccessDenied);
  open.granted_access = kFileWriteEa;
  EXPECT_TRUE(set_eas(open, one));
  EXPECT_EQ(query_full_ea_information(open, {}).error(), NtStatus::AccessDenied);
}

TEST_F(EaCoreTest, SelectionAndPathRequests) {
  const std::vector<FullEa> two = {{0, "First", bytes("1")}, {0, "Second", bytes("22")}};
  ASSERT_TRUE(set_eas_at(*share, "a.txt", two));
  auto all = query_eas_at(*share, "a.txt");
  ASSERT_TRUE(all);
  auto chosen = select_eas(*all, std::vector<std::string>{"SECOND", "third"});
  EXPECT_EQ(chosen, (std::vector<FullEa>{{0, "Second", bytes("22")}, {0, "third", {}}}));
  EXPECT_EQ(query_eas_at(*share, "missing.txt").error(), NtStatus::ObjectNameNotFound);
  // A bad name is refused before the path is looked at.
  const std::vector<FullEa> bad = {{0, "a?b", bytes("x")}};
  EXPECT_EQ(set_eas_at(*share, "missing.txt", bad).error(), NtStatus::InvalidEaName);
}

TEST_F(EaCoreTest, EnumerationStatusesAndIndex) {
  FullEaQuery q;
  q.room = 4096;
  auto none = query_full_ea_information(open, q);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, NtStatus::NoEasOnFile);

  const std::vector<FullEa> three = {
      {0, "A1", bytes("one")}, {0, "B2", bytes("two")}, {0, "C3", bytes("three")}};
  ASSERT_TRUE(set_eas(open, three));
  // One entry at a time: each query moves the open's enumeration on.
  q.single_entry = true;
  auto first = query_full_ea_information(open, q);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, NtStatus::BufferOverflow);  // more are left (MS-FSA 2.1.5.12.12)
  ASSERT_EQ(parse(*first).size(), 1u);
  q.single_entry = false;
  auto rest = query_full_ea_information(open, q);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->status, NtStatus::Success);
  EXPECT_EQ(parse(*rest).size(), 2u);
  auto end = query_full_ea_information(open, q);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->status, NtStatus::NoMoreEas);
  EXPECT_TRUE(end->data.empty());

  // SL_RESTART_SCAN starts over; a buffer that takes two of three returns those.
  q.restart_scan = true;
  q.room = static_cast<uint32_t>(fscc::full_ea_entry_size(three[0]) + 1 +
                                 fscc::full_ea_entry_size(three[1]) + 3);
  auto two = query_full_ea_information(open, q);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->status, NtStatus::BufferOverflow);
  EXPECT_EQ(parse(*two).size(), 2u);
  // Too small for the next entry: STATUS_BUFFER_TOO_SMALL, nothing returned, nothing moved.
  q.restart_scan = false;
  q.room = 4;
  auto small = query_full_ea_information(open, q);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, NtStatus::BufferTooSmall);
  EXPECT_TRUE(small->data.empty());
  q.room = 4096;
  auto last = query_full_ea_information(open, q);
  ASSERT_TRUE(last);
  ASSERT_EQ(parse(*last).size(), 1u);

  // SL_INDEX_SPECIFIED: 1-based; 0 names no entry.
  q.index = 2;
  auto from_two = query_full_ea_information(open, q);
  ASSERT_TRUE(from_two);
  EXPECT_EQ(parse(*from_two).size(), 2u);
  q.index = 0;
  EXPECT_EQ(query_full_ea_information(open, q).error(), NtStatus::NonexistentEaEntry);

  // A FILE_GET_EA_INFORMATION list: those names, a missing one with an empty value.
  q.index.reset();
  q.names = {"c3", "Nope"};
  auto listed = query_full_ea_information(open, q);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, NtStatus::Success);
  EXPECT_EQ(parse(*listed), (std::vector<FullEa>{{0, "C3", bytes("three")}, {0, "Nope", {}}}));
}

}  // namespace
}  // namespace smbkit::server
