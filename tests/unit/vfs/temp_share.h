// A throw-away share for the VFS tests: a temporary directory holding the share and, beside it,
// an "outside" directory with a known file that no request may read, change or add to.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "vfs/share_fs.h"

namespace smbkit::vfs::testing {

namespace fs = std::filesystem;

inline void write_file(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The attributes `name` is listed with in the directory `dir` of `vfs`; 0 (and a test failure)
// when it is not listed.
inline uint32_t listed_attributes(Vfs& vfs, const std::string& dir, const std::string& name) {
  auto entries = vfs.list(dir);
  EXPECT_TRUE(entries) << dir;
  if (!entries) return 0;
  auto it = std::find_if(entries->begin(), entries->end(),
                         [&](const FileInfo& f) { return f.name == name; });
  EXPECT_NE(it, entries->end()) << name;
  return it == entries->end() ? 0 : it->attributes;
}

// Every entry beneath `dir` (symlinks not followed) with its content or link target: two equal
// snapshots mean nothing was created, removed, renamed or written there.
inline std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = fs::relative(e.path(), dir).string();
    if (e.is_symlink()) {
      out[rel] = "-> " + fs::read_symlink(e.path()).string();
    } else if (e.is_directory()) {
      out[rel] = "<dir>";
    } else {
      out[rel] = read_file(e.path());
    }
  }
  return out;
}

class TempShare {
 public:
  TempShare() {
    std::string tmpl = (fs::temp_directory_path() / "smbkit-vfs-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    base = tmpl;
    root = base / "share";
    outside = base / "outside";
    fs::create_directories(root);
    fs::create_directories(outside);
    write_file(outside / "secret.txt", "outside secret\n");
  }
  ~TempShare() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
  TempShare(const TempShare&) = delete;
  TempShare& operator=(const TempShare&) = delete;

  fs::path base;
  fs::path root;     // the share
  fs::path outside;  // a directory beside it, with secret.txt
};

}  // namespace smbkit::vfs::testing
