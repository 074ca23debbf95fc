#include "auth/ntlm_response.h"

#include <algorithm>

#include "auth/ntlmssp_flags.h"
#include "crypto/cipher.h"
#include "crypto/digest.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "wire/byte_writer.h"

namespace smbkit::auth {

Response24 desl(const std::array<uint8_t, 16>& key, const Challenge& data) {
  std::array<uint8_t, 21> padded{};
  crypto::ScopedWipe wipe(padded);
  std::copy(key.begin(), key.end(), padded.begin());
  Response24 out;
  for (size_t i = 0; i < 3; ++i) {
    std::array<uint8_t, 7> k7;
    std::copy_n(padded.begin() + 7 * i, 7, k7.begin());
    auto block = crypto::des_encrypt_block(k7, data);
    crypto::secure_wipe(k7);
    std::copy(block.begin(), block.end(), out.begin() + 8 * i);
  }
  return out;
}

Response24 ntlmv1_response(const NtHash& nt_hash, const Challenge& server_challenge) {
  return desl(nt_hash, server_challenge);
}

Response24 lmv1_response(const LmHash& lm_hash, const Challenge& server_challenge) {
  return desl(lm_hash, server_challenge);
}

Response24 ntlmv1_ess_response(const NtHash& nt_hash, const Challenge& server_challenge,
                               const Challenge& client_challenge) {
  auto digest = crypto::md5({server_challenge, client_challenge});
  Challenge data;
  std::copy_n(digest.begin(), 8, data.begin());
  return desl(nt_hash, data);
}

Response24 lmv1_ess_response(const Challenge& client_challenge) {
  Response24 out{};
  std::copy(client_challenge.begin(), client_challenge.end(), out.begin());
  return out;
}

SessionKey ntlmv1_session_base_key(const NtHash& nt_hash) { return crypto::md4(nt_hash); }

std::vector<uint8_t> ntlmv2_client_blob(uint64_t timestamp, const Challenge& client_challenge,
                                        Bytes av_pairs) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u8(1);  // RespType
  w.u8(1);  // HiRespType
  w.zeros(6);
  w.u64(timestamp);
  w.bytes(client_challenge);
  w.zeros(4);
  w.bytes(av_pairs);
  w.zeros(4);
  return out;
}

NtProofStr ntlmv2_proof(const ResponseKey& key, const Challenge& server_challenge, Bytes blob) {
  return crypto::hmac_md5(key, {server_challenge, blob});
}

std::vector<uint8_t> ntlmv2_response(const ResponseKey& key, const Challenge& server_challenge,
                                     Bytes blob) {
  auto proof = ntlmv2_proof(key, server_challenge, blob);
  std::vector<uint8_t> out(proof.begin(), proof.end());
  out.insert(out.end(), blob.begin(), blob.end());
  return out;
}

Response24 lmv2_response(const ResponseKey& key, const Challenge& server_challenge,
                         const Challenge& client_challenge) {
  auto mac = crypto::hmac_md5(key, {server_challenge, client_challenge});
  Response24 out;
  std::copy(mac.begin(), mac.end(), out.begin());
  std::copy(client_challenge.begin(), client_challenge.end(), out.begin() + 16);
  return out;
}

SessionKey ntlmv2_session_base_key(const ResponseKey& key, const NtProofStr& proof) {
  return crypto::hmac_md5(key, proof);
}

SessionKey kxkey_ntlmv1(const SessionKey& session_base_key, uint32_t flags,
                        const Challenge& server_challenge, Bytes lm_response) {
  if (!(flags & kNegotiateExtendedSessionSecurity)) return session_base_key;
  return crypto::hmac_md5(
      session_base_key,
      {server_challenge, lm_response.first(std::min<size_t>(8, lm_response.size()))});
}

bool uses_key_exchange(uint32_t flags) {
  return (flags & kNegotiateKeyExch) && (flags & (kNegotiateSign | kNegotiateSeal));
}

SessionKey rc4_session_key(const SessionKey& key_exchange_key, const SessionKey& key) {
  auto v = crypto::rc4(key_exchange_key, key);
  SessionKey out;
  std::copy(v.begin(), v.end(), out.begin());
  crypto::secure_wipe(v);
  return out;
}

}  // namespace smbkit::auth
