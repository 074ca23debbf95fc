#include "auth/ntlm_client.h"

#include <algorithm>

#include "auth/ntlmssp.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "wire/filetime.h"

namespace smbkit::auth {
namespace {

constexpr uint32_t kClientFlags = kNegotiateUnicode | kNegotiateOem | kRequestTarget |
                                  kNegotiateSign | kNegotiateNtlm | kNegotiateAlwaysSign |
                                  kNegotiateExtendedSessionSecurity | kNegotiateVersion |
                                  kNegotiate128 | kNegotiateKeyExch | kNegotiate56;

// Bits the server sets that the client echoes in its AUTHENTICATE_MESSAGE.
constexpr uint32_t kEchoedServerFlags =
    kNegotiateTargetInfo | kTargetTypeDomain | kTargetTypeServer;

ClientNonces random_nonces() {
  ClientNonces n;
  crypto::random_fill(n.client_challenge);
  crypto::random_fill(n.random_session_key);
  n.timestamp = filetime_now();
  return n;
}

}  // namespace

NtlmClientContext::NtlmClientContext(std::string user, std::string password, std::string domain,
                                     std::string workstation)
    : user_(std::move(user)),
      domain_(std::move(domain)),
      workstation_(std::move(workstation)),
      nt_hash_(nt_hash(password)),
      no_password_(password.empty()) {
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(password.data()), password.size()});
}

NtlmClientContext::~NtlmClientContext() {
  crypto::secure_wipe(nt_hash_);
  crypto::secure_wipe(session_key_);
}

std::vector<uint8_t> NtlmClientContext::negotiate() {
  NegotiateMessage m;
  m.flags = kClientFlags;
  m.version = kLocalVersion;
  negotiate_msg_ = *m.encode();  // no domain or workstation: cannot overflow
  return negotiate_msg_;
}

Result<std::vector<uint8_t>> NtlmClientContext::authenticate(Bytes challenge_msg) {
  ClientNonces nonces = random_nonces();
  crypto::ScopedWipe wipe_key(nonces.random_session_key);  // it becomes the exported key
  return authenticate(challenge_msg, nonces);
}

Result<std::vector<uint8_t>> NtlmClientContext::authenticate(Bytes challenge_msg,
                                                             const ClientNonces& nonces) {
  if (negotiate_msg_.empty()) return fail(NtStatus::InvalidParameter);
  auto challenge = ChallengeMessage::decode(challenge_msg);
  if (!challenge) return fail(challenge.error());

  AuthenticateMessage m;
  m.flags = challenge->flags & (kClientFlags | kEchoedServerFlags);
  if (m.flags & kNegotiateVersion) m.version = kLocalVersion;
  m.domain = domain_;
  m.user = user_;
  m.workstation = workstation_;
  crypto::secure_wipe(session_key_);
  session_key_.clear();

  if (is_anonymous()) {
    // MS-NLMP 3.1.5.1.2: no NT response, LM response Z(1), no session key to exchange.
    m.flags = (m.flags | kNegotiateAnonymous) & ~kNegotiateKeyExch;
    m.lm_response = {0};
    return m.encode();
  }

  const std::optional<uint64_t> server_time = challenge->target_info.timestamp();
  AvPairs pairs = challenge->target_info;
  if (server_time)
    pairs.set(AvId::Flags, [&] {
      uint32_t flags = pairs.flags().value_or(0) | kAvFlagMicPresent;
      return std::vector<uint8_t>{static_cast<uint8_t>(flags), static_cast<uint8_t>(flags >> 8),
                                  static_cast<uint8_t>(flags >> 16),
                                  static_cast<uint8_t>(flags >> 24)};
    }());

  ResponseKey key = ntowf_v2(nt_hash_, user_, domain_);
  crypto::ScopedWipe wipe_key(key);
  const Challenge& sc = challenge->server_challenge;
  auto blob = ntlmv2_client_blob(server_time.value_or(nonces.timestamp), nonces.client_challenge,
                                 pairs.encode());
  NtProofStr proof = ntlmv2_proof(key, sc, blob);
  m.nt_response.assign(proof.begin(), proof.end());
  m.nt_response.insert(m.nt_response.end(), blob.begin(), blob.end());
  if (server_time) {
    m.lm_response.assign(24, 0);
  } else {
    auto lm = lmv2_response(key, sc, nonces.client_challenge);
    m.lm_response.assign(lm.begin(), lm.end());
  }

  SessionKey exported = ntlmv2_session_base_key(key, proof);  // = KeyExchangeKey for NTLMv2
  crypto::ScopedWipe wipe_exported(exported);
  if (uses_key_exchange(m.flags)) {
    auto encrypted = rc4_session_key(exported, nonces.random_session_key);
    m.encrypted_random_session_key.assign(encrypted.begin(), encrypted.end());
    exported = nonces.random_session_key;
  } else {
    m.flags &= ~kNegotiateKeyExch;
  }

  if (server_time) m.mic.emplace();  // zero while the MIC is computed over the message
  auto encoded = m.encode();
  if (!encoded) return fail(encoded.error());
  if (server_time) {
    auto mic = crypto::hmac_md5(exported, {negotiate_msg_, challenge_msg, *encoded});
    std::copy(mic.begin(), mic.end(), encoded->begin() + AuthenticateMessage::kMicOffset);
  }
  session_key_.assign(exported.begin(), exported.end());
  return encoded;
}

RawResponses ntlmv2_responses_for_raw_challenge(std::string_view user, std::string password,
                                                std::string_view domain,
                                                const Challenge& server_challenge,
                                                const AvPairs& target_info) {
  RawResponses out;
  if (user.empty() && password.empty()) return out;
  NtHash hash = nt_hash(password);
  crypto::ScopedWipe wipe_hash(hash);
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(password.data()), password.size()});
  ResponseKey key = ntowf_v2(hash, user, domain);
  crypto::ScopedWipe wipe_key(key);

  Challenge cc;
  crypto::random_fill(cc);
  auto blob = ntlmv2_client_blob(filetime_now(), cc, target_info.encode());
  NtProofStr proof = ntlmv2_proof(key, server_challenge, blob);
  out.nt_response.assign(proof.begin(), proof.end());
  out.nt_response.insert(out.nt_response.end(), blob.begin(), blob.end());
  auto lm = lmv2_response(key, server_challenge, cc);
  out.lm_response.assign(lm.begin(), lm.end());
  auto base = ntlmv2_session_base_key(key, proof);
  out.session_key.assign(base.begin(), base.end());
  crypto::secure_wipe(base);
  return out;
}

}  // namespace smbkit::auth
