// SMB2 NEGOTIATE (MS-SMB2 3.3.5.4) and the SMB2 answer to a multi-protocol SMB1 NEGOTIATE
// (3.3.5.3.1): the dialect, the 3.1.1 negotiate contexts, and what the server offers.
#include <algorithm>

#include "auth/spnego.h"
#include "crypto/secure.h"
#include "server/log.h"
#include "server/smb2/framing.h"
#include "server/smb2/gate.h"
#include "server/smb2/handler.h"
#include "server/smb2/io_limits.h"
#include "smb2/negotiate.h"
#include "wire/filetime.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

using namespace smb2;

constexpr size_t kPreauthSaltSize = 32;

// The signing algorithms smbkit signs 3.1.1 with, most preferred first (MS-SMB2 3.3.5.4: the
// server picks from the client's list in its own order).
constexpr uint16_t kSigningPreference[] = {kSigningAesGmac, kSigningAesCmac, kSigningHmacSha256};

uint16_t security_mode(const SharedState& shared) {
  return kNegotiateSigningEnabled | (shared.signing_required ? kNegotiateSigningRequired : 0);
}

// Capabilities advertised honestly: multi-credit I/O from 2.1 on; no leasing, multichannel,
// persistent handles or directory leasing until they exist. Encryption is announced per
// request (3.0, 3.0.2) or by context (3.1.1).
uint32_t capabilities(uint16_t dialect) { return dialect >= kDialect210 ? kGlobalCapLargeMtu : 0; }

void fill_common(NegotiateResponse& resp, const SharedState& shared, uint16_t dialect) {
  resp.security_mode = security_mode(shared);
  resp.dialect_revision = dialect;
  resp.server_guid = shared.server_guid;
  resp.capabilities = capabilities(dialect);
  resp.max_transact_size = max_transact_size(dialect);
  resp.max_read_size = max_read_size(dialect);
  resp.max_write_size = max_write_size(dialect);
  resp.system_time = filetime_now();
  resp.server_start_time = 0;
  resp.security_buffer = auth::spnego_server_init();
}

// MS-SMB2 3.3.5.4: the 3.1.1 contexts. Returns the status the request fails with, if any, and
// fills the response's contexts.
NtStatus answer_contexts(const SharedState& shared, Smb2State& state, const NegotiateRequest& req,
                         NegotiateResponse& resp) {
  const auto& contexts = req.contexts;
  for (uint16_t type : {kNegotiateContextPreauthIntegrity, kNegotiateContextEncryption,
                        kNegotiateContextCompression, kNegotiateContextRdmaTransform,
                        kNegotiateContextSigning, kNegotiateContextTransport}) {
    if (count_contexts(contexts, type) > 1) return NtStatus::InvalidParameter;
  }
  for (const NegotiateContext& c : contexts) {
    // A context of a known type whose data does not parse.
    if (is_malformed(c)) return NtStatus::InvalidParameter;
  }
  const auto* preauth = find_context<PreauthIntegrityCapabilities>(contexts);
  if (!preauth || preauth->hash_algorithms.empty()) return NtStatus::InvalidParameter;
  if (std::find(preauth->hash_algorithms.begin(), preauth->hash_algorithms.end(),
                kHashAlgorithmSha512) == preauth->hash_algorithms.end())
    return NtStatus::SmbNoPreauthIntegrityHashOverlap;
  if (const auto* enc = find_context<EncryptionCapabilities>(contexts); enc && enc->ciphers.empty())
    return NtStatus::InvalidParameter;
  if (const auto* comp = find_context<CompressionCapabilities>(contexts);
      comp && comp->algorithms.empty())
    return NtStatus::InvalidParameter;
  if (const auto* rdma = find_context<RdmaTransformCapabilities>(contexts);
      rdma && rdma->transform_ids.empty())
    return NtStatus::InvalidParameter;

  PreauthIntegrityCapabilities ours;
  ours.hash_algorithms = {kHashAlgorithmSha512};
  auto salt = crypto::random_bytes(kPreauthSaltSize);
  ours.salt.assign(salt.begin(), salt.end());
  resp.contexts.push_back(ours);

  // Signing: the first of ours the client offers; without the context (or without a common
  // algorithm) AES-CMAC, as 3.0 (MS-SMB2 3.3.5.4).
  state.signing_algorithm = crypto::SigningAlgorithm::AesCmac;
  if (const auto* signing = find_context<SigningCapabilities>(contexts)) {
    if (signing->algorithms.empty()) return NtStatus::InvalidParameter;
    for (uint16_t mine : kSigningPreference) {
      if (std::find(signing->algorithms.begin(), signing->algorithms.end(), mine) !=
          signing->algorithms.end()) {
        state.signing_algorithm = static_cast<crypto::SigningAlgorithm>(mine);
        break;
      }
    }
    resp.contexts.push_back(
        SigningCapabilities{{static_cast<uint16_t>(state.signing_algorithm)}});
  }
  // Encryption: the first cipher of the server's list that the client offers; none in common
  // is answered with the cipher 0 (MS-SMB2 3.3.5.4). A server with encryption off leaves the
  // context out.
  const auto* encryption = find_context<EncryptionCapabilities>(contexts);
  if (encryption && shared.encrypt != EncryptPolicy::Off) {
    for (uint16_t mine : shared.ciphers) {
      if (std::find(encryption->ciphers.begin(), encryption->ciphers.end(), mine) !=
          encryption->ciphers.end()) {
        state.cipher = mine;
        break;
      }
    }
    resp.contexts.push_back(EncryptionCapabilities{{state.cipher}});
  }
  // Compression, RDMA transforms and transport security are not offered: a server without them
  // leaves their contexts out of the response (3.3.5.4), and netname is for the client's
  // information only.
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_smb2_negotiate(Smb2Call& call) {
  auto req = NegotiateRequest::decode(call.message);
  if (!req) return req.error();
  Smb2State& state = call.state;
  // The highest dialect both speak.
  uint16_t chosen = 0;
  for (uint16_t d : call.shared.protocols.smb2_dialects())
    if (req->offers(d)) chosen = std::max(chosen, d);
  if (chosen == 0) {
    log_debug("SMB2 NEGOTIATE: no common dialect");
    return NtStatus::NotSupported;
  }
  NegotiateResponse resp;
  fill_common(resp, call.shared, chosen);
  if (chosen == kDialect311) {
    NtStatus contexts = answer_contexts(call.shared, state, *req, resp);
    if (contexts != NtStatus::Success) return contexts;
    // Connection.PreauthIntegrityHashValue: H(0) then the request; the response is hashed once
    // written (gate.cc).
    state.preauth = crypto::PreauthHash();
    state.preauth.update(call.message);
  } else if (chosen >= kDialect300) {
    state.signing_algorithm = crypto::SigningAlgorithm::AesCmac;
    // 3.0 and 3.0.2 encrypt with AES-128-CCM when both sides announce it (3.3.5.4).
    if ((req->capabilities & kGlobalCapEncryption) && call.shared.encrypt != EncryptPolicy::Off) {
      resp.capabilities |= kGlobalCapEncryption;
      state.cipher = kCipherAes128Ccm;
    }
  } else {
    state.signing_algorithm = crypto::SigningAlgorithm::HmacSha256;
  }
  state.negotiated = true;
  state.dialect = chosen;
  state.client_guid = req->client_guid;
  state.client_capabilities = req->capabilities;
  state.client_security_mode = req->security_mode;
  state.server_capabilities = resp.capabilities;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

std::vector<uint8_t> answer_multi_protocol_negotiate(SharedState& shared, Smb2State& state,
                                                     bool wildcard) {
  // MS-SMB2 3.3.5.3.1: "SMB 2.???" and a server past 2.0.2 answer 0x02FF, and the client
  // negotiates again in SMB2; otherwise 2.0.2 is settled now.
  bool beyond_202 = shared.protocols.max > Protocol::Smb2_02;
  uint16_t dialect = wildcard && beyond_202 ? kDialectWildcard : kDialect202;
  NegotiateResponse resp;
  fill_common(resp, shared, dialect);
  state.dialect = dialect;
  state.server_capabilities = resp.capabilities;
  state.signing_algorithm = crypto::SigningAlgorithm::HmacSha256;
  state.negotiated = dialect == kDialect202;
  // The SMB1 request took MessageId 0; the response grants the next.
  state.credits.consume(0, 1);
  Header h;
  h.command = static_cast<uint16_t>(Command::Negotiate);
  h.flags = kFlagsServerToRedir;
  h.credits = state.credits.grant(1);
  std::vector<uint8_t> frame(netbios::kHeaderSize);
  ByteWriter w(frame);
  h.encode(w);
  resp.encode(w, netbios::kHeaderSize);
  return frame_smb2(std::move(frame), nullptr);
}

}  // namespace smbkit::server
