// SMB_COM_TREE_CONNECT_ANDX (MS-CIFS 3.3.5.46, MS-SMB 3.3.5.4) and SMB_COM_TREE_DISCONNECT
// (MS-CIFS 3.3.5.45): map \\server\share to a TID and back.
#include <strings.h>

#include "server/core/share_access.h"
#include "server/core/shares.h"
#include "server/log.h"
#include "server/smb1/handler.h"
#include "server/smb1/teardown.h"
#include "smb1/tree.h"

namespace smbkit::server {
namespace {

// Full access to a disk share (MS-SMB 2.2.4.7.2 MaximalShareAccessRights): FILE_ALL_ACCESS.
constexpr uint32_t kFileAllAccess = 0x001F01FF;
constexpr uint32_t kReadOnlyAccess = 0x001200A9;  // FILE_GENERIC_READ | FILE_GENERIC_EXECUTE

}  // namespace

NtStatus handle_tree_connect(Smb1Call& call) {
  auto req = smb1::TreeConnectRequest::decode(call.block);
  if (!req) return req.error();
  auto name = share_of_unc(req->path);
  if (!name) return NtStatus::BadNetworkName;
  bool ipc = strcasecmp(name->c_str(), "IPC$") == 0;
  // MS-CIFS 3.3.5.46: the service asked for must match the share's type.
  const std::string& service = req->service;
  if ((service == smb1::kServiceDisk && ipc) || (service == smb1::kServiceIpc && !ipc) ||
      (service != smb1::kServiceAny && service != smb1::kServiceDisk &&
       service != smb1::kServiceIpc))
    return NtStatus::BadDeviceType;
  auto found = find_share_for(call.shared, req->path, *call.session, call.state.client_address);
  if (!found) return found.error();

  // MS-CIFS 2.2.4.55.1 TREE_CONNECT_ANDX_DISCONNECT_TID: drop the request's TID first.
  if (req->flags & smb1::kTreeConnectDisconnectTid) disconnect_tree(call.state, call.tid);

  auto tid = call.state.trees.insert(Smb1Tree{call.uid, found->share, found->read_only, found->identity});
  if (!tid) return NtStatus::InsufficientResources;
  call.reply_header.tid = *tid;

  smb1::TreeConnectResponse resp;
  resp.optional_support = smb1::kSupportSearchBits | smb1::kUniqueFileName;
  resp.extended = req->flags & smb1::kTreeConnectExtendedResponse;
  // A read-only share says so here (MS-SMB 2.2.4.7.2), as smbd does.
  resp.maximal_share_access_rights =
      ipc ? kReadOnlyAccess : found->read_only ? kReadOnlyShareAccess : kFileAllAccess;
  resp.guest_maximal_share_access_rights = call.shared.config.guest ? kReadOnlyAccess : 0;
  resp.service = ipc ? smb1::kServiceIpc : smb1::kServiceDisk;
  resp.native_file_system = ipc ? "" : "NTFS";
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_tree_disconnect(Smb1Call& call) {
  disconnect_tree(call.state, call.tid);
  smb1::TreeDisconnectResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
