#include "server/smb1/processor.h"

#include <utility>

#include "server/log.h"
#include "server/smb1/handler.h"
#include "smb1/dos_error.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

using smb1::Block;
using smb1::Header;

// Flags2 bits a reply mirrors from its request; the rest the server states itself.
constexpr uint16_t kMirroredFlags2 = smb1::kFlags2LongNames | smb1::kFlags2Eas |
                                     smb1::kFlags2ExtendedSecurity | smb1::kFlags2NtStatus |
                                     smb1::kFlags2Unicode | smb1::kFlags2IsLongName;

Header reply_header_for(const Header& req) {
  Header h = req;
  h.flags = static_cast<uint8_t>((req.flags & (smb1::kFlagsCaseInsensitive |
                                               smb1::kFlagsCanonicalizedPaths)) |
                                 smb1::kFlagsReply);
  h.flags2 = static_cast<uint16_t>((req.flags2 & kMirroredFlags2) | smb1::kFlags2IsLongName);
  h.status = NtStatus::Success;
  h.security_features = {};
  return h;
}

// Writes the final header (status and ids) over the one written first, and the frame header.
// `tail_length`: bytes of a file range the connection sends after `out` (FileTail).
void finish_frame(std::vector<uint8_t>& out, Header& reply, NtStatus status,
                  uint16_t request_flags2, uint64_t tail_length = 0) {
  // NT status codes, or DOS class/code pairs for a client that did not ask for them.
  if (smb1::is_dos_only(status)) reply.flags2 &= ~smb1::kFlags2NtStatus;
  reply.status = smb1::reply_status_field(status, request_flags2);
  std::vector<uint8_t> header_bytes;
  ByteWriter hw(header_bytes);
  reply.encode(hw);
  std::copy(header_bytes.begin(), header_bytes.end(), out.begin() + netbios::kHeaderSize);
  uint32_t length = static_cast<uint32_t>(out.size() - netbios::kHeaderSize + tail_length);
  auto frame = netbios::message_header(length);
  std::copy(frame.begin(), frame.end(), out.begin());
}

uint16_t word_at(const Block& b, int index) {
  size_t at = b.words_offset + static_cast<size_t>(index) * 2;
  return static_cast<uint16_t>(b.message[at] | (b.message[at + 1] << 8));
}

// The commands that take a named pipe's FID in their FID word.
bool takes_pipes(smb1::Command command) {
  return command == smb1::Command::Close || command == smb1::Command::ReadAndX ||
         command == smb1::Command::WriteAndX;
}

// The validator: everything the table row states is checked here, once, before the handler.
NtStatus validate(const Smb1CommandSpec& spec, Smb1Call& call) {
  const Block& b = call.block;
  if (!call.state.negotiated && spec.command != smb1::Command::Negotiate)
    return NtStatus::InvalidSmb;
  if (b.word_count < spec.min_words) return NtStatus::InvalidSmb;
  if (spec.needs == Needs::Nothing) return NtStatus::Success;
  call.session = call.state.sessions.find(call.uid);
  if (!call.session || !call.session->authenticated) return NtStatus::SmbBadUid;
  if (spec.needs == Needs::Session) return NtStatus::Success;
  call.tree = call.state.trees.find(call.tid);
  if (!call.tree || call.tree->uid != call.uid) return NtStatus::SmbBadTid;
  if (spec.fid_word >= 0) {
    uint16_t fid = call.chain_fid ? *call.chain_fid : word_at(b, spec.fid_word);
    call.file = call.state.files.find(fid);
    if (!call.file || call.file->tid != call.tid) return NtStatus::InvalidHandle;
    // A named pipe is read, written and closed; the file commands (locks, seeks, times, the
    // core reads and writes) are not for it, as the pipe file system answers them.
    if (call.file->is_pipe() && !takes_pipes(spec.command)) return NtStatus::InvalidDeviceRequest;
  }
  return NtStatus::Success;
}

bool any_blocking(const smb1::Message& m) {
  for (const Block& b : m.blocks) {
    const Smb1CommandSpec* spec = find_command(b.command);
    if (spec && spec->blocking) return true;
  }
  return false;
}

// A lone READ_ANDX or WRITE_ANDX, the bulk of a file transfer, is tried on the loop first
// (message_runner.h); a write may have put some of its bytes, which the pool then writes again.
bool worth_trying_on_loop(const smb1::Message& m) {
  if (m.blocks.size() != 1) return false;
  auto command = static_cast<smb1::Command>(m.blocks[0].command);
  return command == smb1::Command::ReadAndX || command == smb1::Command::WriteAndX;
}

}  // namespace

void Smb1Processor::submit(MessageBuffer message, OutcomeSink done, Deadline sharing_deadline) {
  auto parsed = smb1::parse_message(message);
  auto place = !parsed || !any_blocking(*parsed) ? MessageRunner::Place::Loop
               : worth_trying_on_loop(*parsed)   ? MessageRunner::Place::TryLoop
                                                 : MessageRunner::Place::Pool;
  // The handler: a message that may block runs on the loop only as far as the page cache goes.
  auto handle = [this, sharing_deadline](Bytes m, bool try_on_loop) -> std::optional<Outcome> {
    sharing_deadline_ = sharing_deadline;
    if (!try_on_loop) return outcome(this->handle(m));
    FileTail tail;
    auto frame = handle_on_loop(m, &tail);
    if (!frame) return std::nullopt;
    return outcome(std::move(*frame), std::move(tail));
  };
  runner_.submit(std::move(message), place, state_.loop, handle, std::move(done));
}

Outcome Smb1Processor::outcome(std::vector<uint8_t> frame, FileTail tail) {
  Outcome o;
  o.answer = frame.empty() ? answer_ : Answer::Now;
  o.frame = std::move(frame);
  o.tail = std::move(tail);
  o.logged_on = logged_on();
  return o;
}

bool Smb1Processor::logged_on() {
  for (auto& [uid, session] : state_.sessions)
    if (session.authenticated) return true;
  return false;
}

std::vector<uint8_t> Smb1Processor::handle(Bytes message) {
  return std::move(*run(message, /*on_loop=*/false, nullptr));
}

std::optional<std::vector<uint8_t>> Smb1Processor::handle_on_loop(Bytes message,
                                                                  FileTail* tail) {
  return run(message, /*on_loop=*/true, tail);
}

std::optional<std::vector<uint8_t>> Smb1Processor::run(Bytes message, bool on_loop,
                                                       FileTail* tail) {
  answer_ = Answer::Now;
  ByteReader hr(message);
  auto request_header = Header::decode(hr);
  if (!request_header || request_header->is_reply()) return std::vector<uint8_t>{};  // close

  std::vector<uint8_t> out(netbios::kHeaderSize);
  Header reply = reply_header_for(*request_header);
  smb1::MessageWriter writer(out, reply);

  auto parsed = smb1::parse_message(message);
  NtStatus status = NtStatus::Success;
  if (!parsed) {
    status = parsed.error();
    writer.empty_block(request_header->command);
  } else {
    uint16_t uid = request_header->uid, tid = request_header->tid;
    std::optional<uint16_t> chain_fid;
    // Only the first block may park: running the message again must not repeat what an earlier
    // block of its chain did.
    Park later{state_.loop, nullptr, std::exchange(sharing_deadline_, std::nullopt)};
    bool first = true;
    for (const Block& block : parsed->blocks) {
      Smb1Call call{shared_, state_, *request_header, block, reply, writer, uid, tid, chain_fid};
      call.on_loop = on_loop;
      call.file_tail = tail;
      if (first && state_.rerun && !on_loop) call.park = &later;
      first = false;
      const Smb1CommandSpec* spec = find_command(block.command);
      size_t before = writer.offset();
      status = spec ? validate(*spec, call) : NtStatus::SmbBadCommand;
      if (status == NtStatus::Success) {
        ActAs as(acting_for(call.session, call.tree));
        status = spec->handler(call);
      }
      if (call.needs_pool) return std::nullopt;
      if (status == NtStatus::Pending && later.wait) {
        park(message, later);
        answer_ = Answer::Later;
        return std::vector<uint8_t>{};
      }
      if (call.answer == Answer::Never ||
          (call.answer == Answer::Later && status == NtStatus::Success)) {
        answer_ = call.answer;  // no frame now: see last_answer()
        return std::vector<uint8_t>{};
      }
      if (writer.offset() == before) writer.empty_block(block.command);
      if (status != NtStatus::Success) {
        log_debug("{} -> {}", smb1::command_name(block.command), status_name(status));
        break;
      }
      uid = reply.uid;
      tid = reply.tid;
      chain_fid = call.chain_fid;
    }
  }
  // A tail is only ever the data of a reply that succeeded.
  uint64_t tail_length = tail && status == NtStatus::Success ? tail->length : 0;
  if (tail && tail_length == 0) *tail = {};
  finish_frame(out, reply, status, request_header->flags2, tail_length);
  return out;
}

void Smb1Processor::park(Bytes message, Park& later) {
  auto again = std::make_shared<MessageBuffer>(message.begin(), message.end());
  later.wait->then([this, rerun = state_.rerun, again, deadline = later.sharing_deadline] {
    // `this` is alive while its connection is, which rerun checks on the loop.
    rerun([this, again, deadline](OutcomeSink done) {
      submit(std::move(*again), std::move(done), deadline);
    });
  });
}

std::vector<uint8_t> frame_late_reply(const smb1::Header& request, NtStatus status,
                                      const std::function<void(smb1::MessageWriter&)>& body) {
  std::vector<uint8_t> out(netbios::kHeaderSize);
  Header reply = reply_header_for(request);
  smb1::MessageWriter writer(out, reply);
  size_t before = writer.offset();
  if (body) body(writer);
  if (writer.offset() == before) writer.empty_block(request.command);
  finish_frame(out, reply, status, request.flags2);
  return out;
}

}  // namespace smbkit::server
