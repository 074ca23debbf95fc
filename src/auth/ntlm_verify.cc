#include "auth/ntlm_verify.h"

#include <algorithm>
#include <string>
#include <vector>

#include "crypto/secure.h"
#include "wire/utf16.h"

namespace smbkit::auth {
namespace {

std::vector<std::string> domain_candidates(std::string_view domain) {
  std::vector<std::string> out = {std::string(domain)};
  for (std::string d : {std::string(), to_upper(domain)})
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
  return out;
}

std::optional<VerifiedResponse> try_ntlmv2(const NtHash& hash, std::string_view user,
                                           const std::vector<std::string>& domains,
                                           const Challenge& sc, Bytes nt) {
  if (nt.size() < 16 + kBlobAvPairsOffset) return std::nullopt;
  Bytes proof = nt.first(16);
  Bytes blob = nt.subspan(16);
  for (const auto& domain : domains) {
    ResponseKey key = ntowf_v2(hash, user, domain);
    crypto::ScopedWipe wipe_key(key);
    NtProofStr expected = ntlmv2_proof(key, sc, blob);
    crypto::ScopedWipe wipe_expected(expected);
    if (crypto::constant_time_equal(expected, proof))
      return VerifiedResponse{ResponseKind::NtlmV2, ntlmv2_session_base_key(key, expected)};
  }
  return std::nullopt;
}

std::optional<VerifiedResponse> try_lmv2(const NtHash& hash, std::string_view user,
                                         const std::vector<std::string>& domains,
                                         const Challenge& sc, Bytes response) {
  if (response.size() != 24) return std::nullopt;
  Challenge cc;
  std::copy_n(response.begin() + 16, 8, cc.begin());
  for (const auto& domain : domains) {
    ResponseKey key = ntowf_v2(hash, user, domain);
    crypto::ScopedWipe wipe_key(key);
    Response24 expected = lmv2_response(key, sc, cc);
    crypto::ScopedWipe wipe_expected(expected);
    if (crypto::constant_time_equal(expected, response)) {
      NtProofStr proof;
      std::copy_n(response.begin(), 16, proof.begin());
      return VerifiedResponse{ResponseKind::LmV2, ntlmv2_session_base_key(key, proof)};
    }
  }
  return std::nullopt;
}

std::optional<VerifiedResponse> try_ntlmv1(const NtHash& hash, const Challenge& sc, Bytes lm,
                                           Bytes nt, bool ess) {
  if (nt.size() != 24) return std::nullopt;
  Response24 expected;
  crypto::ScopedWipe wipe_expected(expected);
  if (ess) {
    if (lm.size() < 8) return std::nullopt;
    Challenge cc;
    std::copy_n(lm.begin(), 8, cc.begin());
    expected = ntlmv1_ess_response(hash, sc, cc);
  } else {
    expected = ntlmv1_response(hash, sc);
  }
  if (!crypto::constant_time_equal(expected, nt)) return std::nullopt;
  return VerifiedResponse{ResponseKind::NtlmV1, ntlmv1_session_base_key(hash)};
}

}  // namespace

VerifiedResponse::~VerifiedResponse() { crypto::secure_wipe(session_base_key); }

std::optional<VerifiedResponse> verify_responses(const NtHash& nt_hash, std::string_view user,
                                                 std::string_view domain,
                                                 const Challenge& server_challenge,
                                                 Bytes lm_response, Bytes nt_response,
                                                 bool allow_ntlmv1,
                                                 bool extended_session_security) {
  auto domains = domain_candidates(domain);
  if (nt_response.size() > 24)
    return try_ntlmv2(nt_hash, user, domains, server_challenge, nt_response);
  if (nt_response.empty() || nt_response.size() == 24) {
    if (auto v = try_lmv2(nt_hash, user, domains, server_challenge, lm_response)) return v;
    if (auto v = try_lmv2(nt_hash, user, domains, server_challenge, nt_response)) return v;
  }
  if (allow_ntlmv1)
    return try_ntlmv1(nt_hash, server_challenge, lm_response, nt_response,
                      extended_session_security);
  return std::nullopt;
}

}  // namespace smbkit::auth
