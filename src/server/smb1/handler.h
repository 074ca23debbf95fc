// What an SMB1 command handler sees, and the declarative table that says which handler serves a
// command and what must hold before it runs (DESIGN.md "Core types").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "smb1/message.h"
#include "server/dialect_processor.h"
#include "server/reply.h"
#include "server/smb1/state.h"

namespace smbkit::server {


struct Smb1Call {
  SharedState& shared;
  Smb1State& state;
  const smb1::Header& request_header;
  const smb1::Block& block;
  smb1::Header& reply_header;  // handlers set uid/tid here when they create them
  smb1::MessageWriter& out;
  // The UID and TID in force for this block: the header's, or those a preceding block of the same
  // AndX chain created (MS-CIFS 3.3.5.2).
  uint16_t uid;
  uint16_t tid;
  // The FID a preceding block of the same AndX chain opened: the chain's later blocks work on
  // that file whatever FID they carry ("each chained command references the same FID", CIFS
  // batching; smbd does the same). Open handlers set it (open_in_tree).
  std::optional<uint16_t> chain_fid = {};
  // Filled by the validator from the table's policy, so handlers need not look them up again.
  Smb1Session* session = nullptr;
  Smb1Tree* tree = nullptr;
  Smb1File* file = nullptr;
  // True while the call runs on an event loop (see Smb1Processor::process): a handler that would
  // have to wait for storage sets `needs_pool` and returns at once, having changed nothing that
  // handling it again would not change the same way, and the message is handled again on the
  // worker pool.
  bool on_loop = false;
  bool needs_pool = false;
  // Where READ_ANDX may put its data as a file range for sendfile() instead of copying it into
  // the reply: set for a lone READ_ANDX on the loop (its data ends the frame), else null.
  FileTail* file_tail = nullptr;
  // When the reply goes out: now, later through Smb1State::reply_sink (a request that waits for
  // an event, e.g. NT_TRANSACT_NOTIFY_CHANGE), or never (NT_CANCEL has no reply of its own).
  Answer answer = Answer::Now;
  // Where an open (or a delete, rename or size change by path) parks when it must wait for an
  // oplock break's acknowledgement (oplocks.h): set for the first block of a message, which the
  // processor can run again; the handler then returns STATUS_PENDING. Null: no parking.
  Park* park = nullptr;
};

// A handler writes its reply block into `out` and returns Success, or returns an error status
// (writing nothing: the dispatcher sends the error response), or a status that carries a reply
// block (MORE_PROCESSING_REQUIRED, BUFFER_OVERFLOW) having written the block.
using Smb1Handler = NtStatus (*)(Smb1Call& call);

enum class Needs : uint8_t { Nothing, Session, Tree };

struct Smb1CommandSpec {
  smb1::Command command;
  Smb1Handler handler;
  uint8_t min_words;   // WordCount below this is STATUS_INVALID_SMB
  Needs needs;         // a valid UID, or a valid UID and TID
  int8_t fid_word;     // index of a FID parameter word to validate (-1: none)
  bool blocking;       // may block on storage: run off the event loop
};

// The file system of the call's tree; nullptr for IPC$, which has none.
inline vfs::Vfs* tree_fs(Smb1Call& call) {
  return call.tree && !call.tree->is_ipc() ? call.tree->share->fs.get() : nullptr;
}

// The table row for a command, or nullptr for a command smbkit does not serve.
const Smb1CommandSpec* find_command(uint8_t command);

// Handlers, one file per command family.
NtStatus handle_negotiate(Smb1Call& call);
NtStatus handle_session_setup(Smb1Call& call);
NtStatus handle_logoff(Smb1Call& call);
NtStatus handle_tree_connect(Smb1Call& call);
NtStatus handle_tree_disconnect(Smb1Call& call);
NtStatus handle_echo(Smb1Call& call);
NtStatus handle_open_andx(Smb1Call& call);
NtStatus handle_nt_create(Smb1Call& call);
NtStatus handle_close(Smb1Call& call);
NtStatus handle_read_andx(Smb1Call& call);
NtStatus handle_trans(Smb1Call& call);  // trans_handler.cc: named pipe transactions on IPC$
NtStatus handle_trans2(Smb1Call& call);
NtStatus handle_find_close2(Smb1Call& call);
// search_handler.cc: SMB_COM_SEARCH, SMB_COM_FIND and SMB_COM_FIND_UNIQUE; SMB_COM_FIND_CLOSE.
NtStatus handle_search(Smb1Call& call);
NtStatus handle_find_close(Smb1Call& call);
NtStatus handle_locking_andx(Smb1Call& call);
NtStatus handle_write_andx(Smb1Call& call);
NtStatus handle_flush(Smb1Call& call);
NtStatus handle_seek(Smb1Call& call);
NtStatus handle_create_directory(Smb1Call& call);
NtStatus handle_delete_directory(Smb1Call& call);
NtStatus handle_check_directory(Smb1Call& call);
NtStatus handle_delete(Smb1Call& call);
NtStatus handle_rename(Smb1Call& call);
NtStatus handle_nt_rename(Smb1Call& call);
NtStatus handle_query_information(Smb1Call& call);
NtStatus handle_set_information(Smb1Call& call);
NtStatus handle_query_information_disk(Smb1Call& call);
NtStatus handle_nt_transact(Smb1Call& call);
NtStatus handle_nt_cancel(Smb1Call& call);
// The core protocol's file commands (core_*_handler.cc, information2_handler.cc).
NtStatus handle_core_open(Smb1Call& call);
NtStatus handle_core_create(Smb1Call& call);  // SMB_COM_CREATE and SMB_COM_CREATE_NEW
NtStatus handle_create_temporary(Smb1Call& call);
NtStatus handle_core_read(Smb1Call& call);
NtStatus handle_core_write(Smb1Call& call);
NtStatus handle_write_and_close(Smb1Call& call);
NtStatus handle_lock_byte_range(Smb1Call& call);
NtStatus handle_unlock_byte_range(Smb1Call& call);
NtStatus handle_process_exit(Smb1Call& call);
NtStatus handle_set_information2(Smb1Call& call);
NtStatus handle_query_information2(Smb1Call& call);

// The framed reply to `request` sent after its handler returned (Answer::Later): `status`, and
// the block `body` writes (an empty block when `body` is empty).
std::vector<uint8_t> frame_late_reply(const smb1::Header& request, NtStatus status,
                                      const std::function<void(smb1::MessageWriter&)>& body);

// TRANSACTION2 subcommands served outside trans2_handler.cc: each returns the reply's
// Trans2_Parameters (their Trans2_Data is empty) or an error status.
Result<std::vector<uint8_t>> trans2_set_path_information(Smb1Call& call, Bytes parameters,
                                                         Bytes data);
Result<std::vector<uint8_t>> trans2_set_file_information(Smb1Call& call, Bytes parameters,
                                                         Bytes data);
// trans2_open_handler.cc: TRANS2_OPEN2 and TRANS2_CREATE_DIRECTORY.
Result<std::vector<uint8_t>> trans2_open2(Smb1Call& call, Bytes parameters, Bytes data);
Result<std::vector<uint8_t>> trans2_create_directory(Smb1Call& call, Bytes parameters,
                                                     Bytes data);

}  // namespace smbkit::server
