// Nothing outside the share is read, created or changed, whatever name a client sends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::read_file;
using testing::snapshot;
using testing::write_file;
namespace fs = std::filesystem;

class Confinement : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "hello.txt", "hello world\n");
    fs::create_directories(share.root / "dir");
    write_file(share.root / "dir" / "inner.txt", "inner\n");
    fs::create_directories(share.root / "swap");
    write_file(share.root / "swap" / "file.txt", "inside swap\n");
    fs::create_symlink("hello.txt", share.root / "link_in");
    fs::create_symlink("dir", share.root / "link_dir_in");
    fs::create_symlink("../hello.txt", share.root / "dir" / "up_link");
    fs::create_symlink("/etc/passwd", share.root / "link_passwd");
    fs::create_symlink("/tmp", share.root / "link_tmp");
    fs::create_symlink(share.outside, share.root / "link_outside_abs");
    fs::create_symlink("../outside", share.root / "link_outside_rel");
    fs::create_symlink("../outside/secret.txt", share.root / "link_secret");
    fs::create_symlink("../../outside/secret.txt", share.root / "dir" / "deep_secret");
    fs::create_symlink(share.root / "hello.txt", share.root / "link_abs_inside");

    auto v = PosixVfs::open(share.root.string());
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
    before = snapshot(share.outside);
  }

  void TearDown() override {
    EXPECT_EQ(snapshot(share.outside), before) << "the directory outside the share changed";
    EXPECT_EQ(read_file(share.outside / "secret.txt"), "outside secret\n");
  }

  // Reads the whole file an open returns; the status of the first failure otherwise.
  Result<std::string> read_all(const std::string& smb_path) {
    OpenRequest req;
    req.read = true;
    auto f = vfs->open(smb_path, req);
    if (!f) return fail(f.error());
    std::string out;
    std::vector<uint8_t> buf(4096);
    for (uint64_t off = 0;;) {
      auto n = (*f)->pread(off, buf);
      if (!n) return fail(n.error());
      if (*n == 0) return out;
      out.append(reinterpret_cast<const char*>(buf.data()), *n);
      off += *n;
    }
  }

  // Every operation on `smb_path` fails with `status`, and none of them creates anything.
  void expect_refused_everywhere(const std::string& smb_path, NtStatus status) {
    SCOPED_TRACE("path \"" + smb_path + "\"");
    auto st = vfs->stat(smb_path);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error(), status) << status_name(st.error());
    for (auto d : {CreateDisposition::Open, CreateDisposition::OpenIf, CreateDisposition::Create,
                   CreateDisposition::OverwriteIf, CreateDisposition::Supersede}) {
      OpenRequest req;
      req.read = true;
      req.write = true;
      req.disposition = d;
      auto f = vfs->open(smb_path, req);
      ASSERT_FALSE(f) << "disposition " << static_cast<int>(d);
      EXPECT_EQ(f.error(), status) << status_name(f.error());
    }
    auto l = vfs->list(smb_path);
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error(), status) << status_name(l.error());
    auto m = vfs->mkdir(smb_path);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error(), status) << status_name(m.error());
    auto u = vfs->unlink(smb_path);
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error(), status) << status_name(u.error());
    auto r = vfs->rename("hello.txt", smb_path, true);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), status) << status_name(r.error());
    EXPECT_EQ(read_file(share.root / "hello.txt"), "hello world\n");
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
  std::map<std::string, std::string> before;
};

TEST_F(Confinement, ReadsFilesInsideByteForByte) {
  EXPECT_EQ(read_all("hello.txt"), "hello world\n");
  EXPECT_EQ(read_all("\\dir\\inner.txt"), "inner\n");
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7 + (i >> 9));
  write_file(share.root / "big.bin", big);
  EXPECT_EQ(read_all("big.bin"), big);
}

TEST_F(Confinement, DotDotAboveTheRootIsSyntaxBad) {
  expect_refused_everywhere("..", NtStatus::ObjectPathSyntaxBad);
  expect_refused_everywhere("\\..\\outside\\secret.txt", NtStatus::ObjectPathSyntaxBad);
  expect_refused_everywhere("\\..\\..\\etc\\passwd", NtStatus::ObjectPathSyntaxBad);
  expect_refused_everywhere("dir\\..\\..\\outside\\new.txt", NtStatus::ObjectPathSyntaxBad);
  // '..' that stays inside is fine.
  EXPECT_EQ(read_all("dir\\..\\hello.txt"), "hello world\n");
}

TEST_F(Confinement, AbsoluteDriveStreamNulAndLongNamesAreInvalid) {
  const NtStatus invalid = NtStatus::ObjectNameInvalid;
  expect_refused_everywhere("/etc/passwd", invalid);
  expect_refused_everywhere(share.outside.string() + "/secret.txt", invalid);
  expect_refused_everywhere("C:\\Windows\\win.ini", invalid);
  expect_refused_everywhere("hello.txt:stream", invalid);
  expect_refused_everywhere("hello.txt::$DATA", invalid);
  expect_refused_everywhere(std::string("hello.txt\0.evil", 15), invalid);
  expect_refused_everywhere(std::string(256, 'x'), invalid);
  expect_refused_everywhere("dir\\" + std::string(300, 'y') + "\\..\\z", invalid);
  expect_refused_everywhere("dir\\*", invalid);
}

TEST_F(Confinement, SymlinksOutsideAreAccessDenied) {
  const NtStatus denied = NtStatus::AccessDenied;
  expect_refused_everywhere("link_passwd", denied);
  expect_refused_everywhere("link_secret", denied);
  expect_refused_everywhere("dir\\deep_secret", denied);
  expect_refused_everywhere("link_outside_rel", denied);
  expect_refused_everywhere("link_outside_abs", denied);
  expect_refused_everywhere("link_tmp", denied);
  // Paths THROUGH a link to a directory outside: existing and new names alike.
  expect_refused_everywhere("link_outside_rel\\secret.txt", denied);
  expect_refused_everywhere("link_outside_abs\\secret.txt", denied);
  expect_refused_everywhere("link_outside_rel\\new.txt", denied);
  expect_refused_everywhere("link_outside_abs\\newdir\\x", denied);
  const std::string probe = "smbkit-vfs-must-not-exist-" + std::to_string(::getpid());
  ASSERT_FALSE(fs::exists("/tmp/" + probe));
  expect_refused_everywhere("link_tmp\\" + probe, denied);
  EXPECT_FALSE(fs::exists("/tmp/" + probe));
  // The case-insensitive fallback resolves through the same confinement.
  expect_refused_everywhere("LINK_OUTSIDE_REL\\SECRET.TXT", denied);
  expect_refused_everywhere("Link_Passwd", denied);
  // An absolute link is refused even when it points back inside (RESOLVE_BENEATH).
  expect_refused_everywhere("link_abs_inside", denied);
}

TEST_F(Confinement, SymlinkLoopsAreRefused) {
  fs::create_symlink("loop_b", share.root / "loop_a");
  fs::create_symlink("loop_a", share.root / "loop_b");
  expect_refused_everywhere("loop_a", NtStatus::AccessDenied);
  expect_refused_everywhere("loop_a\\x", NtStatus::AccessDenied);
  auto entries = vfs->list("");
  ASSERT_TRUE(entries);
  for (const auto& e : *entries) EXPECT_NE(e.name.rfind("loop_", 0), 0u) << e.name;
}

TEST_F(Confinement, SymlinksThatStayInsideWork) {
  EXPECT_EQ(read_all("link_in"), "hello world\n");
  EXPECT_EQ(read_all("link_dir_in\\inner.txt"), "inner\n");
  EXPECT_EQ(read_all("dir\\up_link"), "hello world\n");
  auto st = vfs->stat("link_dir_in");
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->is_directory);
}

TEST_F(Confinement, RenameAndRemoveCannotReachOutside) {
  auto r = vfs->rename("link_secret", "stolen.txt", false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::AccessDenied);
  r = vfs->rename("link_outside_rel\\secret.txt", "stolen.txt", false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::AccessDenied);
  auto u = vfs->unlink("link_outside_rel\\secret.txt");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error(), NtStatus::AccessDenied);
  auto d = vfs->rmdir("link_outside_abs");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), NtStatus::AccessDenied);
  auto up = vfs->rename("hello.txt", "..\\escaped.txt", false);
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error(), NtStatus::ObjectPathSyntaxBad);
  EXPECT_FALSE(fs::exists(share.base / "escaped.txt"));
  EXPECT_FALSE(fs::exists(share.root / "stolen.txt"));
}

TEST_F(Confinement, ListingLeavesOutLinksThatLeadOut) {
  auto entries = vfs->list("");
  ASSERT_TRUE(entries);
  std::vector<std::string> names;
  for (const auto& e : *entries) names.push_back(e.name);
  for (const char* gone : {"link_passwd", "link_tmp", "link_outside_abs", "link_outside_rel",
                           "link_secret", "link_abs_inside"}) {
    EXPECT_EQ(std::count(names.begin(), names.end(), gone), 0) << gone;
  }
  EXPECT_EQ(std::count(names.begin(), names.end(), "link_in"), 1);
  auto it = std::find_if(entries->begin(), entries->end(),
                         [](const FileInfo& f) { return f.name == "link_in"; });
  ASSERT_NE(it, entries->end());
  EXPECT_EQ(it->end_of_file, 12u);  // the target's size, not the link's
}

TEST_F(Confinement, DirectorySwappedForALinkOutsideIsRefusedNextTime) {
  auto first = vfs->stat("swap\\file.txt");
  ASSERT_TRUE(first) << status_name(first.error());
  EXPECT_EQ(read_all("swap\\file.txt"), "inside swap\n");
  OpenRequest dir_req;
  dir_req.directory_only = true;
  auto held = vfs->open("swap", dir_req);
  ASSERT_TRUE(held);
  const uint64_t swap_inode = (*held)->stat()->file_id;

  // Between two requests the directory becomes a symlink to the outside directory, which holds
  // a file of the same name.
  fs::rename(share.root / "swap", share.root / "swap_old");
  fs::create_symlink(share.outside, share.root / "swap");
  write_file(share.outside / "file.txt", "outside file\n");
  before = snapshot(share.outside);

  auto second = vfs->stat("swap\\file.txt");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error(), NtStatus::AccessDenied);
  EXPECT_EQ(read_all("swap\\file.txt").error(), NtStatus::AccessDenied);
  EXPECT_EQ(read_all("SWAP\\FILE.TXT").error(), NtStatus::AccessDenied);
  expect_refused_everywhere("swap\\new.txt", NtStatus::AccessDenied);
  auto l = vfs->list("swap");
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error(), NtStatus::AccessDenied);
  // A handle opened before the swap still holds the directory it opened, now "swap_old".
  EXPECT_EQ((*held)->stat()->file_id, swap_inode);
  EXPECT_EQ(vfs->stat("swap_old")->file_id, swap_inode);

  // The same with a relative link.
  fs::remove(share.root / "swap");
  fs::create_symlink("../outside", share.root / "swap");
  EXPECT_EQ(vfs->stat("swap\\file.txt").error(), NtStatus::AccessDenied);
  expect_refused_everywhere("swap\\new.txt", NtStatus::AccessDenied);
}

TEST_F(Confinement, ShareOpenNeedsAnExistingDirectory) {
  std::string why;
  auto missing = PosixVfs::open((share.base / "nope").string(), &why);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), NtStatus::ObjectNameNotFound);
  EXPECT_NE(why.find("nope"), std::string::npos) << why;
  auto file = PosixVfs::open((share.outside / "secret.txt").string(), &why);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error(), NtStatus::ObjectPathNotFound);
  EXPECT_NE(why.find("directory"), std::string::npos) << why;
}

}  // namespace
}  // namespace smbkit::vfs
