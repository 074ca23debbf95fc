#include "auth/spnego_acceptor.h"

#include <algorithm>
#include <cstring>
#include <variant>

#include "auth/ntlm_session.h"
#include "auth/spnego.h"
#include "crypto/secure.h"

namespace smbkit::auth {
namespace {

constexpr uint8_t kNtlmsspSignature[8] = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

bool is_raw_ntlmssp(Bytes token) {
  return token.size() >= 8 && std::memcmp(token.data(), kNtlmsspSignature, 8) == 0;
}

Result<std::vector<uint8_t>> encode(const NegTokenResp& resp) { return resp.encode(); }

}  // namespace

SpnegoAcceptor::SpnegoAcceptor(std::string computer_name, std::string domain_name)
    : ntlm_(std::move(computer_name), std::move(domain_name)) {}

SpnegoAcceptor::Step SpnegoAcceptor::step(Bytes client_token, const UserDb& db,
                                          bool allow_ntlmv1) {
  if (form_ == Form::Unknown) return first(client_token);
  if (form_ == Form::Raw) {
    if (!is_raw_ntlmssp(client_token)) return {NtStatus::InvalidParameter, {}, {}};
    if (!challenged_) return challenge(client_token);
    return authenticate(client_token, std::nullopt, db, allow_ntlmv1);
  }
  auto token = decode_spnego(client_token);
  if (!token || !std::holds_alternative<NegTokenResp>(*token))
    return {NtStatus::InvalidParameter, {}, {}};
  auto& resp = std::get<NegTokenResp>(*token);
  if (!resp.response_token) return {NtStatus::InvalidParameter, {}, {}};
  if (!challenged_) return challenge(*resp.response_token);
  return authenticate(*resp.response_token, resp.mech_list_mic, db, allow_ntlmv1);
}

SpnegoAcceptor::Step SpnegoAcceptor::first(Bytes client_token) {
  if (is_raw_ntlmssp(client_token)) {
    form_ = Form::Raw;
    return challenge(client_token);
  }
  auto token = decode_spnego(client_token);
  if (!token) return {NtStatus::InvalidParameter, {}, {}};
  auto* init = std::get_if<NegTokenInit>(&*token);
  if (!init) return {NtStatus::InvalidParameter, {}, {}};
  form_ = Form::Spnego;
  mech_types_ = init->mech_types;
  auto ntlm = std::find(mech_types_.begin(), mech_types_.end(), kOidNtlmssp);
  if (ntlm == mech_types_.end()) return {NtStatus::NotSupported, {}, {}};
  if (ntlm == mech_types_.begin() && init->mech_token) return challenge(*init->mech_token);
  // RFC 4178 4.2.2: NTLMSSP is not the client's first choice (or no optimistic token came):
  // name it as the mechanism chosen, with no token; the client starts NTLMSSP in its answer.
  mic_required_ = ntlm != mech_types_.begin();
  NegTokenResp resp;
  resp.neg_state = NegState::AcceptIncomplete;
  resp.supported_mech = std::string(kOidNtlmssp);
  auto blob = encode(resp);
  if (!blob) return {blob.error(), {}, {}};
  return {NtStatus::MoreProcessingRequired, std::move(*blob), {}};
}

SpnegoAcceptor::Step SpnegoAcceptor::challenge(Bytes ntlm_negotiate) {
  auto challenge = ntlm_.challenge(ntlm_negotiate);
  if (!challenge) return {challenge.error(), {}, {}};
  challenged_ = true;
  if (form_ == Form::Raw) return {NtStatus::MoreProcessingRequired, std::move(*challenge), {}};
  return {NtStatus::MoreProcessingRequired,
          spnego_response(NegState::AcceptIncomplete, *challenge, /*name_mech=*/true), {}};
}

SpnegoAcceptor::Step SpnegoAcceptor::authenticate(
    Bytes ntlm_message, const std::optional<std::vector<uint8_t>>& mic, const UserDb& db,
    bool allow_ntlmv1) {
  auto outcome = ntlm_.authenticate(ntlm_message, db, allow_ntlmv1);
  if (!outcome) return {outcome.error(), {}, {}};
  if (form_ == Form::Raw) return {NtStatus::Success, {}, std::move(*outcome)};

  // RFC 4178 5 / MS-SPNG 3.2.5.1: a client that signed its mechanism list gets its signature
  // checked with the new session's NTLM keys and the list signed back, so neither side's list
  // was altered. Anonymous and guest logons have no key to sign with: a client that logged on
  // with a name the server made a guest ("map to guest = bad user") signed its list with a key
  // only it has, which is not checked, as smbd does not.
  std::optional<std::vector<uint8_t>> server_mic;
  bool keyless = outcome->is_guest || outcome->is_anonymous;
  if ((mic || mic_required_) && !keyless) {
    const crypto::SecretBytes& exported = outcome->session_key;
    auto list = mech_type_list_der(mech_types_);
    if (!mic || !list || exported.size() != 16) return {NtStatus::LogonFailure, {}, {}};
    SessionKey key;
    crypto::ScopedWipe wipe_key(key);
    std::copy(exported.begin(), exported.end(), key.begin());
    auto verifier = NtlmSigner::create(key, ntlm_.flags(), NtlmDirection::ClientToServer);
    auto signer = NtlmSigner::create(key, ntlm_.flags(), NtlmDirection::ServerToClient);
    if (!verifier || !signer || !verifier->verify(*list, *mic))
      return {NtStatus::LogonFailure, {}, {}};
    auto signature = signer->sign(*list);
    server_mic.emplace(signature.begin(), signature.end());
  }
  NegTokenResp done;
  done.neg_state = NegState::AcceptCompleted;
  done.mech_list_mic = std::move(server_mic);
  auto blob = encode(done);
  if (!blob) return {blob.error(), {}, {}};
  return {NtStatus::Success, std::move(*blob), std::move(*outcome)};
}

}  // namespace smbkit::auth
