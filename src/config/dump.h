// The effective configuration in testparm's layout: "# Global parameters", [global], then each
// section, one "name = value" per line under canonical names. It parses back to the same values.
#pragma once

#include <string>

#include "config/smb_conf.h"

namespace smbkit::config {

// By default, as testparm: [global] with what the file set there, each share with what its own
// section set. `verbose` (testparm -v): every option with its effective value, defaults too.
std::string dump_config(const Config& config, bool verbose = false);

}  // namespace smbkit::config
