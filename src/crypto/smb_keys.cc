#include "crypto/smb_keys.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "crypto/kdf.h"

namespace smbkit::crypto {
namespace {

// A label or context with its terminating NUL, as MS-SMB2 3.3.5.5.3 sizes them.
template <size_t N>
Bytes with_nul(const char (&text)[N]) {
  return Bytes(reinterpret_cast<const uint8_t*>(text), N);
}

bool is_smb2(uint16_t dialect) { return dialect == kSmbDialect202 || dialect == kSmbDialect210; }
bool is_smb3(uint16_t dialect) {
  return dialect == kSmbDialect300 || dialect == kSmbDialect302 || dialect == kSmbDialect311;
}

void check_inputs(uint16_t dialect, Bytes gss_key, Bytes preauth_hash) {
  if (!is_smb2(dialect) && !is_smb3(dialect))
    throw std::invalid_argument("smbkit: no session keys for this SMB dialect");
  if (gss_key.empty()) throw std::invalid_argument("smbkit: empty GSS session key");
  if (dialect == kSmbDialect311 && preauth_hash.size() != kSmbPreauthHashSize)
    throw std::invalid_argument("smbkit: SMB 3.1.1 keys need the 64-byte preauth hash");
}

struct Derivation {
  Bytes label;
  Bytes context;
};

}  // namespace

SecretBytes smb_session_key(Bytes gss_key) {
  std::array<uint8_t, kSmbSessionKeySize> key{};
  ScopedWipe wipe(key);
  std::copy_n(gss_key.begin(), std::min(gss_key.size(), key.size()), key.begin());
  return SecretBytes(key);
}

SecretBytes derive_smb_signing_key(uint16_t dialect, Bytes gss_key, Bytes preauth_hash) {
  check_inputs(dialect, gss_key, preauth_hash);
  SecretBytes session_key = smb_session_key(gss_key);
  if (is_smb2(dialect)) return session_key;
  if (dialect == kSmbDialect311)
    return kdf_sp800_108(session_key.view(), with_nul("SMBSigningKey"), preauth_hash, 128);
  return kdf_sp800_108(session_key.view(), with_nul("SMB2AESCMAC"), with_nul("SmbSign"), 128);
}

SmbSessionKeys derive_smb_session_keys(uint16_t dialect, Bytes gss_key, Bytes preauth_hash,
                                       size_t cipher_key_size) {
  check_inputs(dialect, gss_key, preauth_hash);
  if (cipher_key_size != 16 && !(cipher_key_size == 32 && dialect == kSmbDialect311))
    throw std::invalid_argument("smbkit: SMB cipher keys are 16 bytes (or 32 on 3.1.1)");

  SmbSessionKeys keys;
  keys.signing = derive_smb_signing_key(dialect, gss_key, preauth_hash);
  if (is_smb2(dialect)) return keys;

  const bool v311 = dialect == kSmbDialect311;
  const Derivation c2s = v311 ? Derivation{with_nul("SMBC2SCipherKey"), preauth_hash}
                              : Derivation{with_nul("SMB2AESCCM"), with_nul("ServerIn ")};
  const Derivation s2c = v311 ? Derivation{with_nul("SMBS2CCipherKey"), preauth_hash}
                              : Derivation{with_nul("SMB2AESCCM"), with_nul("ServerOut")};
  const Derivation app = v311 ? Derivation{with_nul("SMBAppKey"), preauth_hash}
                              : Derivation{with_nul("SMB2APP"), with_nul("SmbRpc")};

  SecretBytes session_key = smb_session_key(gss_key);
  // AES-256 keys come from the whole GSS key (Session.FullSessionKey), AES-128 ones from
  // Session.SessionKey.
  const Bytes cipher_kdk = cipher_key_size == 32 ? gss_key : session_key.view();
  const size_t cipher_bits = cipher_key_size * 8;
  keys.client_to_server = kdf_sp800_108(cipher_kdk, c2s.label, c2s.context, cipher_bits);
  keys.server_to_client = kdf_sp800_108(cipher_kdk, s2c.label, s2c.context, cipher_bits);
  keys.application = kdf_sp800_108(session_key.view(), app.label, app.context, 128);
  return keys;
}

}  // namespace smbkit::crypto
