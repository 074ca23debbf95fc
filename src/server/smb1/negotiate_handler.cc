// SMB_COM_NEGOTIATE (MS-CIFS 3.3.5.42; MS-SMB 3.3.5.2 for extended security): pick NT LM 0.12
// and say how the client is to log on.
#include <algorithm>

#include "auth/spnego.h"
#include "crypto/secure.h"
#include "server/smb1/handler.h"
#include "smb1/negotiate.h"
#include "wire/filetime.h"

namespace smbkit::server {

// What smbkit serves over NT LM 0.12. No raw mode or lock-and-read yet: a capability is claimed
// only once its commands work.
constexpr uint32_t kServerCapabilities = smb1::kCapUnicode | smb1::kCapLargeFiles |
                                         smb1::kCapNtSmbs | smb1::kCapRpcRemoteApis |
                                         smb1::kCapStatus32 | smb1::kCapLevel2Oplocks |
                                         smb1::kCapNtFind | smb1::kCapLargeReadX |
                                         smb1::kCapLargeWriteX | smb1::kCapInfolevelPassthru;
constexpr uint32_t kMaxBufferSize = 65535;  // largest non-large-read/write message we accept
constexpr uint32_t kMaxRawSize = 65536;

NtStatus handle_negotiate(Smb1Call& call) {
  // MS-CIFS 3.3.5.42: a second NEGOTIATE on a connection is an error.
  if (call.state.negotiated) return NtStatus::InvalidSmb;
  auto req = smb1::NegotiateRequest::decode(call.block);
  if (!req) return req.error();

  smb1::NegotiateResponse resp;
  auto index = smb1::pick_dialect(req->dialects);
  if (!index) {
    resp.dialect_index = smb1::kNoDialect;
    resp.encode(call.out);
    return NtStatus::Success;
  }
  Smb1State& st = call.state;
  st.negotiated = true;
  st.extended_security = call.request_header.flags2 & smb1::kFlags2ExtendedSecurity;

  resp.dialect_index = *index;
  resp.security_mode = smb1::kNegotiateUserSecurity | smb1::kNegotiateEncryptPasswords;
  // The connection reads no more than this many requests ahead of its replies (connection.cc).
  resp.max_mpx_count = static_cast<uint16_t>(
      std::clamp<uint32_t>(call.shared.config.limits.max_outstanding_requests, 1, 0xFFFF));
  resp.max_number_vcs = 1;
  resp.max_buffer_size = kMaxBufferSize;
  resp.max_raw_size = kMaxRawSize;
  resp.capabilities = kServerCapabilities;
  resp.system_time = filetime_now();
  if (st.extended_security) {
    resp.capabilities |= smb1::kCapExtendedSecurity;
    resp.server_guid = call.shared.server_guid;
    resp.security_blob = auth::spnego_server_init();
  } else {
    auto random = crypto::random_bytes(st.challenge.size());
    std::copy(random.begin(), random.end(), st.challenge.begin());
    resp.challenge.assign(st.challenge.begin(), st.challenge.end());
    resp.domain_name = call.shared.config.domain;
    resp.server_name = call.shared.config.server_name;
  }
  resp.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
