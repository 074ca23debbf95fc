// srvsvc over SMB 2/3: not yet (the SMB1 session has it).
#include "client/smb2_session.h"

namespace smbkit::client {

asio::awaitable<Result<std::vector<ShareInfo>>> Smb2Session::list_shares() {
  co_return fail(NtStatus::NotSupported);
}

asio::awaitable<Result<ServerDescription>> Smb2Session::describe_server() {
  co_return fail(NtStatus::NotSupported);
}

}  // namespace smbkit::client
