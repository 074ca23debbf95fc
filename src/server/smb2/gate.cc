#include "server/smb2/gate.h"

#include <algorithm>

#include "server/log.h"
#include "server/smb2/framing.h"
#include "smb2/error.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

// Where IOCTL's FileId lies in its body (MS-SMB2 2.2.31): after StructureSize, Reserved and
// CtlCode.
constexpr int kIoctlFileIdAt = 8;

using smb2::Command;
using smb2::Header;

uint64_t read_le(Bytes b, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{b[at + i]} << (8 * i);
  return v;
}

// The response header for a request (MS-SMB2 3.3.4.3, 3.3.4.4): the request's, marked as a
// response; status, ids and credits are patched in once known.
Header response_header_for(const Header& request) {
  Header h = request;
  h.flags = (request.flags & (smb2::kFlagsRelatedOperations | smb2::kFlagsPriorityMask)) |
            smb2::kFlagsServerToRedir;
  h.next_command = 0;
  h.signature = {};
  h.async_id = 0;
  return h;
}

// A variable part of the body named by `field` lies inside the message, past the fixed part
// (an empty one may point anywhere).
bool buffer_inside(Bytes request, const BufferField& field, size_t fixed_end) {
  if (field.offset_width == 0) return true;
  Bytes body = request.subspan(smb2::kHeaderSize);
  if (field.length_at + field.length_width > body.size() ||
      field.offset_at + field.offset_width > body.size())
    return false;
  uint64_t length = read_le(body, field.length_at, field.length_width);
  if (length == 0) return true;
  uint64_t offset = read_le(body, field.offset_at, field.offset_width);
  return offset >= fixed_end && offset <= request.size() && length <= request.size() - offset;
}

// MS-SMB2 3.3.5.2.5: CreditCharge must cover the payload in 64 KiB units (multi-credit
// dialects); 2.0.2 carries at most 64 KiB per request.
bool charge_covers(const Smb2CommandSpec& spec, Bytes body, uint16_t charge, uint16_t dialect) {
  if (!spec.payload) return true;
  uint64_t payload = spec.payload(body);
  if (dialect == smb2::kDialect202 || dialect == 0) return payload <= 65536;
  uint64_t needed = payload == 0 ? 1 : (payload - 1) / 65536 + 1;
  return std::max<uint64_t>(charge, 1) >= needed;
}

}  // namespace

Gate::Gate(SharedState& shared, Smb2State& state, std::vector<uint8_t>& out, bool on_loop,
           FileTail* tail, std::shared_ptr<crypto::SessionCipher> opened_with)
    : shared_(shared),
      state_(state),
      out_(out),
      compound_(out),
      on_loop_(on_loop),
      tail_(tail),
      opened_with_(std::move(opened_with)),
      seal_(opened_with_) {}

Gate::Step Gate::process(Bytes request) {
  ++index_;
  auto h = Header::decode(request);
  if (!h || h->is_response()) return Close;
  Command command = static_cast<Command>(h->command);
  // A connection negotiates once, first (MS-SMB2 3.3.5.3, 3.3.5.4): anything else disconnects.
  bool negotiate = command == Command::Negotiate;
  if (state_.negotiated == negotiate) return Close;
  // MS-SMB2 3.3.5.16: CANCEL takes no credit and has no response.
  if (command == Command::Cancel) {
    cancel(*h);
    return Next;
  }
  // MS-SMB2 3.3.5.2.3: a MessageId outside the window, or used before, ends the connection. On
  // the loop the credit is taken only once the message is handled there, so a message handed on
  // to the pool finds it still free.
  bool taken = replay_ && index_ == 1;
  if (!taken && (on_loop_ ? !state_.credits.can_consume(h->message_id, h->credit_charge)
                          : !state_.credits.consume(h->message_id, h->credit_charge))) {
    log_debug("closing SMB2 connection: MessageId {} (charge {}) outside the credit window",
              h->message_id, h->credit_charge);
    return Close;
  }

  size_t header_start = compound_.begin_message();
  Header effective = *h;
  Smb2Call* call = nullptr;
  Step step = Next;
  NtStatus status = dispatch(*h, effective, request, header_start, call, step);
  if (step != Next) return step;
  if (on_loop_) state_.credits.consume(h->message_id, h->credit_charge);

  Header response = response_header_for(effective);
  response.session_id = call && call->response_session_id ? call->response_session_id
                                                           : effective.session_id;
  if (call && call->response_tree_id) response.tree_id = call->response_tree_id;
  bool went_async = call && call->async_id != 0 && status == NtStatus::Pending;
  if (went_async) {
    // MS-SMB2 3.3.4.2: the interim response, in the async form, unsigned.
    response.flags |= smb2::kFlagsAsyncCommand;
    response.async_id = call->async_id;
  }
  response.status = status;
  response.credits = state_.credits.grant(h->credits);
  if (out_.size() <= header_start + smb2::kHeaderSize) {
    // No handler ran, or it wrote no body: an error (or an interim) response carries the ERROR
    // body.
    out_.resize(header_start + smb2::kHeaderSize);
    smb2::encode_empty_error(writer_);
  }
  std::vector<uint8_t> header_bytes;
  ByteWriter hw(header_bytes);
  response.encode(hw);
  std::copy(header_bytes.begin(), header_bytes.end(), out_.begin() + header_start);

  if (!seal_ && call && call->seal) seal_ = call->seal;
  Written written{compound_.message_count() - 1, nullptr};
  if (call && call->sign_response && !went_async) written.signing = call->signing;
  if (call && call->sign_session_setup) written.signing = call->sign_session_setup;
  // A signed request refused before its handler ran (plaintext on an encrypting session, say)
  // still gets a signed error response (MS-SMB2 3.3.4.1.1).
  if (!call && verified_signing_) written.signing = verified_signing_;
  if (command == Command::Negotiate && state_.dialect == smb2::kDialect311)
    written.preauth_connection = true;
  if (command == Command::SessionSetup && status == NtStatus::MoreProcessingRequired &&
      state_.dialect == smb2::kDialect311)
    written.preauth_session = response.session_id;
  written_.push_back(std::move(written));

  // What the next related request takes from this one (3.3.5.2.7.2).
  related_.usable = session_passed_;
  related_.session_id = response.session_id;
  related_.tree_id = response.tree_id;
  if (command == Command::Create) {
    related_.file_id = call ? call->created : std::nullopt;
    related_.file_status = related_.file_id ? NtStatus::Success : status;
  } else if (used_file_id_) {
    // A failure of this request (ACCESS_DENIED on a WRITE, say) is its own: the next related
    // one uses the same FileId afresh (smb2.compound.related6).
    related_.file_id = used_file_id_;
    related_.file_status = NtStatus::Success;
  }
  if (status != NtStatus::Success && related_.usable) {
    if (command == Command::SessionSetup && status != NtStatus::MoreProcessingRequired)
      related_.chain_error = NtStatus::InvalidParameter;
    if (command == Command::TreeConnect) related_.chain_error = NtStatus::InvalidParameter;
  }
  return Next;
}

NtStatus Gate::dispatch(const Header& h, Header& effective, Bytes request, size_t header_start,
                        Smb2Call*& call_out, Step& step) {
  Command command = static_cast<Command>(h.command);
  session_passed_ = false;
  used_file_id_.reset();
  verified_signing_.reset();
  // MS-SMB2 3.3.5.2.7.2: a related request takes the previous one's session and tree; the
  // first request of a frame has none to take.
  bool related = h.flags & smb2::kFlagsRelatedOperations;
  if (related) {
    if (index_ == 1 || !related_.usable) return NtStatus::InvalidParameter;
    if (related_.chain_error != NtStatus::Success) return related_.chain_error;
    effective.session_id = related_.session_id;
    effective.tree_id = related_.tree_id;
  }
  const Smb2CommandSpec* spec = find_smb2_command(h.command);
  if (!spec || !spec->handler) return NtStatus::InvalidParameter;
  Bytes body = request.subspan(smb2::kHeaderSize);
  size_t fixed = spec->structure_size & ~uint16_t{1};
  uint16_t structure_size = body.size() >= 2 ? static_cast<uint16_t>(read_le(body, 0, 2)) : 0;
  bool size_ok = structure_size == spec->structure_size ||
                 (command == Command::OplockBreak && structure_size == 36);
  if (!size_ok || body.size() < std::min<size_t>(fixed, structure_size & ~1))
    return NtStatus::InvalidParameter;
  for (const BufferField& field : spec->buffers)
    if (!buffer_inside(request, field, smb2::kHeaderSize + fixed)) return NtStatus::InvalidParameter;
  if (!charge_covers(*spec, body, h.credit_charge, state_.dialect))
    return NtStatus::InvalidParameter;

  // Session and signature (3.3.5.2.4, 3.3.5.2.9). A request that came encrypted under its
  // session's key is not also checked for a signature (3.3.5.2.4).
  bool encrypted = opened_with_ && effective.session_id == opened_with_->session_id();
  bool signed_request = h.is_signed() && !encrypted;
  if (command == Command::Negotiate && signed_request) return NtStatus::InvalidParameter;
  Smb2Session* session = effective.session_id ? state_.find_session(effective.session_id) : nullptr;
  // A session that has encrypted does not fall back to plaintext: from its first encrypted
  // request on it is treated as one with Session.EncryptData (as Samba does).
  if (encrypted && session && session->cipher && !session->encrypt_data) {
    log_debug("SMB2 session 0x{:x} encrypts from now on", session->id);
    session->encrypt_data = true;
  }
  bool sign_response = false;
  if (signed_request) {
    if (!session) return NtStatus::UserSessionDeleted;
    if (session->signing->signer) {
      if (!session->signing->verify(request)) {
        log_debug("{}: bad signature", smb2::command_name(h.command));
        return NtStatus::AccessDenied;
      }
      sign_response = true;
      verified_signing_ = session->signing;
    } else if (command != Command::SessionSetup) {
      return NtStatus::AccessDenied;
    }
  }
  if (spec->needs_session) {
    if (!session || !session->authenticated) return NtStatus::UserSessionDeleted;
    // Session.EncryptData: plaintext is refused (3.3.5.2.9).
    if (session->encrypt_data && !encrypted) return NtStatus::AccessDenied;
    if (session->signing->required && !signed_request && !encrypted) return NtStatus::AccessDenied;
  }
  session_passed_ = true;
  Smb2Tree* tree = nullptr;
  uint32_t effective_tree = 0;
  if (spec->needs_tree) {
    tree = state_.trees.find(effective.tree_id);
    if (!tree || tree->session_id != session->id) return NtStatus::NetworkNameDeleted;
    // Share.EncryptData: plaintext is refused (3.3.5.2.11).
    if (tree->encrypt_data && !encrypted) return NtStatus::AccessDenied;
    effective_tree = effective.tree_id;
  }
  // The FileId: a related request's is the previous request's (3.3.5.2.7.2). IOCTL names one
  // only for the FSCTLs that act on a file, so its handler decides what a missing open means.
  Smb2Open* open = nullptr;
  int file_id_at = command == Command::Ioctl ? kIoctlFileIdAt : spec->file_id_at;
  if (file_id_at >= 0) {
    Bytes id_bytes = body.subspan(static_cast<size_t>(file_id_at), 16);
    ByteReader r(id_bytes);
    smb2::FileId id = smb2::FileId::read(r);
    if (related) {
      if (related_.file_status != NtStatus::Success) return related_.file_status;
      if (related_.file_id) id = *related_.file_id;
    }
    used_file_id_ = id;
    open = state_.opens.find(id.volatile_id);
    if (open && (open->id.persistent != id.persistent || open->session_id != session->id ||
                 open->tree_id != effective_tree))
      open = nullptr;
    if (!open && command != Command::Ioctl) return NtStatus::FileClosed;
  }

  // The handler, after room for the response header.
  writer_.zeros(smb2::kHeaderSize);
  calls_.push_back(std::make_unique<Smb2Call>(Smb2Call{shared_, state_, effective, request,
                                                       writer_, header_start}));
  Smb2Call& call = *calls_.back();
  call_out = &call;
  call.session = session;
  call.tree = tree;
  call.open = open;
  if (open) call.file_id = open->id;
  if (session) call.signing = session->signing;
  call.on_loop = on_loop_;
  call.sign_response = sign_response || (session && session->signing->required);
  // MS-SMB2 3.3.4.1.4: a response to an encrypted request is encrypted, and so is every
  // response of a session or share that encrypts (but NEGOTIATE, SESSION_SETUP and, for a
  // share, TREE_CONNECT).
  call.encrypted = encrypted;
  if (encrypted)
    call.seal = opened_with_;
  else if (session && session->cipher &&
           ((session->encrypt_data && command != Command::SessionSetup) ||
            (tree && tree->encrypt_data)))
    call.seal = session->cipher;
  call.file_tail = call.sign_response || call.seal ? nullptr : tail_;
  // Only the first request may park: running the frame again must not repeat what an earlier
  // one did.
  if (index_ == 1 && state_.rerun && !on_loop_) {
    later_.loop = state_.loop;
    call.park = &later_;
  }
  call.go_async = [this, &call, &h]() -> Result<Smb2Call::Async> {
    {
      std::lock_guard lock(state_.async->mu);
      if (state_.async->ops.size() >= Smb2AsyncTable::kMax)
        return fail(NtStatus::InsufficientResources);
      call.async_id = state_.async->next_id++;
      state_.async->ops[call.async_id] =
          Smb2AsyncOp{h.message_id, call.session ? call.session->id : 0,
                      RequestId{call.async_id}};
    }
    return Smb2Call::Async(go_async(h, call.session ? call.session->id : 0, call.sign_response,
                                    call.signing, call.seal, call.async_id));
  };
  call.drop_async = [this, &call]() {
    std::lock_guard lock(state_.async->mu);
    state_.async->ops.erase(call.async_id);
    call.async_id = 0;
  };
  NtStatus status;
  {
    ActAs as(acting_for(call.session, call.tree));
    status = spec->handler(call);
  }
  if (call.needs_pool) {
    if (call.async_id) call.drop_async();
    step = NeedsPool;
    return status;
  }
  if (status == NtStatus::Pending && later_.wait && !call.async_id) {
    step = Parked;
    return status;
  }
  if (call.close_connection) step = Close;
  return status;
}

Smb2Call::Async Gate::go_async(const Header& h, uint64_t session_id, bool sign,
                               std::shared_ptr<SessionSigning> signing,
                               std::shared_ptr<crypto::SessionCipher> seal, uint64_t async_id) {
  Smb2Call::Async a;
  a.async_id = async_id;
  a.request = RequestId{async_id};
  Header final_header = response_header_for(h);
  final_header.flags |= smb2::kFlagsAsyncCommand;
  final_header.flags &= ~uint32_t{smb2::kFlagsRelatedOperations};
  final_header.async_id = async_id;
  final_header.session_id = session_id;
  final_header.credits = 0;  // MS-SMB2 3.3.4.3: granted with the interim response
  // An encrypted reply is not also signed (3.3.4.1.1).
  if (seal) sign = false;
  if (sign && signing) final_header.flags |= smb2::kFlagsSigned;
  a.reply = [final_header, table = state_.async, sink = state_.reply_sink,
             signing = sign ? std::move(signing) : nullptr, seal = std::move(seal),
             async_id](NtStatus status, std::vector<uint8_t> body) mutable {
    {
      std::lock_guard lock(table->mu);
      if (table->ops.erase(async_id) == 0) return;  // answered already
    }
    if (!sink) return;
    size_t message_at = smb2_message_offset(seal != nullptr);
    std::vector<uint8_t> frame(message_at);
    ByteWriter w(frame);
    Header header = final_header;
    header.status = status;
    header.encode(w);
    if (body.empty())
      smb2::encode_empty_error(w);
    else
      w.bytes(body);
    if (signing)
      signing->sign(std::span<uint8_t>(frame.data() + message_at, frame.size() - message_at));
    sink(frame_smb2(std::move(frame), seal.get()));
  };
  return a;
}

void Gate::cancel(const Header& h) {
  // MS-SMB2 3.3.5.16: the request named by AsyncId (async form) or MessageId.
  std::optional<RequestId> request;
  {
    std::lock_guard lock(state_.async->mu);
    for (const auto& [async_id, op] : state_.async->ops) {
      bool named = h.is_async() ? async_id == h.async_id : op.message_id == h.message_id;
      if (named && op.session_id == h.session_id) {
        request = op.request;
        break;
      }
    }
  }
  if (!request) return;
  bool cancelled = state_.notify && state_.notify->cancel(*request);
  if (!cancelled) cancelled = shared_.opens.cancel_request(state_.connection, *request);
  // A read or transceive waiting on a named pipe.
  for (auto it = state_.opens.begin(); !cancelled && it != state_.opens.end(); ++it)
    cancelled = it->second.pipe && it->second.pipe->cancel(*request);
  log_debug("SMB2 CANCEL of MessageId {}: {}", h.message_id, cancelled ? "cancelled" : "none");
}

void Gate::finish() {
  if (compound_.message_count() > 1) compound_.pad_last();
  for (const Written& w : written_) {
    std::span<uint8_t> message = compound_.message(w.slot);
    // An encrypted response is not also signed (3.3.4.1.1).
    if (w.signing && !seal_) w.signing->sign(message);
    if (w.preauth_connection) state_.preauth.update(message);
    if (w.preauth_session) {
      if (Smb2Session* s = state_.find_session(w.preauth_session)) s->preauth.update(message);
    }
  }
}

}  // namespace smbkit::server
