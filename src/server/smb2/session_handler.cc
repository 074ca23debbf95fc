// SMB2 SESSION_SETUP (MS-SMB2 3.3.5.5) and LOGOFF (3.3.5.6): the security exchange through the
// shared acceptor (auth/spnego_acceptor.h), the session's keys (3.3.5.5.3), re-authentication of
// a live session, and its end.
#include "crypto/smb_keys.h"
#include "server/core/logon_state.h"
#include "server/log.h"
#include "server/smb2/handler.h"
#include "smb2/logoff.h"
#include "smb2/negotiate.h"
#include "smb2/session_setup.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// Sessions one connection may hold at once (logons in progress included).
constexpr size_t kMaxSessions = 64;

bool is_aes256(uint16_t cipher) { return cipher == kCipherAes256Ccm || cipher == kCipherAes256Gcm; }

// MS-SMB2 3.3.5.5.3: the session's signing key and signer, and its encryption when the
// connection negotiated a cipher, once the logon completed with a key.
void key_session(Smb2State& state, Smb2Session& session) {
  auto keys = crypto::derive_smb_session_keys(state.dialect, session.session_key,
                                              session.preauth.value(),
                                              is_aes256(state.cipher) ? 32 : 16);
  if (state.cipher != 0) {
    // The server encrypts with the server-to-client key and decrypts with the other.
    session.cipher = std::make_shared<crypto::SessionCipher>(
        static_cast<crypto::AeadAlgorithm>(state.cipher), keys.server_to_client,
        keys.client_to_server, session.id);
    state.ciphers.set(session.id, session.cipher);
  }
  crypto::SigningAlgorithm algorithm = state.dialect >= kDialect300
                                           ? state.signing_algorithm
                                           : crypto::SigningAlgorithm::HmacSha256;
  if (state.dialect == kDialect300 || state.dialect == kDialect302)
    algorithm = crypto::SigningAlgorithm::AesCmac;
  std::lock_guard lock(session.signing->mu);
  session.signing->signer = crypto::make_signer(algorithm, keys.signing);
  session.application_key = std::move(keys.application);
}

}  // namespace

NtStatus handle_smb2_session_setup(Smb2Call& call) {
  auto req = SessionSetupRequest::decode(call.message);
  if (!req) return req.error();
  Smb2State& state = call.state;
  // No multichannel: a request to bind a session to this connection is refused (3.3.5.5).
  if (req->binding()) return NtStatus::RequestNotAccepted;

  Smb2Session* session = nullptr;
  bool fresh = call.header.session_id == 0;
  if (fresh) {
    if (state.sessions.size() >= kMaxSessions) return NtStatus::InsufficientResources;
    uint64_t id = state.next_session_id++;
    session = &state.sessions[id];
    session->id = id;
    session->preauth = state.preauth;  // 3.1.1: from the connection's, after NEGOTIATE
  } else {
    session = state.find_session(call.header.session_id);
    if (!session) return NtStatus::UserSessionDeleted;
  }
  if (!session->logon) {
    // A new logon, or the re-authentication of a live session (3.3.5.5.2): its keys stay.
    session->logon = std::make_unique<auth::SpnegoAcceptor>(call.shared.config.server_name,
                                                            call.shared.config.domain);
  }
  bool reauth = session->authenticated;
  if (state.dialect == kDialect311 && !reauth) session->preauth.update(call.message);

  auto step = session->logon->step(req->security_buffer, call.shared.catalog()->users,
                                   call.shared.config.allow_ntlmv1);
  NtStatus status = step.status;
  call.response_session_id = session->id;
  if (status == NtStatus::MoreProcessingRequired) {
    SessionSetupResponse resp;
    resp.security_buffer = std::move(step.token);
    resp.encode(call.out, call.header_start);
    return status;
  }
  if (status == NtStatus::Success) {
    LogonState logon;
    status = admit_logon(*step.outcome, call.shared.config, logon);
    if (status == NtStatus::Success && reauth) {
      // MS-SMB2 3.3.5.5.3: a re-authentication changes who the session acts for (smbtorture
      // smb2.session.reauth*: to anonymous and back), never its keys.
      session->user = logon.user;
      session->guest = logon.guest;
      session->identity = std::move(logon.identity);
    } else if (status == NtStatus::Success) {
      session->user = logon.user;
      session->guest = logon.guest;
      session->identity = std::move(logon.identity);
      session->session_key = std::move(logon.session_key);
      session->authenticated = true;
    }
  }
  session->logon.reset();
  if (status != NtStatus::Success) {
    log_info("SMB2 logon refused: {}", status_name(status));
    if (!reauth) state.sessions.erase(session->id);
    // A failed re-authentication ends the session (MS-SMB2 3.3.5.5.3).
    else logoff_smb2_session(state, session->id);
    call.response_session_id = 0;
    return status;
  }

  // Encryption required and this logon cannot encrypt (a guest, no common cipher, 2.x): refused,
  // as Samba refuses it with "server smb encrypt = required".
  bool can_encrypt = state.cipher != 0 && !session->guest && !session->session_key.empty();
  if (!reauth && call.shared.encrypt == EncryptPolicy::Required && !can_encrypt) {
    log_info("SMB2 logon of '{}' refused: encryption is required and the client cannot encrypt",
             session->user);
    state.sessions.erase(session->id);
    call.response_session_id = 0;
    return NtStatus::AccessDenied;
  }
  SessionSetupResponse resp;
  if (session->guest) resp.session_flags = session->user.empty() ? kSessionFlagIsNull
                                                                 : kSessionFlagIsGuest;
  if (!reauth && !session->guest && !session->session_key.empty()) {
    key_session(state, *session);
    // Signing is required when the server or the client requires it (3.3.5.5.3).
    session->signing->required = call.shared.signing_required ||
                                 (req->security_mode & kNegotiateSigningRequired) != 0;
    session->encrypt_data = session->cipher && call.shared.encrypt >= EncryptPolicy::Desired;
  }
  if (session->encrypt_data) resp.session_flags |= kSessionFlagEncryptData;
  // The final response is signed with the new key: always on 3.1.1 (it protects the pre-auth
  // hash), else when the session signs (3.3.5.5.3).
  if (session->signing->signer &&
      (state.dialect == kDialect311 || session->signing->required || call.sign_response))
    call.sign_session_setup = session->signing;
  log_info("user '{}' {} over SMB 0x{:04x}, session 0x{:x}", session->user,
           reauth ? "re-authenticated" : "logged on", state.dialect, session->id);
  resp.security_buffer = std::move(step.token);
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

NtStatus handle_smb2_logoff(Smb2Call& call) {
  auto req = LogoffRequest::decode(call.message);
  if (!req) return req.error();
  logoff_smb2_session(call.state, call.session->id);
  call.session = nullptr;
  call.ended_session = true;
  LogoffResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

void close_smb2_open(Smb2State& state, uint64_t volatile_id) {
  if (state.notify) state.notify->forget_handle(volatile_id);
  // Reads waiting on a pipe end with STATUS_PIPE_BROKEN.
  if (Smb2Open* open = state.opens.find(volatile_id); open && open->pipe) open->pipe->close();
  state.opens.erase(volatile_id);
}

void disconnect_smb2_tree(Smb2State& state, uint32_t tree_id) {
  if (state.notify) state.notify->forget_tree(tree_id);
  for (auto& [id, open] : state.opens)
    if (open.tree_id == tree_id && open.pipe) open.pipe->close();
  state.opens.erase_if([tree_id](const Smb2Open& o) { return o.tree_id == tree_id; });
  state.trees.erase(tree_id);
}

void logoff_smb2_session(Smb2State& state, uint64_t session_id) {
  std::vector<uint32_t> trees;
  for (auto& [id, tree] : state.trees)
    if (tree.session_id == session_id) trees.push_back(id);
  for (uint32_t id : trees) disconnect_smb2_tree(state, id);
  state.ciphers.erase(session_id);
  state.sessions.erase(session_id);
}

}  // namespace smbkit::server
