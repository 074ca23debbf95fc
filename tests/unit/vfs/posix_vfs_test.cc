#include "vfs/posix_vfs.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <clocale>
#include <string>
#include <vector>

#include "temp_share.h"
#include "wire/filetime.h"

namespace smbkit::vfs {
namespace {

using testing::read_file;
using testing::write_file;
namespace fs = std::filesystem;

class PosixVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "hello.txt", "hello world\n");
    write_file(share.root / "MixedCase.TXT", "mixed\n");
    write_file(share.root / ".hidden", "h");
    fs::create_directories(share.root / "dir" / "sub");
    write_file(share.root / "dir" / "inner.txt", "inner\n");
    fs::create_directories(share.root / "Docs");
    fs::create_symlink("hello.txt", share.root / "link_in");
    auto v = PosixVfs::open(share.root.string());
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
  }

  Result<std::unique_ptr<OpenFile>> open(const std::string& path, CreateDisposition d,
                                         bool read = true, bool write = false) {
    OpenRequest req;
    req.read = read;
    req.write = write;
    req.disposition = d;
    return vfs->open(path, req);
  }

  static struct stat host_stat(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st;
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

// --- stat and attributes ---

TEST_F(PosixVfsTest, StatOfAFile) {
  auto st = vfs->stat("\\hello.txt");
  ASSERT_TRUE(st) << status_name(st.error());
  struct stat host = host_stat(share.root / "hello.txt");
  EXPECT_EQ(st->name, "hello.txt");
  EXPECT_FALSE(st->is_directory);
  EXPECT_EQ(st->attributes, kFileAttributeArchive);
  EXPECT_EQ(st->end_of_file, 12u);
  EXPECT_EQ(st->allocation_size, static_cast<uint64_t>(host.st_blocks) * 512);
  EXPECT_EQ(st->file_id, host.st_ino);
  EXPECT_EQ(st->number_of_links, 1u);
  EXPECT_EQ(st->last_write_time, filetime_from_timespec(host.st_mtim));
  EXPECT_EQ(st->last_access_time, filetime_from_timespec(host.st_atim));
  EXPECT_EQ(st->change_time, filetime_from_timespec(host.st_ctim));
  EXPECT_NE(st->creation_time, 0u);
  EXPECT_LE(st->creation_time, st->change_time);
}

TEST_F(PosixVfsTest, StatOfDirectoriesAndTheRoot) {
  auto d = vfs->stat("dir");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->is_directory);
  EXPECT_EQ(d->attributes, kFileAttributeDirectory);
  EXPECT_EQ(d->end_of_file, 0u);
  for (const char* root : {"", "\\", "."}) {
    auto r = vfs->stat(root);
    ASSERT_TRUE(r) << root;
    EXPECT_TRUE(r->is_directory);
    EXPECT_EQ(r->file_id, host_stat(share.root).st_ino);
  }
}

TEST_F(PosixVfsTest, AttributesFollowModeAndName) {
  ::chmod((share.root / "hello.txt").c_str(), 0444);
  auto ro = vfs->stat("hello.txt");
  ASSERT_TRUE(ro);
  EXPECT_EQ(ro->attributes, kFileAttributeArchive | kFileAttributeReadonly);
  auto hidden = vfs->stat(".hidden");
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->attributes, kFileAttributeArchive | kFileAttributeHidden);
  ::chmod((share.root / "dir").c_str(), 0555);
  auto dir = vfs->stat("dir");
  ASSERT_TRUE(dir);
  EXPECT_EQ(dir->attributes, kFileAttributeDirectory);  // READONLY is not set on directories
}

TEST_F(PosixVfsTest, MissingNames) {
  EXPECT_EQ(vfs->stat("nope.txt").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->stat("nodir\\x.txt").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->stat("dir\\nodir\\x.txt").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->stat("hello.txt\\x").error(), NtStatus::ObjectPathNotFound);
}

// --- case-insensitive look-up ---

TEST_F(PosixVfsTest, LooksUpNamesCaseInsensitively) {
  auto a = vfs->stat("HELLO.TXT");
  ASSERT_TRUE(a) << status_name(a.error());
  EXPECT_EQ(a->name, "hello.txt");
  auto b = vfs->stat("mixedcase.txt");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name, "MixedCase.TXT");
  auto c = vfs->stat("DIR\\Inner.Txt");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "inner.txt");
  auto d = vfs->stat("docs");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->is_directory);

  auto f = open("Dir\\INNER.TXT", CreateDisposition::Open);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)->path(), "dir/inner.txt");
  std::vector<uint8_t> buf(16);
  auto n = (*f)->pread(0, buf);
  ASSERT_TRUE(n);
  EXPECT_EQ(std::string(buf.begin(), buf.begin() + *n), "inner\n");
}

TEST_F(PosixVfsTest, ExactSpellingWinsOverOtherCases) {
  write_file(share.root / "HELLO.TXT", "upper\n");
  auto f = open("HELLO.TXT", CreateDisposition::Open);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)->path(), "HELLO.TXT");
  auto g = open("hello.txt", CreateDisposition::Open);
  ASSERT_TRUE(g);
  EXPECT_EQ((*g)->path(), "hello.txt");
}

TEST_F(PosixVfsTest, CreatesUnderTheOnDiskSpellingOfTheParent) {
  auto f = open("DIR\\SUB\\New.txt", CreateDisposition::Create, true, true);
  ASSERT_TRUE(f) << status_name(f.error());
  EXPECT_EQ((*f)->action(), CreateAction::Created);
  EXPECT_EQ((*f)->path(), "dir/sub/New.txt");
  EXPECT_TRUE(fs::exists(share.root / "dir" / "sub" / "New.txt"));
  auto again = open("dir\\sub\\NEW.TXT", CreateDisposition::Create);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), NtStatus::ObjectNameCollision);
}

TEST_F(PosixVfsTest, LooksUpNonAsciiNamesCaseInsensitivelyInAUtf8Locale) {
  // to_upper() folds beyond ASCII only where the C library's locale knows the letters.
  const char* old = std::setlocale(LC_CTYPE, nullptr);
  std::string saved = old ? old : "C";
  if (!std::setlocale(LC_CTYPE, "C.UTF-8")) GTEST_SKIP() << "no C.UTF-8 locale";
  write_file(share.root / "caf\xC3\xA9.txt", "coffee\n");
  auto st = vfs->stat("CAF\xC3\x89.TXT");
  std::setlocale(LC_CTYPE, saved.c_str());
  ASSERT_TRUE(st) << status_name(st.error());
  EXPECT_EQ(st->name, "caf\xC3\xA9.txt");
}

// --- create dispositions ---

TEST_F(PosixVfsTest, OpenAndCreateOfExistingAndMissingNames) {
  auto opened = open("hello.txt", CreateDisposition::Open);
  ASSERT_TRUE(opened);
  EXPECT_EQ((*opened)->action(), CreateAction::Opened);
  EXPECT_FALSE((*opened)->is_directory());
  EXPECT_GE((*opened)->fd(), 0);

  EXPECT_EQ(open("hello.txt", CreateDisposition::Create).error(), NtStatus::ObjectNameCollision);
  EXPECT_EQ(open("missing.txt", CreateDisposition::Open).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open("missing.txt", CreateDisposition::Overwrite).error(),
            NtStatus::ObjectNameNotFound);
  EXPECT_FALSE(fs::exists(share.root / "missing.txt"));
  for (auto d : {CreateDisposition::Open, CreateDisposition::Create, CreateDisposition::OpenIf}) {
    EXPECT_EQ(open("nodir\\x.txt", d).error(), NtStatus::ObjectPathNotFound);
    EXPECT_EQ(open("hello.txt\\x.txt", d).error(), NtStatus::ObjectPathNotFound);
  }
  EXPECT_FALSE(fs::exists(share.root / "nodir"));
}

TEST_F(PosixVfsTest, EveryDispositionOnAnExistingFile) {
  struct Case {
    CreateDisposition disposition;
    CreateAction action;
    uint64_t size_after;
  };
  const Case cases[] = {
      {CreateDisposition::Open, CreateAction::Opened, 12},
      {CreateDisposition::OpenIf, CreateAction::Opened, 12},
      {CreateDisposition::Overwrite, CreateAction::Overwritten, 0},
      {CreateDisposition::OverwriteIf, CreateAction::Overwritten, 0},
      {CreateDisposition::Supersede, CreateAction::Superseded, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.disposition));
    write_file(share.root / "hello.txt", "hello world\n");
    auto f = open("hello.txt", c.disposition);
    ASSERT_TRUE(f) << status_name(f.error());
    EXPECT_EQ((*f)->action(), c.action);
    EXPECT_EQ(fs::file_size(share.root / "hello.txt"), c.size_after);
  }
}

TEST_F(PosixVfsTest, EveryCreatingDispositionOnAMissingFile) {
  for (auto d : {CreateDisposition::Create, CreateDisposition::OpenIf,
                 CreateDisposition::OverwriteIf, CreateDisposition::Supersede}) {
    SCOPED_TRACE(static_cast<int>(d));
    fs::remove(share.root / "new.txt");
    auto f = open("new.txt", d, false, true);
    ASSERT_TRUE(f) << status_name(f.error());
    EXPECT_EQ((*f)->action(), CreateAction::Created);
    EXPECT_TRUE(fs::is_regular_file(share.root / "new.txt"));
  }
}

TEST_F(PosixVfsTest, DirectoryAndNonDirectoryOptions) {
  OpenRequest dir_only;
  dir_only.directory_only = true;
  EXPECT_EQ(vfs->open("hello.txt", dir_only).error(), NtStatus::NotADirectory);
  auto d = vfs->open("dir", dir_only);
  ASSERT_TRUE(d);
  EXPECT_TRUE((*d)->is_directory());
  EXPECT_EQ((*d)->action(), CreateAction::Opened);

  OpenRequest file_only;
  file_only.non_directory = true;
  EXPECT_EQ(vfs->open("dir", file_only).error(), NtStatus::FileIsADirectory);
  EXPECT_TRUE(vfs->open("hello.txt", file_only));

  OpenRequest both = dir_only;
  both.non_directory = true;
  EXPECT_EQ(vfs->open("dir", both).error(), NtStatus::InvalidParameter);

  for (auto replacing : {CreateDisposition::Supersede, CreateDisposition::Overwrite,
                         CreateDisposition::OverwriteIf}) {
    OpenRequest r = dir_only;
    r.disposition = replacing;
    EXPECT_EQ(vfs->open("newdir", r).error(), NtStatus::InvalidParameter);
    // Without the option, a directory cannot be replaced either.
    EXPECT_EQ(open("dir", replacing).error(), NtStatus::InvalidParameter);
  }
  EXPECT_EQ(open("dir", CreateDisposition::Create).error(), NtStatus::ObjectNameCollision);
  EXPECT_TRUE(fs::exists(share.root / "dir" / "inner.txt"));

  // A directory opened without either option, even for writing.
  auto any = open("dir", CreateDisposition::OpenIf, true, true);
  ASSERT_TRUE(any);
  EXPECT_TRUE((*any)->is_directory());
}

TEST_F(PosixVfsTest, CreatesDirectories) {
  OpenRequest req;
  req.directory_only = true;
  req.disposition = CreateDisposition::Create;
  auto d = vfs->open("dir\\made", req);
  ASSERT_TRUE(d) << status_name(d.error());
  EXPECT_TRUE((*d)->is_directory());
  EXPECT_EQ((*d)->action(), CreateAction::Created);
  EXPECT_TRUE(fs::is_directory(share.root / "dir" / "made"));
  EXPECT_EQ(vfs->open("dir\\made", req).error(), NtStatus::ObjectNameCollision);
  req.disposition = CreateDisposition::OpenIf;
  auto again = vfs->open("DIR\\MADE", req);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->action(), CreateAction::Opened);
  req.disposition = CreateDisposition::Open;
  EXPECT_EQ(vfs->open("dir\\not_made", req).error(), NtStatus::ObjectNameNotFound);
}

TEST_F(PosixVfsTest, SpecialFilesAreNotOpened) {
  ASSERT_EQ(::mkfifo((share.root / "fifo").c_str(), 0666), 0);
  // A FIFO would block an open for reading; it must be refused without being opened.
  EXPECT_EQ(open("fifo", CreateDisposition::Open).error(), NtStatus::AccessDenied);
  EXPECT_EQ(open("fifo", CreateDisposition::OverwriteIf, true, true).error(),
            NtStatus::AccessDenied);
}

// --- I/O on an open file ---

TEST_F(PosixVfsTest, WritesReadsTruncatesAndFlushes) {
  auto f = open("data.bin", CreateDisposition::Create, true, true);
  ASSERT_TRUE(f);
  OpenFile& file = **f;
  const std::vector<uint8_t> data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto w = file.pwrite(0, data);
  ASSERT_TRUE(w);
  EXPECT_EQ(*w, data.size());
  auto w2 = file.pwrite(100, std::span<const uint8_t>(data).subspan(0, 2));
  ASSERT_TRUE(w2);
  EXPECT_TRUE(file.flush());

  std::vector<uint8_t> buf(200, 0xEE);
  auto r = file.pread(0, buf);
  ASSERT_TRUE(r);
  ASSERT_EQ(*r, 102u);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), buf.begin()));
  EXPECT_EQ(buf[50], 0);  // the hole reads as zeros
  EXPECT_EQ(buf[100], 1);
  EXPECT_EQ(buf[101], 2);
  auto past = file.pread(1000, buf);
  ASSERT_TRUE(past);
  EXPECT_EQ(*past, 0u);

  ASSERT_TRUE(file.truncate(4));
  auto st = file.stat();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->end_of_file, 4u);
  EXPECT_EQ(st->name, "data.bin");
  EXPECT_EQ(fs::file_size(share.root / "data.bin"), 4u);

  EXPECT_EQ(file.pread(UINT64_MAX - 1, buf).error(), NtStatus::InvalidParameter);
  EXPECT_EQ(file.pwrite(static_cast<uint64_t>(INT64_MAX), data).error(),
            NtStatus::InvalidParameter);
}

TEST_F(PosixVfsTest, WritesWithoutReadingOnlyWhereNoPageMustBeRead) {
  auto f = open("pages.bin", CreateDisposition::Create, true, true);
  ASSERT_TRUE(f);
  OpenFile& file = **f;
  const long page = ::sysconf(_SC_PAGESIZE);
  const std::string old(3 * page, 'a');
  ASSERT_TRUE(file.pwrite(0, std::span(reinterpret_cast<const uint8_t*>(old.data()), old.size())));
  ASSERT_TRUE(file.flush());
  // Clean pages leave the page cache on request (not on tmpfs): a write covering one of them in
  // part would have to read it first.
  ::posix_fadvise(file.fd(), 0, 0, POSIX_FADV_DONTNEED);
  bool evicted = !file.cached_length(0, old.size(), old.size());
  const std::vector<uint8_t> ten(10, 'b');
  auto partial = file.pwrite_without_reading(100, ten, old.size());
  if (evicted) {
    EXPECT_FALSE(partial);
    EXPECT_EQ(read_file(share.root / "pages.bin"), old);
  } else {
    ASSERT_TRUE(partial && *partial);
    EXPECT_EQ(**partial, 10u);
  }
  // A whole page needs nothing read, nor does a page past the end of the file.
  const std::vector<uint8_t> whole(page, 'c');
  auto covered = file.pwrite_without_reading(page, whole, old.size());
  ASSERT_TRUE(covered && *covered);
  EXPECT_EQ(**covered, whole.size());
  auto appended = file.pwrite_without_reading(3 * page + 100, ten, old.size());
  ASSERT_TRUE(appended && *appended);
  EXPECT_EQ(**appended, 10u);
  std::string expected = old;
  if (!evicted) expected.replace(100, 10, 10, 'b');
  expected.replace(page, page, page, 'c');
  expected.append(100, '\0');
  expected.append(10, 'b');
  EXPECT_EQ(read_file(share.root / "pages.bin"), expected);
}

TEST_F(PosixVfsTest, ReadOnlyOpenCannotWrite) {
  auto f = open("hello.txt", CreateDisposition::Open, true, false);
  ASSERT_TRUE(f);
  const std::vector<uint8_t> data = {'x'};
  EXPECT_FALSE((*f)->pwrite(0, data));
  EXPECT_EQ(read_file(share.root / "hello.txt"), "hello world\n");
}

TEST_F(PosixVfsTest, AttributeOnlyOpen) {
  auto f = open("hello.txt", CreateDisposition::Open, false, false);
  ASSERT_TRUE(f);
  auto st = (*f)->stat();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->end_of_file, 12u);
  std::vector<uint8_t> buf(4);
  EXPECT_EQ((*f)->pread(0, buf).error(), NtStatus::InvalidHandle);
}

TEST_F(PosixVfsTest, DirectoryHandlesRefuseData) {
  OpenRequest req;
  req.directory_only = true;
  auto d = vfs->open("dir", req);
  ASSERT_TRUE(d);
  std::vector<uint8_t> buf(4);
  EXPECT_EQ((*d)->pread(0, buf).error(), NtStatus::InvalidDeviceRequest);
  EXPECT_EQ((*d)->pwrite(0, buf).error(), NtStatus::InvalidDeviceRequest);
  EXPECT_EQ((*d)->truncate(0).error(), NtStatus::InvalidDeviceRequest);
  auto st = (*d)->stat();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->name, "dir");
  EXPECT_TRUE(st->is_directory);
}

TEST_F(PosixVfsTest, SetsTimes) {
  const uint64_t access = filetime_from_timespec(timespec{1000000000, 500});
  const uint64_t write = filetime_from_timespec(timespec{1200000000, 0});
  for (bool data : {true, false}) {  // a data handle and an attributes-only one
    auto f = open("hello.txt", CreateDisposition::Open, data, false);
    ASSERT_TRUE(f);
    SetTimes t;
    t.last_access_time = access;
    t.last_write_time = write;
    ASSERT_TRUE((*f)->set_times(t));
    SetTimes only_write;
    only_write.last_write_time = write + 10000000;  // one second later
    ASSERT_TRUE((*f)->set_times(only_write));
    auto st = vfs->stat("hello.txt");
    ASSERT_TRUE(st);
    EXPECT_EQ(st->last_access_time, access);  // left as it was
    EXPECT_EQ(st->last_write_time, write + 10000000);
  }
}

// --- listing ---

TEST_F(PosixVfsTest, ListsDotEntriesFirstAndEveryEntryOnce) {
  write_file(share.root / "bad\xFFname", "not UTF-8");
  write_file(share.root / "colon:name", "illegal on Windows");
  auto entries = vfs->list("\\");
  ASSERT_TRUE(entries) << status_name(entries.error());
  ASSERT_GE(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].name, ".");
  EXPECT_EQ((*entries)[1].name, "..");
  EXPECT_TRUE((*entries)[0].is_directory);
  EXPECT_EQ((*entries)[0].attributes, kFileAttributeDirectory);  // "." is not hidden
  EXPECT_EQ((*entries)[1].attributes, kFileAttributeDirectory);

  std::vector<std::string> names;
  for (size_t i = 2; i < entries->size(); ++i) names.push_back((*entries)[i].name);
  std::sort(names.begin(), names.end());
  const std::vector<std::string> expected = {".hidden", "Docs",    "MixedCase.TXT",
                                             "dir",     "hello.txt", "link_in"};
  EXPECT_EQ(names, expected);

  for (const auto& e : *entries) {
    if (e.name == ".hidden") {
      EXPECT_TRUE(e.attributes & kFileAttributeHidden);
    } else if (e.name == "dir") {
      EXPECT_TRUE(e.is_directory);
    } else if (e.name == "hello.txt") {
      EXPECT_EQ(e.end_of_file, 12u);
      EXPECT_EQ(e.file_id, host_stat(share.root / "hello.txt").st_ino);
    }
  }
}

TEST_F(PosixVfsTest, ListsASubdirectory) {
  auto entries = vfs->list("DIR");
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ((*entries)[0].name, ".");
  EXPECT_EQ((*entries)[0].file_id, host_stat(share.root / "dir").st_ino);
  EXPECT_EQ((*entries)[1].name, "..");
  EXPECT_EQ((*entries)[1].file_id, host_stat(share.root).st_ino);
  std::vector<std::string> names = {(*entries)[2].name, (*entries)[3].name};
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"inner.txt", "sub"}));
}

TEST_F(PosixVfsTest, ListErrors) {
  EXPECT_EQ(vfs->list("hello.txt").error(), NtStatus::NotADirectory);
  EXPECT_EQ(vfs->list("nodir").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->list("nodir\\sub").error(), NtStatus::ObjectPathNotFound);
}

// --- file system ---

TEST_F(PosixVfsTest, FsInfoComesFromTheRootsFileSystem) {
  auto info = vfs->fs_info();
  ASSERT_TRUE(info);
  struct statvfs host {};
  ASSERT_EQ(::statvfs(share.root.c_str(), &host), 0);
  EXPECT_EQ(info->total_allocation_units, host.f_blocks);
  EXPECT_EQ(static_cast<uint64_t>(info->sectors_per_allocation_unit) * info->bytes_per_sector,
            host.f_frsize);
  EXPECT_LE(info->available_allocation_units, info->total_allocation_units);
  EXPECT_NE(info->volume_creation_time, 0u);
}

// --- names: mkdir, unlink, rmdir, rename ---

TEST_F(PosixVfsTest, MakesAndRemovesDirectories) {
  ASSERT_TRUE(vfs->mkdir("newdir"));
  EXPECT_TRUE(fs::is_directory(share.root / "newdir"));
  EXPECT_EQ(vfs->mkdir("newdir").error(), NtStatus::ObjectNameCollision);
  EXPECT_EQ(vfs->mkdir("NEWDIR").error(), NtStatus::ObjectNameCollision);
  EXPECT_EQ(vfs->mkdir("hello.txt").error(), NtStatus::ObjectNameCollision);
  EXPECT_EQ(vfs->mkdir("nodir\\x").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->mkdir("").error(), NtStatus::ObjectNameCollision);

  EXPECT_EQ(vfs->rmdir("dir").error(), NtStatus::DirectoryNotEmpty);
  EXPECT_EQ(vfs->rmdir("hello.txt").error(), NtStatus::NotADirectory);
  EXPECT_EQ(vfs->rmdir("gone").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->rmdir("\\").error(), NtStatus::AccessDenied);
  ASSERT_TRUE(vfs->rmdir("NewDir"));
  EXPECT_FALSE(fs::exists(share.root / "newdir"));
}

TEST_F(PosixVfsTest, UnlinksFilesAndLinksOnly) {
  EXPECT_EQ(vfs->unlink("dir").error(), NtStatus::FileIsADirectory);
  EXPECT_EQ(vfs->unlink("gone.txt").error(), NtStatus::ObjectNameNotFound);
  ASSERT_TRUE(vfs->unlink("link_in"));
  EXPECT_FALSE(fs::is_symlink(share.root / "link_in"));
  EXPECT_TRUE(fs::exists(share.root / "hello.txt"));  // the link went, not its target
  ASSERT_TRUE(vfs->unlink("HELLO.TXT"));
  EXPECT_FALSE(fs::exists(share.root / "hello.txt"));
}

TEST_F(PosixVfsTest, Renames) {
  ASSERT_TRUE(vfs->rename("hello.txt", "dir\\moved.txt", false));
  EXPECT_EQ(read_file(share.root / "dir" / "moved.txt"), "hello world\n");
  EXPECT_FALSE(fs::exists(share.root / "hello.txt"));

  EXPECT_EQ(vfs->rename("dir\\moved.txt", "MixedCase.txt", false).error(),
            NtStatus::ObjectNameCollision);
  ASSERT_TRUE(vfs->rename("dir\\moved.txt", "mixedcase.txt", true));
  EXPECT_EQ(read_file(share.root / "MixedCase.TXT"), "hello world\n");

  // Only the case changes: the entry takes the client's spelling.
  ASSERT_TRUE(vfs->rename("mixedcase.txt", "MIXEDCASE.txt", false));
  EXPECT_TRUE(fs::exists(share.root / "MIXEDCASE.txt"));
  EXPECT_FALSE(fs::exists(share.root / "MixedCase.TXT"));

  EXPECT_EQ(vfs->rename("gone", "x", false).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->rename("Docs", "nodir\\x", false).error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->rename("", "x", false).error(), NtStatus::AccessDenied);
  ASSERT_TRUE(vfs->rename("Docs", "dir\\sub\\Docs2", false));
  EXPECT_TRUE(fs::is_directory(share.root / "dir" / "sub" / "Docs2"));
}

}  // namespace
}  // namespace smbkit::vfs
