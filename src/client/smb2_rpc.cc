// srvsvc over SMB 2/3 (SrvsvcClient): TREE_CONNECT to IPC$, CREATE of the pipe, each PDU in one
// WRITE and replies by READ, where STATUS_BUFFER_OVERFLOW brings part of a message whose rest the
// next READ returns (MS-SMB2 3.2.4.6, 3.2.5.12; MS-RPCE 2.1.1.2).
#include <algorithm>

#include "client/smb2_session.h"
#include "fscc/access.h"
#include "smb2/read.h"

namespace smbkit::client {
namespace {

const std::vector<NtStatus> kPartialMessage{NtStatus::BufferOverflow};

}  // namespace

asio::awaitable<Result<FileHandle>> Smb2Session::open_pipe(std::string name) {
  auto tree = co_await tree_connect("IPC$");
  if (!tree) co_return fail(tree.error());
  const OpenOptions options = OpenOptions::named_pipe();
  auto pipe = co_await open(*tree, name, options);
  if (!pipe) {
    co_await tree_disconnect(*tree);
    co_return fail(pipe.error());
  }
  co_return *pipe;
}

asio::awaitable<void> Smb2Session::close_pipe(FileHandle pipe) {
  co_await close(pipe);
  co_await tree_disconnect(pipe.tree);
}

asio::awaitable<Result<void>> Smb2Session::pipe_write(const FileHandle& pipe,
                                                      std::span<const uint8_t> pdu,
                                                      TraceFields fields) {
  const WriteOptions plain;
  auto id = co_await send_write(pipe, 0, pdu, plain, std::move(fields));
  if (!id) co_return fail(id.error());
  auto count = co_await receive_write(*id, static_cast<uint32_t>(pdu.size()));
  if (!count) co_return fail(count.error());
  // A PDU is one message: a pipe that takes part of it has lost the framing.
  if (*count != pdu.size()) co_return fail(NtStatus::InvalidNetworkResponse);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<uint8_t>>> Smb2Session::pipe_read(const FileHandle& pipe,
                                                                     uint32_t count,
                                                                     PduBoundary& boundary) {
  auto id = co_await send_read(pipe, 0, count);
  if (!id) co_return fail(id.error());
  std::vector<uint8_t> data;
  auto handler = [&](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    auto resp = smb2::ReadResponse::decode(m);
    if (!resp || resp->data.size() > count) return fail(NtStatus::InvalidNetworkResponse);
    data.assign(resp->data.begin(), resp->data.end());
    return describe_pipe_read(data, boundary);
  };
  auto status = co_await conn_.receive(*id, smb2::Command::Read, handler, kPartialMessage);
  conn_.finish(*id);
  if (!status) co_return fail(status.error());
  co_return data;
}

uint32_t Smb2Session::max_pipe_read() const { return std::min<uint32_t>(max_read_size(), 0xFFFF); }
uint32_t Smb2Session::max_pipe_write() const {
  return std::min<uint32_t>(max_write_size(), 0xFFFF);
}

asio::awaitable<Result<std::vector<ShareInfo>>> Smb2Session::list_shares() {
  co_return co_await srvsvc_.list_shares();
}

asio::awaitable<Result<ServerDescription>> Smb2Session::describe_server() {
  co_return co_await srvsvc_.describe_server();
}

}  // namespace smbkit::client
