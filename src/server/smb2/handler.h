// What an SMB2 command handler sees, and the declarative table that says which handler serves a
// command and what must hold before it runs (DESIGN.md "Dispatch"; the gate is in gate.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "server/reply.h"
#include "server/smb2/state.h"
#include "smb2/header.h"

namespace smbkit::server {

// How a request that answers later sends its final response, from any thread: the status and
// the response body (empty: the SMB2 ERROR body). The processor frames it under the request's
// AsyncId, signs it as the request was, and queues it (MS-SMB2 3.3.4.3, 3.3.4.4).
using Smb2LateReply = std::function<void(NtStatus, std::vector<uint8_t>)>;

struct Smb2Call {
  SharedState& shared;
  Smb2State& state;
  // The request header, with the ids of a related compound's previous request substituted
  // (MS-SMB2 3.3.5.2.7.2).
  const smb2::Header& header;
  Bytes message;  // this request: its header, then its body (offsets count from its start)
  ByteWriter& out;  // the response body goes here, after the response header
  size_t header_start;  // where this response's header starts in `out`'s buffer
  // Filled by the gate from the table's policy, so handlers need not look them up again.
  Smb2Session* session = nullptr;
  Smb2Tree* tree = nullptr;
  Smb2Open* open = nullptr;
  std::optional<smb2::FileId> file_id{};  // the FileId `open` was found by
  // The session's signing, kept for the response after a LOGOFF freed the session.
  std::shared_ptr<SessionSigning> signing{};
  // Set by handlers that create what the response header names (SESSION_SETUP's SessionId,
  // TREE_CONNECT's TreeId), and by CREATE for the related requests after it.
  uint64_t response_session_id = 0;
  uint32_t response_tree_id = 0;
  std::optional<smb2::FileId> created{};
  // True while the call runs on an event loop: a handler that would have to wait for storage
  // sets `needs_pool` and returns at once, having changed nothing, and the message is handled
  // again on the worker pool (as Smb1Call).
  bool on_loop = false;
  bool needs_pool = false;
  // Where READ may put its data as a file range for sendfile() instead of copying it: set for a
  // lone unsigned READ on the loop (its data ends the frame), else null.
  FileTail* file_tail = nullptr;
  // A handler that answers later (STATUS_PENDING) calls go_async() first and hands `request` to
  // the core and `reply` to whatever completes it: the processor then sends an interim response
  // under the AsyncId, and the final response comes through `reply`. A handler that found it
  // need not wait after all calls drop_async() and answers now. go_async() fails with
  // STATUS_INSUFFICIENT_RESOURCES when the connection has too many operations pending.
  struct Async {
    uint64_t async_id = 0;
    RequestId request{};
    Smb2LateReply reply;
  };
  std::function<Result<Async>()> go_async{};
  std::function<void()> drop_async{};
  uint64_t async_id = 0;  // set by go_async()
  // SESSION_SETUP's final response is signed with the new session's key (MS-SMB2 3.3.5.5.3).
  std::shared_ptr<SessionSigning> sign_session_setup{};
  // Set by a handler after which the connection must end (a failed VALIDATE_NEGOTIATE_INFO).
  bool close_connection = false;
  // Set by the gate: the response is to be signed (the request was, or the session requires it).
  bool sign_response = false;
  // Set by the gate: the request came encrypted under its session's key, and the cipher its
  // response (also an interim one, a late one, an oplock break on what it opens) is encrypted
  // with (MS-SMB2 3.3.4.1.4); null: sent in plaintext.
  bool encrypted = false;
  std::shared_ptr<crypto::SessionCipher> seal{};
  // LOGOFF / TREE_DISCONNECT: later requests of the same compound must not touch what they freed.
  bool ended_session = false;
  bool ended_tree = false;
  // Where a CREATE parks when it must wait for an oplock break's acknowledgement (oplocks.h):
  // set by the gate for the first request of a frame, which the processor can run again; the
  // handler then returns STATUS_PENDING without go_async(). Null: no parking.
  Park* park = nullptr;
};

// A handler writes its response body into `out` and returns Success, or returns an error status
// having written nothing (the processor writes the ERROR body), or a status that carries a body
// (MORE_PROCESSING_REQUIRED, BUFFER_OVERFLOW) having written it, or STATUS_PENDING after
// go_async().
using Smb2Handler = NtStatus (*)(Smb2Call& call);

// A variable part of a request body: where its offset and length fields are (bytes from the
// body start) and how wide. The gate checks that the part lies inside the message.
struct BufferField {
  uint8_t offset_at = 0;
  uint8_t offset_width = 0;  // 0: the row has no such part
  uint8_t length_at = 0;
  uint8_t length_width = 0;
};

struct Smb2CommandSpec {
  smb2::Command command;
  Smb2Handler handler;
  uint16_t structure_size;
  bool needs_session;  // a valid, logged-on session (STATUS_USER_SESSION_DELETED)
  bool needs_tree;     // a tree of that session (STATUS_NETWORK_NAME_DELETED)
  int8_t file_id_at;   // body offset of a FileId to resolve (-1: none) (STATUS_FILE_CLOSED)
  bool blocking;       // may block on storage: run off the event loop
  BufferField buffers[2];
  // The bytes the request sends or its response may return, for the credit charge (MS-SMB2
  // 3.3.5.2.5); null: at most 64 KiB.
  uint64_t (*payload)(Bytes body);
};

// The row for a command, or nullptr.
const Smb2CommandSpec* find_smb2_command(uint16_t command);

// Handlers, one file per command family.
NtStatus handle_smb2_negotiate(Smb2Call& call);
NtStatus handle_smb2_session_setup(Smb2Call& call);
NtStatus handle_smb2_logoff(Smb2Call& call);
NtStatus handle_smb2_tree_connect(Smb2Call& call);
NtStatus handle_smb2_tree_disconnect(Smb2Call& call);
NtStatus handle_smb2_create(Smb2Call& call);
NtStatus handle_smb2_close(Smb2Call& call);
NtStatus handle_smb2_flush(Smb2Call& call);
NtStatus handle_smb2_read(Smb2Call& call);
NtStatus handle_smb2_write(Smb2Call& call);
NtStatus handle_smb2_lock(Smb2Call& call);
NtStatus handle_smb2_ioctl(Smb2Call& call);
NtStatus handle_smb2_echo(Smb2Call& call);
NtStatus handle_smb2_query_directory(Smb2Call& call);
NtStatus handle_smb2_change_notify(Smb2Call& call);
NtStatus handle_smb2_query_info(Smb2Call& call);
NtStatus handle_smb2_set_info(Smb2Call& call);
NtStatus handle_smb2_oplock_break(Smb2Call& call);

// A response body as a late reply carries it (Smb2LateReply): `resp` encoded after a 64-byte
// header, from whose start its offsets count, and cut off it.
template <class Response>
std::vector<uint8_t> late_reply_body(const Response& resp) {
  std::vector<uint8_t> message(smb2::kHeaderSize);
  ByteWriter w(message);
  resp.encode(w, 0);
  return std::vector<uint8_t>(message.begin() + smb2::kHeaderSize, message.end());
}

// Closes what hangs off an open, a tree or a session (CLOSE, TREE_DISCONNECT, LOGOFF, end of
// connection): change notifications pending on them end with STATUS_NOTIFY_CLEANUP.
void close_smb2_open(Smb2State& state, uint64_t volatile_id);
void disconnect_smb2_tree(Smb2State& state, uint32_t tree_id);
void logoff_smb2_session(Smb2State& state, uint64_t session_id);

}  // namespace smbkit::server
