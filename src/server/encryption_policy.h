// SMB3 encryption policy, as smb.conf's "server smb encrypt" (global) and "smb encrypt" (per
// share) state it, and the ciphers the server offers ("server smb3 encryption algorithms").
//
//   off          encryption is not offered at all (no 3.1.1 cipher, no SMB2_GLOBAL_CAP_ENCRYPTION)
//   if_required  offered: a client that encrypts gets encrypted answers (the default)
//   desired      offered, and turned on (Session/Share.EncryptData) for clients that can
//   required     turned on, and clients that cannot encrypt, or send plaintext, are refused
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smbkit::server {

enum class EncryptPolicy : uint8_t { Off, IfRequired, Desired, Required };

// smb.conf's spellings, case-insensitive: off (no, false, disabled), if_required (default),
// desired (yes, true, on, enabled, auto), required (mandatory, force). nullopt otherwise.
std::optional<EncryptPolicy> parse_encrypt_policy(std::string_view text);
const char* encrypt_policy_name(EncryptPolicy policy);

// A share's policy under the server's: off globally turns encryption off everywhere; otherwise
// the stricter of the two.
EncryptPolicy effective_share_policy(EncryptPolicy server, EncryptPolicy share);

// "AES-128-GCM AES-128-CCM AES-256-GCM AES-256-CCM" (spaces or commas, case-insensitive) ->
// MS-SMB2 2.2.3.1.2 cipher ids in that order. nullopt for an unknown name, a repeat or an empty
// list.
std::optional<std::vector<uint16_t>> parse_cipher_list(std::string_view text);

}  // namespace smbkit::server
