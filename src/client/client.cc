// The synchronous Client: each call runs the session's coroutine on a private io_context until
// it completes.
#include <atomic>
#include <exception>
#include <optional>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "client/smb1_session.h"
#include "client/smb2_session.h"
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
  std::unique_ptr<Session> session;
  // Set by stop_watch() from any thread; cleared when a watch ends.
  std::atomic<bool> stop_watch{false};
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::connect(const ClientOptions& options) {
  auto impl = std::make_unique<Impl>(options.trace);
  // NT1 is SMB1 alone; every other name is SMB 2/3 up to it (never a fallback to SMB1).
  if (options.dialect == "NT1" || options.dialect == "nt1") {
    auto session = impl->run(Smb1Session::start(options, impl->tracer));
    if (!session) return fail(session.error());
    impl->session = std::move(*session);
  } else {
    auto session = impl->run(Smb2Session::start(options, impl->tracer));
    if (!session) return fail(session.error());
    impl->session = std::move(*session);
  }
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

Result<size_t> Client::write(const FileHandle& file, uint64_t offset,
                             std::span<const uint8_t> data, const WriteOptions& options) {
  return impl_->run(impl_->session->write(file, offset, data, options));
}

Result<uint64_t> Client::write_all(const FileHandle& file, const DataSource& source,
                                   const WriteOptions& options) {
  return impl_->run(impl_->session->write_all(file, source, options));
}

Result<void> Client::flush(const FileHandle& file) {
  return impl_->run(impl_->session->flush(file));
}

Result<void> Client::mkdir(TreeId tree, std::string_view path) {
  return impl_->run(impl_->session->mkdir(tree, std::string(path)));
}

Result<void> Client::rmdir(TreeId tree, std::string_view path) {
  return impl_->run(impl_->session->rmdir(tree, std::string(path)));
}

Result<void> Client::unlink(TreeId tree, std::string_view path) {
  return impl_->run(impl_->session->unlink(tree, std::string(path)));
}

Result<void> Client::rename(TreeId tree, std::string_view from, std::string_view to) {
  return impl_->run(impl_->session->rename(tree, std::string(from), std::string(to)));
}

Result<void> Client::set_basic_info(TreeId tree, std::string_view path, const FileInfo& info) {
  return impl_->run(impl_->session->set_basic_info(tree, std::string(path), info));
}

Result<void> Client::watch(TreeId tree, std::string_view dir, const WatchOptions& options,
                           const ChangeSink& sink) {
  auto watched = impl_->run(
      impl_->session->watch(tree, std::string(dir), options, sink, impl_->stop_watch));
  impl_->stop_watch.store(false);
  return watched;
}

void Client::stop_watch() {
  impl_->stop_watch.store(true);
  // Runs on the thread in watch(), or at the start of the next call if none runs.
  asio::post(impl_->io, [session = impl_->session.get()] { session->interrupt_watch(); });
}

Result<std::vector<ShareInfo>> Client::list_shares() {
  return impl_->run(impl_->session->list_shares());
}

Result<ServerDescription> Client::describe_server() {
  return impl_->run(impl_->session->describe_server());
}

Result<void> Client::tree_disconnect(TreeId tree) {
  return impl_->run(impl_->session->tree_disconnect(tree));
}

Result<void> Client::logoff() { return impl_->run(impl_->session->logoff()); }

}  // namespace smbkit::client
