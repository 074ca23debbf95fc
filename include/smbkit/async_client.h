// libsmbkit's asynchronous client: the same operations as smbkit::client::Client (client.h,
// which is a synchronous wrapper around this class), each a C++20 coroutine of standalone Asio
// (asio::awaitable) that runs on the executor it is awaited from. A program moves many files at
// once on one thread by running several AsyncClients side by side:
//
//   asio::io_context io;
//   asio::co_spawn(io, [&]() -> asio::awaitable<void> {
//     auto client = co_await AsyncClient::connect(options);
//     if (!client) co_return;
//     auto tree = co_await (*client)->tree_connect("share");
//     ...
//   }, asio::detached);
//   io.run();
//
// One operation at a time per client: await each before starting the next (a second one
// started meanwhile fails with STATUS_INVALID_DEVICE_STATE and sends nothing). Within one
// operation the client keeps several requests in flight (read_all, write_all). Every operation
// of a client runs on the executor its connect() ran on; the client must outlive them.
//
// Needs the Asio headers (Debian: libasio-dev) and ASIO_STANDALONE defined, as the library is
// built with.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include "smbkit/client.h"

namespace smbkit::client {

class Session;
class Tracer;

class AsyncClient {
 public:
  // Connects (TCP, then the NetBIOS session if asked), negotiates and logs on, on the executor
  // it is awaited from.
  static asio::awaitable<Result<std::unique_ptr<AsyncClient>>> connect(ClientOptions options);
  ~AsyncClient();
  AsyncClient(const AsyncClient&) = delete;
  AsyncClient& operator=(const AsyncClient&) = delete;

  const ServerInfo& server() const;

  // What each operation does is said at its namesake in Client (client.h).
  asio::awaitable<Result<TreeId>> tree_connect(std::string share);
  asio::awaitable<Result<FileHandle>> open(TreeId tree, std::string path,
                                           OpenOptions options = {});
  // `out` must stay valid until the read completes.
  asio::awaitable<Result<size_t>> read(FileHandle file, uint64_t offset, std::span<uint8_t> out);
  asio::awaitable<Result<uint64_t>> read_all(FileHandle file, DataSink sink);
  asio::awaitable<Result<std::vector<FileInfo>>> list(TreeId tree, std::string dir,
                                                      std::string pattern = "*");
  asio::awaitable<Result<FileInfo>> stat(TreeId tree, std::string path);
  asio::awaitable<Result<void>> close(FileHandle file);
  // `data` must stay valid until the write completes.
  asio::awaitable<Result<size_t>> write(FileHandle file, uint64_t offset,
                                        std::span<const uint8_t> data, WriteOptions options = {});
  asio::awaitable<Result<uint64_t>> write_all(FileHandle file, DataSource source,
                                              WriteOptions options = {});
  asio::awaitable<Result<void>> flush(FileHandle file);
  asio::awaitable<Result<void>> mkdir(TreeId tree, std::string path);
  asio::awaitable<Result<void>> rmdir(TreeId tree, std::string path);
  asio::awaitable<Result<void>> unlink(TreeId tree, std::string path);
  asio::awaitable<Result<void>> rename(TreeId tree, std::string from, std::string to);
  asio::awaitable<Result<void>> set_basic_info(TreeId tree, std::string path, FileInfo info);
  // Until `sink` returns false or stop_watch() is called.
  asio::awaitable<Result<void>> watch(TreeId tree, std::string dir, WatchOptions options,
                                      ChangeSink sink);
  // Ends the watch in progress, or the next one to start. Safe from any thread.
  void stop_watch();
  asio::awaitable<Result<std::vector<ShareInfo>>> list_shares();
  asio::awaitable<Result<ServerDescription>> describe_server();
  asio::awaitable<Result<void>> tree_disconnect(TreeId tree);
  asio::awaitable<Result<void>> logoff();

 private:
  AsyncClient(asio::any_io_executor executor, std::unique_ptr<Tracer> tracer,
              std::unique_ptr<Session> session);
  // Marks the client busy for one operation; false when another one runs.
  bool begin();
  void end() { busy_ = false; }
  struct Turn;  // begin() and end() around one operation

  asio::any_io_executor executor_;
  // Declaration order is destruction order reversed: the session (and its socket) goes before
  // the tracer it reports to.
  std::unique_ptr<Tracer> tracer_;
  std::unique_ptr<Session> session_;
  bool busy_ = false;
  std::atomic<bool> stop_watch_{false};  // set by stop_watch(), cleared when a watch ends
};

}  // namespace smbkit::client
