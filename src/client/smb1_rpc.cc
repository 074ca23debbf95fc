// srvsvc over a named pipe on IPC$ (MS-RPCE 2.1.1.2 ncacn_np over SMB1): TREE_CONNECT_ANDX to
// IPC$, NT_CREATE_ANDX of "\srvsvc", the DCE/RPC PDUs of src/rpc/client.h written with
// WRITE_ANDX and read with READ_ANDX (MS-CIFS 2.2.4.42-43, 3.2.4.5, 3.2.4.21-22), CLOSE.
#include <algorithm>
#include <string>

#include "client/smb1_session.h"
#include "fscc/access.h"
#include "smb1/read_write.h"

namespace smbkit::client {
namespace {

using smb1::Command;

const std::vector<NtStatus> kPartialMessage{NtStatus::BufferOverflow};

}  // namespace

uint32_t Smb1Session::max_pipe_read() const {
  // READ_ANDX's count is 16 bits for a pipe (MaxCountHigh is a time-out there).
  return std::min<uint32_t>(max_read_size(), 0xFFFF);
}

uint32_t Smb1Session::max_pipe_write() const { return max_write_size(); }

asio::awaitable<Result<void>> Smb1Session::pipe_write(const FileHandle& pipe,
                                                      std::span<const uint8_t> pdu,
                                                      TraceFields fields) {
  smb1::WriteAndXRequest req;
  req.fid = pipe.fid;
  req.offset = 0;
  // MS-CIFS 2.2.4.43.1: the first (here the only) part of a message on a message-mode pipe,
  // Remaining the message's bytes.
  req.write_mode = smb1::kMsgStart;
  req.remaining = static_cast<uint16_t>(pdu.size());
  req.large_offset = true;
  req.data = pdu;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::WriteAndX, pipe.tree));
  req.encode(mw);
  TraceFields all{{"fid", trace_hex16(pipe.fid)}, {"count", std::to_string(pdu.size())}};
  all.insert(all.end(), fields.begin(), fields.end());
  auto mid = co_await conn_.send(std::move(msg), std::move(all));
  if (!mid) co_return fail(mid.error());
  auto count = co_await receive_write(*mid, static_cast<uint32_t>(pdu.size()));
  if (!count) co_return fail(count.error());
  // A PDU is one message: a pipe that takes part of it has lost the framing.
  if (*count != pdu.size()) co_return fail(NtStatus::InvalidNetworkResponse);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<uint8_t>>> Smb1Session::pipe_read(const FileHandle& pipe,
                                                                     uint32_t count,
                                                                     PduBoundary& boundary) {
  smb1::ReadAndXRequest req;
  req.fid = pipe.fid;
  req.offset = 0;
  req.max_count = static_cast<uint16_t>(count);
  req.min_count = 0;  // what the pipe has: a message, or the part of it that fits
  req.timeout_or_max_count_high = 0;
  req.large_offset = true;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::ReadAndX, pipe.tree));
  req.encode(mw);
  TraceFields fields{{"fid", trace_hex16(pipe.fid)}, {"count", std::to_string(count)}};
  std::vector<uint8_t> data;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::ReadAndXResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    if (resp->data.size() > count) return fail(NtStatus::InvalidNetworkResponse);
    data.assign(resp->data.begin(), resp->data.end());
    return describe_pipe_read(data, boundary);
  };
  auto mid = co_await conn_.send(std::move(msg), std::move(fields));
  if (!mid) co_return fail(mid.error());
  auto status = co_await conn_.receive(*mid, Command::ReadAndX, handler, kPartialMessage);
  conn_.finish(*mid);
  if (!status) co_return fail(status.error());
  co_return data;
}

asio::awaitable<Result<FileHandle>> Smb1Session::open_pipe(std::string name) {
  auto tree = co_await tree_connect("IPC$", smb1::kServiceIpc);
  if (!tree) co_return fail(tree.error());
  const OpenOptions options = OpenOptions::named_pipe();
  auto pipe = co_await open(*tree, name, options);
  if (!pipe) {
    co_await tree_disconnect(*tree);
    co_return fail(pipe.error());
  }
  co_return *pipe;
}

asio::awaitable<void> Smb1Session::close_pipe(FileHandle pipe) {
  co_await close(pipe);
  co_await tree_disconnect(pipe.tree);
}

asio::awaitable<Result<std::vector<ShareInfo>>> Smb1Session::list_shares() {
  co_return co_await srvsvc_.list_shares();
}

asio::awaitable<Result<ServerDescription>> Smb1Session::describe_server() {
  co_return co_await srvsvc_.describe_server();
}

}  // namespace smbkit::client
