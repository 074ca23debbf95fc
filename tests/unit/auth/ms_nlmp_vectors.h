// MS-NLMP 4.2 test vectors, typed in from the specification.
#pragma once

#include <string_view>

namespace smbkit::auth::spec {

// 4.2.1 Common values.
inline constexpr std::string_view kUser = "User";
inline constexpr std::string_view kDomain = "Domain";
inline constexpr std::string_view kPassword = "Password";
inline constexpr std::string_view kServerName = "Server";
inline constexpr std::string_view kWorkstation = "COMPUTER";
inline constexpr std::string_view kRandomSessionKey = "55555555555555555555555555555555";
inline constexpr std::string_view kServerChallenge = "0123456789abcdef";
inline constexpr std::string_view kClientChallenge = "aaaaaaaaaaaaaaaa";

// 4.2.2 NTLMv1 authentication.
inline constexpr std::string_view kV1Lmowf = "e5 2c ac 67 41 9a 9a 22 4a 3b 10 8f 3f a6 cb 6d";
inline constexpr std::string_view kV1Ntowf = "a4 f4 9c 40 65 10 bd ca b6 82 4e e7 c3 0f d8 52";
inline constexpr std::string_view kV1SessionBaseKey =
    "d8 72 62 b0 cd e4 b1 cb 74 99 be cc cd f1 07 84";
inline constexpr std::string_view kV1NtResponse =
    "67 c4 30 11 f3 02 98 a2 ad 35 ec e6 4f 16 33 1c 44 bd be d9 27 84 1f 94";
inline constexpr std::string_view kV1LmResponse =
    "98 de f7 b8 7f 88 aa 5d af e2 df 77 96 88 a1 72 de f1 1c 7d 5c cd ef 13";
inline constexpr std::string_view kV1EncryptedSessionKey =
    "51 88 22 b1 b3 f3 50 c8 95 86 82 ec bb 3e 3c b7";
// 4.2.2.3: as printed, the CHALLENGE_MESSAGE lacks its Reserved and TargetInfoFields, so its
// TargetName (offset 0x38) lies past its end.
inline constexpr std::string_view kV1ChallengeMessage =
    "4e 54 4c 4d 53 53 50 00 02 00 00 00 0c 00 0c 00 38 00 00 00 33 82 02 e2 01 23 45 67"
    "89 ab cd ef 06 00 70 17 00 00 00 0f 53 00 65 00 72 00 76 00 65 00 72 00";
inline constexpr std::string_view kV1AuthenticateMessage =
    "4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00 6c 00 00 00 18 00 18 00 84 00 00 00"
    "0c 00 0c 00 48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00 5c 00 00 00 10 00 10 00"
    "9c 00 00 00 35 82 80 e2 05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00 69 00 6e 00"
    "55 00 73 00 65 00 72 00 43 00 4f 00 4d 00 50 00 55 00 54 00 45 00 52 00 98 de f7 b8"
    "7f 88 aa 5d af e2 df 77 96 88 a1 72 de f1 1c 7d 5c cd ef 13 67 c4 30 11 f3 02 98 a2"
    "ad 35 ec e6 4f 16 33 1c 44 bd be d9 27 84 1f 94 51 88 22 b1 b3 f3 50 c8 95 86 82 ec"
    "bb 3e 3c b7";

// 4.2.3 NTLMv1 with client challenge (extended session security).
inline constexpr std::string_view kEssKeyExchangeKey =
    "eb 93 42 9a 8b d9 52 f8 b8 9c 55 b8 7f 47 5e dc";
inline constexpr std::string_view kEssLmResponse =
    "aa aa aa aa aa aa aa aa 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
inline constexpr std::string_view kEssNtResponse =
    "75 37 f8 03 ae 36 71 28 ca 45 82 04 bd e7 ca f8 1e 97 ed 26 83 26 72 32";
inline constexpr std::string_view kEssChallengeMessage =
    "4e 54 4c 4d 53 53 50 00 02 00 00 00 0c 00 0c 00 38 00 00 00 33 82 0a 82 01 23 45 67"
    "89 ab cd ef 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 70 17 00 00 00 0f"
    "53 00 65 00 72 00 76 00 65 00 72 00";
inline constexpr std::string_view kEssAuthenticateMessage =
    "4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00 6c 00 00 00 18 00 18 00 84 00 00 00"
    "0c 00 0c 00 48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00 5c 00 00 00 00 00 00 00"
    "9c 00 00 00 35 82 08 82 05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00 69 00 6e 00"
    "55 00 73 00 65 00 72 00 43 00 4f 00 4d 00 50 00 55 00 54 00 45 00 52 00 aa aa aa aa"
    "aa aa aa aa 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 75 37 f8 03 ae 36 71 28"
    "ca 45 82 04 bd e7 ca f8 1e 97 ed 26 83 26 72 32";

// 4.2.4 NTLMv2 authentication.
inline constexpr std::string_view kV2Ntowf = "0c 86 8a 40 3b fd 7a 93 a3 00 1e f2 2e f0 2e 3f";
inline constexpr std::string_view kV2SessionBaseKey =
    "8d e4 0c ca db c1 4a 82 f1 5c b0 ad 0d e9 5c a3";
inline constexpr std::string_view kV2Temp =
    "01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 aa aa aa aa aa aa aa aa 00 00 00 00"
    "02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00 01 00 0c 00 53 00 65 00 72 00 76 00"
    "65 00 72 00 00 00 00 00 00 00 00 00";
inline constexpr std::string_view kV2LmResponse =
    "86 c3 50 97 ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa aa aa aa aa";
inline constexpr std::string_view kV2NtProofStr = "68 cd 0a b8 51 e5 1c 96 aa bc 92 7b eb ef 6a 1c";
inline constexpr std::string_view kV2EncryptedSessionKey =
    "c5 da d2 54 4f c9 79 90 94 ce 1c e9 0b c9 d0 3e";
inline constexpr std::string_view kV2ChallengeMessage =
    "4e 54 4c 4d 53 53 50 00 02 00 00 00 0c 00 0c 00 38 00 00 00 33 82 8a e2 01 23 45 67"
    "89 ab cd ef 00 00 00 00 00 00 00 00 24 00 24 00 44 00 00 00 06 00 70 17 00 00 00 0f"
    "53 00 65 00 72 00 76 00 65 00 72 00 02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00"
    "01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00";
inline constexpr std::string_view kV2AuthenticateMessage =
    "4e 54 4c 4d 53 53 50 00 03 00 00 00 18 00 18 00 6c 00 00 00 54 00 54 00 84 00 00 00"
    "0c 00 0c 00 48 00 00 00 08 00 08 00 54 00 00 00 10 00 10 00 5c 00 00 00 10 00 10 00"
    "d8 00 00 00 35 82 88 e2 05 01 28 0a 00 00 00 0f 44 00 6f 00 6d 00 61 00 69 00 6e 00"
    "55 00 73 00 65 00 72 00 43 00 4f 00 4d 00 50 00 55 00 54 00 45 00 52 00 86 c3 50 97"
    "ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa aa aa aa aa 68 cd 0a b8 51 e5 1c 96"
    "aa bc 92 7b eb ef 6a 1c 01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 aa aa aa aa"
    "aa aa aa aa 00 00 00 00 02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00 01 00 0c 00"
    "53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00 00 00 00 00 c5 da d2 54 4f c9 79 90"
    "94 ce 1c e9 0b c9 d0 3e";

}  // namespace smbkit::auth::spec
