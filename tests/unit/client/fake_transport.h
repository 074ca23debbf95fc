// Test seam for the client: a Transport that records what the client sends and answers with
// canned messages or with a scripted server (a function of each request), and helpers to build
// server replies and run coroutines.
#pragma once

#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "client/transport.h"
#include "smb1/header.h"
#include "smb1/message.h"

namespace smbkit::client::testing {

class FakeTransport : public Transport {
 public:
  struct Reply {
    std::vector<uint8_t> bytes;
    // Index (0-based) of the sent request whose MID is written into the reply when it is
    // received; nullopt leaves the MID as it is.
    std::optional<size_t> answers;
  };
  // A scripted server: the replies (possibly none) to one request.
  using Server = std::function<std::vector<std::vector<uint8_t>>(const std::vector<uint8_t>&)>;

  std::vector<std::vector<uint8_t>> sent;
  std::deque<Reply> replies;
  Server server;
  size_t received = 0;
  size_t max_in_flight = 0;  // most requests sent and not yet answered, over the run
  std::optional<NtStatus> receive_error;  // what receive() fails with once replies run out
  bool closed = false;

  // Queues a reply to the request sent `index`-th (its MID copied in).
  void reply_to(size_t index, std::vector<uint8_t> bytes) {
    replies.push_back({std::move(bytes), index});
  }
  void reply_raw(std::vector<uint8_t> bytes) { replies.push_back({std::move(bytes), {}}); }
  // A reply that comes later, unprompted by a request: wakes a receive waiting for one.
  void deliver(size_t index, std::vector<uint8_t> bytes) {
    reply_to(index, std::move(bytes));
    if (wake_) wake_->cancel();
  }

  asio::awaitable<Result<void>> send(std::vector<uint8_t> message) override {
    if (closed) co_return fail(NtStatus::ConnectionDisconnected);
    sent.push_back(message);
    if (server) {
      size_t index = sent.size() - 1;
      for (auto& r : server(message)) replies.push_back({std::move(r), index});
    }
    max_in_flight = std::max(max_in_flight, sent.size() - std::min(sent.size(), received));
    if (wake_) wake_->cancel();  // a receive waiting for replies looks again
    co_return Result<void>{};
  }

  asio::awaitable<Result<std::vector<uint8_t>>> receive() override {
    for (;;) {
      if (closed) co_return fail(NtStatus::ConnectionDisconnected);
      if (!replies.empty()) break;
      if (receive_error) co_return fail(*receive_error);
      // A silent server: wait until a later request brings replies, or until cancelled (the
      // client's time-out).
      if (!wake_)
        wake_.emplace(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
      std::error_code ec;
      co_await wake_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      asio::cancellation_state state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) co_return fail(NtStatus::Cancelled);
    }
    Reply r = std::move(replies.front());
    replies.pop_front();
    ++received;
    if (r.answers && *r.answers < sent.size() && r.bytes.size() >= smb1::kHeaderSize) {
      r.bytes[30] = sent[*r.answers][30];
      r.bytes[31] = sent[*r.answers][31];
    }
    co_return std::move(r.bytes);
  }

  void close() override { closed = true; }

 private:
  std::optional<asio::steady_timer> wake_;  // never expires; cancelled when replies are queued
};

// A server reply: header with the reply flag, NT status codes and Unicode, then whatever
// `body` writes (nothing: the empty block of an error reply).
inline std::vector<uint8_t> make_reply(smb1::Command command, NtStatus status,
                                       const std::function<void(smb1::MessageWriter&)>& body = {},
                                       uint16_t uid = 0, uint16_t tid = 0,
                                       uint16_t flags2 = smb1::kFlags2NtStatus |
                                                         smb1::kFlags2Unicode |
                                                         smb1::kFlags2LongNames) {
  smb1::Header h;
  h.command = static_cast<uint8_t>(command);
  h.status = status;
  h.flags = smb1::kFlagsReply;
  h.flags2 = flags2;
  h.uid = uid;
  h.tid = tid;
  std::vector<uint8_t> out;
  smb1::MessageWriter mw(out, h);
  if (body)
    body(mw);
  else
    mw.empty_block(static_cast<uint8_t>(command));
  return out;
}

// Runs a coroutine to completion on `io`.
template <class T>
T run(asio::io_context& io, asio::awaitable<T> op) {
  std::optional<T> out;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T r) {
    error = e;
    if (!e) out.emplace(std::move(r));
  });
  io.restart();
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

}  // namespace smbkit::client::testing
