// The SMB 2/3 side of a connection (MS-SMB2 3.3.5): each frame split into its compound's
// messages; each message through the header checks (credit window, compound bounds), the gate
// (command table) and its handler; the responses framed, granted credits and signed in one place,
// here. Messages are handled one at a time in arrival order, on the event loop or the worker pool
// (message_runner.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <asio.hpp>

#include "server/dialect_processor.h"
#include "server/message_runner.h"
#include "server/smb2/handler.h"
#include "server/smb2/state.h"
#include "wire/message_buffer.h"

namespace smbkit::server {

class Smb2Processor : public DialectProcessor {
 public:
  explicit Smb2Processor(SharedState& shared);
  ~Smb2Processor() override;

  void submit(MessageBuffer message, OutcomeSink done) override;
  void set_reply_sink(asio::any_io_executor loop, ReplySink sink) override;
  void set_rerun(Rerun rerun) override { state_.rerun = std::move(rerun); }
  void set_client_address(const asio::ip::address& address) override {
    state_.client_address = address;
  }
  size_t open_files() const override { return state_.opens.size(); }

  // MS-SMB2 3.3.5.3.1: the answer to an SMB1 NEGOTIATE that offers "SMB 2.002" or "SMB 2.???"
  // (`offers_wildcard`): an SMB2 NEGOTIATE response, framed.
  std::vector<uint8_t> answer_smb1_negotiate(bool offers_wildcard);

  // The synchronous core, for tests and fuzzing: one frame's message (after the 4-byte transport
  // header; an encrypted one too) in, one framed reply out (empty: the connection is to close,
  // or no message has a response now; last_answer() tells which).
  std::vector<uint8_t> handle(Bytes message);
  bool logged_on() const;
  // Why the last handle() returned no frame: Now (the connection is to
  // close) or Never (the frame held only CANCELs, which have no response: MS-SMB2 3.3.5.16).
  Answer last_answer() const { return answer_; }

 private:
  // MS-SMB2 3.3.5.2.1.1: decrypts an encrypted frame in place with the cipher of the session
  // it names; null (the connection is to close) when there is none or the frame does not
  // authenticate. The plaintext follows the TRANSFORM_HEADER.
  std::shared_ptr<crypto::SessionCipher> open_sealed(std::span<uint8_t> frame);
  // One frame's plaintext message: nullopt when a handler on the loop would have waited for
  // storage, and nothing was changed. With `tail`, a READ may leave its data there (sendfile).
  // `opened_with`: the cipher that decrypted it, if it came encrypted.
  std::optional<std::vector<uint8_t>> run(Bytes frame, bool on_loop, FileTail* tail,
                                          const std::shared_ptr<crypto::SessionCipher>& opened_with,
                                          bool replay = false);
  // The frame's first request parked on `wait` (oplocks.h): the frame (its plaintext) runs
  // again, as a whole, once the wait completes, and is answered then.
  void park(Bytes frame, const std::shared_ptr<crypto::SessionCipher>& opened_with,
            const std::shared_ptr<Wake>& wait);
  Outcome outcome(std::vector<uint8_t> frame, FileTail tail = {});

  SharedState& shared_;
  Smb2State state_;
  bool close_ = false;  // the last message asked for the connection to close
  Answer answer_ = Answer::Now;  // see last_answer()
  MessageRunner runner_;
};

}  // namespace smbkit::server
