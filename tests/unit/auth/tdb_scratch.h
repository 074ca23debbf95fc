// For the tests that read passdb.tdb files: a scratch directory per test (removed after it) and
// TDB files written there with libtdb, keys stored as Samba stores them (with their NUL).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <tdb.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smbkit::test {

inline std::vector<uint8_t> tdb_key(std::string_view text) {
  std::vector<uint8_t> k(text.begin(), text.end());
  k.push_back(0);
  return k;
}

using TdbRecords = std::vector<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>>;

class TdbScratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("smbkit_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(std::string_view name) const { return (dir_ / name).string(); }

  // A new TDB file at `file` holding `records`.
  static void write_tdb(const std::string& file, const TdbRecords& records) {
    tdb_context* db = tdb_open(file.c_str(), 0, TDB_DEFAULT, O_RDWR | O_CREAT | O_EXCL, 0600);
    ASSERT_NE(db, nullptr) << file;
    for (const auto& [k, value] : records) {
      TDB_DATA kd{const_cast<uint8_t*>(k.data()), k.size()};
      TDB_DATA vd{const_cast<uint8_t*>(value.data()), value.size()};
      EXPECT_EQ(tdb_store(db, kd, vd, TDB_INSERT), 0);
    }
    tdb_close(db);
  }

  std::filesystem::path dir_;
};

}  // namespace smbkit::test
