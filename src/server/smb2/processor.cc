#include "server/smb2/processor.h"

#include <algorithm>
#include <cstring>

#include "server/log.h"
#include "server/smb2/gate.h"
#include "smb2/compound.h"
#include "smb2/error.h"
#include "smb2/negotiate.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

using smb2::Command;
using smb2::Header;

// More messages in one compound than any client sends (Windows sends a handful) are refused:
// each costs a response.
constexpr size_t kMaxCompoundMessages = 64;

Command command_of(const Header& h) { return static_cast<Command>(h.command); }

// Whether a message of the frame may block on storage (then the frame goes to the worker pool).
bool any_blocking(const std::vector<Bytes>& messages) {
  for (Bytes m : messages) {
    auto h = Header::decode(m);
    if (!h) continue;
    const Smb2CommandSpec* spec = find_smb2_command(h->command);
    if (spec && spec->blocking) return true;
  }
  return false;
}

// A lone READ or WRITE is tried on the loop first (message_runner.h).
bool worth_trying_on_loop(const std::vector<Bytes>& messages) {
  if (messages.size() != 1) return false;
  auto h = Header::decode(messages[0]);
  return h && (command_of(*h) == Command::Read || command_of(*h) == Command::Write);
}

}  // namespace

Smb2Processor::Smb2Processor(SharedState& shared)
    : shared_(shared), runner_(shared.pool) {
  state_.connection = shared.connection_ids.next();
  state_.async = std::make_shared<Smb2AsyncTable>();
}

Smb2Processor::~Smb2Processor() {
  // Opens go first (their waiting locks end), then the watcher with its pending requests.
  state_.opens = {};
  if (state_.notify) state_.notify.reset();
}

void Smb2Processor::set_reply_sink(asio::any_io_executor loop, ReplySink sink) {
  state_.loop = std::move(loop);
  state_.reply_sink = std::move(sink);
}

bool Smb2Processor::logged_on() const {
  for (const auto& [id, session] : state_.sessions)
    if (session.authenticated) return true;
  return false;
}

Outcome Smb2Processor::outcome(std::vector<uint8_t> frame, FileTail tail) {
  Outcome o;
  o.frame = std::move(frame);
  // An empty frame closes the connection, unless the frame needed no response at all.
  o.answer = o.frame.empty() ? answer_ : Answer::Now;
  o.tail = std::move(tail);
  o.logged_on = logged_on();
  return o;
}

void Smb2Processor::submit(MessageBuffer message, OutcomeSink done) {
  auto split = smb2::split_compound(message, kMaxCompoundMessages);
  auto place = !split || !any_blocking(*split) ? MessageRunner::Place::Loop
               : worth_trying_on_loop(*split)   ? MessageRunner::Place::TryLoop
                                                : MessageRunner::Place::Pool;
  auto handle = [this](Bytes m, bool try_on_loop) -> std::optional<Outcome> {
    if (!try_on_loop) return outcome(this->handle(m));
    FileTail tail;
    auto frame = handle_on_loop(m, &tail);
    if (!frame) return std::nullopt;
    return outcome(std::move(*frame), std::move(tail));
  };
  runner_.submit(std::move(message), place, state_.loop, handle, std::move(done));
}

std::vector<uint8_t> Smb2Processor::handle(Bytes message) {
  return std::move(*run(message, /*on_loop=*/false, nullptr));
}

std::optional<std::vector<uint8_t>> Smb2Processor::handle_on_loop(Bytes message,
                                                                  FileTail* tail) {
  return run(message, /*on_loop=*/true, tail);
}

std::optional<std::vector<uint8_t>> Smb2Processor::run(Bytes frame, bool on_loop,
                                                       FileTail* tail) {
  answer_ = Answer::Now;
  // Encrypted (0xFD) and compressed (0xFC) messages: neither was negotiated.
  if (frame.size() < 4 || frame[0] != 0xFE) return std::vector<uint8_t>{};
  auto split = smb2::split_compound(frame, kMaxCompoundMessages);
  if (!split) {
    log_debug("closing SMB2 connection: {}", split.error().what());
    return std::vector<uint8_t>{};
  }
  std::vector<uint8_t> out(netbios::kHeaderSize);
  Gate gate(shared_, state_, out, on_loop, split->size() == 1 ? tail : nullptr);
  for (Bytes request : *split) {
    switch (gate.process(request)) {
      case Gate::Next: break;
      case Gate::NeedsPool: return std::nullopt;
      case Gate::Close: return std::vector<uint8_t>{};
    }
  }
  gate.finish();
  if (out.size() == netbios::kHeaderSize) {
    // Only CANCELs, which have no response (MS-SMB2 3.3.5.16): no frame, not an empty one (a
    // session message of length 0, which clients take for a broken response).
    answer_ = Answer::Never;
    return std::vector<uint8_t>{};
  }
  uint64_t tail_length = tail ? tail->length : 0;
  auto header = netbios::message_header(
      static_cast<uint32_t>(out.size() - netbios::kHeaderSize + tail_length));
  std::copy(header.begin(), header.end(), out.begin());
  return out;
}

std::vector<uint8_t> Smb2Processor::answer_smb1_negotiate(bool offers_wildcard) {
  return answer_multi_protocol_negotiate(shared_, state_, offers_wildcard);
}

}  // namespace smbkit::server
