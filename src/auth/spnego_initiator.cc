#include "auth/spnego_initiator.h"

#include <algorithm>
#include <variant>

#include "auth/ntlmssp.h"
#include "auth/spnego.h"
#include "crypto/secure.h"

namespace smbkit::auth {
namespace {

// The NTLM message inside a server's NegTokenResp, its state and its MIC.
struct ServerToken {
  std::optional<NegState> state;
  std::vector<uint8_t> ntlm;
  std::optional<std::vector<uint8_t>> mic;
};

Result<ServerToken> parse_server_token(Bytes blob) {
  ServerToken out;
  if (blob.empty()) return out;
  auto token = decode_spnego(blob);
  if (!token || !std::holds_alternative<NegTokenResp>(*token))
    return fail(NtStatus::InvalidNetworkResponse);
  auto& resp = std::get<NegTokenResp>(*token);
  out.state = resp.neg_state;
  if (resp.response_token) out.ntlm = std::move(*resp.response_token);
  out.mic = std::move(resp.mech_list_mic);
  return out;
}

}  // namespace

SpnegoInitiator::SpnegoInitiator(std::string user, std::string password, std::string domain,
                                 std::string workstation)
    : ntlm_(std::move(user), std::move(password), std::move(domain), std::move(workstation)) {}

std::vector<uint8_t> SpnegoInitiator::initial_token() {
  return spnego_client_init(ntlm_.negotiate());
}

Result<std::vector<uint8_t>> SpnegoInitiator::respond(Bytes server_token) {
  auto token = parse_server_token(server_token);
  if (!token) return fail(token.error());
  if (token->state == NegState::Reject) return fail(NtStatus::LogonFailure);
  if (answered_ || token->ntlm.empty()) return fail(NtStatus::InvalidNetworkResponse);
  auto authenticate = ntlm_.authenticate(token->ntlm);
  if (!authenticate) return fail(NtStatus::InvalidNetworkResponse);
  answered_ = true;

  NegTokenResp out;
  out.response_token = *authenticate;
  auto message = AuthenticateMessage::decode(*authenticate);
  if (!message) return fail(NtStatus::InternalError);
  const auto& exported = ntlm_.session_key();
  if (exported.size() == 16 && (message->flags & kNegotiateExtendedSessionSecurity)) {
    SessionKey key{};
    std::copy(exported.begin(), exported.end(), key.begin());
    crypto::ScopedWipe wipe(key);
    auto list = mech_type_list_der({std::string(kOidNtlmssp)});
    auto client = NtlmSigner::create(key, message->flags, NtlmDirection::ClientToServer);
    auto server = NtlmSigner::create(key, message->flags, NtlmDirection::ServerToClient);
    if (!list || !client || !server) return fail(NtStatus::InternalError);
    auto mic = client->sign(*list);
    out.mech_list_mic.emplace(mic.begin(), mic.end());
    mech_list_ = std::move(*list);
    server_signer_.emplace(std::move(*server));
  }
  auto encoded = out.encode();
  if (!encoded) return fail(NtStatus::InternalError);
  return encoded;
}

Result<void> SpnegoInitiator::complete(Bytes server_token) {
  auto token = parse_server_token(server_token);
  if (!token) return fail(token.error());
  if (token->state == NegState::Reject) return fail(NtStatus::LogonFailure);
  if (!answered_) return fail(NtStatus::InvalidNetworkResponse);
  // The server's mechListMIC, when it sends one, proves the list was not tampered with
  // (RFC 4178 5).
  if (token->mic && server_signer_ && !server_signer_->verify(mech_list_, *token->mic))
    return fail(NtStatus::AccessDenied);
  return Result<void>{};
}

}  // namespace smbkit::auth
