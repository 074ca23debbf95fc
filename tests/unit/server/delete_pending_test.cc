// Delete pending in the registry of opens (server/open_registry.h): a property of the file that
// all its opens share (MS-FSA 2.1.5.15.3), left by FILE_DELETE_ON_CLOSE at its open's close
// (MS-FSA 2.1.5.5), refusing new opens with STATUS_DELETE_PENDING, and carried out by the close
// of the file's last open, on a real share.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "server/open_registry.h"
#include "vfs/posix_vfs.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;
using Handle = OpenRegistry::Handle;

constexpr uint32_t kShareAll = kFileShareRead | kFileShareWrite | kFileShareDelete;
constexpr uint32_t kReadDelete = kFileReadData | kDelete;
constexpr ConnectionId kConnection{1};

class DeletePendingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "smbkit-delete-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
    std::ofstream(root / "a.txt") << "a";
    std::ofstream(root / "b.txt") << "b";
    fs::create_directories(root / "empty");
    fs::create_directories(root / "full");
    std::ofstream(root / "full" / "inside.txt") << "x";
    auto opened = vfs::PosixVfs::open(root.string());
    ASSERT_TRUE(opened);
    share = std::move(*opened);
  }
  void TearDown() override { fs::remove_all(root); }

  vfs::FileKey key(const std::string& path) {
    auto k = share->file_key(path);
    EXPECT_TRUE(k) << path;
    return k ? *k : vfs::FileKey{};
  }

  // An open of `path` as open_in_tree makes it: admitted with the name it was found by.
  Handle open(const std::string& path, uint32_t access = kReadDelete) {
    auto h = registry.admit(key(path), access, kShareAll, kConnection,
                            FileName{share.get(), path});
    EXPECT_TRUE(h) << path << ": " << status_name(h.error());
    return h ? std::move(*h) : Handle{};
  }

  NtStatus open_status(const std::string& path) {
    auto h = registry.admit(key(path), kFileReadData, kShareAll, kConnection,
                            FileName{share.get(), path});
    return h ? NtStatus::Success : h.error();
  }

  fs::path root;
  std::unique_ptr<vfs::PosixVfs> share;
  OpenRegistry registry;
};

TEST_F(DeletePendingTest, SetByOneOpenSeenByAllAndCarriedOutByTheLastClose) {
  Handle first = open("a.txt");
  Handle second = open("a.txt", kFileReadData);
  EXPECT_FALSE(registry.delete_pending(second));
  registry.set_delete_pending(first, true);
  EXPECT_TRUE(registry.delete_pending(first));
  EXPECT_TRUE(registry.delete_pending(second));
  EXPECT_TRUE(registry.delete_pending(*share, "a.txt"));
  EXPECT_FALSE(registry.delete_pending(*share, "b.txt"));
  // No new open, whatever it asks, and no delete or rename by name.
  EXPECT_EQ(open_status("a.txt"), NtStatus::DeletePending);
  auto attrs_only = registry.admit(key("a.txt"), kFileReadAttributes, 0, kConnection);
  ASSERT_FALSE(attrs_only);
  EXPECT_EQ(attrs_only.error(), NtStatus::DeletePending);
  EXPECT_EQ(registry.check_delete(*share, "a.txt").error(), NtStatus::DeletePending);

  first = Handle{};
  EXPECT_TRUE(fs::exists(root / "a.txt")) << "an open remains";
  EXPECT_TRUE(registry.delete_pending(second));
  second = Handle{};
  EXPECT_FALSE(fs::exists(root / "a.txt"));
  EXPECT_TRUE(fs::exists(root / "b.txt"));
  EXPECT_FALSE(registry.delete_pending(*share, "a.txt"));
}

TEST_F(DeletePendingTest, ClearedPendingKeepsTheFile) {
  Handle first = open("a.txt");
  Handle second = open("a.txt");
  registry.set_delete_pending(first, true);
  registry.set_delete_pending(second, false);  // any open with DELETE may clear it
  EXPECT_FALSE(registry.delete_pending(first));
  EXPECT_EQ(open_status("a.txt"), NtStatus::Success);
  first = Handle{};
  second = Handle{};
  EXPECT_TRUE(fs::exists(root / "a.txt"));
  EXPECT_EQ(open_status("a.txt"), NtStatus::Success);
}

TEST_F(DeletePendingTest, DeleteOnClosePendsOnlyOnceItsOpenCloses) {
  Handle doc = open("a.txt");
  registry.delete_on_close(doc);
  Handle other = open("a.txt", kFileReadData);
  EXPECT_FALSE(registry.delete_pending(other)) << "smbtorture deltest16: not reported yet";
  doc = Handle{};
  EXPECT_TRUE(registry.delete_pending(other));
  EXPECT_EQ(open_status("a.txt"), NtStatus::DeletePending);
  EXPECT_TRUE(fs::exists(root / "a.txt"));
  other = Handle{};
  EXPECT_FALSE(fs::exists(root / "a.txt"));
}

TEST_F(DeletePendingTest, DeleteOnCloseOutlivesAClearedDisposition) {
  // deltest24: clearing delete pending before the close does not undo FILE_DELETE_ON_CLOSE.
  Handle doc = open("a.txt");
  registry.delete_on_close(doc);
  registry.set_delete_pending(doc, false);
  doc = Handle{};
  EXPECT_FALSE(fs::exists(root / "a.txt"));
}

TEST_F(DeletePendingTest, DeleteOnCloseRemovesAnEmptyDirectoryOnly) {
  Handle empty = open("empty");
  registry.delete_on_close(empty);
  empty = Handle{};
  EXPECT_FALSE(fs::exists(root / "empty"));

  // MS-FSA 2.1.5.5: a directory that is not empty at the close is not marked at all.
  Handle full = open("full");
  Handle other = open("full", kFileReadData);
  registry.delete_on_close(full);
  full = Handle{};
  EXPECT_FALSE(registry.delete_pending(other));
  other = Handle{};
  EXPECT_TRUE(fs::exists(root / "full" / "inside.txt"));
}

TEST_F(DeletePendingTest, APendingDeleteFollowsARename) {
  Handle h = open("a.txt");
  vfs::FileKey k = key("a.txt");
  ASSERT_TRUE(share->rename("a.txt", "c.txt", false));
  registry.renamed(k, FileName{share.get(), "c.txt"});
  std::ofstream(root / "a.txt") << "a new file under the old name";
  registry.set_delete_pending(h, true);
  h = Handle{};
  EXPECT_FALSE(fs::exists(root / "c.txt"));
  EXPECT_TRUE(fs::exists(root / "a.txt")) << "the old name now holds another file";
}

TEST_F(DeletePendingTest, EveryOpenOfAFileSeesTheNameItWasRenamedTo) {
  Handle mine = open("a.txt");
  Handle theirs = open("a.txt", kFileReadData);
  EXPECT_EQ(registry.name_of(mine).path, "a.txt");
  vfs::FileKey k = key("a.txt");
  ASSERT_TRUE(share->rename("a.txt", "c.txt", false));
  registry.renamed(k, FileName{share.get(), "c.txt"});  // a rename by path
  EXPECT_EQ(registry.name_of(mine).path, "c.txt");
  EXPECT_EQ(registry.name_of(theirs).path, "c.txt");
  EXPECT_EQ(registry.name_of(mine).fs, share.get());
  registry.renamed(theirs, FileName{share.get(), "d.txt"});  // a rename through another open
  EXPECT_EQ(registry.name_of(mine).path, "d.txt");
  EXPECT_EQ(registry.name_of(Handle{}).path, "");
}

TEST_F(DeletePendingTest, AStaleNameNeverRemovesAnotherFile) {
  Handle h = open("a.txt");
  ASSERT_TRUE(share->rename("a.txt", "c.txt", false));  // the registry is not told
  std::ofstream(root / "a.txt") << "another file";
  registry.set_delete_pending(h, true);
  h = Handle{};
  EXPECT_TRUE(fs::exists(root / "a.txt"));
  EXPECT_TRUE(fs::exists(root / "c.txt"));
}

TEST_F(DeletePendingTest, ALaterOpenNamesTheFile) {
  // The file renamed behind the registry's back is found again by the next open of it.
  Handle h = open("a.txt");
  ASSERT_TRUE(share->rename("a.txt", "c.txt", false));
  Handle again = open("c.txt");
  registry.set_delete_pending(h, true);
  h = Handle{};
  again = Handle{};
  EXPECT_FALSE(fs::exists(root / "c.txt"));
}

}  // namespace
}  // namespace smbkit::server
