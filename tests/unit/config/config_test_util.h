// In-memory files for the include tests: a path -> text map read as a FileReader.
#pragma once

#include <map>
#include <string>

#include "config/smb_conf.h"

namespace smbkit::config::test {

inline FileReader memory_reader(std::map<std::string, std::string> files) {
  return [files = std::move(files)](
             const std::string& path) -> tl::expected<std::optional<SourceText>, std::string> {
    auto at = files.find(path);
    if (at == files.end()) return std::nullopt;
    return SourceText{at->second, path};
  };
}

}  // namespace smbkit::config::test
