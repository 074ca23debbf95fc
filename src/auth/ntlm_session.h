// NTLM session security with extended session security (MS-NLMP 3.4): the signing and sealing
// keys of each direction and the message signature, as SPNEGO's mechListMIC needs (RFC 4178 5:
// GSS_GetMIC over the initiator's DER-encoded MechTypeList).
#pragma once

#include <array>
#include <cstdint>

#include "auth/ntlm_response.h"
#include "crypto/cipher.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

enum class NtlmDirection { ClientToServer, ServerToClient };

// SIGNKEY (MS-NLMP 3.4.5.2): MD5(ExportedSessionKey || the direction's signing magic constant).
SessionKey ntlm_signing_key(const SessionKey& exported_session_key, NtlmDirection direction);
// SEALKEY (MS-NLMP 3.4.5.3) with extended session security: the exported key cut to 128, 56 or
// 40 bits as the flags say, then MD5 with the direction's sealing magic constant.
SessionKey ntlm_sealing_key(const SessionKey& exported_session_key, uint32_t flags,
                            NtlmDirection direction);

// NTLMSSP_MESSAGE_SIGNATURE (MS-NLMP 2.2.2.9.1): Version 1, Checksum, SeqNum.
using NtlmSignature = std::array<uint8_t, 16>;

// The signatures of one direction: its signing key, its RC4 handle (keyed with the sealing key)
// and its sequence number, which every signature advances (MS-NLMP 3.4.4.2). The sender and the
// receiver of a direction each keep one, built from the same inputs.
class NtlmSigner {
 public:
  // Fails with NotSupported without NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY (smbkit does not
  // implement the CRC32 signatures of NTLMv1 without it).
  static Result<NtlmSigner> create(const SessionKey& exported_session_key, uint32_t flags,
                                   NtlmDirection direction);
  ~NtlmSigner();
  NtlmSigner(NtlmSigner&&) noexcept = default;
  NtlmSigner& operator=(NtlmSigner&&) noexcept = default;

  // GSS_GetMIC: HMAC_MD5(SigningKey, SeqNum || message)[0..7], RC4-encrypted with the handle
  // when keys were exchanged.
  NtlmSignature sign(Bytes message);
  // GSS_VerifyMIC: the signature this side would make, compared in constant time.
  bool verify(Bytes message, Bytes signature);

 private:
  NtlmSigner(const SessionKey& signing_key, crypto::Rc4Stream handle, bool encrypt_checksum)
      : signing_key_(signing_key),
        handle_(std::move(handle)),
        encrypt_checksum_(encrypt_checksum) {}

  SessionKey signing_key_;
  crypto::Rc4Stream handle_;
  bool encrypt_checksum_;
  uint32_t seq_num_ = 0;
};

}  // namespace smbkit::auth
