#include "auth/ntlm_server.h"

#include <algorithm>
#include <cctype>

#include "auth/ntlm_verify.h"
#include "auth/ntlmssp.h"
#include "crypto/mac.h"
#include "crypto/secure.h"
#include "wire/filetime.h"

namespace smbkit::auth {
namespace {

bool is_anonymous_logon(std::string_view user, Bytes lm, Bytes nt) {
  return user.empty() && nt.empty() && (lm.empty() || (lm.size() == 1 && lm[0] == 0));
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A hash to check responses against when the user is unknown (or cannot log on), so that the
// answer takes as long as for a wrong password.
const NtHash& decoy_hash() {
  static const NtHash hash = [] {
    NtHash h;
    crypto::random_fill(h);
    return h;
  }();
  return hash;
}

// The steps after the responses were checked and shared by both logon forms.
struct AccountCheck {
  const Account* account = nullptr;
  std::optional<VerifiedResponse> verified;
  bool passwordless = false;  // 'N' account without a hash: no secret was checked
  bool unknown_guest = false;  // no such account, and unknown users are guests ("bad user")
};

Result<AccountCheck> check_account(const UserDb& db, std::string_view user, std::string_view domain,
                                   const Challenge& sc, Bytes lm, Bytes nt, bool allow_ntlmv1,
                                   bool ess) {
  AccountCheck check;
  check.account = db.find_logon(user);  // through the username map; `user` stays the hashed one
  if (!check.account || (!check.account->nt_hash && !check.account->no_password_required)) {
    verify_responses(decoy_hash(), user, domain, sc, lm, nt, allow_ntlmv1, ess);
    if (!check.account && db.unknown_users_are_guests()) {
      check.unknown_guest = true;
      return check;
    }
    return fail(NtStatus::LogonFailure);
  }
  if (!check.account->nt_hash) {
    check.passwordless = true;
  } else {
    check.verified =
        verify_responses(*check.account->nt_hash, user, domain, sc, lm, nt, allow_ntlmv1, ess);
    if (!check.verified) return fail(NtStatus::LogonFailure);
  }
  return check;
}

}  // namespace

Result<AuthOutcome> verify_challenge_response(const UserDb& db, std::string_view user,
                                              std::string_view domain,
                                              const Challenge& server_challenge, Bytes lm_response,
                                              Bytes nt_response, bool allow_ntlmv1) {
  AuthOutcome out;
  out.domain = std::string(domain);
  if (user.empty()) {
    if (!is_anonymous_logon(user, lm_response, nt_response)) return fail(NtStatus::LogonFailure);
    out.is_anonymous = true;
    return out;
  }
  auto check = check_account(db, user, domain, server_challenge, lm_response, nt_response,
                             allow_ntlmv1, false);
  if (!check) return fail(check.error());
  if (check->unknown_guest) {
    out.user = std::string(user);
    out.is_guest = true;
    return out;
  }
  if (check->account->disabled) return fail(NtStatus::AccountDisabled);
  out.user = check->account->name;
  out.is_guest = check->passwordless;
  if (check->verified) {
    out.session_key.assign(check->verified->session_base_key);
  }
  return out;
}

NtlmServerContext::NtlmServerContext(std::string computer_name, std::string domain_name)
    : computer_name_(std::move(computer_name)), domain_name_(std::move(domain_name)) {}

NtlmServerContext::~NtlmServerContext() { crypto::secure_wipe(server_challenge_); }

Result<std::vector<uint8_t>> NtlmServerContext::challenge(Bytes negotiate_msg) {
  Challenge sc;
  crypto::random_fill(sc);
  return challenge(negotiate_msg, sc, filetime_now());
}

Result<std::vector<uint8_t>> NtlmServerContext::challenge(Bytes negotiate_msg,
                                                          const Challenge& server_challenge,
                                                          uint64_t timestamp) {
  auto negotiate = NegotiateMessage::decode(negotiate_msg);
  if (!negotiate) return fail(negotiate.error());
  const uint32_t asked = negotiate->flags;

  // MS-NLMP 3.2.5.1.1: answer the client's choices; NTLM and target info always.
  ChallengeMessage m;
  m.flags = kNegotiateNtlm | kNegotiateTargetInfo | kRequestTarget | kTargetTypeDomain;
  if (asked & kNegotiateUnicode)
    m.flags |= kNegotiateUnicode;
  else
    m.flags |= kNegotiateOem;
  m.flags |= asked &
             (kNegotiateExtendedSessionSecurity | kNegotiate128 | kNegotiate56 | kNegotiateKeyExch |
              kNegotiateSign | kNegotiateSeal | kNegotiateAlwaysSign | kNegotiateVersion);
  m.target_name = domain_name_;
  m.server_challenge = server_challenge;
  m.target_info.set_string(AvId::NbDomainName, domain_name_);
  m.target_info.set_string(AvId::NbComputerName, computer_name_);
  m.target_info.set_string(AvId::DnsDomainName, ascii_lower(domain_name_));
  m.target_info.set_string(AvId::DnsComputerName, ascii_lower(computer_name_));
  std::vector<uint8_t> ts(8);
  for (size_t i = 0; i < 8; ++i) ts[i] = static_cast<uint8_t>(timestamp >> (8 * i));
  m.target_info.set(AvId::Timestamp, std::move(ts));
  if (m.flags & kNegotiateVersion) m.version = kLocalVersion;

  auto encoded = m.encode();
  if (!encoded) return fail(encoded.error());
  negotiate_msg_.assign(negotiate_msg.begin(), negotiate_msg.end());
  challenge_msg_ = *encoded;
  server_challenge_ = server_challenge;
  flags_ = m.flags;
  challenge_sent_ = true;
  return encoded;
}

Result<AuthOutcome> NtlmServerContext::authenticate(Bytes authenticate_msg, const UserDb& db,
                                                    bool allow_ntlmv1) {
  if (!challenge_sent_) return fail(NtStatus::InvalidParameter);
  challenge_sent_ = false;  // one AUTHENTICATE per challenge
  auto auth = AuthenticateMessage::decode(authenticate_msg);
  if (!auth) return fail(auth.error());
  // Key derivation follows what both sides agreed: the CHALLENGE's flags as the client kept them.
  flags_ &= auth->flags;

  AuthOutcome out;
  out.domain = auth->domain;
  out.workstation = auth->workstation;
  if (auth->user.empty()) {
    if (!is_anonymous_logon(auth->user, auth->lm_response, auth->nt_response))
      return fail(NtStatus::LogonFailure);
    out.is_anonymous = true;
    return out;
  }

  auto check =
      check_account(db, auth->user, auth->domain, server_challenge_, auth->lm_response,
                    auth->nt_response, allow_ntlmv1, flags_ & kNegotiateExtendedSessionSecurity);
  if (!check) return fail(check.error());
  if (check->unknown_guest) {
    out.user = auth->user;
    out.is_guest = true;
    return out;
  }
  out.user = check->account->name;
  if (check->passwordless) {
    if (check->account->disabled) return fail(NtStatus::AccountDisabled);
    out.is_guest = true;
    return out;
  }

  SessionKey& base = check->verified->session_base_key;
  crypto::ScopedWipe wipe_base(base);
  SessionKey key_exchange_key =
      check->verified->kind == ResponseKind::NtlmV1
          ? kxkey_ntlmv1(base, flags_, server_challenge_, auth->lm_response)
          : base;
  crypto::ScopedWipe wipe_kx(key_exchange_key);
  SessionKey exported = key_exchange_key;
  crypto::ScopedWipe wipe_exported(exported);
  if (uses_key_exchange(flags_)) {
    if (auth->encrypted_random_session_key.size() != 16) return fail(NtStatus::InvalidParameter);
    SessionKey encrypted;
    std::copy_n(auth->encrypted_random_session_key.begin(), 16, encrypted.begin());
    exported = rc4_session_key(key_exchange_key, encrypted);
  }

  // MS-NLMP 3.2.5.1.2: a blob whose MsvAvFlags has bit 0x2 announces a MIC over all three
  // messages, keyed with the exported session key.
  if (check->verified->kind == ResponseKind::NtlmV2) {
    auto pairs = AvPairs::decode(Bytes(auth->nt_response).subspan(16 + kBlobAvPairsOffset));
    if (pairs && (pairs->flags().value_or(0) & kAvFlagMicPresent)) {
      if (!auth->mic) return fail(NtStatus::LogonFailure);
      std::vector<uint8_t> zeroed(authenticate_msg.begin(), authenticate_msg.end());
      std::fill_n(zeroed.begin() + AuthenticateMessage::kMicOffset, 16, 0);
      auto mic = crypto::hmac_md5(exported, {negotiate_msg_, challenge_msg_, zeroed});
      if (!crypto::constant_time_equal(mic, *auth->mic)) return fail(NtStatus::LogonFailure);
    }
  }
  if (check->account->disabled) return fail(NtStatus::AccountDisabled);
  out.session_key.assign(exported);
  return out;
}

}  // namespace smbkit::auth
