#include "client/session.h"

#include <algorithm>
#include <cctype>
#include <unistd.h>

namespace smbkit::client {

FileInfo to_client_info(const smbkit::FileInfo& f, std::string name) {
  FileInfo out;
  out.name = std::move(name);
  out.size = f.end_of_file;
  out.allocation_size = f.allocation_size;
  out.attributes = f.attributes;
  out.directory = f.is_directory || (f.attributes & kFileAttributeDirectory);
  out.creation_time = f.creation_time;
  out.last_access_time = f.last_access_time;
  out.last_write_time = f.last_write_time;
  out.change_time = f.change_time;
  return out;
}

std::string local_netbios_name() {
  char buf[256] = {};
  std::string name = gethostname(buf, sizeof buf - 1) == 0 ? buf : "";
  name = name.substr(0, name.find('.'));
  if (name.empty()) name = "SMBKIT";
  name.resize(std::min<size_t>(name.size(), 15));
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string smb2_path(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find_first_of("/\\", i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) {
      if (!out.empty()) out += '\\';
      out += path.substr(i, j - i);
    }
    i = j + 1;
  }
  return out;
}

std::string smb_path(std::string_view path) { return "\\" + smb2_path(path); }

}  // namespace smbkit::client
