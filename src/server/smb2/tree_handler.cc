// SMB2 TREE_CONNECT (MS-SMB2 3.3.5.7) and TREE_DISCONNECT (3.3.5.8), and ECHO (3.3.5.17).
#include "server/core/share_access.h"
#include "server/core/shares.h"
#include "server/log.h"
#include "server/smb2/handler.h"
#include "smb2/echo.h"
#include "smb2/tree.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// Trees one session may hold at once.
constexpr size_t kMaxTreesPerSession = 1024;

constexpr uint32_t kFileAllAccess = 0x001F01FF;
constexpr uint32_t kPipeAccess = 0x001F01FF;  // what Windows grants on IPC$

}  // namespace

NtStatus handle_smb2_tree_connect(Smb2Call& call) {
  auto req = TreeConnectRequest::decode(call.message, call.state.dialect);
  if (!req) return req.error();
  auto found = find_share_for(call.shared, req->path, *call.session, call.state.client_address);
  if (!found) return found.error();
  size_t held = 0;
  for (auto& [id, tree] : call.state.trees) held += tree.session_id == call.session->id;
  if (held >= kMaxTreesPerSession) return NtStatus::InsufficientResources;
  // Share.EncryptData (MS-SMB2 3.3.5.7): a share that requires encryption refuses a session that
  // cannot encrypt; one that desires it encrypts for sessions that can.
  EncryptPolicy encrypt = found->share ? found->share->encrypt : call.shared.encrypt;
  bool can_encrypt = call.session->cipher != nullptr;
  if (encrypt == EncryptPolicy::Required && !can_encrypt) {
    log_info("SMB2 tree connect to {} refused: the share requires encryption", req->path);
    return NtStatus::AccessDenied;
  }
  Smb2Tree tree;
  bool encrypt_data = can_encrypt && encrypt >= EncryptPolicy::Desired;
  tree.encrypt_data = encrypt_data;
  tree.session_id = call.session->id;
  tree.share = found->share;
  tree.read_only = found->read_only;
  tree.identity = found->identity;
  // MS-SMB2 2.2.10 MaximalAccess: a read-only share grants reading rights only.
  const uint32_t maximal_access = found->ipc         ? kPipeAccess
                                  : found->read_only ? kReadOnlyShareAccess
                                                     : kFileAllAccess;
  tree.maximal_access = maximal_access;
  auto id = call.state.trees.insert(std::move(tree));
  if (!id) return NtStatus::InsufficientResources;
  call.response_tree_id = *id;

  TreeConnectResponse resp;
  resp.share_type = found->ipc ? kShareTypePipe : kShareTypeDisk;
  // Manual caching, as Samba's default ("csc policy = manual").
  resp.share_flags = kShareFlagManualCaching;
  // Told per share when the session as a whole does not encrypt (3.3.5.7).
  if (encrypt_data && !call.session->encrypt_data) resp.share_flags |= kShareFlagEncryptData;
  resp.capabilities = 0;
  resp.maximal_access = maximal_access;
  resp.encode(call.out, call.header_start);
  log_debug("SMB2 tree 0x{:x} -> {}", *id, found->ipc ? "IPC$" : found->share->name);
  return NtStatus::Success;
}

NtStatus handle_smb2_tree_disconnect(Smb2Call& call) {
  auto req = TreeDisconnectRequest::decode(call.message);
  if (!req) return req.error();
  disconnect_smb2_tree(call.state, call.header.tree_id);
  call.tree = nullptr;
  call.ended_tree = true;
  TreeDisconnectResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

NtStatus handle_smb2_echo(Smb2Call& call) {
  auto req = EchoRequest::decode(call.message);
  if (!req) return req.error();
  EchoResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
