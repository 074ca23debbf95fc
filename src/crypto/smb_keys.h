// The keys of an SMB 2/3 session (MS-SMB2 3.2.5.3.1 for the client, 3.3.5.5.3 for the server):
// the signing key, one encryption key per direction and the application key, from the session
// key the GSS mechanism (NTLM, Kerberos) handed over.
//
// Dialects 2.0.2 and 2.1 sign with the session key itself and have no other key. Dialects 3.0 and
// 3.0.2 derive each key with the SP 800-108 KDF (kdf.h) under a fixed label and context; 3.1.1
// uses other labels and the session's pre-authentication integrity hash (digest.h PreauthHash)
// as the context. All labels and the 3.0 contexts include their terminating NUL:
//
//   key                    3.0 / 3.0.2 label, context         3.1.1 label (context: preauth hash)
//   signing                "SMB2AESCMAC\0", "SmbSign\0"       "SMBSigningKey\0"
//   client-to-server enc.  "SMB2AESCCM\0",  "ServerIn \0"     "SMBC2SCipherKey\0"
//   server-to-client enc.  "SMB2AESCCM\0",  "ServerOut\0"     "SMBS2CCipherKey\0"
//   application            "SMB2APP\0",     "SmbRpc\0"        "SMBAppKey\0"
//
// ("ServerIn " has a space before its NUL.) The server's Session.EncryptionKey is the
// server-to-client key and its DecryptionKey the client-to-server key; the client's are the other
// way round, hence the names by direction here.
//
// Key input: Session.SessionKey is the first 16 bytes of the GSS key, right-padded with zeros if
// shorter. The signing and application keys are derived from it with L = 128. The two encryption
// keys are 16 bytes (L = 128, from SessionKey) for AES-128-CCM/GCM, and 32 bytes (L = 256, from
// Session.FullSessionKey, the whole GSS key, e.g. a 32-byte Kerberos AES-256 key) for
// AES-256-CCM/GCM (MS-SMB2 3.3.5.5.3, 3.2.5.3.1; the signing key stays 128 bits whatever the
// cipher).
#pragma once

#include <cstddef>
#include <cstdint>

#include "crypto/secure.h"
#include "wire/byte_reader.h"

namespace smbkit::crypto {

// MS-SMB2 2.2.3 dialect revisions this file handles (kept here: crypto must not see src/smb2).
inline constexpr uint16_t kSmbDialect202 = 0x0202;
inline constexpr uint16_t kSmbDialect210 = 0x0210;
inline constexpr uint16_t kSmbDialect300 = 0x0300;
inline constexpr uint16_t kSmbDialect302 = 0x0302;
inline constexpr uint16_t kSmbDialect311 = 0x0311;

inline constexpr size_t kSmbSessionKeySize = 16;
inline constexpr size_t kSmbPreauthHashSize = 64;

struct SmbSessionKeys {
  SecretBytes signing;           // 2.x: Session.SessionKey; 3.x: Session.SigningKey (16 bytes)
  SecretBytes client_to_server;  // 3.x only: empty for 2.x
  SecretBytes server_to_client;  // 3.x only
  SecretBytes application;       // 3.x only
};

// Session.SessionKey: the first 16 bytes of `gss_key`, right-padded with zero bytes.
SecretBytes smb_session_key(Bytes gss_key);

// All keys of a session. `gss_key`: the whole key from the GSS mechanism (Session.FullSessionKey;
// truncated here where the spec truncates). `preauth_hash`: Session.PreauthIntegrityHashValue,
// 64 bytes, for 3.1.1; ignored otherwise. `cipher_key_size`: 16 for AES-128-CCM/GCM (and when no
// cipher was negotiated), 32 for AES-256-CCM/GCM (3.1.1 only).
// Throws std::invalid_argument for an unknown dialect, an empty gss_key, a preauth hash that is
// not 64 bytes on 3.1.1, or a cipher key size other than 16 (or 32 on 3.1.1).
SmbSessionKeys derive_smb_session_keys(uint16_t dialect, Bytes gss_key, Bytes preauth_hash,
                                       size_t cipher_key_size = 16);

// The signing key alone: Session.SigningKey, or Channel.SigningKey when a channel binds to a
// session (MS-SMB2 3.3.5.5.3: derived from the binding's own session key and, on 3.1.1, the
// binding's own preauth hash). Same rules and errors as above.
SecretBytes derive_smb_signing_key(uint16_t dialect, Bytes gss_key, Bytes preauth_hash);

}  // namespace smbkit::crypto
