// smb.conf text (config/smb_conf.h), read as the file "smb.conf"; every include reads the same
// bytes again under the name it gives, so includes, their loops and their limits are reached.
// Whatever the input, it is parsed or refused with one "FILE:LINE: ..." line. What is accepted
// prints (dump_config) as text that parses back to the same dump, and substitute() takes every
// value it holds.
#include <string>
#include <string_view>

#include "config/dump.h"
#include "config/smb_conf.h"
#include "config/substitute.h"
#include "fuzz_support.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  config::FileReader self = [&text](const std::string& path)
      -> tl::expected<std::optional<config::SourceText>, std::string> {
    if (path.find("missing") != std::string::npos) return std::nullopt;
    if (path.find("denied") != std::string::npos) return tl::unexpected(std::string("denied"));
    return config::SourceText{text, path};
  };
  auto conf = config::parse_smb_conf(text, "smb.conf", self);
  if (!conf) {
    FUZZ_CHECK(!conf.error().empty());
    FUZZ_CHECK(conf.error().find('\n') == std::string::npos);
    FUZZ_CHECK(conf.error().find(':') != std::string::npos);
    return 0;
  }
  for (const auto& warning : conf->warnings) FUZZ_CHECK(warning.find('\n') == std::string::npos);

  for (bool verbose : {false, true}) {
    std::string dump = config::dump_config(*conf, verbose);
    auto again = config::parse_smb_conf(dump, "dump");
    FUZZ_CHECK(again);
    FUZZ_CHECK(config::dump_config(*again, verbose) == dump);
  }

  config::SubstitutionContext context;
  context.session_user = "%U";  // substituted values are not expanded again
  context.date_time = "T";
  auto check = [&](const config::Share& share) {
    std::string path = config::substitute(share.path, context);
    FUZZ_CHECK(path.size() <= share.path.size() * 2 + 1);
    config::substitute(share.comment, context);
    config::needs_session(share.path);
  };
  for (const auto& share : conf->shares) check(share);
  if (conf->homes) check(*conf->homes);
  check(conf->global.defaults);
  config::substitute(conf->global.server_string, context);
  return 0;
}
