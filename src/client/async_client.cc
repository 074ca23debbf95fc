// The asynchronous client (include/smbkit/async_client.h): one session, SMB1 or SMB 2/3, whose
// coroutines each operation awaits, one operation at a time.
#include "smbkit/async_client.h"

#include <asio/post.hpp>
#include <asio/this_coro.hpp>

#include "client/smb1_session.h"
#include "client/smb2_session.h"
#include "client/tracer.h"

namespace smbkit::client {

// One operation's hold on the client: refused while another operation holds it.
struct AsyncClient::Turn {
  explicit Turn(AsyncClient& c) : client(c), held(c.begin()) {}
  ~Turn() {
    if (held) client.end();
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  AsyncClient& client;
  bool held;
};

AsyncClient::AsyncClient(asio::any_io_executor executor, std::unique_ptr<Tracer> tracer,
                         std::unique_ptr<Session> session)
    : executor_(std::move(executor)), tracer_(std::move(tracer)), session_(std::move(session)) {}

AsyncClient::~AsyncClient() = default;

bool AsyncClient::begin() {
  if (busy_) return false;
  busy_ = true;
  return true;
}

asio::awaitable<Result<std::unique_ptr<AsyncClient>>> AsyncClient::connect(
    ClientOptions options) {
  auto executor = co_await asio::this_coro::executor;
  auto tracer = std::make_unique<Tracer>(options.trace);
  std::unique_ptr<Session> session;
  // NT1 is SMB1 alone; every other name is SMB 2/3 up to it (never a fallback to SMB1).
  if (options.dialect == "NT1" || options.dialect == "nt1") {
    auto started = co_await Smb1Session::start(std::move(options), *tracer);
    if (!started) co_return fail(started.error());
    session = std::move(*started);
  } else {
    auto started = co_await Smb2Session::start(std::move(options), *tracer);
    if (!started) co_return fail(started.error());
    session = std::move(*started);
  }
  co_return std::unique_ptr<AsyncClient>(
      new AsyncClient(std::move(executor), std::move(tracer), std::move(session)));
}

const ServerInfo& AsyncClient::server() const { return session_->server(); }

asio::awaitable<Result<TreeId>> AsyncClient::tree_connect(std::string share) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->tree_connect(std::move(share));
}

asio::awaitable<Result<FileHandle>> AsyncClient::open(TreeId tree, std::string path,
                                                      OpenOptions options) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->open(tree, std::move(path), std::move(options));
}

asio::awaitable<Result<size_t>> AsyncClient::read(FileHandle file, uint64_t offset,
                                                  std::span<uint8_t> out) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->read(file, offset, out);
}

asio::awaitable<Result<uint64_t>> AsyncClient::read_all(FileHandle file, DataSink sink) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->read_all(file, sink);
}

asio::awaitable<Result<std::vector<FileInfo>>> AsyncClient::list(TreeId tree, std::string dir,
                                                                 std::string pattern) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->list(tree, std::move(dir), std::move(pattern));
}

asio::awaitable<Result<FileInfo>> AsyncClient::stat(TreeId tree, std::string path) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->stat(tree, std::move(path));
}

asio::awaitable<Result<void>> AsyncClient::close(FileHandle file) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->close(file);
}

asio::awaitable<Result<size_t>> AsyncClient::write(FileHandle file, uint64_t offset,
                                                   std::span<const uint8_t> data,
                                                   WriteOptions options) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->write(file, offset, data, options);
}

asio::awaitable<Result<uint64_t>> AsyncClient::write_all(FileHandle file, DataSource source,
                                                         WriteOptions options) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->write_all(file, source, options);
}

asio::awaitable<Result<void>> AsyncClient::flush(FileHandle file) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->flush(file);
}

asio::awaitable<Result<void>> AsyncClient::mkdir(TreeId tree, std::string path) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->mkdir(tree, std::move(path));
}

asio::awaitable<Result<void>> AsyncClient::rmdir(TreeId tree, std::string path) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->rmdir(tree, std::move(path));
}

asio::awaitable<Result<void>> AsyncClient::unlink(TreeId tree, std::string path) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->unlink(tree, std::move(path));
}

asio::awaitable<Result<void>> AsyncClient::rename(TreeId tree, std::string from,
                                                  std::string to) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->rename(tree, std::move(from), std::move(to));
}

asio::awaitable<Result<void>> AsyncClient::set_basic_info(TreeId tree, std::string path,
                                                          FileInfo info) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->set_basic_info(tree, std::move(path), std::move(info));
}

asio::awaitable<Result<void>> AsyncClient::watch(TreeId tree, std::string dir,
                                                 WatchOptions options, ChangeSink sink) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  auto watched = co_await session_->watch(tree, std::move(dir), options, sink, stop_watch_);
  stop_watch_.store(false);
  co_return watched;
}

void AsyncClient::stop_watch() {
  stop_watch_.store(true);
  // On the client's executor: during the watch, or before the next operation if none runs.
  asio::post(executor_, [session = session_.get()] { session->interrupt_watch(); });
}

asio::awaitable<Result<std::vector<ShareInfo>>> AsyncClient::list_shares() {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->list_shares();
}

asio::awaitable<Result<ServerDescription>> AsyncClient::describe_server() {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->describe_server();
}

asio::awaitable<Result<void>> AsyncClient::tree_disconnect(TreeId tree) {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->tree_disconnect(tree);
}

asio::awaitable<Result<void>> AsyncClient::logoff() {
  Turn turn(*this);
  if (!turn.held) co_return fail(NtStatus::InvalidDeviceState);
  co_return co_await session_->logoff();
}

}  // namespace smbkit::client
