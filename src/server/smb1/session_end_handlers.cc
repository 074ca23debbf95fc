// SMB_COM_LOGOFF_ANDX (MS-CIFS 3.3.5.44) and SMB_COM_ECHO (MS-CIFS 3.3.5.37).
#include "server/smb1/handler.h"
#include "server/smb1/teardown.h"
#include "smb1/echo.h"
#include "smb1/logoff.h"

namespace smbkit::server {

NtStatus handle_logoff(Smb1Call& call) {
  logoff_session(call.state, call.uid);
  smb1::LogoffResponse{}.encode(call.out);
  return NtStatus::Success;
}

// One reply per request: an EchoCount above one is answered once (sequence number 1), so ECHO
// cannot amplify traffic; a count of zero (MS-CIFS: no reply at all) gets INVALID_PARAMETER so
// that every request still has exactly one reply.
NtStatus handle_echo(Smb1Call& call) {
  auto req = smb1::EchoRequest::decode(call.block);
  if (!req) return req.error();
  if (req->echo_count == 0) return NtStatus::InvalidParameter;
  smb1::EchoResponse resp;
  resp.sequence_number = 1;
  resp.data = std::move(req->data);
  resp.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
