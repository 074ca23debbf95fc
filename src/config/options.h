// The smb.conf parameters smbkit knows: canonical names (as testparm prints them), whether each
// is global or per share (smb.conf(5) marks them (G) and (S)), and Samba's synonyms.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "config/smb_conf.h"

namespace smbkit::config {

enum class Scope { Global, Share };

struct OptionDef {
  std::string_view name;  // canonical
  Scope scope = Scope::Global;
  // Each parses a raw value into its member, returning "" or why the value is refused; only the
  // pair of the option's scope is set.
  std::string (*set_global)(Global&, std::string_view) = nullptr;
  std::string (*get_global)(const Global&) = nullptr;
  std::string (*set_share)(Share&, std::string_view) = nullptr;
  std::string (*get_share)(const Share&) = nullptr;
};

// Every known option, in the order testparm's dump lists them.
std::span<const OptionDef> all_options();

// What a parameter name (any spelling) means.
struct Lookup {
  enum class Kind { Option, Include, Ignored, Unknown } kind = Kind::Unknown;
  const OptionDef* option = nullptr;
  bool inverted = false;  // a boolean synonym meaning the opposite ("writeable" of "read only")
};
Lookup lookup_option(std::string_view name);

const OptionDef* find_option(std::string_view canonical);

}  // namespace smbkit::config
