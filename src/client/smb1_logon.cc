// NEGOTIATE and SESSION_SETUP_ANDX: MS-CIFS 3.2.4.2 (connecting and authenticating), with the
// MS-SMB 3.2.4.2 extended-security forms.
#include <algorithm>

#include "auth/ntlm_client.h"
#include "auth/spnego_initiator.h"
#include "client/smb1_session.h"
#include "crypto/secure.h"
#include "smb1/dos_error.h"
#include "smb1/negotiate.h"
#include "smb1/session_setup.h"

namespace smbkit::client {
namespace {

using smb1::Command;

// What the client can take (MS-CIFS 2.2.4.53.1 Capabilities): Unicode, 64-bit offsets, NT
// commands and statuses, NT find levels, and READ_ANDX replies larger than MaxBufferSize.
constexpr uint32_t kClientCapabilities = smb1::kCapUnicode | smb1::kCapLargeFiles |
                                         smb1::kCapNtSmbs | smb1::kCapStatus32 |
                                         smb1::kCapNtFind | smb1::kCapLargeReadX;
// The largest message the client takes (its MaxBufferSize); large reads go beyond it.
constexpr uint16_t kClientMaxBufferSize = 0xFFFF;
constexpr char kNativeOs[] = "Unix";
constexpr char kNativeLanMan[] = "smbkit";

const std::vector<NtStatus> kMoreProcessing{NtStatus::MoreProcessingRequired};

std::string bytes_field(size_t n) { return std::to_string(n) + " bytes"; }

}  // namespace

asio::awaitable<Result<void>> Smb1Session::negotiate() {
  uint16_t flags2 = smb1::kFlags2LongNames | smb1::kFlags2NtStatus | smb1::kFlags2Unicode;
  if (options_.security == ClientOptions::Security::Extended)
    flags2 |= smb1::kFlags2ExtendedSecurity;
  conn_.set_flags2(flags2);

  smb1::NegotiateRequest req{{smb1::kDialectNtLm012}};
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::Negotiate));
  req.encode(mw);

  smb1::NegotiateResponse resp;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto decoded = smb1::NegotiateResponse::decode(m.blocks[0]);
    if (!decoded) return fail(decoded.error());
    resp = std::move(*decoded);
    if (resp.dialect_index == smb1::kNoDialect) return TraceFields{{"index", "none"}};
    // One dialect was offered: any other index is not an answer to this request.
    if (resp.dialect_index != 0) return fail(NtStatus::InvalidNetworkResponse);
    TraceFields f{{"dialect", smb1::kDialectNtLm012}, {"index", "0"}};
    if (resp.extended_security()) {
      f.push_back({"guid", trace_hex_bytes(resp.server_guid)});
      f.push_back({"security_blob", bytes_field(resp.security_blob.size())});
    } else {
      f.push_back({"challenge", trace_hex_bytes(resp.challenge)});
      f.push_back({"domain", resp.domain_name});
    }
    f.push_back({"capabilities", trace_hex32(resp.capabilities)});
    f.push_back({"max_buffer", std::to_string(resp.max_buffer_size)});
    f.push_back({"max_mpx", std::to_string(resp.max_mpx_count)});
    return f;
  };
  TraceFields fields{{"dialects", smb1::kDialectNtLm012}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::Negotiate,
                                    handler);
  if (!status) co_return fail(status.error());
  if (resp.dialect_index == smb1::kNoDialect) co_return fail(NtStatus::NotSupported);

  // Share-level security, plaintext passwords and mandatory signing are not spoken.
  if (!(resp.security_mode & smb1::kNegotiateUserSecurity) ||
      (!resp.extended_security() && !(resp.security_mode & smb1::kNegotiateEncryptPasswords)) ||
      (resp.security_mode & smb1::kNegotiateSecuritySignaturesRequired))
    co_return fail(NtStatus::NotSupported);
  if (!resp.extended_security() && resp.challenge.size() != 8)
    co_return fail(NtStatus::InvalidNetworkResponse);

  server_.dialect = smb1::kDialectNtLm012;
  server_.capabilities = resp.capabilities;
  server_.max_buffer_size = resp.max_buffer_size;
  server_.max_mpx_count = std::max<uint16_t>(resp.max_mpx_count, 1);
  server_.extended_security = resp.extended_security();
  server_.domain = resp.domain_name;
  session_key_ = resp.session_key;
  challenge_ = resp.challenge;

  // From here on the requests say what was agreed: the logon form the server chose, and
  // Unicode only if the server has it.
  flags2 &= ~uint16_t{smb1::kFlags2ExtendedSecurity};
  if (server_.extended_security) flags2 |= smb1::kFlags2ExtendedSecurity;
  if (!(server_.capabilities & smb1::kCapUnicode)) flags2 &= ~uint16_t{smb1::kFlags2Unicode};
  conn_.set_flags2(flags2);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb1Session::logon() {
  auto result = server_.extended_security ? co_await logon_extended() : co_await logon_challenge();
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(options_.password.data()),
                       options_.password.size()});
  options_.password.clear();
  co_return result;
}

asio::awaitable<Result<void>> Smb1Session::logon_extended() {
  auth::SpnegoInitiator spnego(options_.user, options_.password, options_.domain,
                               options_.workstation);
  smb1::SessionSetupExtRequest req;
  req.max_buffer_size = kClientMaxBufferSize;
  req.max_mpx_count = server_.max_mpx_count;
  req.vc_number = 1;
  req.session_key = session_key_;
  req.capabilities = kClientCapabilities | smb1::kCapExtendedSecurity;
  req.native_os = kNativeOs;
  req.native_lan_man = kNativeLanMan;
  req.security_blob = spnego.initial_token();

  const TraceFields who{{"user", options_.user}, {"domain", options_.domain}};
  for (int round = 1;; ++round) {
    std::vector<uint8_t> msg;
    smb1::MessageWriter mw(msg, conn_.header(Command::SessionSetupAndX));
    req.encode(mw);
    TraceFields fields = who;
    fields.push_back({"ntlmssp", round == 1 ? "NEGOTIATE" : "AUTHENTICATE"});

    std::vector<uint8_t> server_blob;
    auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
      auto resp = smb1::SessionSetupExtResponse::decode(m.blocks[0]);
      if (!resp) return fail(resp.error());
      server_blob = std::move(resp->security_blob);
      // The UID is the session's from the first reply on (MS-SMB 3.2.5.3).
      conn_.set_uid(m.header.uid);
      TraceFields f{{"uid", trace_hex16(m.header.uid)}, {"action", trace_hex16(resp->action)}};
      if (smb1::status_of_reply(m.header) == NtStatus::MoreProcessingRequired)
        f.push_back({"ntlmssp", "CHALLENGE"});
      return f;
    };
    auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::SessionSetupAndX,
                                      handler, kMoreProcessing);
    if (!status) co_return fail(status.error());
    if (*status == NtStatus::Success) co_return spnego.complete(server_blob);
    auto blob = spnego.respond(server_blob);
    if (!blob) co_return fail(blob.error());
    req.security_blob = std::move(*blob);
  }
}

asio::awaitable<Result<void>> Smb1Session::logon_challenge() {
  // NTOWFv2 takes the domain the user names, else the server's own (its NEGOTIATE response).
  std::string domain = options_.domain.empty() ? server_.domain : options_.domain;
  auth::Challenge challenge{};
  std::copy(challenge_.begin(), challenge_.end(), challenge.begin());
  auth::RawResponses responses = auth::ntlmv2_responses_for_raw_challenge(
      options_.user, options_.password, domain, challenge);

  smb1::SessionSetupRequest req;
  req.max_buffer_size = kClientMaxBufferSize;
  req.max_mpx_count = server_.max_mpx_count;
  req.vc_number = 1;
  req.session_key = session_key_;
  req.capabilities = kClientCapabilities;
  req.oem_password = std::move(responses.lm_response);
  req.unicode_password = std::move(responses.nt_response);
  req.account_name = options_.user;
  req.primary_domain = domain;
  req.native_os = kNativeOs;
  req.native_lan_man = kNativeLanMan;
  crypto::secure_wipe(responses.session_key);

  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::SessionSetupAndX));
  req.encode(mw);
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::SessionSetupResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    conn_.set_uid(m.header.uid);
    return TraceFields{{"uid", trace_hex16(m.header.uid)}, {"action", trace_hex16(resp->action)}};
  };
  TraceFields fields{{"user", options_.user}, {"domain", domain}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::SessionSetupAndX,
                                    handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

}  // namespace smbkit::client
