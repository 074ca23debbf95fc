// The synchronous Client: a wrapper around the AsyncClient (async_client.h) whose calls each
// run its coroutine on a private io_context until it completes.
#include <exception>
#include <optional>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include "smbkit/async_client.h"
#include "smbkit/client.h"

namespace smbkit::client {

struct Client::Impl {
  template <class T>
  Result<T> run(asio::awaitable<Result<T>> op) {
    std::optional<Result<T>> out;
    asio::co_spawn(io, std::move(op), [&out](std::exception_ptr e, Result<T> r) {
      // The session reports failures as statuses; an exception is a bug or memory exhaustion.
      if (e)
        out.emplace(fail(NtStatus::InternalError));
      else
        out.emplace(std::move(r));
    });
    io.restart();
    io.run();
    if (!out) return fail(NtStatus::InternalError);
    return std::move(*out);
  }

  // Declaration order is destruction order reversed: the client goes before its io_context.
  asio::io_context io;
  std::unique_ptr<AsyncClient> async;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::connect(const ClientOptions& options) {
  auto impl = std::make_unique<Impl>();
  auto connected = impl->run(AsyncClient::connect(options));
  if (!connected) return fail(connected.error());
  impl->async = std::move(*connected);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

const ServerInfo& Client::server() const { return impl_->async->server(); }

Result<TreeId> Client::tree_connect(std::string_view share) {
  return impl_->run(impl_->async->tree_connect(std::string(share)));
}

Result<FileHandle> Client::open(TreeId tree, std::string_view path, const OpenOptions& options) {
  return impl_->run(impl_->async->open(tree, std::string(path), options));
}

Result<size_t> Client::read(const FileHandle& file, uint64_t offset, std::span<uint8_t> out) {
  return impl_->run(impl_->async->read(file, offset, out));
}

Result<uint64_t> Client::read_all(const FileHandle& file, const DataSink& sink) {
  return impl_->run(impl_->async->read_all(file, sink));
}

Result<std::vector<FileInfo>> Client::list(TreeId tree, std::string_view dir,
                                           std::string_view pattern) {
  return impl_->run(impl_->async->list(tree, std::string(dir), std::string(pattern)));
}

Result<FileInfo> Client::stat(TreeId tree, std::string_view path) {
  return impl_->run(impl_->async->stat(tree, std::string(path)));
}

Result<void> Client::close(const FileHandle& file) {
  return impl_->run(impl_->async->close(file));
}

Result<size_t> Client::write(const FileHandle& file, uint64_t offset,
                             std::span<const uint8_t> data, const WriteOptions& options) {
  return impl_->run(impl_->async->write(file, offset, data, options));
}

Result<uint64_t> Client::write_all(const FileHandle& file, const DataSource& source,
                                   const WriteOptions& options) {
  return impl_->run(impl_->async->write_all(file, source, options));
}

Result<void> Client::flush(const FileHandle& file) {
  return impl_->run(impl_->async->flush(file));
}

Result<void> Client::mkdir(TreeId tree, std::string_view path) {
  return impl_->run(impl_->async->mkdir(tree, std::string(path)));
}

Result<void> Client::rmdir(TreeId tree, std::string_view path) {
  return impl_->run(impl_->async->rmdir(tree, std::string(path)));
}

Result<void> Client::unlink(TreeId tree, std::string_view path) {
  return impl_->run(impl_->async->unlink(tree, std::string(path)));
}

Result<void> Client::rename(TreeId tree, std::string_view from, std::string_view to) {
  return impl_->run(impl_->async->rename(tree, std::string(from), std::string(to)));
}

Result<void> Client::set_basic_info(TreeId tree, std::string_view path, const FileInfo& info) {
  return impl_->run(impl_->async->set_basic_info(tree, std::string(path), info));
}

Result<void> Client::watch(TreeId tree, std::string_view dir, const WatchOptions& options,
                           const ChangeSink& sink) {
  return impl_->run(impl_->async->watch(tree, std::string(dir), options, sink));
}

// Runs on the thread in watch(), or at the start of the next call if none runs.
void Client::stop_watch() { impl_->async->stop_watch(); }

Result<std::vector<ShareInfo>> Client::list_shares() {
  return impl_->run(impl_->async->list_shares());
}

Result<ServerDescription> Client::describe_server() {
  return impl_->run(impl_->async->describe_server());
}

Result<void> Client::tree_disconnect(TreeId tree) {
  return impl_->run(impl_->async->tree_disconnect(tree));
}

Result<void> Client::logoff() { return impl_->run(impl_->async->logoff()); }

}  // namespace smbkit::client
