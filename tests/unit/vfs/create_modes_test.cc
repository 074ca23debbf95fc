// The modes of what clients create (create_modes.h, smb.conf(5) "create mask", "directory mask",
// "force create mode", "force directory mode"), as numbers and on disk through PosixVfs, whatever
// the process umask.
#include "vfs/create_modes.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

namespace fs = std::filesystem;

ShareOptions modes(uint32_t create_mask, uint32_t force_create, uint32_t directory_mask,
                   uint32_t force_directory) {
  ShareOptions o;
  o.create_mask = create_mask;
  o.force_create_mode = force_create;
  o.directory_mask = directory_mask;
  o.force_directory_mode = force_directory;
  return o;
}

TEST(CreateModes, NoneSetLeavesTheUmaskInCharge) {
  EXPECT_EQ(new_file_mode(ShareOptions{}), std::nullopt);
  EXPECT_EQ(new_directory_mode(ShareOptions{}), std::nullopt);
}

// The numbers smbd 4.17 was seen to give on disk for the same settings.
TEST(CreateModes, AsSmbdGivesThem) {
  auto samba_defaults = modes(0744, 0, 0755, 0);
  EXPECT_EQ(new_file_mode(samba_defaults), 0744u);
  EXPECT_EQ(new_directory_mode(samba_defaults), 0755u);
  auto set = modes(0640, 0004, 0750, 0002);
  EXPECT_EQ(new_file_mode(set), 0644u);
  EXPECT_EQ(new_directory_mode(set), 0752u);
  auto open = modes(0777, 0, 0777, 0);
  EXPECT_EQ(new_file_mode(open), 0766u);  // the owner's x: ARCHIVE under "map archive"
  EXPECT_EQ(new_directory_mode(open), 0777u);
}

TEST(CreateModes, ForceAloneAndSpecialBits) {
  auto force_only = modes(07777, 0001, 07777, 01000);
  EXPECT_EQ(new_file_mode(force_only), 0767u);
  EXPECT_EQ(new_directory_mode(force_only), 01777u);
  auto setgid = modes(0700, 02000, 0, 02070);
  EXPECT_EQ(new_file_mode(setgid), 02700u);
  EXPECT_EQ(new_directory_mode(setgid), 02070u);
  EXPECT_EQ(new_file_mode(modes(0, 0, 0777, 0)), 0u);  // a mask of 0 is a setting too
}

// A restrictive umask for the test's duration: the share's modes must not depend on it.
class CreateModesOnDisk : public ::testing::Test {
 protected:
  void SetUp() override { old_umask_ = ::umask(077); }
  void TearDown() override { ::umask(old_umask_); }

  std::unique_ptr<PosixVfs> share_with(const ShareOptions& o) {
    auto v = PosixVfs::open(share.root.string(), nullptr, o);
    EXPECT_TRUE(v) << status_name(v.error());
    return v ? std::move(*v) : nullptr;
  }

  static void create(Vfs& vfs, const std::string& name, bool directory) {
    OpenRequest req;
    req.write = !directory;
    req.directory_only = directory;
    req.disposition = CreateDisposition::Create;
    auto f = vfs.open(name, req);
    ASSERT_TRUE(f) << name << ": " << status_name(f.error());
    EXPECT_EQ((*f)->action(), CreateAction::Created);
  }

  // Creates file.txt and dir through open(), and made through mkdir(), on a share with `o`, and
  // checks their modes.
  void expect_created_modes(const ShareOptions& o, uint32_t file_mode, uint32_t dir_mode) {
    auto vfs = share_with(o);
    ASSERT_TRUE(vfs);
    create(*vfs, "file.txt", false);
    create(*vfs, "dir", true);
    ASSERT_TRUE(vfs->mkdir("made"));  // SMB1's CREATE_DIRECTORY and TRANS2_CREATE_DIRECTORY
    EXPECT_EQ(mode_of("file.txt"), file_mode);
    EXPECT_EQ(mode_of("dir"), dir_mode);
    EXPECT_EQ(mode_of("made"), dir_mode);
  }

  uint32_t mode_of(const std::string& name) {
    struct stat st {};
    EXPECT_EQ(::lstat((share.root / name).c_str(), &st), 0) << name;
    return st.st_mode & 07777;
  }

  testing::TempShare share;
  mode_t old_umask_ = 0;
};

TEST_F(CreateModesOnDisk, MasksAndForcedBitsWinOverTheUmask) {
  expect_created_modes(modes(0640, 0004, 0750, 0002), 0644, 0752);
}

TEST_F(CreateModesOnDisk, SambaDefaults) {
  expect_created_modes(modes(0744, 0, 0755, 0), 0744, 0755);
}

TEST_F(CreateModesOnDisk, WithoutOptionsTheUmaskDecides) {
  expect_created_modes(ShareOptions{}, 0600, 0700);
}

// A mask that leaves the owner nothing still makes (and opens) the directory.
TEST_F(CreateModesOnDisk, AnUnreadableDirectoryModeStillCreates) {
  expect_created_modes(modes(0, 0, 0, 0), 0, 0);
  fs::permissions(share.root / "dir", fs::perms(0700));  // so that TempShare can remove them
  fs::permissions(share.root / "made", fs::perms(0700));
}

// Opening what exists, or overwriting it, leaves its mode alone.
TEST_F(CreateModesOnDisk, ExistingFilesKeepTheirMode) {
  testing::write_file(share.root / "old.txt", "old");
  fs::permissions(share.root / "old.txt", fs::perms(0600));
  auto vfs = share_with(modes(0640, 0004, 0750, 0002));
  ASSERT_TRUE(vfs);
  OpenRequest req;
  req.write = true;
  req.disposition = CreateDisposition::OverwriteIf;
  auto f = vfs->open("old.txt", req);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)->action(), CreateAction::Overwritten);
  EXPECT_EQ(mode_of("old.txt"), 0600u);
}

}  // namespace
}  // namespace smbkit::vfs
