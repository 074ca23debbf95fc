// The client commands, in the style of smbclient: each parses its arguments, calls the client
// library and prints; failures print "error: STATUS_NAME (0xXXXXXXXX): what was being done" and
// exit 1, usage errors exit 2 (tools/client_common.h). The groups live in their own files.
#include "tools/client_common.h"
#include "tools/commands.h"

namespace smbkit::tools {

void add_client_commands(CLI::App& app, CommandRunner& run) {
  add_transfer_commands(app, run);
  add_namespace_commands(app, run);
  add_watch_command(app, run);
  add_shares_command(app, run);
}

}  // namespace smbkit::tools
