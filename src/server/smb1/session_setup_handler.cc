// SMB_COM_SESSION_SETUP_ANDX (MS-CIFS 3.3.5.43; MS-SMB 3.3.5.3 for extended security): check the
// client's challenge response against the accounts and hand out a UID.
#include <cstring>

#include "auth/ntlm_server.h"
#include "auth/spnego_acceptor.h"
#include "server/log.h"
#include "server/smb1/handler.h"
#include "smb1/session_setup.h"

namespace smbkit::server {
namespace {

constexpr char kNativeOs[] = "Unix";
constexpr char kNativeLanMan[] = "smbkit";

void note_client_limits(Smb1State& st, uint16_t max_buffer, uint32_t capabilities) {
  st.client_max_buffer = std::max<uint16_t>(max_buffer, 1024);
  st.client_capabilities = capabilities;
}

// MS-CIFS 2.2.4.53: challenge/response in the request itself, against NEGOTIATE's challenge.
NtStatus setup_with_challenge(Smb1Call& call) {
  auto req = smb1::SessionSetupRequest::decode(call.block);
  if (!req) return req.error();
  Smb1State& st = call.state;
  if (st.extended_security) return NtStatus::LogonFailure;  // no challenge was issued
  note_client_limits(st, req->max_buffer_size, req->capabilities);
  auto outcome = auth::verify_challenge_response(
      call.shared.catalog()->users, req->account_name, req->primary_domain, st.challenge,
      req->oem_password, req->unicode_password, call.shared.config.allow_ntlmv1);
  if (!outcome) {
    log_info("logon of '{}' refused: {}", req->account_name, status_name(outcome.error()));
    return outcome.error();
  }
  Smb1Session session;
  NtStatus admitted = admit_logon(*outcome, call.shared.config, session);
  if (admitted != NtStatus::Success) return admitted;
  bool guest = session.guest;
  auto uid = st.sessions.insert(std::move(session));
  if (!uid) return NtStatus::InsufficientResources;
  call.reply_header.uid = *uid;
  log_info("user '{}' logged on, uid {}", outcome->user, *uid);

  smb1::SessionSetupResponse resp;
  resp.action = guest ? smb1::kSetupGuest : 0;
  resp.native_os = kNativeOs;
  resp.native_lan_man = kNativeLanMan;
  resp.primary_domain = call.shared.config.domain;
  resp.encode(call.out);
  return NtStatus::Success;
}

void write_ext_response(Smb1Call& call, uint16_t action, std::vector<uint8_t> blob) {
  smb1::SessionSetupExtResponse resp;
  resp.action = action;
  resp.security_blob = std::move(blob);
  resp.native_os = kNativeOs;
  resp.native_lan_man = kNativeLanMan;
  resp.encode(call.out);
}

// MS-SMB 3.3.5.3: the security exchange (auth/spnego_acceptor.h) over two or three round trips.
// The first hands out the UID with STATUS_MORE_PROCESSING_REQUIRED; the last, carrying that
// UID, completes the logon.
NtStatus setup_extended(Smb1Call& call) {
  auto req = smb1::SessionSetupExtRequest::decode(call.block);
  if (!req) return req.error();
  Smb1State& st = call.state;
  if (!st.extended_security) return NtStatus::LogonFailure;
  note_client_limits(st, req->max_buffer_size, req->capabilities);

  Smb1Session* session = st.sessions.find(call.uid);
  uint16_t uid = call.uid;
  // A live session's UID re-authenticates that session (MS-SMB 3.3.5.3: the UID stays, and so
  // do its trees and files; smbtorture raw.session.reauth1).
  bool reauth = session && session->authenticated;
  if (reauth && !session->logon)
    session->logon = std::make_unique<auth::SpnegoAcceptor>(call.shared.config.server_name,
                                                            call.shared.config.domain);
  if (!session || (!session->authenticated && !session->logon)) {
    // A new logon.
    Smb1Session fresh;
    fresh.logon = std::make_unique<auth::SpnegoAcceptor>(call.shared.config.server_name,
                                                         call.shared.config.domain);
    auto inserted = st.sessions.insert(std::move(fresh));
    if (!inserted) return NtStatus::InsufficientResources;
    uid = *inserted;
    session = st.sessions.find(uid);
  }
  auto step = session->logon->step(req->security_blob, call.shared.catalog()->users,
                                   call.shared.config.allow_ntlmv1);
  NtStatus status = step.status;
  if (status == NtStatus::Success) {
    LogonState logon;
    status = admit_logon(*step.outcome, call.shared.config, logon);
    if (status == NtStatus::Success) {
      session->user = std::move(logon.user);
      session->guest = logon.guest;
      session->identity = std::move(logon.identity);
      session->session_key = std::move(logon.session_key);
      session->authenticated = true;
    }
  }
  if (status == NtStatus::MoreProcessingRequired) {
    call.reply_header.uid = uid;
    write_ext_response(call, 0, std::move(step.token));
    return status;
  }
  if (status != NtStatus::Success) {
    log_info("logon refused: {}", status_name(status));
    // A failed re-authentication leaves the session as it was; a failed logon leaves nothing.
    if (reauth)
      session->logon.reset();
    else
      st.sessions.erase(uid);
    return status;
  }
  session->logon.reset();
  call.reply_header.uid = uid;
  log_info("user '{}' logged on, uid {}", session->user, uid);
  write_ext_response(call, session->guest ? smb1::kSetupGuest : 0, std::move(step.token));
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_session_setup(Smb1Call& call) {
  if (call.block.word_count == smb1::kSessionSetupWordCount) return setup_with_challenge(call);
  if (call.block.word_count == smb1::kSessionSetupExtWordCount) return setup_extended(call);
  return NtStatus::InvalidSmb;
}

}  // namespace smbkit::server
