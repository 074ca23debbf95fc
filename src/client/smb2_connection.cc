#include "client/smb2_connection.h"

#include <algorithm>
#include <cstring>

#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "client/deadline.h"
#include "smb2/cancel.h"
#include "smb2/compound.h"
#include "smb2/transform.h"

namespace smbkit::client {
namespace {

using smb2::Header;

// MS-SMB2 2.2.1.2: the MessageId of an unsolicited oplock or lease break notification.
constexpr uint64_t kUnsolicitedMessageId = 0xFFFFFFFFFFFFFFFFull;
constexpr int kMaxDiscarded = 64;  // stray messages tolerated while waiting for one response
constexpr uint32_t kMaxCompound = 64;

void put_u16(std::vector<uint8_t>& m, size_t at, uint16_t v) {
  m[at] = static_cast<uint8_t>(v);
  m[at + 1] = static_cast<uint8_t>(v >> 8);
}
void put_u32(std::vector<uint8_t>& m, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) m[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u64(std::vector<uint8_t>& m, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) m[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

constexpr size_t kCreditChargeOffset = 6;
constexpr size_t kCommandOffset = 12;
constexpr size_t kTreeIdOffset = 36;

// The payload a request moves, for its credit charge: READ's Length, WRITE's data, IOCTL's
// larger buffer, QUERY_DIRECTORY's and QUERY_INFO's output buffer (MS-SMB2 3.2.4.1.5).
uint64_t payload_of(Bytes message) {
  if (message.size() < smb2::kHeaderSize + 8) return 0;
  ByteReader r(message.subspan(smb2::kHeaderSize));
  auto u32_at = [&](size_t at) -> uint64_t {
    if (smb2::kHeaderSize + at + 4 > message.size()) return 0;
    ByteReader f(message.subspan(smb2::kHeaderSize + at, 4));
    return f.u32();
  };
  switch (static_cast<smb2::Command>(message[kCommandOffset] | (message[kCommandOffset + 1] << 8))) {
    case smb2::Command::Read:
      return u32_at(4);  // Length
    case smb2::Command::Write:
      return u32_at(4);  // Length
    case smb2::Command::Ioctl:
      return std::max(u32_at(28), u32_at(44));  // InputCount, MaxOutputResponse
    case smb2::Command::QueryDirectory:
      return u32_at(28);  // OutputBufferLength
    case smb2::Command::QueryInfo:
      return u32_at(4);  // OutputBufferLength
    case smb2::Command::ChangeNotify:
      return u32_at(4);  // OutputBufferLength
    default:
      return 0;
  }
}

}  // namespace

Smb2Connection::Smb2Connection(std::unique_ptr<Transport> transport, Tracer& tracer,
                               std::chrono::milliseconds reply_timeout)
    : transport_(std::move(transport)), tracer_(tracer), reply_timeout_(reply_timeout) {}

Smb2Connection::~Smb2Connection() { close(); }

void Smb2Connection::close() {
  if (transport_) transport_->close();
  if (broken_ == NtStatus::Success) broken_ = NtStatus::ConnectionDisconnected;
}

void Smb2Connection::break_connection(NtStatus why) {
  if (transport_) transport_->close();
  broken_ = why;
}

bool Smb2Connection::verify(Bytes message) const {
  return signer_ && crypto::smb2_verify(*signer_, message);
}

void Smb2Connection::set_cipher(std::unique_ptr<crypto::SessionCipher> cipher, bool all) {
  cipher_ = std::move(cipher);
  encrypt_all_ = all && cipher_;
}

bool Smb2Connection::must_encrypt(uint32_t tree_id) const {
  return cipher_ && (encrypt_all_ || encrypted_trees_.contains(tree_id));
}

Header Smb2Connection::header(smb2::Command command, uint32_t tree_id) const {
  Header h;
  h.command = static_cast<uint16_t>(command);
  h.tree_id = tree_id;
  h.session_id = session_id_;
  return h;
}

uint16_t Smb2Connection::charge_for(uint64_t payload) const {
  if (!multi_credit_) return 1;
  return static_cast<uint16_t>(std::max<uint64_t>(1, (payload + 65535) / 65536));
}

asio::awaitable<Result<uint64_t>> Smb2Connection::send(Smb2Request request,
                                                       const std::function<void(Bytes)>& wire) {
  std::vector<Smb2Request> one;
  one.push_back(std::move(request));
  auto ids = co_await send(std::move(one), wire);
  if (!ids) co_return fail(ids.error());
  co_return ids->front();
}

asio::awaitable<Result<std::vector<uint64_t>>> Smb2Connection::send(
    std::vector<Smb2Request> requests, const std::function<void(Bytes)>& wire) {
  if (broken_ != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
  if (requests.empty() || requests.size() > kMaxCompound) co_return fail(NtStatus::InvalidParameter);
  uint32_t total_charge = 0;
  std::vector<uint16_t> charges;
  for (const auto& r : requests) {
    if (r.message.size() < smb2::kHeaderSize) co_return fail(NtStatus::InvalidParameter);
    charges.push_back(charge_for(payload_of(r.message)));
    total_charge += std::max<uint16_t>(charges.back(), 1);
  }
  if (total_charge > credits_) co_return fail(NtStatus::InsufficientResources);

  // Ids and credits in each message. A compound (or anything encrypted) is then built as one
  // chain before any message is signed, as each signature covers its message's padding
  // (3.1.4.1); a lone plaintext request goes out in its own buffer, uncopied.
  std::vector<uint64_t> ids;
  bool encrypt = false;
  uint32_t credits_left = credits_ - total_charge;
  uint32_t asked = 0;
  std::vector<uint16_t> commands;
  std::vector<uint16_t> asks;
  for (size_t i = 0; i < requests.size(); ++i) {
    auto& m = requests[i].message;
    uint64_t id = next_message_id_;
    uint16_t charge = charges[i];
    next_message_id_ += std::max<uint16_t>(charge, 1);
    ids.push_back(id);
    put_u64(m, smb2::kMessageIdOffset, id);
    put_u16(m, kCreditChargeOffset, multi_credit_ ? charge : 0);
    // Each request asks back what it spends; the last of the chain asks for what tops the
    // balance, once all the chain's responses are in, up to the target.
    uint32_t want = charge;
    asked += charge;
    if (i + 1 == requests.size() && credits_left + asked < kTargetCredits)
      want += kTargetCredits - credits_left - asked;
    asks.push_back(static_cast<uint16_t>(std::min<uint32_t>(want, 0xFFFF)));
    put_u16(m, smb2::kCreditsOffset, asks.back());
    commands.push_back(static_cast<uint16_t>(m[kCommandOffset] | (m[kCommandOffset + 1] << 8)));
    uint32_t tree = static_cast<uint32_t>(m[kTreeIdOffset]) | (m[kTreeIdOffset + 1] << 8) |
                    (m[kTreeIdOffset + 2] << 16) | (static_cast<uint32_t>(m[kTreeIdOffset + 3]) << 24);
    if (must_encrypt(tree)) encrypt = true;
  }
  std::vector<uint8_t> frame;
  std::vector<std::span<uint8_t>> messages;
  if (requests.size() == 1 && !encrypt) {
    frame = std::move(requests[0].message);
    messages.emplace_back(frame);
  } else {
    size_t room = encrypt ? smb2::kTransformHeaderSize : 0;
    frame.resize(room);
    smb2::CompoundWriter writer(frame);
    for (auto& r : requests) writer.append(r.message);
    for (size_t i = 0; i < writer.message_count(); ++i) messages.push_back(writer.message(i));
  }
  credits_ -= total_charge;
  for (size_t i = 0; i < requests.size(); ++i)
    outstanding_[ids[i]] = Outstanding{static_cast<smb2::Command>(commands[i]), std::nullopt,
                                       encrypt};
  // 3.2.4.1.1: signed when the session signs (or the request must be), unless the message goes
  // encrypted.
  if (signer_ && !encrypt)
    for (size_t i = 0; i < messages.size(); ++i)
      if (sign_all_ || requests[i].always_sign) crypto::smb2_sign(*signer_, messages[i]);
  if (wire)
    for (auto m : messages) wire(m);
  for (size_t i = 0; i < requests.size(); ++i) {
    auto fields = std::move(requests[i].fields);
    fields.insert(fields.begin(), {"mid", std::to_string(ids[i])});
    fields.insert(fields.begin() + 1, {"credits", std::to_string(asks[i])});
    if (multi_credit_ && charges[i] > 1)
      fields.insert(fields.begin() + 2, {"charge", std::to_string(charges[i])});
    if (encrypt) fields.push_back({"encrypted", "yes"});
    tracer_.emit(tracer_.take_sequence(), Direction::ClientToServer,
                 smb2::command_name(commands[i]), "-", std::move(fields));
  }
  if (encrypt) cipher_->seal(frame);
  auto sent = co_await write(std::move(frame));
  if (!sent) {
    for (auto id : ids) outstanding_.erase(id);
    co_return fail(sent.error());
  }
  co_return ids;
}

asio::awaitable<Result<void>> Smb2Connection::cancel(uint64_t message_id) {
  if (broken_ != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
  auto it = outstanding_.find(message_id);
  if (it == outstanding_.end()) co_return Result<void>{};
  Header h = header(smb2::Command::Cancel);
  if (it->second.async_id) {
    h.flags |= smb2::kFlagsAsyncCommand;
    h.async_id = *it->second.async_id;
  }
  h.message_id = message_id;  // 3.2.4.24: the request's MessageId either way
  std::vector<uint8_t> m;
  ByteWriter w(m);
  h.encode(w);
  smb2::CancelRequest{}.encode(w, 0);
  bool encrypt = it->second.encrypted;
  if (signer_ && sign_all_ && !encrypt) crypto::smb2_sign(*signer_, m);
  TraceFields fields{{"mid", std::to_string(message_id)}};
  if (h.is_async()) fields.push_back({"async_id", std::to_string(h.async_id)});
  tracer_.emit(tracer_.take_sequence(), Direction::ClientToServer, "SMB2_CANCEL", "-",
               std::move(fields));
  if (encrypt) {
    std::vector<uint8_t> frame(smb2::kTransformHeaderSize + m.size());
    std::memcpy(frame.data() + smb2::kTransformHeaderSize, m.data(), m.size());
    cipher_->seal(frame);
    m = std::move(frame);
  }
  co_return co_await write(std::move(m));
}

asio::awaitable<Result<void>> Smb2Connection::write(std::vector<uint8_t> frame) {
  auto sent = co_await turns_.send(*transport_, std::move(frame), broken_);
  if (!sent && broken_ == NtStatus::Success) break_connection(sent.error());
  co_return sent;
}

void Smb2Connection::finish(uint64_t message_id) {
  outstanding_.erase(message_id);
  arrived_.erase(message_id);
}

void Smb2Connection::abandon(uint64_t message_id) {
  if (!outstanding_.erase(message_id)) return;
  if (arrived_.erase(message_id)) return;  // its response is already here: dropped
  abandoned_.insert(message_id);
}

void Smb2Connection::trace_reply(const Arrived& reply, TraceFields fields) const {
  if (!tracer_.enabled()) return;
  std::string command = "SMB2 (malformed)";
  std::string status = "-";
  if (auto h = Header::decode(reply.bytes)) {
    command = smb2::command_name(h->command);
    status = status_name(h->status);
    fields.insert(fields.begin(), {"mid", std::to_string(h->message_id)});
    fields.insert(fields.begin() + 1, {"credits", std::to_string(h->credits)});
    if (h->is_async()) fields.push_back({"async_id", std::to_string(h->async_id)});
  }
  if (reply.encrypted) fields.push_back({"encrypted", "yes"});
  tracer_.emit(reply.sequence, Direction::ServerToClient, std::move(command), std::move(status),
               std::move(fields));
}

Result<bool> Smb2Connection::file_message(const std::shared_ptr<std::vector<uint8_t>>& frame,
                                          Bytes message, uint32_t sequence, bool encrypted) {
  Arrived reply{frame, message, sequence, encrypted};
  auto h = Header::decode(message);
  if (!h || !h->is_response()) {
    trace_reply(reply, {{"error", "not an SMB2 response"}});
    return fail(NtStatus::InvalidNetworkResponse);
  }
  if (h->message_id == kUnsolicitedMessageId) {
    // An oplock or lease break: this client asks for neither, so there is nothing to give back
    // (MS-SMB2 3.2.5.19); traced and dropped.
    trace_reply(reply, {{"unsolicited", "yes"}});
    return true;
  }
  credits_ = std::min<uint32_t>(credits_ + h->credits, 0xFFFFFF);
  if (abandoned_.contains(h->message_id)) {
    if (!(h->status == NtStatus::Pending && h->is_async())) abandoned_.erase(h->message_id);
    trace_reply(reply, {{"abandoned", "yes"}});
    return true;
  }
  if (!outstanding_.contains(h->message_id)) {
    // 3.2.5.1.2: a response to no outstanding request is discarded.
    trace_reply(reply, {{"discarded", "no request with this MessageId"}});
    return false;  // counted by the caller
  }
  arrived_[h->message_id].push_back(std::move(reply));
  return true;
}

asio::awaitable<Result<size_t>> Smb2Connection::read_frame(Wait wait) {
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
  uint32_t sequence = tracer_.take_sequence();
  Transport* transport = transport_.get();
  std::shared_ptr<std::vector<uint8_t>> shared(
      new std::vector<uint8_t>(std::move(*frame)), [transport](std::vector<uint8_t>* done) {
        transport->recycle(std::move(*done));
        delete done;
      });
  Bytes plain = *shared;
  bool encrypted = false;
  if (smb2::frame_kind(*shared) == smb2::FrameKind::Transform) {
    // 3.2.5.1.1.1: one that does not decrypt under this session's key ends the connection.
    if (!cipher_ || !cipher_->open(*shared)) {
      tracer_.emit(sequence, Direction::ServerToClient, "SMB2 TRANSFORM", "-",
                   {{"error", "does not decrypt"}});
      break_connection(NtStatus::AccessDenied);
      co_return fail(NtStatus::AccessDenied);
    }
    plain = Bytes(*shared).subspan(smb2::kTransformHeaderSize);
    encrypted = true;
  }
  auto messages = smb2::split_compound(plain, kMaxCompound);
  if (!messages) {
    tracer_.emit(sequence, Direction::ServerToClient, "SMB2 (malformed)", "-",
                 {{"error", messages.error().what()}});
    break_connection(NtStatus::InvalidNetworkResponse);
    co_return fail(NtStatus::InvalidNetworkResponse);
  }
  size_t discarded = 0;
  for (Bytes m : *messages) {
    auto filed = file_message(shared, m, sequence, encrypted);
    if (!filed) {
      break_connection(filed.error());
      co_return fail(filed.error());
    }
    if (!*filed) ++discarded;
  }
  co_return discarded;
}

Result<NtStatus> Smb2Connection::process(const Arrived& reply, uint64_t message_id,
                                         const ResponseHandler& handler,
                                         const std::vector<NtStatus>& accepted,
                                         const std::function<void(Bytes)>& raw) {
  auto h = Header::decode(reply.bytes);
  const Outstanding& o = outstanding_.at(message_id);
  if (h->command != static_cast<uint16_t>(o.command)) {
    trace_reply(reply, {{"error", "response to another command"}});
    return fail(NtStatus::InvalidNetworkResponse);
  }
  // 3.2.5.1.1.1 / 3.2.5.1.3: a response to an encrypted request must come encrypted; one that
  // is not must carry a valid signature when the session signs (interim responses excepted).
  if (o.encrypted && !reply.encrypted) {
    trace_reply(reply, {{"error", "not encrypted"}});
    return fail(NtStatus::AccessDenied);
  }
  bool verified = false;
  if (!reply.encrypted && signer_ && h->session_id == session_id_ && session_id_ != 0) {
    if (h->is_signed() ? !crypto::smb2_verify(*signer_, reply.bytes)
                       : sign_all_ && h->status != NtStatus::Pending) {
      trace_reply(reply, {{"error", h->is_signed() ? "bad signature" : "not signed"}});
      return fail(NtStatus::AccessDenied);
    }
    verified = h->is_signed();
  }
  if (raw) raw(reply.bytes);
  NtStatus status = h->status;
  bool ok = status == NtStatus::Success ||
            std::find(accepted.begin(), accepted.end(), status) != accepted.end();
  // 3.3.4.4: an error response has its own 9-byte body; the handler sees only what it accepted.
  if (!ok) {
    trace_reply(reply, {});
    return fail(status);
  }
  auto fields = handler(*h, reply.bytes);
  if (!fields) {
    trace_reply(reply, {{"error", status_name(fields.error())}});
    return fail(fields.error());
  }
  if (verified) fields->push_back({"signed", "yes"});
  trace_reply(reply, std::move(*fields));
  return status;
}

asio::awaitable<Result<NtStatus>> Smb2Connection::receive(uint64_t message_id,
                                                          smb2::Command command,
                                                          const ResponseHandler& handler,
                                                          const std::vector<NtStatus>& accepted,
                                                          Wait wait,
                                                          const std::function<void(Bytes)>& raw) {
  auto it = outstanding_.find(message_id);
  if (it == outstanding_.end() || it->second.command != command)
    co_return fail(NtStatus::InvalidParameter);
  if (!read_done_)
    read_done_.emplace(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
  for (int discarded = 0;;) {
    if (auto a = arrived_.find(message_id); a != arrived_.end() && !a->second.empty()) {
      Arrived reply = std::move(a->second.front());
      a->second.pop_front();
      auto h = Header::decode(reply.bytes);
      if (h->status == NtStatus::Pending && h->is_async()) {
        // 3.2.5.1.5: interim; the final response follows when the server is done. The wait
        // keeps its time-out (restarted by each frame): only the requests that may wait for
        // ever (CHANGE_NOTIFY) are received with Wait::Indefinitely, so a server that goes
        // silent after an interim response cannot hold a read or a write for ever.
        outstanding_.at(message_id).async_id = h->async_id;
        trace_reply(reply, {{"interim", "yes"}});
        continue;
      }
      co_return process(reply, message_id, handler, accepted, raw);
    }
    if (reading_) {
      // Another coroutine reads the socket; what it files for this id is seen when it is done.
      std::error_code ignored;
      co_await read_done_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      continue;
    }
    reading_ = true;
    auto got = co_await read_frame(wait);
    reading_ = false;
    read_done_->cancel();
    if (!got) co_return fail(got.error());
    // A peer that keeps sending responses to nothing would hold the client past any time-out.
    if (*got > 0 && (discarded += static_cast<int>(*got)) > kMaxDiscarded) {
      break_connection(NtStatus::InvalidNetworkResponse);
      co_return fail(NtStatus::InvalidNetworkResponse);
    }
  }
}

asio::awaitable<Result<NtStatus>> Smb2Connection::call(Smb2Request request, smb2::Command command,
                                                       const ResponseHandler& handler,
                                                       const std::vector<NtStatus>& accepted) {
  auto id = co_await send(std::move(request));
  if (!id) co_return fail(id.error());
  auto status = co_await receive(*id, command, handler, accepted);
  finish(*id);
  co_return status;
}

}  // namespace smbkit::client
