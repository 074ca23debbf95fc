// The synchronous Client: each call runs the session's coroutine on a private io_context until
// it completes.
#include <exception>
#include <optional>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include "client/smb1_session.h"
#include "client/tracer.h"
#include "smbkit/client.h"

namespace smbkit::client {

struct Client::Impl {
  explicit Impl(std::function<void(const TraceEvent&)> trace) : tracer(std::move(trace)) {}

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

  // Declaration order is destruction order reversed: the session (and its socket) goes first,
  // then the tracer it reports to, then the io_context.
  asio::io_context io;
  Tracer tracer;
  std::unique_ptr<Smb1Session> session;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::connect(const ClientOptions& options) {
  auto impl = std::make_unique<Impl>(options.trace);
  auto session = impl->run(Smb1Session::start(options, impl->tracer));
  if (!session) return fail(session.error());
  impl->session = std::move(*session);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

const ServerInfo& Client::server() const { return impl_->session->server(); }

Result<TreeId> Client::tree_connect(std::string_view share) {
  return impl_->run(impl_->session->tree_connect(std::string(share)));
}

Result<FileHandle> Client::open(TreeId tree, std::string_view path, const OpenOptions& options) {
  return impl_->run(impl_->session->open(tree, std::string(path), options));
}

Result<size_t> Client::read(const FileHandle& file, uint64_t offset, std::span<uint8_t> out) {
  return impl_->run(impl_->session->read(file, offset, out));
}

Result<uint64_t> Client::read_all(const FileHandle& file, const DataSink& sink) {
  return impl_->run(impl_->session->read_all(file, sink));
}

Result<std::vector<FileInfo>> Client::list(TreeId tree, std::string_view dir,
                                           std::string_view pattern) {
  return impl_->run(impl_->session->list(tree, std::string(dir), std::string(pattern)));
}

Result<FileInfo> Client::stat(TreeId tree, std::string_view path) {
  return impl_->run(impl_->session->stat(tree, std::string(path)));
}

Result<void> Client::close(const FileHandle& file) {
  return impl_->run(impl_->session->close(file));
}

Result<void> Client::tree_disconnect(TreeId tree) {
  return impl_->run(impl_->session->tree_disconnect(tree));
}

Result<void> Client::logoff() { return impl_->run(impl_->session->logoff()); }

}  // namespace smbkit::client
