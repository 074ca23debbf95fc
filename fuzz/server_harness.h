// The whole-connection harness shared by the two server targets: a share in a temporary
// directory (created once per process and put back as it was after every input), a fresh
// Smb1Processor per input, and the input split into SMB1 messages (2-byte length prefix each).
// Every reply must be a well-formed framed SMB1 reply to its request, and each of its blocks must
// decode with smbkit's own response codecs: what the server writes, a client must be able to read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/shared_state.h"
#include "server/smb1/processor.h"
#include "wire/byte_reader.h"

namespace smbkit::fuzz {

class ServerFixture {
 public:
  // The process-wide fixture (share "data" served from a temporary directory, user alice with
  // password "secret").
  static ServerFixture& get();

  server::SharedState& shared() { return *shared_; }
  // Removes what an input created in the share and restores the seed files' sizes and times.
  void restore_share();

 private:
  ServerFixture();
  std::string root_;
  std::unique_ptr<server::SharedState> shared_;
};

inline constexpr char kUser[] = "alice";
inline constexpr char kPassword[] = "secret";

// Negotiates NT LM 0.12 and logs on as alice with the non-extended session setup (NTLMv2
// responses to the raw challenge), as a client would: the processor then has UID 1.
void log_on(server::Smb1Processor& processor);

// Sends each message of `input` (split as split_prefixed does) through the processor and checks
// every reply; stops when the processor closes the connection.
void run_messages(server::Smb1Processor& processor, Bytes input);

}  // namespace smbkit::fuzz
