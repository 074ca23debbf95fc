// libsmbkit's asynchronous API: copy several files from a share at once, on one thread, each over
// a client of its own (include/smbkit/async_client.h). A client runs one operation at a time;
// the example shows what a second one gets meanwhile.
//
//   parallel_get HOST PORT SHARE USER PASSWORD LOCAL_DIR REMOTE_FILE...
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/this_coro.hpp>

#include "smbkit/async_client.h"

namespace sc = smbkit::client;

namespace {

int failures = 0;

void report(const std::string& what, smbkit::NtStatus status) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), std::string(smbkit::status_name(status)).c_str());
  ++failures;
}

// Copies `remote` to `local` over a client of its own; the first copy also tries a second
// operation on its client while the copy runs.
asio::awaitable<void> copy(sc::ClientOptions options, std::string share, std::string remote,
                           std::string local, bool try_second) {
  auto client = co_await sc::AsyncClient::connect(options);
  if (!client) co_return report("connect for " + remote, client.error());
  auto tree = co_await (*client)->tree_connect(share);
  if (!tree) co_return report("tree connect for " + remote, tree.error());
  auto file = co_await (*client)->open(*tree, remote);
  if (!file) co_return report("open " + remote, file.error());
  std::FILE* out = std::fopen(local.c_str(), "wb");
  if (!out) co_return report("create " + local, smbkit::NtStatus::AccessDenied);
  bool tried = false;
  sc::AsyncClient& c = **client;
  auto executor = co_await asio::this_coro::executor;
  auto sink = [&](std::span<const uint8_t> data) -> smbkit::Result<void> {
    if (try_second && !tried) {
      tried = true;
      // The copy is under way: a stat on the same client is refused at once.
      asio::co_spawn(
          executor,
          [&c, tree = *tree, remote]() -> asio::awaitable<void> {
            auto st = co_await c.stat(tree, remote);
            std::string status = st ? "STATUS_SUCCESS" : std::string(smbkit::status_name(st.error()));
            std::printf("a second operation while one runs: %s\n", status.c_str());
          },
          asio::detached);
    }
    if (std::fwrite(data.data(), 1, data.size(), out) != data.size())
      return smbkit::fail(smbkit::NtStatus::DiskFull);
    return {};
  };
  auto copied = co_await c.read_all(*file, sink);
  bool closed = std::fclose(out) == 0;
  if (!copied) co_return report("read " + remote, copied.error());
  if (!closed) co_return report("write " + local, smbkit::NtStatus::DiskFull);
  (void)co_await c.close(*file);
  (void)co_await c.logoff();
  std::printf("got %s %llu\n", remote.c_str(), static_cast<unsigned long long>(*copied));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 8) {
    std::fprintf(stderr,
                 "usage: %s HOST PORT SHARE USER PASSWORD LOCAL_DIR REMOTE_FILE...\n", argv[0]);
    return 2;
  }
  sc::ClientOptions options;
  options.host = argv[1];
  options.port = static_cast<uint16_t>(std::atoi(argv[2]));
  options.user = argv[4];
  options.password = argv[5];
  asio::io_context io;  // one thread runs every copy
  for (int i = 7; i < argc; ++i) {
    std::string remote = argv[i];
    std::string local = std::string(argv[6]) + "/" + remote.substr(remote.find_last_of('/') + 1);
    asio::co_spawn(io, copy(options, argv[3], remote, local, i == 7), asio::detached);
  }
  io.run();
  return failures == 0 ? 0 : 1;
}
