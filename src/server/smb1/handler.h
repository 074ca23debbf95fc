// What an SMB1 command handler sees, and the declarative table that says which handler serves a
// command and what must hold before it runs (DESIGN.md "Core types").
#pragma once

#include <cstdint>

#include "smb1/message.h"
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
  // Filled by the validator from the table's policy, so handlers need not look them up again.
  Smb1Session* session = nullptr;
  Smb1Tree* tree = nullptr;
  Smb1File* file = nullptr;
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
NtStatus handle_trans2(Smb1Call& call);
NtStatus handle_find_close2(Smb1Call& call);

}  // namespace smbkit::server
