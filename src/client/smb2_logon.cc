// NEGOTIATE (MS-SMB2 3.2.4.2.2, 3.2.5.2), SESSION_SETUP (3.2.4.2.3, 3.2.5.3) with the keys of
// 3.2.5.3.1, and FSCTL_VALIDATE_NEGOTIATE_INFO (3.2.4.20.10, 3.2.5.14.12).
#include <algorithm>
#include <cctype>

#include "auth/spnego_initiator.h"
#include "client/smb2_session.h"
#include "client/tcp_transport.h"
#include "crypto/secure.h"
#include "crypto/smb_keys.h"
#include "smb2/ioctl.h"
#include "smb2/negotiate.h"
#include "smb2/session_setup.h"

namespace smbkit::client {
namespace {

constexpr uint16_t kDialects[] = {smb2::kDialect202, smb2::kDialect210, smb2::kDialect300,
                                  smb2::kDialect302, smb2::kDialect311};
// Offered in this order unless the options say otherwise: the GCM ciphers are the faster ones
// (MS-SMB2 2.2.3.1.2), GMAC the faster signature.
const std::vector<uint16_t> kCiphers{smb2::kCipherAes128Gcm, smb2::kCipherAes128Ccm,
                                     smb2::kCipherAes256Gcm, smb2::kCipherAes256Ccm};
const std::vector<uint16_t> kSigningAlgorithms{smb2::kSigningAesGmac, smb2::kSigningAesCmac,
                                               smb2::kSigningHmacSha256};
const std::vector<NtStatus> kMoreProcessing{NtStatus::MoreProcessingRequired};

std::string cipher_name(uint16_t cipher) {
  switch (cipher) {
    case smb2::kCipherAes128Ccm: return "AES-128-CCM";
    case smb2::kCipherAes128Gcm: return "AES-128-GCM";
    case smb2::kCipherAes256Ccm: return "AES-256-CCM";
    case smb2::kCipherAes256Gcm: return "AES-256-GCM";
  }
  return "";
}

std::string signing_name(uint16_t algorithm) {
  switch (algorithm) {
    case smb2::kSigningHmacSha256: return "HMAC-SHA256";
    case smb2::kSigningAesCmac: return "AES-128-CMAC";
    case smb2::kSigningAesGmac: return "AES-128-GMAC";
  }
  return "";
}

// The ids of smb.conf's algorithm names (case-insensitive), in the order given; nullopt when
// one is unknown.
std::optional<std::vector<uint16_t>> algorithm_ids(const std::vector<std::string>& names,
                                                   const std::vector<uint16_t>& all,
                                                   std::string (*name_of)(uint16_t)) {
  if (names.empty()) return all;
  std::vector<uint16_t> out;
  for (const auto& n : names) {
    std::string upper = n;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto it = std::find_if(all.begin(), all.end(), [&](uint16_t id) { return name_of(id) == upper; });
    if (it == all.end()) return std::nullopt;
    if (std::find(out.begin(), out.end(), *it) == out.end()) out.push_back(*it);
  }
  return out;
}

std::string dialect_list(const std::vector<uint16_t>& dialects) {
  std::string out;
  for (uint16_t d : dialects) out += (out.empty() ? "" : ",") + trace_hex16(d);
  return out;
}

}  // namespace

std::optional<uint16_t> smb2_dialect_named(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (n == "SMB2_02") return smb2::kDialect202;
  if (n == "SMB2_10" || n == "SMB2") return smb2::kDialect210;
  if (n == "SMB3_00") return smb2::kDialect300;
  if (n == "SMB3_02") return smb2::kDialect302;
  if (n == "SMB3_11" || n == "SMB3") return smb2::kDialect311;
  return std::nullopt;
}

std::string smb2_dialect_name(uint16_t dialect) {
  switch (dialect) {
    case smb2::kDialect202: return "SMB 2.0.2";
    case smb2::kDialect210: return "SMB 2.1";
    case smb2::kDialect300: return "SMB 3.0";
    case smb2::kDialect302: return "SMB 3.0.2";
    case smb2::kDialect311: return "SMB 3.1.1";
  }
  return "SMB2 " + trace_hex16(dialect);
}

asio::awaitable<Result<std::unique_ptr<Smb2Session>>> Smb2Session::start(ClientOptions options,
                                                                         Tracer& tracer) {
  if (!smb2_dialect_named(options.dialect)) co_return fail(NtStatus::NotSupported);
  if (options.workstation.empty()) options.workstation = local_netbios_name();
  TcpTarget target{options.host, options.port, options.netbios, options.workstation,
                   options.reply_timeout};
  auto transport = co_await connect_tcp(target, tracer);
  if (!transport) co_return fail(transport.error());
  auto session = std::make_unique<Smb2Session>(std::move(*transport), tracer, std::move(options));
  if (auto negotiated = co_await session->negotiate(); !negotiated)
    co_return fail(negotiated.error());
  if (auto logged_on = co_await session->logon(); !logged_on) co_return fail(logged_on.error());
  co_return std::move(session);
}

asio::awaitable<Result<void>> Smb2Session::negotiate() {
  uint16_t highest = *smb2_dialect_named(options_.dialect);
  auto ciphers = algorithm_ids(options_.encryption_algorithms, kCiphers, cipher_name);
  auto signing = algorithm_ids(options_.signing_algorithms, kSigningAlgorithms, signing_name);
  if (!ciphers || !signing) co_return fail(NtStatus::InvalidParameter);
  for (uint16_t d : kDialects)
    if (d <= highest) offered_dialects_.push_back(d);
  security_mode_ = smb2::kNegotiateSigningEnabled;
  if (options_.sign) security_mode_ |= smb2::kNegotiateSigningRequired;
  // 2.2.3: LARGE_MTU for multi-credit requests; ENCRYPTION is how 3.0/3.0.2 agree on it.
  client_capabilities_ = highest >= smb2::kDialect300
                             ? smb2::kGlobalCapLargeMtu | smb2::kGlobalCapEncryption
                             : (highest >= smb2::kDialect210 ? smb2::kGlobalCapLargeMtu : 0);
  auto guid = crypto::random_bytes(client_guid_.size());
  std::copy(guid.begin(), guid.end(), client_guid_.begin());

  smb2::NegotiateRequest req;
  req.security_mode = security_mode_;
  req.capabilities = client_capabilities_;
  req.client_guid = client_guid_;
  req.dialects = offered_dialects_;
  if (highest == smb2::kDialect311) {
    req.contexts.push_back(smb2::PreauthIntegrityCapabilities{{smb2::kHashAlgorithmSha512},
                                                              crypto::random_bytes(32)});
    req.contexts.push_back(smb2::EncryptionCapabilities{*ciphers});
    req.contexts.push_back(smb2::SigningCapabilities{*signing});
    req.contexts.push_back(smb2::NetnameContext{options_.host});
  }
  std::vector<uint8_t> msg = begin(smb2::Command::Negotiate);
  ByteWriter w(msg);
  req.encode(w, 0);

  smb2::NegotiateResponse resp;
  auto handler = [&](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    auto decoded = smb2::NegotiateResponse::decode(m);
    if (!decoded) return fail(NtStatus::InvalidNetworkResponse);
    resp = std::move(*decoded);
    // 3.2.5.2: a dialect never offered is not an answer to this request.
    if (std::find(offered_dialects_.begin(), offered_dialects_.end(), resp.dialect_revision) ==
        offered_dialects_.end())
      return fail(NtStatus::InvalidNetworkResponse);
    TraceFields f{{"dialect", trace_hex16(resp.dialect_revision)},
                  {"security_mode", trace_hex16(resp.security_mode)},
                  {"capabilities", trace_hex32(resp.capabilities)},
                  {"max_read", std::to_string(resp.max_read_size)},
                  {"max_write", std::to_string(resp.max_write_size)}};
    if (auto* enc = smb2::find_context<smb2::EncryptionCapabilities>(resp.contexts))
      if (enc->ciphers.size() == 1)
        f.push_back({"cipher", enc->ciphers[0] ? cipher_name(enc->ciphers[0]) : "none"});
    if (auto* sig = smb2::find_context<smb2::SigningCapabilities>(resp.contexts))
      if (sig->algorithms.size() == 1) f.push_back({"signing", signing_name(sig->algorithms[0])});
    return f;
  };
  auto hash_request = [&](Bytes sent) { preauth_.update(sent); };
  TraceFields request_fields{{"dialects", dialect_list(offered_dialects_)}};
  Smb2Request request{std::move(msg), std::move(request_fields)};
  auto id = co_await conn_.send(std::move(request),
                                hash_request);
  if (!id) co_return fail(id.error());
  const std::vector<NtStatus> none;
  auto status = co_await conn_.receive(*id, smb2::Command::Negotiate, handler, none,
                                       Smb2Connection::Wait::WithTimeout,
                                       [&](Bytes got) { preauth_.update(got); });
  conn_.finish(*id);
  if (!status) co_return fail(status.error());

  uint16_t dialect = resp.dialect_revision;
  if (dialect == smb2::kDialect311) {
    // 3.2.5.2: exactly one preauth context naming SHA-512; at most one cipher, one of ours.
    auto* preauth = smb2::find_context<smb2::PreauthIntegrityCapabilities>(resp.contexts);
    if (!preauth || preauth->hash_algorithms != std::vector<uint16_t>{smb2::kHashAlgorithmSha512})
      co_return fail(NtStatus::InvalidNetworkResponse);
    if (auto* enc = smb2::find_context<smb2::EncryptionCapabilities>(resp.contexts)) {
      if (enc->ciphers.size() != 1) co_return fail(NtStatus::InvalidNetworkResponse);
      cipher_ = enc->ciphers[0];
      if (cipher_ != 0 && std::find(ciphers->begin(), ciphers->end(), cipher_) == ciphers->end())
        co_return fail(NtStatus::InvalidNetworkResponse);
    }
    signing_algorithm_ = smb2::kSigningAesCmac;
    if (auto* sig = smb2::find_context<smb2::SigningCapabilities>(resp.contexts)) {
      if (sig->algorithms.size() != 1 ||
          std::find(signing->begin(), signing->end(), sig->algorithms[0]) == signing->end())
        co_return fail(NtStatus::InvalidNetworkResponse);
      signing_algorithm_ = sig->algorithms[0];
    }
  } else {
    preauth_.reset();  // only 3.1.1 has one
    signing_algorithm_ =
        dialect >= smb2::kDialect300 ? smb2::kSigningAesCmac : smb2::kSigningHmacSha256;
    if (dialect >= smb2::kDialect300 && (resp.capabilities & smb2::kGlobalCapEncryption))
      cipher_ = smb2::kCipherAes128Ccm;
  }
  server_.dialect = smb2_dialect_name(dialect);
  server_.smb2_dialect = dialect;
  server_.capabilities = resp.capabilities;
  server_.max_read_size = resp.max_read_size;
  server_.max_write_size = resp.max_write_size;
  server_.max_transact_size = resp.max_transact_size;
  server_.extended_security = true;
  server_guid_ = resp.server_guid;
  server_security_mode_ = resp.security_mode;
  server_gss_token_ = std::move(resp.security_buffer);
  signing_required_ =
      options_.sign || (resp.security_mode & smb2::kNegotiateSigningRequired) != 0;
  conn_.set_multi_credit(dialect >= smb2::kDialect210 &&
                         (resp.capabilities & smb2::kGlobalCapLargeMtu));
  if (options_.encrypt && cipher_ == 0) co_return fail(NtStatus::AccessDenied);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb2Session::logon() {
  auth::SpnegoInitiator spnego(options_.user, options_.password, options_.domain,
                               options_.workstation);
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(options_.password.data()),
                       options_.password.size()});
  options_.password.clear();

  smb2::SessionSetupRequest req;
  req.security_mode = static_cast<uint8_t>(security_mode_);
  req.security_buffer = spnego.initial_token();
  const bool preauth = server_.smb2_dialect == smb2::kDialect311;
  crypto::PreauthHash session_hash = preauth_;
  std::vector<uint8_t> final_response;
  uint16_t session_flags = 0;
  const TraceFields who{{"user", options_.user}, {"domain", options_.domain}};
  for (int round = 1;; ++round) {
    std::vector<uint8_t> msg = begin(smb2::Command::SessionSetup);
    ByteWriter w(msg);
    req.encode(w, 0);
    TraceFields fields = who;
    fields.push_back({"ntlmssp", round == 1 ? "NEGOTIATE" : "AUTHENTICATE"});
    std::vector<uint8_t> server_blob;
    auto handler = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
      auto resp = smb2::SessionSetupResponse::decode(m);
      if (!resp) return fail(NtStatus::InvalidNetworkResponse);
      server_blob = std::move(resp->security_buffer);
      session_flags = resp->session_flags;
      // 3.2.5.3: the session's id from the first response on.
      if (h.session_id == 0) return fail(NtStatus::InvalidNetworkResponse);
      conn_.set_session_id(h.session_id);
      return TraceFields{{"session_id", std::to_string(h.session_id)},
                         {"session_flags", trace_hex16(resp->session_flags)}};
    };
    Smb2Request request{std::move(msg), std::move(fields)};
    auto id = co_await conn_.send(std::move(request),
                                  [&](Bytes sent) { if (preauth) session_hash.update(sent); });
    if (!id) co_return fail(id.error());
    std::vector<uint8_t> raw;
    auto status = co_await conn_.receive(*id, smb2::Command::SessionSetup, handler,
                                         kMoreProcessing, Smb2Connection::Wait::WithTimeout,
                                         [&](Bytes got) { raw.assign(got.begin(), got.end()); });
    conn_.finish(*id);
    if (!status) co_return fail(status.error());
    if (*status == NtStatus::Success) {
      if (auto done = spnego.complete(server_blob); !done) co_return fail(done.error());
      final_response = std::move(raw);
      break;
    }
    // 3.2.5.3: every response but the last goes into the session's hash.
    if (preauth) session_hash.update(raw);
    auto blob = spnego.respond(server_blob);
    if (!blob) co_return fail(blob.error());
    req.security_buffer = std::move(*blob);
  }

  bool anonymous = spnego.anonymous() || spnego.session_key().empty() ||
                   (session_flags & (smb2::kSessionFlagIsGuest | smb2::kSessionFlagIsNull));
  bool encrypt = options_.encrypt || (session_flags & smb2::kSessionFlagEncryptData);
  if (anonymous) {
    // No key: nothing can be signed or encrypted (3.2.5.3.1); a client that asked for either
    // does not go on.
    if (options_.sign || options_.encrypt) co_return fail(NtStatus::AccessDenied);
    if (encrypt) co_return fail(NtStatus::AccessDenied);
    co_return Result<void>{};
  }
  uint16_t dialect = server_.smb2_dialect;
  size_t cipher_key = (cipher_ == smb2::kCipherAes256Ccm || cipher_ == smb2::kCipherAes256Gcm) ? 32 : 16;
  auto keys = crypto::derive_smb_session_keys(dialect, spnego.session_key(),
                                              session_hash.value(), cipher_key);
  auto algorithm = static_cast<crypto::SigningAlgorithm>(signing_algorithm_);
  auto signer = crypto::make_signer(algorithm, keys.signing);
  // 3.2.5.3.1: a signed final response is verified with the new key; 3.1.1 servers must sign it.
  auto h = smb2::Header::decode(final_response);
  bool signed_final = h && h->is_signed();
  if (signed_final ? !crypto::smb2_verify(*signer, final_response)
                   : dialect == smb2::kDialect311 && !encrypt) {
    co_return fail(NtStatus::AccessDenied);
  }
  if (encrypt) {
    if (dialect < smb2::kDialect300 || cipher_ == 0) co_return fail(NtStatus::AccessDenied);
    conn_.set_cipher(std::make_unique<crypto::SessionCipher>(
                         static_cast<crypto::AeadAlgorithm>(cipher_), keys.client_to_server,
                         keys.server_to_client, conn_.session_id()),
                     true);
    server_.encryption = cipher_name(cipher_);
  } else if (cipher_ != 0 && dialect >= smb2::kDialect300) {
    // Kept for the shares that ask for it (SMB2_SHAREFLAG_ENCRYPT_DATA).
    conn_.set_cipher(std::make_unique<crypto::SessionCipher>(
                         static_cast<crypto::AeadAlgorithm>(cipher_), keys.client_to_server,
                         keys.server_to_client, conn_.session_id()),
                     false);
  }
  // 3.2.5.3.1: the session signs when either side requires it (--sign, or the server's
  // SIGNING_REQUIRED), as Windows does; otherwise messages go unsigned, whatever the last
  // SESSION_SETUP response was.
  conn_.set_signer(std::move(signer), signing_required_);
  if (signing_required_) server_.signing = signing_name(signing_algorithm_);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb2Session::validate_negotiate(TreeId tree) {
  smb2::ValidateNegotiateInfoRequest info;
  info.capabilities = client_capabilities_;
  info.security_mode = security_mode_;
  info.dialects = offered_dialects_;
  info.guid = client_guid_;
  std::vector<uint8_t> input;
  ByteWriter iw(input);
  info.encode(iw);
  smb2::IoctlRequest req;
  req.ctl_code = smb2::kFsctlValidateNegotiateInfo;
  req.file_id = {smb2::kAnyId, smb2::kAnyId};
  req.input = input;
  req.max_output_response = smb2::ValidateNegotiateInfoResponse::kSize;
  req.flags = smb2::kIoctlIsFsctl;
  std::vector<uint8_t> msg = begin(smb2::Command::Ioctl, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  bool matches = false;
  auto handler = [&](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    auto resp = smb2::IoctlResponse::decode(m);
    if (!resp) return fail(NtStatus::InvalidNetworkResponse);
    auto got = smb2::ValidateNegotiateInfoResponse::decode(resp->output);
    if (!got) return fail(NtStatus::InvalidNetworkResponse);
    // 3.2.5.14.12: what the server says now must be what NEGOTIATE said.
    matches = got->capabilities == server_.capabilities &&
              got->guid == server_guid_ &&
              got->security_mode == server_security_mode_ && got->dialect == server_.smb2_dialect;
    return TraceFields{{"fsctl", "VALIDATE_NEGOTIATE_INFO"}, {"matches", matches ? "yes" : "no"}};
  };
  TraceFields request_fields{{"fsctl", "VALIDATE_NEGOTIATE_INFO"}};
  Smb2Request request{std::move(msg), std::move(request_fields), true};
  auto status = co_await conn_.call(std::move(request),
                                    smb2::Command::Ioctl, handler);
  if (!status || !matches) {
    conn_.close();  // 3.2.5.14.12: a mismatch (or an answer that is not one) ends the connection
    co_return fail(NtStatus::AccessDenied);
  }
  co_return Result<void>{};
}

}  // namespace smbkit::client
