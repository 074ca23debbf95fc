// SPNEGO (RFC 4178, MS-SPNG): NegTokenInit / NegTokenInit2 inside the GSS-API
// InitialContextToken (RFC 2743 3.1), and NegTokenResp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

inline constexpr std::string_view kOidSpnego = "1.3.6.1.5.5.2";
inline constexpr std::string_view kOidNtlmssp = "1.3.6.1.4.1.311.2.2.10";
inline constexpr std::string_view kOidKerberos5 = "1.2.840.113554.1.2.2";
inline constexpr std::string_view kOidMsKerberos5 = "1.2.840.48018.1.2.2";
// MS-SPNG 2.2.1: the hintName a server puts in negHints.
inline constexpr std::string_view kNegHintName = "not_defined_in_RFC4178@please_ignore";

// RFC 4178 4.2.1 NegTokenInit, with MS-SPNG 2.2.1 NegTokenInit2's negHints. On the wire the two
// share tag [3]: NegTokenInit's mechListMIC (an OCTET STRING) or NegTokenInit2's negHints (a
// SEQUENCE); NegTokenInit2 moves mechListMIC to [4]. Encoding uses [3] for negHints and [4] for
// the MIC when a hint is set, else [3] for the MIC.
struct NegTokenInit {
  std::vector<std::string> mech_types;            // dotted OIDs, most preferred first
  std::optional<std::vector<uint8_t>> req_flags;  // ContextFlags BIT STRING content, as is
  std::optional<std::vector<uint8_t>> mech_token;
  std::optional<std::string> hint_name;
  std::optional<std::vector<uint8_t>> mech_list_mic;

  // As an InitialContextToken: [APPLICATION 0] { SPNEGO OID, [0] NegTokenInit }.
  Result<std::vector<uint8_t>> encode() const;
};

// RFC 4178 4.2.2.
enum class NegState : uint8_t {
  AcceptCompleted = 0,
  AcceptIncomplete = 1,
  Reject = 2,
  RequestMic = 3,
};

struct NegTokenResp {
  std::optional<NegState> neg_state;
  std::optional<std::string> supported_mech;
  std::optional<std::vector<uint8_t>> response_token;
  std::optional<std::vector<uint8_t>> mech_list_mic;

  // As [1] NegTokenResp (no InitialContextToken wrapper, as RFC 4178 4.2 has it).
  Result<std::vector<uint8_t>> encode() const;
};

using NegotiationToken = std::variant<NegTokenInit, NegTokenResp>;

// Decodes an InitialContextToken (which must name SPNEGO) carrying either choice, or a bare
// [0] NegTokenInit / [1] NegTokenResp. Fails with InvalidParameter on any malformed input.
Result<NegotiationToken> decode_spnego(Bytes token);

// The DER MechTypeList (SEQUENCE OF OBJECT IDENTIFIER) that mechListMIC protects (RFC 4178 5):
// the initiator's mech_types as it sent them (the decoder admits only minimal encodings, so
// re-encoding gives back the same bytes).
Result<std::vector<uint8_t>> mech_type_list_der(const std::vector<std::string>& mech_types);

// The security blob of a server's NEGOTIATE response: NegTokenInit2 offering NTLMSSP with the
// MS-SPNG negHints.
std::vector<uint8_t> spnego_server_init();
// A client's first token: NegTokenInit offering NTLMSSP, carrying the NTLM NEGOTIATE_MESSAGE.
std::vector<uint8_t> spnego_client_init(Bytes ntlm_negotiate);
// NegTokenResp carrying an NTLM message (the client's AUTHENTICATE, or the server's CHALLENGE
// with accept-incomplete and supportedMech NTLMSSP), or none (the server's final answer).
std::vector<uint8_t> spnego_response(std::optional<NegState> state, Bytes ntlm_message,
                                     bool name_mech);

}  // namespace smbkit::auth
