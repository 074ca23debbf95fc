#include "auth/ntlm_hash.h"

#include <algorithm>

#include "crypto/cipher.h"
#include "crypto/digest.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "wire/utf16.h"

namespace smbkit::auth {

NtHash nt_hash(std::string_view password) {
  auto utf16 = utf8_to_utf16le(password);
  crypto::ScopedWipe wipe(utf16);
  return crypto::md4(utf16);
}

Result<LmHash> lm_hash(std::string_view password) {
  if (password.size() > 14) return fail(NtStatus::InvalidParameter);
  std::array<uint8_t, 14> upper{};
  crypto::ScopedWipe wipe(upper);
  for (size_t i = 0; i < password.size(); ++i) {
    auto c = static_cast<uint8_t>(password[i]);
    if (c >= 0x80) return fail(NtStatus::InvalidParameter);
    upper[i] = (c >= 'a' && c <= 'z') ? static_cast<uint8_t>(c - 32) : c;
  }
  static constexpr crypto::DesBlock kMagic = {'K', 'G', 'S', '!', '@', '#', '$', '%'};
  std::array<uint8_t, 7> half1, half2;
  crypto::ScopedWipe wipe1(half1), wipe2(half2);
  std::copy_n(upper.begin(), 7, half1.begin());
  std::copy_n(upper.begin() + 7, 7, half2.begin());
  LmHash out;
  auto a = crypto::des_encrypt_block(half1, kMagic);
  auto b = crypto::des_encrypt_block(half2, kMagic);
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(b.begin(), b.end(), out.begin() + 8);
  return out;
}

ResponseKey ntowf_v2(const NtHash& hash, std::string_view user, std::string_view domain) {
  auto identity = utf8_to_utf16le(to_upper(user));
  auto dom = utf8_to_utf16le(domain);
  identity.insert(identity.end(), dom.begin(), dom.end());
  return crypto::hmac_md5(hash, identity);
}

}  // namespace smbkit::auth
