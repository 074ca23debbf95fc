// Everything an SMB2 request passes before its handler, and its response after (MS-SMB2 3.3.5.2):
// the header check (a response or a message before NEGOTIATE closes the connection; the
// MessageId must lie in the credit window, once), the compound's related-operation rules
// (3.3.5.2.7), the command table's policy (StructureSize, variable parts inside the message,
// credit charge against payload, session, signature, tree, FileId), then the handler; the
// response header, granted credits, interim responses for operations answered later, and, once
// the whole compound is written, padding, signatures and the 3.1.1 pre-auth integrity hash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "server/smb2/handler.h"
#include "smb2/compound.h"

namespace smbkit::server {

class Gate {
 public:
  // Parked: the frame's first request parked until oplock breaks end (parked()); the processor
  // runs the whole frame again then, and nothing of it is answered now.
  enum Step { Next, NeedsPool, Close, Parked };

  // Responses are appended to `out` (which holds room for the transport header, and for a
  // TRANSFORM_HEADER when the frame came encrypted). `tail`: where a lone READ on the loop may
  // leave its data for sendfile. `opened_with`: the session cipher that decrypted the frame, if
  // it came encrypted.
  Gate(SharedState& shared, Smb2State& state, std::vector<uint8_t>& out, bool on_loop,
       FileTail* tail, std::shared_ptr<crypto::SessionCipher> opened_with = nullptr);

  // The frame is a parked one run again: its first request's MessageId was taken the first time.
  void replaying() { replay_ = true; }
  // One message of the compound.
  Step process(Bytes request);
  // After Parked: the wait to run the frame again after.
  const std::shared_ptr<Wake>& parked() const { return later_.wait; }
  // Pads, signs and hashes the responses written.
  void finish();
  // The cipher the compound response is to be encrypted with, as one TRANSFORM_HEADER message
  // (MS-SMB2 3.3.4.1.4): the one that opened the request, or the session's when it or the
  // share requires encryption; null: plaintext.
  const std::shared_ptr<crypto::SessionCipher>& seal_with() const { return seal_; }

 private:
  struct Written {
    size_t slot;                                 // its place in the compound response
    std::shared_ptr<SessionSigning> signing;     // sign with it, when set
    bool preauth_connection = false;             // 3.1.1 NEGOTIATE response
    uint64_t preauth_session = 0;                // 3.1.1 SESSION_SETUP response to hash
  };
  // What a related request takes from the one before it (3.3.5.2.7.2), as Windows does it: the
  // session, tree and FileId the previous request used or made. Only a failed CREATE passes
  // its error on to the requests that use its FileId; a request whose session was not found
  // leaves nothing to relate to (STATUS_INVALID_PARAMETER).
  struct Related {
    bool usable = false;  // the previous request got past its session check
    uint64_t session_id = 0;
    uint32_t tree_id = 0;
    std::optional<smb2::FileId> file_id;
    NtStatus file_status = NtStatus::Success;  // a failed CREATE's status
    NtStatus chain_error = NtStatus::Success;  // fails every later request of the chain
  };

  // Runs the gate and the handler; returns the status for the response header.
  NtStatus dispatch(const smb2::Header& request_header, smb2::Header& effective, Bytes request,
                    size_t header_start, Smb2Call*& call_out, Step& step);
  void cancel(const smb2::Header& h);
  Smb2Call::Async go_async(const smb2::Header& h, uint64_t session_id, bool sign,
                           std::shared_ptr<SessionSigning> signing,
                           std::shared_ptr<crypto::SessionCipher> seal, uint64_t async_id);

  SharedState& shared_;
  Smb2State& state_;
  std::vector<uint8_t>& out_;
  ByteWriter writer_{out_};
  smb2::CompoundWriter compound_;
  bool on_loop_;
  FileTail* tail_;
  std::shared_ptr<crypto::SessionCipher> opened_with_;
  std::shared_ptr<crypto::SessionCipher> seal_;
  size_t index_ = 0;
  bool replay_ = false;
  Park later_;  // where the first request parks
  Related related_;
  // Of the request being dispatched: whether it got past its session check, and the FileId it
  // used (after a related request's substitution).
  bool session_passed_ = false;
  std::optional<smb2::FileId> used_file_id_;
  // The session whose signature the request being dispatched carried, once verified.
  std::shared_ptr<SessionSigning> verified_signing_;
  std::vector<Written> written_;
  std::vector<std::unique_ptr<Smb2Call>> calls_;  // the compound's calls, alive until finish()
};

// MS-SMB2 3.3.5.3.1: the SMB2 NEGOTIATE response to an SMB1 NEGOTIATE offering SMB2, framed.
// With `wildcard` ("SMB 2.???") and a server that goes past 2.0.2, DialectRevision 0x02FF and
// the client negotiates again in SMB2; else 0x0202 is settled here.
std::vector<uint8_t> answer_multi_protocol_negotiate(SharedState& shared, Smb2State& state,
                                                     bool wildcard);

}  // namespace smbkit::server
