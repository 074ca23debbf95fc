// smbkit: an SMB server (`serve`) and client (`get`, `cat`, `ls`, ...) in one binary.
#include <clocale>
#include <cstdio>

#include "tools/commands.h"

int main(int argc, char** argv) {
  // Case-insensitive name matching folds non-ASCII letters only under a UTF-8 locale.
  std::setlocale(LC_CTYPE, "C.UTF-8");
  CLI::App app{"smbkit: SMB file server and client"};
  app.require_subcommand(1);
  smbkit::tools::CommandRunner run;
  smbkit::tools::add_serve_command(app, run);
  smbkit::tools::add_client_commands(app, run);
  smbkit::tools::add_testparm_command(app, run);
  smbkit::tools::add_passwd_command(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return smbkit::tools::kExitUsage;
  }
  return run ? run() : smbkit::tools::kExitUsage;
}
