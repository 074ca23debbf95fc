// One SMB 2/3 connection from the client's side (MS-SMB2 3.2): message ids and credits, signing
// and encryption of requests, matching each response to its request (compounded, encrypted,
// interim or not), the checks every response goes through, the per-reply time-out and the trace.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include "client/tracer.h"
#include "client/transport.h"
#include "client/write_turns.h"
#include "crypto/session_cipher.h"
#include "crypto/signer.h"
#include "smb2/header.h"

namespace smbkit::client {

// One request to send: the message (header and body; the connection fills in the message id,
// credit charge and request, session id and signature) and what to trace of it.
struct Smb2Request {
  std::vector<uint8_t> message;
  TraceFields fields;
  // Signed even where the session does not sign everything: 3.1.1's TREE_CONNECT and
  // VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.2.4.2.4, 3.2.5.5).
  bool always_sign = false;
};

class Smb2Connection {
 public:
  // Decodes a response that passed the checks (the whole message, header first) and says what
  // the trace shows of it. An error becomes the response's outcome.
  using ResponseHandler = std::function<Result<TraceFields>(const smb2::Header&, Bytes message)>;

  Smb2Connection(std::unique_ptr<Transport> transport, Tracer& tracer,
                 std::chrono::milliseconds reply_timeout);
  ~Smb2Connection();
  Smb2Connection(const Smb2Connection&) = delete;
  Smb2Connection& operator=(const Smb2Connection&) = delete;

  // After NEGOTIATE: whether the dialect uses CreditCharge (2.1 and later with LARGE_MTU).
  void set_multi_credit(bool on) { multi_credit_ = on; }
  bool multi_credit() const { return multi_credit_; }
  void set_session_id(uint64_t id) { session_id_ = id; }
  uint64_t session_id() const { return session_id_; }
  // The session's signing key from now on. With `all` (Session.SigningRequired) every request
  // is signed (MS-SMB2 3.2.4.1.1) and every response must be (3.2.5.1.3) unless encrypted;
  // otherwise only the requests marked always_sign are, and a response is checked when it comes
  // signed.
  void set_signer(std::unique_ptr<crypto::Signer> signer, bool all) {
    signer_ = std::move(signer);
    sign_all_ = all;
  }
  bool signing() const { return signer_ != nullptr && sign_all_; }
  bool can_sign() const { return signer_ != nullptr; }
  // Verifies one signed response outside the usual path (the last SESSION_SETUP response, which
  // arrives before the keys exist).
  bool verify(Bytes message) const;
  // Requests of the session are encrypted from now on when `all` (Session.EncryptData), or only
  // those on the trees marked with encrypt_tree (Share.EncryptData); responses may come
  // encrypted once a cipher is set, and must when their request was.
  void set_cipher(std::unique_ptr<crypto::SessionCipher> cipher, bool all);
  void encrypt_tree(uint32_t tree_id) { encrypted_trees_.insert(tree_id); }
  bool encrypting_all() const { return encrypt_all_; }
  bool can_encrypt() const { return cipher_ != nullptr; }

  // A request header for `command` on `tree` (0: none) with this connection's session id.
  smb2::Header header(smb2::Command command, uint32_t tree_id = 0) const;
  // An empty buffer with room for `capacity` bytes (Transport::message_buffer).
  std::vector<uint8_t> buffer(size_t capacity) { return transport_->message_buffer(capacity); }

  // The credits this connection may spend now, and what a request of `payload` bytes costs
  // (MS-SMB2 3.2.4.1.5: one credit per 64 KiB with multi-credit, else 1).
  uint32_t credits() const { return credits_; }
  uint16_t charge_for(uint64_t payload) const;

  // Sends one request, or a compound of several (each a whole message; related ones carry
  // SMB2_FLAGS_RELATED_OPERATIONS already). Each gets its message ids and the credits it costs,
  // asking for enough to keep about `kTargetCredits`. Fails with STATUS_INSUFFICIENT_RESOURCES
  // when the credits granted do not cover them. `wire`: receives each message as sent (for the
  // pre-authentication hash). Returns the message ids, outstanding until finish() or abandon().
  asio::awaitable<Result<std::vector<uint64_t>>> send(
      std::vector<Smb2Request> requests,
      const std::function<void(Bytes)>& wire = {});
  asio::awaitable<Result<uint64_t>> send(Smb2Request request,
                                         const std::function<void(Bytes)>& wire = {});
  // SMB2 CANCEL of the request `message_id` (MS-SMB2 3.2.4.24): by its AsyncId once an interim
  // response gave one, else by its MessageId. Gets no response; costs no credit.
  asio::awaitable<Result<void>> cancel(uint64_t message_id);

  enum class Wait { WithTimeout, Indefinitely };
  // Waits for the final response to `message_id`, keeping responses to other outstanding
  // requests that arrive first and passing over an interim STATUS_PENDING response (3.2.5.1.5),
  // whose AsyncId CANCEL then names. The response must be to
  // `command`, carry STATUS_SUCCESS or one of `accepted`, and pass `handler`. Returns the
  // response's status; an error status is the result. `raw`: receives the response's bytes.
  asio::awaitable<Result<NtStatus>> receive(uint64_t message_id, smb2::Command command,
                                            const ResponseHandler& handler,
                                            const std::vector<NtStatus>& accepted = {},
                                            Wait wait = Wait::WithTimeout,
                                            const std::function<void(Bytes)>& raw = {});
  void finish(uint64_t message_id);
  // The response to `message_id` will not be waited for: dropped when it comes.
  void abandon(uint64_t message_id);
  // send one request, receive its response, finish.
  asio::awaitable<Result<NtStatus>> call(Smb2Request request, smb2::Command command,
                                         const ResponseHandler& handler,
                                         const std::vector<NtStatus>& accepted = {});

  size_t outstanding() const { return outstanding_.size(); }
  void close();

  // Credits asked for beyond those a request spends: enough for a window of large reads.
  static constexpr uint32_t kTargetCredits = 512;

 private:
  // One message as received: a view into its frame, which the messages of a compound share
  // and which goes back to the transport for reuse when the last of them is done.
  struct Arrived {
    std::shared_ptr<std::vector<uint8_t>> frame;
    Bytes bytes;
    uint32_t sequence = 0;
    bool encrypted = false;
  };
  struct Outstanding {
    smb2::Command command;
    std::optional<uint64_t> async_id;
    bool encrypted = false;  // the request went encrypted: so must the response
  };

  // Puts one frame on the wire, after any other being written.
  asio::awaitable<Result<void>> write(std::vector<uint8_t> frame);
  // Reads one frame, decrypts it if it is a TRANSFORM, splits it into messages and files each
  // under its message id (or drops it, traced). Fails on a broken connection or a frame that
  // cannot be a response.
  // Returns how many messages were discarded (responses to no outstanding request).
  asio::awaitable<Result<size_t>> read_frame(Wait wait);
  // True when filed or dropped as it should be, false when it answers no outstanding request.
  Result<bool> file_message(const std::shared_ptr<std::vector<uint8_t>>& frame, Bytes message,
                            uint32_t sequence, bool encrypted);
  Result<NtStatus> process(const Arrived& reply, uint64_t message_id,
                           const ResponseHandler& handler, const std::vector<NtStatus>& accepted,
                           const std::function<void(Bytes)>& raw);
  void trace_reply(const Arrived& reply, TraceFields fields) const;
  void break_connection(NtStatus why);
  bool must_encrypt(uint32_t tree_id) const;

  std::unique_ptr<Transport> transport_;
  Tracer& tracer_;
  std::chrono::milliseconds reply_timeout_;
  bool multi_credit_ = false;
  uint64_t session_id_ = 0;
  std::unique_ptr<crypto::Signer> signer_;
  bool sign_all_ = false;
  std::unique_ptr<crypto::SessionCipher> cipher_;
  bool encrypt_all_ = false;
  std::set<uint32_t> encrypted_trees_;
  uint64_t next_message_id_ = 0;
  uint32_t credits_ = 1;  // MS-SMB2 3.2.4.1.5: one to start with, for NEGOTIATE
  NtStatus broken_ = NtStatus::Success;
  std::map<uint64_t, Outstanding> outstanding_;
  std::set<uint64_t> abandoned_;
  std::map<uint64_t, std::deque<Arrived>> arrived_;
  bool reading_ = false;
  // Never expires; cancelled to wake the coroutines waiting for the reader to finish.
  std::optional<asio::steady_timer> read_done_;
  WriteTurns turns_;
};

}  // namespace smbkit::client
