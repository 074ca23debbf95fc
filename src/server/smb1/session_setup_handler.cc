// SMB_COM_SESSION_SETUP_ANDX (MS-CIFS 3.3.5.43; MS-SMB 3.3.5.3 for extended security): check the
// client's challenge response against the accounts and hand out a UID.
#include <cstring>

#include "auth/ntlm_server.h"
#include "auth/ntlm_session.h"
#include "auth/spnego.h"
#include "crypto/secure.h"
#include "server/log.h"
#include "server/smb1/handler.h"
#include "smb1/session_setup.h"

namespace smbkit::server {
namespace {

constexpr char kNativeOs[] = "Unix";
constexpr char kNativeLanMan[] = "smbkit";
constexpr uint8_t kNtlmsspSignature[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

void note_client_limits(Smb1State& st, uint16_t max_buffer, uint32_t capabilities) {
  st.client_max_buffer = std::max<uint16_t>(max_buffer, 1024);
  st.client_capabilities = capabilities;
}

// Anonymous logons, and logons to passwordless accounts (which prove no secret), become guest
// sessions only where guest access is on; otherwise they fail as a wrong password does.
NtStatus admit(const auth::AuthOutcome& outcome, const ServerConfig& config, Smb1Session& s) {
  if ((outcome.is_anonymous || outcome.is_guest) && !config.guest) return NtStatus::LogonFailure;
  s.user = outcome.user;
  s.guest = outcome.is_anonymous || outcome.is_guest;
  s.session_key = outcome.session_key;
  s.authenticated = true;
  return NtStatus::Success;
}

// MS-CIFS 2.2.4.53: challenge/response in the request itself, against NEGOTIATE's challenge.
NtStatus setup_with_challenge(Smb1Call& call) {
  auto req = smb1::SessionSetupRequest::decode(call.block);
  if (!req) return req.error();
  Smb1State& st = call.state;
  if (st.extended_security) return NtStatus::LogonFailure;  // no challenge was issued
  note_client_limits(st, req->max_buffer_size, req->capabilities);
  auto outcome = auth::verify_challenge_response(
      call.shared.users, req->account_name, req->primary_domain, st.challenge, req->oem_password,
      req->unicode_password, call.shared.config.allow_ntlmv1);
  if (!outcome) {
    log_info("logon of '{}' refused: {}", req->account_name, status_name(outcome.error()));
    return outcome.error();
  }
  Smb1Session session;
  NtStatus admitted = admit(*outcome, call.shared.config, session);
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

// What a client's security blob carries: an NTLMSSP message, SPNEGO-wrapped or raw as some
// clients send it, and for SPNEGO the mechanism list or the mechListMIC that signs it.
struct ClientToken {
  std::vector<uint8_t> ntlm;
  std::vector<std::string> mech_types;           // from a NegTokenInit
  std::optional<std::vector<uint8_t>> mech_mic;  // from a NegTokenResp
};

Result<ClientToken> client_token_of(Bytes blob) {
  if (blob.size() >= 8 && std::memcmp(blob.data(), kNtlmsspSignature, 8) == 0)
    return ClientToken{{blob.begin(), blob.end()}, {}, std::nullopt};
  auto token = auth::decode_spnego(blob);
  if (!token) return fail(NtStatus::InvalidParameter);
  if (auto* init = std::get_if<auth::NegTokenInit>(&*token)) {
    bool offers_ntlm = std::find(init->mech_types.begin(), init->mech_types.end(),
                                 auth::kOidNtlmssp) != init->mech_types.end();
    if (!offers_ntlm || !init->mech_token) return fail(NtStatus::NotSupported);
    return ClientToken{*init->mech_token, init->mech_types, std::nullopt};
  }
  auto& resp = std::get<auth::NegTokenResp>(*token);
  if (!resp.response_token) return fail(NtStatus::InvalidParameter);
  return ClientToken{*resp.response_token, {}, resp.mech_list_mic};
}

// RFC 4178 5 / MS-SPNG 3.2.5.1: when the client signed the mechanism list, check its signature
// with the new session's NTLM keys and sign the list back, so neither side's list was altered.
Result<std::optional<std::vector<uint8_t>>> answer_mech_list_mic(
    const Smb1Session& session, const auth::NtlmServerContext& ntlm, const ClientToken& token) {
  if (!token.mech_mic || session.spnego_mech_types.empty()) return std::nullopt;
  auto list = auth::mech_type_list_der(session.spnego_mech_types);
  if (!list || session.session_key.size() != 16) return fail(NtStatus::LogonFailure);
  auth::SessionKey key;
  crypto::ScopedWipe wipe_key(key);
  std::copy(session.session_key.begin(), session.session_key.end(), key.begin());
  auto verifier = auth::NtlmSigner::create(key, ntlm.flags(), auth::NtlmDirection::ClientToServer);
  auto signer = auth::NtlmSigner::create(key, ntlm.flags(), auth::NtlmDirection::ServerToClient);
  if (!verifier || !signer || !verifier->verify(*list, *token.mech_mic))
    return fail(NtStatus::LogonFailure);
  auto mic = signer->sign(*list);
  return std::vector<uint8_t>(mic.begin(), mic.end());
}

void write_ext_response(Smb1Call& call, uint16_t action, std::vector<uint8_t> blob) {
  smb1::SessionSetupExtResponse resp;
  resp.action = action;
  resp.security_blob = std::move(blob);
  resp.native_os = kNativeOs;
  resp.native_lan_man = kNativeLanMan;
  resp.encode(call.out);
}

// MS-SMB 3.3.5.3: NTLMSSP in SPNEGO over two round trips. The first hands out the UID with
// STATUS_MORE_PROCESSING_REQUIRED; the second, carrying that UID, completes the logon.
NtStatus setup_extended(Smb1Call& call) {
  auto req = smb1::SessionSetupExtRequest::decode(call.block);
  if (!req) return req.error();
  Smb1State& st = call.state;
  if (!st.extended_security) return NtStatus::LogonFailure;
  note_client_limits(st, req->max_buffer_size, req->capabilities);
  auto token = client_token_of(req->security_blob);
  if (!token) return token.error();

  Smb1Session* pending = st.sessions.find(call.uid);
  if (!pending || pending->authenticated || !pending->ntlm) {
    // A new logon: NEGOTIATE in, CHALLENGE out.
    Smb1Session session;
    session.ntlm = std::make_unique<auth::NtlmServerContext>(call.shared.config.server_name,
                                                             call.shared.config.domain);
    auto challenge = session.ntlm->challenge(token->ntlm);
    if (!challenge) return challenge.error();
    session.spnego_mech_types = std::move(token->mech_types);
    auto uid = st.sessions.insert(std::move(session));
    if (!uid) return NtStatus::InsufficientResources;
    call.reply_header.uid = *uid;
    write_ext_response(call, 0,
                       auth::spnego_response(auth::NegState::AcceptIncomplete, *challenge, true));
    return NtStatus::MoreProcessingRequired;
  }
  // AUTHENTICATE in: the logon completes or the pending session is dropped.
  auto outcome = pending->ntlm->authenticate(token->ntlm, call.shared.users,
                                             call.shared.config.allow_ntlmv1);
  NtStatus status = outcome ? admit(*outcome, call.shared.config, *pending) : outcome.error();
  Result<std::optional<std::vector<uint8_t>>> server_mic = std::nullopt;
  if (status == NtStatus::Success) {
    server_mic = answer_mech_list_mic(*pending, *pending->ntlm, *token);
    if (!server_mic) status = server_mic.error();
  }
  if (status != NtStatus::Success) {
    log_info("logon refused: {}", status_name(status));
    st.sessions.erase(call.uid);
    return status;
  }
  pending->ntlm.reset();
  log_info("user '{}' logged on, uid {}", pending->user, call.uid);
  auth::NegTokenResp done;
  done.neg_state = auth::NegState::AcceptCompleted;
  done.mech_list_mic = *server_mic;
  auto blob = done.encode();
  if (!blob) return blob.error();
  write_ext_response(call, pending->guest ? smb1::kSetupGuest : 0, std::move(*blob));
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_session_setup(Smb1Call& call) {
  if (call.block.word_count == smb1::kSessionSetupWordCount) return setup_with_challenge(call);
  if (call.block.word_count == smb1::kSessionSetupExtWordCount) return setup_extended(call);
  return NtStatus::InvalidSmb;
}

}  // namespace smbkit::server
