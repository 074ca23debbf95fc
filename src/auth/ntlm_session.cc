#include "auth/ntlm_session.h"

#include <algorithm>
#include <string_view>

#include "auth/ntlmssp_flags.h"
#include "crypto/digest.h"
#include "crypto/mac.h"
#include "crypto/secure.h"

namespace smbkit::auth {
namespace {

// The magic constants, each hashed with its terminating NUL.
Bytes magic(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size() + 1};
}

constexpr std::string_view kClientSign =
    "session key to client-to-server signing key magic constant";
constexpr std::string_view kServerSign =
    "session key to server-to-client signing key magic constant";
constexpr std::string_view kClientSeal =
    "session key to client-to-server sealing key magic constant";
constexpr std::string_view kServerSeal =
    "session key to server-to-client sealing key magic constant";

}  // namespace

SessionKey ntlm_signing_key(const SessionKey& exported, NtlmDirection direction) {
  return crypto::md5(
      {exported, magic(direction == NtlmDirection::ClientToServer ? kClientSign : kServerSign)});
}

SessionKey ntlm_sealing_key(const SessionKey& exported, uint32_t flags, NtlmDirection direction) {
  size_t bits = (flags & kNegotiate128) ? 16 : (flags & kNegotiate56) ? 7 : 5;
  return crypto::md5(
      {Bytes(exported).first(bits),
       magic(direction == NtlmDirection::ClientToServer ? kClientSeal : kServerSeal)});
}

Result<NtlmSigner> NtlmSigner::create(const SessionKey& exported, uint32_t flags,
                                      NtlmDirection direction) {
  if (!(flags & kNegotiateExtendedSessionSecurity)) return fail(NtStatus::NotSupported);
  SessionKey seal = ntlm_sealing_key(exported, flags, direction);
  crypto::ScopedWipe wipe_seal(seal);
  return NtlmSigner(ntlm_signing_key(exported, direction), crypto::Rc4Stream(seal),
                    flags & kNegotiateKeyExch);
}

NtlmSigner::~NtlmSigner() { crypto::secure_wipe(signing_key_); }

NtlmSignature NtlmSigner::sign(Bytes message) {
  const uint8_t seq[4] = {static_cast<uint8_t>(seq_num_), static_cast<uint8_t>(seq_num_ >> 8),
                          static_cast<uint8_t>(seq_num_ >> 16),
                          static_cast<uint8_t>(seq_num_ >> 24)};
  auto mac = crypto::hmac_md5(signing_key_, {seq, message});
  std::span<uint8_t> checksum(mac.data(), 8);
  if (encrypt_checksum_) handle_.apply(checksum);
  NtlmSignature out{1, 0, 0, 0};
  std::copy(checksum.begin(), checksum.end(), out.begin() + 4);
  std::copy(seq, seq + 4, out.begin() + 12);
  ++seq_num_;
  return out;
}

bool NtlmSigner::verify(Bytes message, Bytes signature) {
  return crypto::constant_time_equal(sign(message), signature);
}

}  // namespace smbkit::auth
