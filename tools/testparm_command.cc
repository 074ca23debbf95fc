// `smbkit testparm FILE`: reads a Samba smb.conf as `serve --config` would and prints what it
// means, in the layout of Samba's testparm: warnings on stderr, the configuration on stdout.
#include <cstdio>
#include <memory>
#include <string>

#include "config/dump.h"
#include "config/smb_conf.h"
#include "tools/commands.h"

namespace smbkit::tools {
namespace {

struct TestparmOptions {
  std::string file;
  bool verbose = false;
};

int testparm(const TestparmOptions& o) {
  auto config = config::load_smb_conf(o.file);
  if (!config) {
    std::fprintf(stderr, "error: %s\n", config.error().c_str());
    return kExitFailed;
  }
  for (const auto& warning : config->warnings) std::fprintf(stderr, "%s\n", warning.c_str());
  std::string dump = config::dump_config(*config, o.verbose);
  std::fwrite(dump.data(), 1, dump.size(), stdout);
  return kExitOk;
}

}  // namespace

void add_testparm_command(CLI::App& app, CommandRunner& run) {
  auto o = std::make_shared<TestparmOptions>();
  CLI::App* cmd = app.add_subcommand("testparm", "check an smb.conf and print what it sets");
  cmd->add_option("FILE", o->file, "the smb.conf to read")->required();
  cmd->add_flag("-v,--verbose", o->verbose, "also print options left at their defaults");
  cmd->callback([o, &run] { run = [o] { return testparm(*o); }; });
}

}  // namespace smbkit::tools
