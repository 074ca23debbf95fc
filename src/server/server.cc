// Listener and event loops: one io_context per core, connections spread round-robin across them,
// a separate worker pool for blocking file I/O (DESIGN.md "Performance design").
#include "smbkit/server.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <unordered_set>

#include <asio.hpp>

#include "server/connection.h"
#include "server/log.h"
#include "server/shared_state.h"
#include "server/unix_identity.h"

namespace smbkit {
namespace {

using asio::ip::tcp;

class EventLoop {
 public:
  asio::io_context context{1};
  // Keeps run() going while idle; released once stopping and the last connection has ended.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  // Touched only from the loop's thread.
  std::unordered_set<std::shared_ptr<server::Connection>> connections;
  bool stopping = false;

  void release_when_idle() {
    if (stopping && connections.empty()) guard.reset();
  }
};

class ServerImpl final : public Server {
 public:
  explicit ServerImpl(std::unique_ptr<server::SharedState> shared) : shared_(std::move(shared)) {
    unsigned n = shared_->config.threads ? shared_->config.threads
                                         : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) loops_.push_back(std::make_unique<EventLoop>());
  }

  bool listen(std::string* error) override {
    const auto& config = shared_->config;
    if (!bind_all(direct_, config.port, error)) return false;
    if (config.netbios_port && !bind_all(netbios_, config.netbios_port, error)) return false;
    return true;
  }

  uint16_t bound_port() const override {
    return direct_.empty() ? 0 : direct_[0].local_endpoint().port();
  }
  uint16_t bound_netbios_port() const override {
    return netbios_.empty() ? 0 : netbios_[0].local_endpoint().port();
  }

  bool reload(const ServerConfig& config, std::string* error) override {
    return shared_->reload(config, error);
  }

  void run() override {
    for (auto& acceptor : direct_)
      asio::co_spawn(loops_[0]->context, accept_loop(acceptor, false), asio::detached);
    for (auto& acceptor : netbios_)
      asio::co_spawn(loops_[0]->context, accept_loop(acceptor, true), asio::detached);
    for (auto& loop : loops_) loop->guard.emplace(asio::make_work_guard(loop->context));
    std::vector<std::thread> threads;
    for (size_t i = 1; i < loops_.size(); ++i)
      threads.emplace_back([this, i] { loops_[i]->context.run(); });
    loops_[0]->context.run();
    for (auto& t : threads) t.join();
    shared_->pool.join();
  }

  void stop() override {
    // Waiting lock requests, and opens waiting on the pool for an oplock break's acknowledgement,
    // would keep their connections (and run()) alive.
    shared_->opens.shutdown();
    shared_->oplocks.shutdown();
    // Each loop closes its own acceptors and connections. A loop's run() returns once its last
    // connection has ended, a request still on the worker pool included, so every open file is
    // closed by its connection before run() returns.
    for (size_t i = 0; i < loops_.size(); ++i) {
      asio::post(loops_[i]->context, [this, i] {
        EventLoop& loop = *loops_[i];
        if (i == 0) {
          asio::error_code ignored;
          for (auto& acceptor : direct_) acceptor.close(ignored);
          for (auto& acceptor : netbios_) acceptor.close(ignored);
        }
        loop.stopping = true;
        if (!loop.connections.empty())
          server::log_info("closing {} connection(s)", loop.connections.size());
        for (auto& c : loop.connections) c->close();
        loop.release_when_idle();
      });
    }
  }

 private:
  // Binds `port` on every listening address; with port 0 the first address's port is taken
  // for the others, so that the server has one port whatever the address.
  bool bind_all(std::vector<tcp::acceptor>& acceptors, uint16_t port, std::string* error) {
    const auto& addresses = shared_->config.listen_addresses;
    if (addresses.empty()) return bind_any(acceptors, port, error);
    for (const auto& text : addresses) {
      asio::error_code ec;
      auto address = asio::ip::make_address(text, ec);
      if (ec) {
        *error = "invalid listen address '" + text + "'";
        return false;
      }
      if (!acceptors.empty()) port = acceptors[0].local_endpoint().port();
      if (!bind(acceptors, tcp::endpoint(address, port), ec)) {
        *error = "cannot listen on " + text + ":" + std::to_string(port) + ": " + ec.message();
        return false;
      }
    }
    return true;
  }

  // No address given: one IPv6 socket that takes IPv4 too (IPV6_V6ONLY off), as clients such as
  // Windows reach a server over IPv6 first; plain IPv4 where the host has no IPv6.
  bool bind_any(std::vector<tcp::acceptor>& acceptors, uint16_t port, std::string* error) {
    asio::error_code ec;
    if (bind(acceptors, tcp::endpoint(asio::ip::address_v6::any(), port), ec, true)) return true;
    if (ec == asio::error::address_family_not_supported ||
        ec == std::errc::address_not_available) {
      if (bind(acceptors, tcp::endpoint(asio::ip::address_v4::any(), port), ec)) return true;
    }
    *error = "cannot listen on port " + std::to_string(port) + ": " + ec.message();
    return false;
  }

  bool bind(std::vector<tcp::acceptor>& acceptors, const tcp::endpoint& endpoint,
            asio::error_code& ec, bool dual_stack = false) {
    tcp::acceptor acceptor(loops_[0]->context);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec && dual_stack) acceptor.set_option(asio::ip::v6_only(false), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return false;
    acceptors.push_back(std::move(acceptor));
    return true;
  }

  asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, bool netbios) {
    for (;;) {
      EventLoop& target = *loops_[next_loop_++ % loops_.size()];
      asio::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(
          target.context, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        // Out of descriptors (EMFILE) and the like: the connection stays in the backlog, so
        // pause rather than spin on it.
        server::log_warn("accept failed: {}", ec.message());
        asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
        co_await pause.async_wait(asio::use_awaitable);
        continue;
      }
      // The slot is taken here, on the accepting thread, so a burst cannot overshoot the limit.
      if (active_connections_.load() >= shared_->config.limits.max_connections) {
        note_refused();
        continue;  // the socket closes as it goes out of scope
      }
      ++active_connections_;
      asio::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      asio::post(target.context, [this, &target, netbios, s = std::move(socket)]() mutable {
        if (target.stopping) {
          --active_connections_;
          return;
        }
        auto conn = std::make_shared<server::Connection>(std::move(s), netbios, *shared_);
        target.connections.insert(conn);
        asio::co_spawn(target.context, conn->run(), [this, &target, conn](std::exception_ptr) {
          target.connections.erase(conn);
          --active_connections_;
          target.release_when_idle();
        });
      });
    }
  }

  // One warning for the first refusal, then at most one every 10 s counting those since: a flood
  // of connections must not become a flood of log lines. Called from loop 0 only.
  void note_refused() {
    auto now = std::chrono::steady_clock::now();
    ++refused_;
    if (now - last_refusal_log_ < std::chrono::seconds(10)) return;
    server::log_warn("refused {} connection(s): the limit of {} connections is reached", refused_,
                     shared_->config.limits.max_connections);
    refused_ = 0;
    last_refusal_log_ = now;
  }

  std::unique_ptr<server::SharedState> shared_;
  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::vector<tcp::acceptor> direct_, netbios_;
  std::atomic<size_t> next_loop_{0};
  std::atomic<uint32_t> active_connections_{0};
  uint64_t refused_ = 0;
  std::chrono::steady_clock::time_point last_refusal_log_{};
};

}  // namespace

Result<std::unique_ptr<Server>> Server::create(const ServerConfig& config, std::string* error) {
  if (config.unix_accounts) {
    // Before any thread starts: capabilities are per thread, and the threads made later inherit
    // what this one keeps.
    if (geteuid() != 0) {
      *error = "acting as each user's Unix account needs the server started as root";
      return fail(NtStatus::InvalidParameter);
    }
    if (!server::drop_capabilities(error)) return fail(NtStatus::InvalidParameter);
    server::enable_identity_switch();
  }
  auto shared = server::SharedState::create(config, error);
  if (!shared) return fail(NtStatus::InvalidParameter);
  return std::unique_ptr<Server>(new ServerImpl(std::move(shared)));
}

}  // namespace smbkit
