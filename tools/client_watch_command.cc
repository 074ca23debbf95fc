// `watch`: prints the changes in a directory as the server reports them, one line each
// ("added NAME", "removed NAME", "modified NAME", "renamed-from NAME", "renamed-to NAME";
// "overflow" when the server lost count and the directory should be listed again), flushed line
// by line, until SIGINT, SIGTERM or SIGHUP, which cancel the pending request (NT_CANCEL) and end
// cleanly. A server that does not answer the cancelled request within 10 s is given up on. (A
// second signal is no "force quit": `timeout` and shells deliver one signal twice, to the process
// and to its group.)
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <pthread.h>
#include <thread>

#include <fmt/format.h>

#include "tools/client_common.h"

namespace smbkit::tools {
namespace {

// The signals that end a watch, blocked in every thread and taken by a waiting thread instead,
// so that the client library never runs inside a signal handler.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

constexpr auto kCancelGrace = std::chrono::seconds(10);

// Waits for the stop signals until `done`: the first stops the watch; if the watch has not ended
// kCancelGrace later, the process exits.
void wait_for_signals(client::Client& client, const std::atomic<bool>& done) {
  sigset_t set = stop_signals();
  timespec poll{0, 200 * 1000 * 1000};
  std::optional<std::chrono::steady_clock::time_point> give_up;
  while (!done.load()) {
    if (give_up && std::chrono::steady_clock::now() > *give_up) {
      std::_Exit(failure(NtStatus::IoTimeout, "waiting for the answer to NT_CANCEL"));
    }
    if (sigtimedwait(&set, nullptr, &poll) < 0 || give_up) continue;
    give_up = std::chrono::steady_clock::now() + kCancelGrace;
    client.stop_watch();
  }
}

int run_watch(const ClientArgs& a) {
  sigset_t set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  auto started = start(a, /*needs_path=*/false);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);

  std::atomic<bool> done{false};
  std::thread waiter([&] { wait_for_signals(*s.client, done); });
  client::WatchOptions options;
  options.recursive = a.recursive;
  auto sink = [](const std::vector<client::Change>& changes, bool overflow) {
    if (overflow) fmt::print("overflow\n");
    for (const auto& c : changes)
      fmt::print("{} {}\n", client::change_action_name(c.action), c.name);
    std::fflush(stdout);
    return true;
  };
  auto watched = s.client->watch(s.tree, s.target.path, options, sink);
  done.store(true);
  waiter.join();
  if (!watched) return failure(watched.error(), "watch " + display_path(s));
  finish(s);
  return kExitOk;
}

}  // namespace

void add_watch_command(CLI::App& app, CommandRunner& run) {
  auto args = std::make_shared<ClientArgs>();
  CLI::App* cmd = app.add_subcommand(
      "watch", "print the changes in a directory as they happen, until interrupted");
  cmd->add_option("target", args->target, "//HOST[:PORT]/SHARE[/DIR] or smb://...")->required();
  cmd->add_flag("-r,--recursive", args->recursive, "changes in subdirectories too");
  add_connection_options(cmd, *args);
  cmd->callback([&run, args] { run = [args] { return run_watch(*args); }; });
}

}  // namespace smbkit::tools
