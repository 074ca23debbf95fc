#include "client/smb1_connection.h"

#include <algorithm>
#include <unistd.h>

#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "client/deadline.h"
#include "smb1/dos_error.h"

namespace smbkit::client {
namespace {

constexpr size_t kMidOffset = 30;  // MS-CIFS 2.2.3.1: MID is the header's last field
constexpr uint16_t kOplockBreakMid = 0xFFFF;  // MS-CIFS 2.2.1.6.2: never a request's MID
constexpr int kMaxDiscarded = 64;  // stray messages tolerated while waiting for one reply

uint16_t mid_of(const std::vector<uint8_t>& message) {
  return static_cast<uint16_t>(message[kMidOffset] | (message[kMidOffset + 1] << 8));
}

}  // namespace

Smb1Connection::Smb1Connection(std::unique_ptr<Transport> transport, Tracer& tracer,
                               std::chrono::milliseconds reply_timeout)
    : transport_(std::move(transport)),
      tracer_(tracer),
      reply_timeout_(reply_timeout),
      pid_(static_cast<uint32_t>(getpid())) {}

Smb1Connection::~Smb1Connection() { close(); }

void Smb1Connection::close() {
  if (transport_) transport_->close();
  if (broken_ == NtStatus::Success) broken_ = NtStatus::ConnectionDisconnected;
}

void Smb1Connection::break_connection(NtStatus why) {
  if (transport_) transport_->close();
  broken_ = why;
}

smb1::Header Smb1Connection::header(smb1::Command command, uint16_t tid) const {
  smb1::Header h;
  h.command = static_cast<uint8_t>(command);
  h.flags = smb1::kFlagsCaseInsensitive | smb1::kFlagsCanonicalizedPaths;
  h.flags2 = flags2_;
  h.pid_high = static_cast<uint16_t>(pid_ >> 16);
  h.pid_low = static_cast<uint16_t>(pid_);
  h.tid = tid;
  h.uid = uid_;
  return h;
}

uint16_t Smb1Connection::allocate_mid() {
  for (;;) {
    uint16_t mid = next_mid_++;
    if (mid != 0 && mid != kOplockBreakMid && !outstanding_.contains(mid) &&
        !abandoned_.contains(mid))
      return mid;
  }
}

asio::awaitable<Result<uint16_t>> Smb1Connection::send(std::vector<uint8_t> message,
                                                       TraceFields fields) {
  if (broken_ != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
  if (message.size() < smb1::kHeaderSize) co_return fail(NtStatus::InvalidParameter);
  uint16_t mid = allocate_mid();
  message[kMidOffset] = static_cast<uint8_t>(mid);
  message[kMidOffset + 1] = static_cast<uint8_t>(mid >> 8);
  // Outstanding from now: a reply that arrives while the message is still being written is
  // taken as this MID's, not discarded.
  outstanding_.insert(mid);
  tracer_.emit(tracer_.take_sequence(), Direction::ClientToServer,
               smb1::command_name(message[4]), "-", std::move(fields));
  auto sent = co_await write(std::move(message));
  if (!sent) {
    outstanding_.erase(mid);
    co_return fail(sent.error());
  }
  co_return mid;
}

asio::awaitable<Result<void>> Smb1Connection::send_unanswered(std::vector<uint8_t> message,
                                                              uint16_t mid, TraceFields fields) {
  if (broken_ != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
  if (message.size() < smb1::kHeaderSize) co_return fail(NtStatus::InvalidParameter);
  message[kMidOffset] = static_cast<uint8_t>(mid);
  message[kMidOffset + 1] = static_cast<uint8_t>(mid >> 8);
  tracer_.emit(tracer_.take_sequence(), Direction::ClientToServer,
               smb1::command_name(message[4]), "-", std::move(fields));
  co_return co_await write(std::move(message));
}

asio::awaitable<Result<void>> Smb1Connection::write(std::vector<uint8_t> message) {
  auto sent = co_await turns_.send(*transport_, std::move(message), broken_);
  if (!sent && broken_ == NtStatus::Success) break_connection(sent.error());
  co_return sent;
}

void Smb1Connection::finish(uint16_t mid) {
  outstanding_.erase(mid);
  early_.erase(mid);
}

void Smb1Connection::abandon(uint16_t mid) {
  if (!outstanding_.erase(mid)) return;
  if (early_.erase(mid)) return;  // its reply is already here: dropped
  abandoned_.insert(mid);
}

void Smb1Connection::trace_reply(const Arrived& reply, TraceFields fields) const {
  if (!tracer_.enabled()) return;
  std::string command = "SMB (malformed)";
  std::string status = "-";
  ByteReader r(reply.bytes);
  if (auto h = smb1::Header::decode(r)) {
    command = smb1::command_name(h->command);
    status = status_name(smb1::status_of_reply(*h));
  }
  tracer_.emit(reply.sequence, Direction::ServerToClient, std::move(command), std::move(status),
               std::move(fields));
}

Result<NtStatus> Smb1Connection::process(const Arrived& reply, smb1::Command command,
                                         const ReplyHandler& handler,
                                         const std::vector<NtStatus>& accepted) {
  auto message = smb1::parse_message(reply.bytes);
  if (!message || !message->header.is_reply() ||
      message->header.command != static_cast<uint8_t>(command)) {
    trace_reply(reply, {{"error", "unexpected or malformed reply"}});
    return fail(NtStatus::InvalidNetworkResponse);
  }
  NtStatus status = smb1::status_of_reply(message->header);
  if (status != NtStatus::Success &&
      std::find(accepted.begin(), accepted.end(), status) == accepted.end()) {
    trace_reply(reply, {});
    return fail(status);
  }
  auto fields = handler(*message);
  if (!fields) {
    trace_reply(reply, {{"error", status_name(fields.error())}});
    return fail(fields.error());
  }
  trace_reply(reply, std::move(*fields));
  return status;
}

asio::awaitable<Result<NtStatus>> Smb1Connection::receive(uint16_t mid, smb1::Command command,
                                                          const ReplyHandler& handler,
                                                          const std::vector<NtStatus>& accepted,
                                                          Wait wait) {
  if (!outstanding_.contains(mid)) co_return fail(NtStatus::InvalidParameter);
  for (int discarded = 0;;) {
    if (auto it = early_.find(mid); it != early_.end() && !it->second.empty()) {
      Arrived reply = std::move(it->second.front());
      it->second.pop_front();
      co_return process(reply, command, handler, accepted);
    }
    if (broken_ != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
    Result<std::vector<uint8_t>> frame = fail(NtStatus::InternalError);
    if (wait == Wait::Indefinitely)
      frame = co_await transport_->receive();
    else
      frame = co_await with_deadline(transport_->receive(), reply_timeout_);
    if (!frame) {
      break_connection(frame.error());
      co_return fail(frame.error());
    }
    Arrived reply{std::move(*frame), tracer_.take_sequence()};
    if (reply.bytes.size() < smb1::kHeaderSize) {
      trace_reply(reply, {{"error", "short message"}});
      co_return fail(NtStatus::InvalidNetworkResponse);
    }
    uint16_t got = mid_of(reply.bytes);
    if (got == mid) co_return process(reply, command, handler, accepted);
    if (abandoned_.erase(got)) {
      trace_reply(reply, {{"abandoned", "yes"}});
      continue;
    }
    if (outstanding_.contains(got)) {
      early_[got].push_back(std::move(reply));
      continue;
    }
    // MS-CIFS 3.2.5.1: a message whose MID matches no outstanding request is discarded.
    trace_reply(reply, {{"discarded", "no request with this MID"}});
    // ... but a peer that keeps sending them would hold the client past any time-out.
    if (++discarded > kMaxDiscarded) co_return fail(NtStatus::InvalidNetworkResponse);
  }
}

asio::awaitable<Result<NtStatus>> Smb1Connection::call(std::vector<uint8_t> message,
                                                       TraceFields fields, smb1::Command command,
                                                       const ReplyHandler& handler,
                                                       const std::vector<NtStatus>& accepted) {
  auto mid = co_await send(std::move(message), std::move(fields));
  if (!mid) co_return fail(mid.error());
  auto status = co_await receive(*mid, command, handler, accepted);
  finish(*mid);
  co_return status;
}

}  // namespace smbkit::client
