// The whole-connection harness of the two SMB2 server targets (server_smb2_unauth,
// server_smb2_authed): a share in a temporary directory with a few files, a subdirectory and
// symlinks that point out of it (put back as it was after every input), a fresh Smb2Processor
// per input with a reply sink for what is answered later, and the client side of a connection:
// requests built with smbkit's own request codecs, NEGOTIATE (3.1.1 with contexts, 3.0.2, 2.1,
// 2.0.2, or the SMB1 multi-protocol upgrade), an NTLMv2 logon through SPNEGO with the session's
// signing key derived as a client derives it, TREE_CONNECT and CREATE.
//
// Every frame the processor answers is checked as a client would read it: the transport length
// matches, the frame splits as a compound, one response per request (CANCEL has none) with
// SERVER_TO_REDIR, the request's command and MessageId, a body that decodes with the command's
// response codec (or is an ERROR body when the status says so), no more data than the request
// asked for, a valid signature when signed, and credits that keep the client's window within
// 8192 and never leave it without one. A model of the connection (negotiated or not, the credit
// window) says which frames must close the connection: the processor must not answer those, and
// once it closes nothing more is sent. Replies that come later (interim STATUS_PENDING, then
// the final response; oplock breaks) are checked the same way.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <asio/io_context.hpp>

#include "crypto/digest.h"
#include "crypto/session_cipher.h"
#include "crypto/signer.h"
#include "server/shared_state.h"
#include "server/smb2/processor.h"
#include "smb2/header.h"
#include "smb2/negotiate.h"
#include "wire/byte_reader.h"

namespace smbkit::fuzz {

inline constexpr char kSmb2User[] = "alice";
inline constexpr char kSmb2Password[] = "secret";

// The process-wide share: <base>/outer/share served as "data", with sentinels outside it
// (<base>/sentinel.txt, <base>/outer/sentinel.txt, <base>/outer/outside/secret.txt) that no input
// may change, create next to, or even read (their access times are set before their modification
// times, so a read through an escape shows under relatime).
class Smb2Fixture {
 public:
  static Smb2Fixture& get();

  server::SharedState& shared() { return *shared_; }
  // Puts back the share's seed content (files, directories, symlinks, modes, times) and removes
  // what an input created; call once the processor is gone.
  void restore_share();
  // Aborts when anything outside the share changed: a sentinel's content, times or links, or an
  // entry added to or removed from a directory outside the share.
  void check_outside() const;

 private:
  Smb2Fixture();
  struct Snapshot;
  Snapshot* snapshot_ = nullptr;  // what the share and the outside looked like
  std::string base_;
  std::string share_;
  std::unique_ptr<server::SharedState> shared_;
};

// The client's view of the credit window (MS-SMB2 3.3.1.1), kept from the credits each response
// grants.
class CreditModel {
 public:
  static constexpr uint64_t kMaxCredits = 8192;  // what smbkit lets a client hold

  bool can_consume(uint64_t message_id, uint16_t charge) const;
  void consume(uint64_t message_id, uint16_t charge);
  void grant(uint16_t n);
  // What smbkit grants for a request asking for `requested` (to follow a frame whose replies
  // were not seen because the connection closed).
  uint16_t predicted_grant(uint16_t requested) const;
  uint64_t room() const { return kMaxCredits - window_.size(); }
  uint64_t held() const;
  uint64_t high() const { return low_ + window_.size(); }
  // The lowest unused message id at or after `from`; high() when none is left.
  uint64_t first_free(uint64_t from = 0) const;

 private:
  uint64_t low_ = 0;                 // every id below was used
  std::deque<bool> window_{false};   // ids [low_, high()): used or not; NEGOTIATE's 0 is granted
};

enum class Smb2Dialect : uint8_t { V311, V210, V302, V202 };

struct Smb2Response {
  smb2::Header header;
  std::vector<uint8_t> message;  // header and body
};

// One connection to a fresh Smb2Processor, driven from the client side.
class Smb2Client {
 public:
  explicit Smb2Client(server::SharedState& shared);
  ~Smb2Client();
  Smb2Client(const Smb2Client&) = delete;
  Smb2Client& operator=(const Smb2Client&) = delete;

  // --- Building requests: the header (MessageId the lowest free one, CreditCharge `charge`,
  // 64 credits asked, the client's session and tree) and `encode(w, 0)` of a request codec;
  // signed when the session signs. ---
  template <class Body>
  std::vector<uint8_t> request(smb2::Command command, const Body& body, uint16_t charge = 1) {
    std::vector<uint8_t> message = header_for(command, charge);
    ByteWriter w(message);
    body.encode(w, 0);
    finish_request(message);
    return message;
  }
  // A lone request and its one response, which must have status `expected`.
  Smb2Response exchange(std::vector<uint8_t> message, NtStatus expected = NtStatus::Success);

  // --- The connection's setup, each step checked to succeed. ---
  // The SMB1 NEGOTIATE offering SMB2 (MS-SMB2 3.3.5.3.1): with `wildcard`, 0x02FF and the client
  // negotiates again; else 2.0.2 is settled.
  void smb1_upgrade(bool wildcard);
  // `ciphers`: what a 3.1.1 NEGOTIATE offers in its encryption context, and whether a 3.0.2 one
  // announces SMB2_GLOBAL_CAP_ENCRYPTION (not empty).
  void negotiate(Smb2Dialect dialect,
                 std::vector<uint16_t> ciphers = {smb2::kCipherAes128Gcm, smb2::kCipherAes128Ccm});
  // NTLMv2 through SPNEGO as alice; `require_signing` sets SIGNING_REQUIRED in SecurityMode.
  // From then on the client signs its requests when `sign` (or the session requires it).
  void log_on(bool require_signing, bool sign);
  uint32_t tree_connect(const std::string& share);  // "data" or "IPC$"; becomes the client's tree
  // After a logon on a connection that settled a cipher: every later frame goes in a
  // TRANSFORM_HEADER under the session's key (MS-SMB2 3.1.4.3), and every reply and late reply
  // must come encrypted, open under the server-to-client key, and be what it would have been in
  // plaintext. With `tamper`, one bit of each sealed frame is flipped (at tamper * 7919 modulo
  // its size) or, for tamper 1, the transform names another session: the server must close the
  // connection, answering nothing.
  void encrypt_frames(uint16_t tamper = 0);
  uint16_t cipher() const { return cipher_id_; }
  smb2::FileId create(const std::string& name, bool directory);

  // --- The fuzz phase. ---
  // Sends each frame of `input` (split as split_prefixed does), after fixing up its messages'
  // MessageIds and CreditCharges to fit the credit window when `fix_ids` (a CANCEL gets the
  // previous request's MessageId), and signing those of the client's session when the client
  // signs. Stops once the processor closes the connection.
  void run_frames(Bytes input, bool fix_ids);
  // Sends one frame as is and checks what comes back (the model decides whether it must close).
  void send_frame(Bytes frame);

  bool closed() const { return closed_; }
  uint16_t dialect() const { return dialect_; }
  uint64_t session_id() const { return session_id_; }
  // Ends the connection (the processor goes, pending operations end) and checks the late
  // replies that brings.
  void disconnect();

 private:
  std::vector<uint8_t> header_for(smb2::Command command, uint16_t charge);
  void finish_request(std::vector<uint8_t>& message);
  void fix_up(std::vector<uint8_t>& frame, bool fix_ids);
  void check_response(Bytes request, const smb2::Header& request_header, Bytes response,
                      bool last);
  void check_late_replies();
  void check_late(Bytes frame);
  void check_signature(const smb2::Header& h, Bytes message) const;
  std::vector<uint8_t> seal(Bytes message) const;    // a TRANSFORM_HEADER message, tampered with
  std::vector<uint8_t> unseal(Bytes framed) const;   // a reply opened, framed again

  server::SharedState& shared_;
  asio::io_context io_;
  struct LateFrames;
  std::shared_ptr<LateFrames> late_;
  std::shared_ptr<server::Smb2Processor> processor_;
  CreditModel credits_;
  bool negotiated_ = false;
  bool closed_ = false;
  uint16_t dialect_ = 0;
  crypto::SigningAlgorithm signing_algorithm_ = crypto::SigningAlgorithm::HmacSha256;
  crypto::PreauthHash preauth_;  // the connection's, 3.1.1
  uint64_t session_id_ = 0;
  uint32_t tree_id_ = 0;
  std::unique_ptr<crypto::Signer> signer_;  // the session's, once logged on
  uint16_t cipher_id_ = 0;                   // the one NEGOTIATE settled (0: none)
  std::unique_ptr<crypto::SessionCipher> cipher_;  // the session's, once logged on
  bool encrypt_ = false;
  uint16_t tamper_ = 0;
  // The session's end, which leaves the server no key for the frames sealed under it: certain
  // after a LOGOFF, possible after a failed re-authentication.
  bool session_ended_ = false;
  bool session_may_have_ended_ = false;
  bool sign_requests_ = false;
  uint64_t last_message_id_ = 0;
  std::set<uint64_t> pending_;  // AsyncIds of interim responses not yet answered
  std::vector<Smb2Response> last_responses_;
};

}  // namespace smbkit::fuzz
