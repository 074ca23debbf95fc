#include "server/smb1/processor.h"

#include "server/log.h"
#include "server/off_loop.h"
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

uint16_t word_at(const Block& b, int index) {
  size_t at = b.words_offset + static_cast<size_t>(index) * 2;
  return static_cast<uint16_t>(b.message[at] | (b.message[at + 1] << 8));
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
    call.file = call.state.files.find(word_at(b, spec.fid_word));
    if (!call.file || call.file->tid != call.tid) return NtStatus::InvalidHandle;
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

}  // namespace

asio::awaitable<std::vector<uint8_t>> Smb1Processor::process(std::vector<uint8_t> message) {
  auto parsed = smb1::parse_message(message);
  if (!parsed || !any_blocking(*parsed)) co_return handle(message);
  // Named locals, not temporaries inside the co_await: GCC 12 destroys such temporaries twice.
  auto work = [this, &message] { return handle(message); };
  std::vector<uint8_t> reply = co_await run_off_loop(shared_.pool, std::move(work));
  co_return reply;
}

std::vector<uint8_t> Smb1Processor::handle(Bytes message) {
  ByteReader hr(message);
  auto request_header = Header::decode(hr);
  if (!request_header || request_header->is_reply()) return {};  // not a request: close

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
    for (const Block& block : parsed->blocks) {
      Smb1Call call{shared_, state_, *request_header, block, reply, writer, uid, tid};
      const Smb1CommandSpec* spec = find_command(block.command);
      size_t before = writer.offset();
      status = spec ? validate(*spec, call) : NtStatus::SmbBadCommand;
      if (status == NtStatus::Success) status = spec->handler(call);
      if (writer.offset() == before) writer.empty_block(block.command);
      if (status != NtStatus::Success) {
        log_debug("{} -> {}", smb1::command_name(block.command), status_name(status));
        break;
      }
      uid = reply.uid;
      tid = reply.tid;
    }
  }
  // NT status codes, or DOS class/code pairs for a client that did not ask for them.
  reply.status = smb1::reply_status_field(status, request_header->flags2);
  // The header went out before the handlers ran; write it again with the final status and ids.
  std::vector<uint8_t> header_bytes;
  ByteWriter hw(header_bytes);
  reply.encode(hw);
  std::copy(header_bytes.begin(), header_bytes.end(), out.begin() + netbios::kHeaderSize);
  uint32_t length = static_cast<uint32_t>(out.size() - netbios::kHeaderSize);
  auto frame = netbios::message_header(length);
  std::copy(frame.begin(), frame.end(), out.begin());
  return out;
}

}  // namespace smbkit::server
