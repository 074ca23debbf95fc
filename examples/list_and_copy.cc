// libsmbkit in a few lines: connect to a server over SMB 3.1.1 (signed), list a share's top
// directory, copy one file from it to a local file.
//
//   list_and_copy HOST PORT SHARE USER PASSWORD REMOTE_FILE LOCAL_FILE
//
// Uses only the public API (include/smbkit/client.h).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "smbkit/client.h"

namespace sc = smbkit::client;

static int fail(smbkit::NtStatus status, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, std::string(smbkit::status_name(status)).c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: %s HOST PORT SHARE USER PASSWORD REMOTE_FILE LOCAL_FILE\n",
                 argv[0]);
    return 2;
  }
  sc::ClientOptions options;
  options.host = argv[1];
  options.port = static_cast<uint16_t>(std::atoi(argv[2]));
  options.user = argv[4];
  options.password = argv[5];
  options.sign = true;  // SMB 3.1.1 (the default dialect), every message signed
  auto client = sc::Client::connect(options);
  if (!client) return fail(client.error(), "connect");
  std::printf("connected: %s, signing %s\n", (*client)->server().dialect.c_str(),
              (*client)->server().signing.c_str());

  auto tree = (*client)->tree_connect(argv[3]);
  if (!tree) return fail(tree.error(), "tree connect");
  auto entries = (*client)->list(*tree, "");
  if (!entries) return fail(entries.error(), "list");
  for (const auto& e : *entries)
    std::printf("%c %12llu  %s\n", e.directory ? 'd' : '-',
                static_cast<unsigned long long>(e.size), e.name.c_str());

  auto file = (*client)->open(*tree, argv[6]);
  if (!file) return fail(file.error(), "open");
  std::FILE* out = std::fopen(argv[7], "wb");
  if (!out) {
    std::perror(argv[7]);
    return 1;
  }
  auto copied = (*client)->read_all(*file, [out](std::span<const uint8_t> data) -> smbkit::Result<void> {
    if (std::fwrite(data.data(), 1, data.size(), out) != data.size())
      return smbkit::fail(smbkit::NtStatus::DiskFull);
    return {};
  });
  bool closed = std::fclose(out) == 0;
  if (!copied) return fail(copied.error(), "read");
  if (!closed) return fail(smbkit::NtStatus::DiskFull, "write");
  std::printf("copied %llu bytes to %s\n", static_cast<unsigned long long>(*copied), argv[7]);
  (void)(*client)->close(*file);
  (void)(*client)->tree_disconnect(*tree);
  (void)(*client)->logoff();
  return 0;
}
