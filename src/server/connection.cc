#include "server/connection.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "server/core/host_access.h"
#include "server/log.h"
#include "server/smb1/processor.h"
#include "server/smb2/processor.h"
#include "smb1/negotiate.h"
#include "wire/netbios.h"

namespace smbkit::server {

namespace nb = smbkit::netbios;

namespace {

// An IPv4 client of the dual-stack listener arrives as ::ffff:a.b.c.d; logs, "hosts allow" and
// the RPC services see it as a.b.c.d, as on an IPv4 socket.
asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return address;
}

std::string describe_peer(const asio::ip::tcp::socket& socket) {
  asio::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "an unknown peer";
  auto address = unmapped(endpoint.address());
  return address.is_v6() ? "[" + address.to_string() + "]:" + std::to_string(endpoint.port())
                         : address.to_string() + ":" + std::to_string(endpoint.port());
}

// Waits until another coroutine of the connection cancels `signal` (or the socket's owner goes).
asio::awaitable<void> wait_for(asio::steady_timer& signal) {
  signal.expires_at(asio::steady_timer::time_point::max());
  asio::error_code ignored;
  auto token = asio::redirect_error(asio::use_awaitable, ignored);
  co_await signal.async_wait(token);
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, bool netbios, SharedState& shared)
    : socket_(std::move(socket)),
      netbios_(netbios),
      shared_(shared),
      peer_(describe_peer(socket_)),
      logon_timer_(socket_.get_executor()),
      idle_timer_(socket_.get_executor()),
      reader_wake_(socket_.get_executor()),
      received_(kReceiveBufferSize) {}

// Runs once no message of the connection is left on the worker pool (each holds the connection),
// so counting its files races with nothing.
Connection::~Connection() {
  if (processor_ && processor_->open_files() > 0)
    log_debug("connection from {} closed; closing its {} open file(s)", peer_,
              processor_->open_files());
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  logon_timer_.cancel();
  idle_timer_.cancel();
  wake_reader();
}

// Takes the frame by reference: callers keep it alive in a named local across the write.
asio::awaitable<void> Connection::send(const std::vector<uint8_t>& frame) {
  co_await asio::async_write(socket_, asio::buffer(frame), asio::use_awaitable);
}

asio::awaitable<bool> Connection::refuse_session(netbios::NegativeCode code) {
  const std::vector<uint8_t> frame = nb::encode_negative_response(code);
  co_await send(frame);
  co_return false;
}

asio::awaitable<bool> Connection::accept_netbios_session() {
  uint8_t hdr[nb::kHeaderSize];
  co_await read_exact(hdr, sizeof hdr);
  nb::FrameHeader h = nb::decode_header(hdr);
  if (h.type != nb::PacketType::SessionRequest) {
    // SMB traffic (or anything else) before a session request is refused (RFC 1002 4.3.2).
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  // A session request is two encoded names: 68 bytes without scopes; scopes are short.
  if (h.length > 512) {
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  std::vector<uint8_t> body(h.length);
  co_await read_exact(body.data(), body.size());
  auto req = nb::decode_session_request(body);
  if (!req) {
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  bool ours = req->called.name == "*SMBSERVER" ||
              strcasecmp(req->called.name.c_str(), shared_.config.server_name.c_str()) == 0;
  if (!ours) {
    // Windows answers an unknown called name with "called name not present"; clients then retry
    // with *SMBSERVER.
    co_return co_await refuse_session(nb::NegativeCode::CalledNameNotPresent);
  }
  const std::vector<uint8_t> positive = nb::encode_positive_response();
  co_await send(positive);
  co_return true;
}

asio::awaitable<bool> Connection::host_allowed_here() {
  const ServerConfig& config = shared_.config;
  if (config.hosts_allow.empty() && config.hosts_deny.empty()) co_return true;
  asio::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  if (!ec && host_allowed(config.hosts_allow, config.hosts_deny, remote.address()))
    co_return true;
  // smbd's answer on either port, before reading anything: "not listening for calling name".
  log_info("connection from {} refused by hosts allow / hosts deny", peer_);
  co_return co_await refuse_session(nb::NegativeCode::NotListeningForCallingName);
}

void Connection::start_logon_timer() {
  uint32_t seconds = shared_.config.limits.logon_timeout_seconds;
  if (seconds == 0) return;
  logon_timer_.expires_after(std::chrono::seconds(seconds));
  // A weak reference: the timer must not keep a finished connection alive.
  logon_timer_.async_wait([weak = weak_from_this(), seconds](const asio::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->logged_on_ || self->closed_) return;
    log_info("closing connection from {}: no logon within {} s", self->peer_, seconds);
    self->close();
  });
}

// smb.conf(5) "deadtime": a connection idle that long with no open file is closed; one with open
// files, or a request in progress, is looked at again a whole period later.
void Connection::start_idle_timer(std::chrono::steady_clock::duration wait) {
  idle_timer_.expires_after(wait);
  idle_timer_.async_wait([weak = weak_from_this()](const asio::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_) return;
    const auto limit = std::chrono::seconds(self->shared_.config.limits.idle_timeout_seconds);
    const auto idle = std::chrono::steady_clock::now() - self->last_request_;
    if (idle < limit) return self->start_idle_timer(limit - idle);
    if (self->outstanding_ != 0 || (self->processor_ && self->processor_->open_files() != 0))
      return self->start_idle_timer(limit);
    log_info("closing connection from {}: idle for {} s with no open file", self->peer_,
             std::chrono::duration_cast<std::chrono::seconds>(idle).count());
    self->close();
  });
}

void Connection::note_logon() {
  if (logged_on_) return;
  logged_on_ = true;
  logon_timer_.cancel();
}

asio::awaitable<void> Connection::run() {
  auto self = shared_from_this();
  start_logon_timer();
  last_request_ = std::chrono::steady_clock::now();
  if (uint32_t idle = shared_.config.limits.idle_timeout_seconds; idle != 0)
    start_idle_timer(std::chrono::seconds(idle));
  try {
    // Replies go out with non-blocking sendmsg/sendfile of the connection's own (send_batch).
    socket_.native_non_blocking(true);
    if (!co_await host_allowed_here()) {
      close();
      co_return;
    }
    if (!netbios_ || co_await accept_netbios_session()) co_await read_requests();
  } catch (const std::system_error& e) {
    log_debug("connection from {} ended: {}", peer_, e.what());
  }
  close();
}

bool Connection::reader_must_wait() const {
  return outstanding_ >= shared_.config.limits.max_outstanding_requests ||
         queued_bytes_ >= kMaxQueuedReplyBytes || request_bytes_ >= kMaxRequestBytesInProgress;
}

asio::awaitable<void> Connection::read_requests() {
  for (;;) {
    // MaxMpxCount: with that many requests unanswered (their replies not read by the client, or
    // still in progress) the next is left in the socket, so TCP flow control stops the client
    // instead of the server buffering without bound.
    while (reader_must_wait()) {
      if (closed_) co_return;
      reader_waiting_ = true;
      co_await wait_for(reader_wake_);
      reader_waiting_ = false;
    }
    MessageBuffer message;
    if (!co_await read_message(message)) co_return;
    if (closed_) co_return;
    ++outstanding_;
    last_request_ = std::chrono::steady_clock::now();
    if (!submit(std::move(message))) co_return;
  }
}

namespace {

enum class Framing { Smb1, Smb2, Other };

Framing framing_of(const MessageBuffer& message) {
  if (message.size() < 4 || std::memcmp(message.data() + 1, "SMB", 3) != 0) return Framing::Other;
  switch (message[0]) {
    case 0xFF: return Framing::Smb1;
    case 0xFE:  // SMB2, and the encrypted (0xFD) and compressed (0xFC) forms of it
    case 0xFD:
    case 0xFC: return Framing::Smb2;
    default: return Framing::Other;
  }
}

// MS-SMB2 3.3.5.3.1: an SMB1 NEGOTIATE offering "SMB 2.???" (any SMB2 dialect) or "SMB 2.002".
struct Smb2Offer {
  bool any = false;
  bool wildcard = false;
};
Smb2Offer smb2_offer(const MessageBuffer& message) {
  Smb2Offer offer;
  auto parsed = smb1::parse_message(message);
  if (!parsed || parsed->blocks.empty() ||
      parsed->blocks[0].command != static_cast<uint8_t>(smb1::Command::Negotiate))
    return offer;
  auto req = smb1::NegotiateRequest::decode(parsed->blocks[0]);
  if (!req) return offer;
  for (const std::string& d : req->dialects) {
    if (d == "SMB 2.???") offer.any = offer.wildcard = true;
    if (d == "SMB 2.002") offer.any = true;
  }
  return offer;
}

}  // namespace

bool Connection::choose_processor(const MessageBuffer& message) {
  const ProtocolRange& range = shared_.protocols;
  Framing framing = framing_of(message);
  std::vector<uint8_t> smb2_answer;
  if (framing == Framing::Smb2) {
    if (!range.serves_smb2()) return false;
    smb2_ = true;
  } else if (framing == Framing::Smb1) {
    Smb2Offer offer = range.serves_smb2() ? smb2_offer(message) : Smb2Offer{};
    // "SMB 2.002" alone upgrades only a server that serves 2.0.2 (MS-SMB2 3.3.5.3.1).
    smb2_ = offer.wildcard || (offer.any && range.serves(Protocol::Smb2_02));
    if (!smb2_ && !range.serves_smb1()) return false;
    if (smb2_) {
      auto smb2 = std::make_shared<Smb2Processor>(shared_);
      smb2_answer = smb2->answer_smb1_negotiate(offer.wildcard);
      processor_ = smb2;
    }
  } else {
    return false;
  }
  if (!processor_) {
    if (smb2_)
      processor_ = std::make_shared<Smb2Processor>(shared_);
    else
      processor_ = std::make_shared<Smb1Processor>(shared_);
  }
  // A weak reference: a reply finished after the connection ended is dropped.
  auto sink = [weak = weak_from_this(), loop = socket_.get_executor()](
                  std::vector<uint8_t> frame) {
    asio::post(loop, [weak, frame = std::move(frame)]() mutable {
      if (auto self = weak.lock()) self->queue_late_reply(std::move(frame));
    });
  };
  processor_->set_reply_sink(socket_.get_executor(), std::move(sink));
  asio::error_code no_address;
  auto remote = socket_.remote_endpoint(no_address);
  if (!no_address) processor_->set_client_address(unmapped(remote.address()));
  // A parked request runs again on the loop while the connection lives; its outcome is
  // delivered as any other's, with no request bytes of its own to count.
  auto rerun = [weak = weak_from_this(), loop = socket_.get_executor()](
                   std::function<void(OutcomeSink)> work) {
    asio::post(loop, [weak, work = std::move(work)] {
      auto self = weak.lock();
      if (!self || self->closed_) return;
      work([self](Outcome outcome) { self->complete(0, std::move(outcome)); });
    });
  };
  processor_->set_rerun(std::move(rerun));
  if (!smb2_answer.empty()) {
    // The SMB1 NEGOTIATE is answered here and goes no further.
    queue_reply(Reply{std::move(smb2_answer), {}});
    wake_reader();
  }
  return true;
}

bool Connection::submit(MessageBuffer message) {
  if (!processor_) {
    if (!choose_processor(message)) {
      log_debug("closing connection from {}: not an SMB dialect this server serves", peer_);
      return false;
    }
    // The SMB1 NEGOTIATE that upgraded the connection to SMB2 was answered already.
    if (smb2_ && framing_of(message) == Framing::Smb1) return !closed_;
  }
  if (framing_of(message) != (smb2_ ? Framing::Smb2 : Framing::Smb1)) {
    log_debug("closing connection from {}: a message of another dialect", peer_);
    return false;
  }
  size_t size = message.size();
  request_bytes_ += size;
  // The connection stays alive while its message is handled on the worker pool.
  auto done = [self = shared_from_this(), size](Outcome outcome) {
    self->complete(size, std::move(outcome));
  };
  processor_->submit(std::move(message), std::move(done));
  return !closed_;
}

void Connection::complete(size_t request_size, Outcome outcome) {
  request_bytes_ -= request_size;
  if (closed_) return;
  if (outcome.logged_on) note_logon();
  if (outcome.frame.empty()) {
    if (outcome.answer == Answer::Now) {
      close();  // the processor wants the connection closed
      return;
    }
    if (outcome.answer == Answer::Never) --outstanding_;
    wake_reader();  // Later: queue_late_reply() brings it
    return;
  }
  queue_reply(Reply{std::move(outcome.frame), std::move(outcome.tail)});
  wake_reader();
}

void Connection::queue_late_reply(std::vector<uint8_t> frame) {
  if (closed_) return;
  // The writer counts every frame it sends as a request answered. A late SMB2 reply follows its
  // request's interim response, which was counted already; an SMB1 request of the server's own
  // (an oplock break: FLAGS_REPLY clear, MS-CIFS 2.2.4.32.1) and an SMB2 oplock break answer no
  // request at all. Each is counted as one more.
  constexpr size_t kSmb1FlagsAt = nb::kHeaderSize + 9;
  if (smb2_ || (frame.size() > kSmb1FlagsAt && !(frame[kSmb1FlagsAt] & smb1::kFlagsReply)))
    ++outstanding_;
  queue_reply(Reply{std::move(frame), {}});
}

void Connection::wake_reader() {
  if (reader_waiting_) reader_wake_.cancel();
}

void Connection::queue_reply(Reply reply) {
  queued_bytes_ += reply.size();
  replies_.push_back(std::move(reply));
  if (!writing_) write_replies();
}

// Non-blocking sends driven by completion handlers rather than a coroutine waiting to be woken:
// waking one re-arms a timer (a timerfd_settime per reply), which cost as much as the reply's
// own send. Replies piled up go out in one sendmsg; a reply with a file tail ends its batch, and
// its tail follows with sendfile (the bytes before it marked MSG_MORE, so the header does not go
// out in a packet of its own).
void Connection::write_replies() {
  if (closed_ || replies_.empty()) return;
  writing_ = true;
  batch_.clear();
  batch_bytes_ = 0;
  while (!replies_.empty()) {
    bool has_tail = replies_.front().tail.length > 0;
    batch_bytes_ += replies_.front().size();
    batch_.push_back(std::move(replies_.front()));
    replies_.pop_front();
    if (has_tail) break;
  }
  batch_frame_ = 0;
  batch_sent_ = 0;
  send_batch();
}

void Connection::send_batch() {
  constexpr size_t kMaxIov = 64;
  int fd = socket_.native_handle();
  const FileTail& tail = batch_.back().tail;
  while (batch_frame_ < batch_.size()) {
    iovec iov[kMaxIov];
    size_t count = 0;
    size_t skip = batch_sent_;
    for (size_t i = batch_frame_; i < batch_.size() && count < kMaxIov; ++i) {
      auto& frame = batch_[i].frame;
      iov[count++] = {frame.data() + skip, frame.size() - skip};
      skip = 0;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = count;
    int flags = MSG_NOSIGNAL | (tail.length > 0 ? MSG_MORE : 0);
    ssize_t n = ::sendmsg(fd, &msg, flags);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return await_writable(&Connection::send_batch);
      return close();  // the peer is gone: stop reading too
    }
    // Advance past what went out.
    size_t sent = static_cast<size_t>(n);
    while (sent > 0) {
      size_t left = batch_[batch_frame_].frame.size() - batch_sent_;
      size_t step = std::min(left, sent);
      batch_sent_ += step;
      sent -= step;
      if (batch_sent_ == batch_[batch_frame_].frame.size()) {
        ++batch_frame_;
        batch_sent_ = 0;
      }
    }
  }
  if (tail.length > 0) return send_tail();
  finish_batch();
}

void Connection::send_tail() {
  int fd = socket_.native_handle();
  FileTail& tail = batch_.back().tail;
  while (tail.length > 0) {
    off_t offset = static_cast<off_t>(tail.offset);
    ssize_t n = ::sendfile(fd, tail.file->fd(), &offset, tail.length);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return await_writable(&Connection::send_tail);
      return close();
    }
    if (n == 0) {
      // The file was cut short since the reply promised these bytes: the frame cannot be
      // completed, and the connection cannot go on without it.
      log_debug("closing connection from {}: a read's file shrank while it was sent", peer_);
      return close();
    }
    tail.offset += static_cast<uint64_t>(n);
    tail.length -= static_cast<uint64_t>(n);
  }
  finish_batch();
}

void Connection::await_writable(void (Connection::*resume)()) {
  socket_.async_wait(asio::socket_base::wait_write,
                     [self = shared_from_this(), resume](const asio::error_code& error) {
                       if (error || self->closed_) return self->close();
                       ((*self).*resume)();
                     });
}

void Connection::finish_batch() {
  writing_ = false;
  queued_bytes_ -= batch_bytes_;
  outstanding_ -= static_cast<uint32_t>(batch_.size());
  batch_.clear();  // a sent tail's file may close now
  wake_reader();
  write_replies();
}

size_t Connection::take_received(uint8_t* out, size_t want) {
  size_t n = std::min(want, received_end_ - received_begin_);
  std::memcpy(out, received_.data() + received_begin_, n);
  received_begin_ += n;
  if (received_begin_ == received_end_) received_begin_ = received_end_ = 0;
  return n;
}

asio::awaitable<void> Connection::read_exact(uint8_t* out, size_t length, size_t owed) {
  size_t got = take_received(out, length);
  while (got < length) {
    size_t missing = length - got;
    if (missing >= received_.size()) {
      // As much as the buffer holds or more: straight into place, without a copy.
      got += co_await receive_some(out + got, missing, std::max(missing, owed - got));
      continue;
    }
    // The buffer is empty here; one receive brings this and often what follows it.
    received_end_ = co_await receive_some(received_.data(), received_.size(), missing);
    got += take_received(out + got, missing);
  }
}

asio::awaitable<size_t> Connection::receive_some(uint8_t* out, size_t room, size_t wanted) {
  for (;;) {
    ssize_t n = ::recv(socket_.native_handle(), out, room, 0);  // the socket is non-blocking
    if (n > 0) co_return static_cast<size_t>(n);
    if (n == 0) throw asio::system_error(asio::error::eof);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      throw asio::system_error(asio::error_code(errno, asio::error::get_system_category()));
    wake_when_received(wanted);
    co_await socket_.async_wait(asio::socket_base::wait_read, asio::use_awaitable);
  }
}

// SO_RCVLOWAT (socket(7)): epoll reports the socket readable once this many bytes are queued
// (or the receive window is full), where a 127 KiB write arriving in three pieces woke the loop
// three times. Set only before a wait, and only when it changes: it costs a system call.
void Connection::wake_when_received(size_t wanted) {
  int threshold = static_cast<int>(std::clamp<size_t>(wanted, 1, kMaxWakeThreshold));
  if (threshold == wake_threshold_) return;
  if (::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVLOWAT, &threshold,
                   sizeof threshold) == 0)
    wake_threshold_ = threshold;
}

asio::awaitable<void> Connection::read_body(MessageBuffer& out, uint32_t length) {
  // The buffer at most doubles per step, so a header that announces megabytes and sends little
  // costs what was sent, not what was announced. The first step takes a 128 KiB write (127 KiB
  // from smbclient) and its header in one receive, where two steps of 64 KiB took two; its pages
  // are only touched as bytes arrive (MessageBuffer does not zero them).
  constexpr size_t kFirstStep = 128 * 1024 + 1024;
  out.clear();
  out.reserve(std::min<size_t>(length, kFirstStep));
  while (out.size() < length) {
    size_t have = out.size();
    size_t step = std::min<size_t>(length - have, std::max(kFirstStep, have));
    out.resize(have + step);
    co_await read_exact(out.data() + have, step, length - have);
  }
}

asio::awaitable<bool> Connection::read_message(MessageBuffer& message) {
  for (;;) {
    uint8_t hdr[nb::kHeaderSize];
    co_await read_exact(hdr, sizeof hdr);
    nb::FrameHeader h = nb::decode_header(hdr);
    // Before logon only NEGOTIATE and SESSION_SETUP are due, and both fit in MaxBufferSize.
    uint32_t limit = shared_.config.limits.max_pdu_size;
    if (!logged_on_) limit = std::min(limit, kMaxPreLogonMessage);
    bool keepalive = h.type == nb::PacketType::Keepalive && netbios_;
    if ((h.type != nb::PacketType::SessionMessage && !keepalive) || h.length > limit ||
        (!keepalive && h.length < 4)) {
      log_debug("closing connection from {}: frame type 0x{:02x} length {} (limit {})", peer_,
                static_cast<unsigned>(h.type), h.length, limit);
      co_return false;
    }
    co_await read_body(message, h.length);
    if (!keepalive) co_return true;
  }
}

}  // namespace smbkit::server
