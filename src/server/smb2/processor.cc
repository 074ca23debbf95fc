#include "server/smb2/processor.h"

#include <algorithm>
#include <cstring>

#include "server/log.h"
#include "server/smb2/framing.h"
#include "server/smb2/gate.h"
#include "smb2/transform.h"
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
  // An encrypted frame is opened here, on the loop, so that where its messages run is decided
  // by what they are; a frame that does not open closes the connection, in its turn.
  std::shared_ptr<crypto::SessionCipher> opened_with;
  bool refused = false;
  if (smb2::frame_kind(message) == smb2::FrameKind::Transform) {
    opened_with = open_sealed(message);
    refused = !opened_with;
  }
  Bytes plain = Bytes(message).subspan(opened_with ? crypto::kSmb2TransformHeaderSize : 0);
  auto split = smb2::split_compound(plain, kMaxCompoundMessages);
  auto place = refused || !split || !any_blocking(*split) ? MessageRunner::Place::Loop
               : worth_trying_on_loop(*split)              ? MessageRunner::Place::TryLoop
                                                           : MessageRunner::Place::Pool;
  auto handle = [this, refused, opened_with](Bytes m, bool on_loop) -> std::optional<Outcome> {
    answer_ = Answer::Now;
    if (refused) return outcome({});
    if (opened_with) m = m.subspan(crypto::kSmb2TransformHeaderSize);
    FileTail tail;
    auto frame = run(m, on_loop, on_loop ? &tail : nullptr, opened_with);
    if (!frame) return std::nullopt;
    return outcome(std::move(*frame), std::move(tail));
  };
  runner_.submit(std::move(message), place, state_.loop, handle, std::move(done));
}

std::vector<uint8_t> Smb2Processor::handle(Bytes message) {
  answer_ = Answer::Now;
  if (smb2::frame_kind(message) != smb2::FrameKind::Transform)
    return std::move(*run(message, /*on_loop=*/false, nullptr, nullptr));
  std::vector<uint8_t> frame(message.begin(), message.end());
  auto opened_with = open_sealed(frame);
  if (!opened_with) return {};
  return std::move(*run(Bytes(frame).subspan(crypto::kSmb2TransformHeaderSize),
                        /*on_loop=*/false, nullptr, opened_with));
}

std::shared_ptr<crypto::SessionCipher> Smb2Processor::open_sealed(std::span<uint8_t> frame) {
  auto header = smb2::TransformHeader::decode(frame);
  // Encryption is a 3.x feature of a connection that negotiated a cipher (3.3.5.2.1.1).
  auto cipher = header && state_.dialect >= smb2::kDialect300 && state_.cipher != 0
                    ? state_.ciphers.find(header->session_id)
                    : nullptr;
  if (!cipher || !cipher->open(frame)) {
    log_debug("closing SMB2 connection: an encrypted message that does not open");
    return nullptr;
  }
  return cipher;
}

std::optional<std::vector<uint8_t>> Smb2Processor::run(
    Bytes frame, bool on_loop, FileTail* tail,
    const std::shared_ptr<crypto::SessionCipher>& opened_with, bool replay) {
  answer_ = Answer::Now;
  // Compressed messages (0xFC): compression was not negotiated. Encrypted ones come opened.
  if (frame.size() < 4 || frame[0] != 0xFE) return std::vector<uint8_t>{};
  auto split = smb2::split_compound(frame, kMaxCompoundMessages);
  if (!split) {
    log_debug("closing SMB2 connection: {}", split.error().what());
    return std::vector<uint8_t>{};
  }
  std::vector<uint8_t> out(smb2_message_offset(opened_with != nullptr));
  // No sendfile tail for an encrypted frame's response: all of it is sealed.
  Gate gate(shared_, state_, out, on_loop, split->size() == 1 && !opened_with ? tail : nullptr,
            opened_with);
  if (replay) gate.replaying();
  for (Bytes request : *split) {
    switch (gate.process(request)) {
      case Gate::Next: break;
      case Gate::NeedsPool: return std::nullopt;
      case Gate::Close: return std::vector<uint8_t>{};
      case Gate::Parked:
        park(frame, opened_with, gate.parked());
        answer_ = Answer::Later;
        return std::vector<uint8_t>{};
    }
  }
  gate.finish();
  if (out.size() == smb2_message_offset(opened_with != nullptr)) {
    // Only CANCELs, which have no response (MS-SMB2 3.3.5.16): no frame, not an empty one (a
    // session message of length 0, which clients take for a broken response).
    answer_ = Answer::Never;
    return std::vector<uint8_t>{};
  }
  const auto& seal = gate.seal_with();
  if (seal && !opened_with) {
    // A plaintext request whose response is to be encrypted: room for the TRANSFORM_HEADER.
    out.insert(out.begin() + netbios::kHeaderSize, crypto::kSmb2TransformHeaderSize, 0);
  }
  uint64_t tail_length = tail ? tail->length : 0;
  return frame_smb2(std::move(out), seal.get(), tail_length);
}

void Smb2Processor::park(Bytes frame, const std::shared_ptr<crypto::SessionCipher>& opened_with,
                         const std::shared_ptr<Wake>& wait) {
  auto again = std::make_shared<MessageBuffer>(frame.begin(), frame.end());
  wait->then([this, rerun = state_.rerun, again, opened_with] {
    // `this` is alive while its connection is, which rerun checks on the loop.
    rerun([this, again, opened_with](OutcomeSink done) {
      auto handle = [this, opened_with](Bytes m, bool) -> std::optional<Outcome> {
        return outcome(std::move(*run(m, /*on_loop=*/false, nullptr, opened_with,
                                      /*replay=*/true)));
      };
      runner_.submit(std::move(*again), MessageRunner::Place::Pool, state_.loop, handle,
                     std::move(done));
    });
  });
}

std::vector<uint8_t> Smb2Processor::answer_smb1_negotiate(bool offers_wildcard) {
  return answer_multi_protocol_negotiate(shared_, state_, offers_wildcard);
}

}  // namespace smbkit::server
