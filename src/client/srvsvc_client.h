// srvsvc (MS-SRVS) over the \PIPE\srvsvc named pipe on IPC$ (MS-RPCE 2.1.1.2 ncacn_np), for
// either dialect: BIND, then REQUEST fragments written one PDU per write and the reply read
// until the call's last fragment; NetrShareEnum level 1 followed page by page, and
// NetrServerGetInfo level 101. The dialect moves the bytes (RpcPipeIo); this class knows only
// DCE/RPC. The pipe is opened and bound at the first call and kept; a pipe that misbehaves is
// closed, and the next call opens another.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>

#include "client/tracer.h"
#include "rpc/client.h"
#include "smbkit/client.h"

namespace smbkit::client {

// Where reads from a pipe stand among the PDUs: the bytes of the current PDU not yet read, so
// that the trace can name the PDU a read begins with.
struct PduBoundary {
  size_t left = 0;
  bool lost = false;  // a read ended inside a header: no longer known
};

// What the trace shows of the PDU that `data` starts with: its type, call id, fragment flags.
TraceFields describe_pdu(Bytes data);
// The trace fields of a pipe read that returned `data`, moving `boundary` past it.
TraceFields describe_pipe_read(Bytes data, PduBoundary& boundary);

// How a dialect moves PDUs over a named pipe.
class RpcPipeIo {
 public:
  virtual ~RpcPipeIo() = default;
  // Connects to IPC$ and opens the pipe `name` ("srvsvc").
  virtual asio::awaitable<Result<FileHandle>> open_pipe(std::string name) = 0;
  // Closes the pipe and leaves its IPC$ tree, failures ignored.
  virtual asio::awaitable<void> close_pipe(FileHandle pipe) = 0;
  // One PDU to the pipe in one write (a message), all of it or failure.
  virtual asio::awaitable<Result<void>> pipe_write(const FileHandle& pipe,
                                                   std::span<const uint8_t> pdu,
                                                   TraceFields fields) = 0;
  // One read of up to `count` bytes: what it returned (maybe part of a message, the rest
  // coming with the next read).
  virtual asio::awaitable<Result<std::vector<uint8_t>>> pipe_read(const FileHandle& pipe,
                                                                  uint32_t count,
                                                                  PduBoundary& boundary) = 0;
  // The largest read and the largest write the connection takes.
  virtual uint32_t max_pipe_read() const = 0;
  virtual uint32_t max_pipe_write() const = 0;
};

class SrvsvcClient {
 public:
  // `host`: the server's name as the user gave it, for the calls' ServerName.
  SrvsvcClient(RpcPipeIo& io, std::string host) : io_(io), host_(std::move(host)) {}

  // NetrShareEnum level 1 (MS-SRVS 3.1.4.8) with its resume handle followed to the end. A call
  // the server fails gives its NET_API_STATUS as an NTSTATUS, a DCE/RPC fault its RPC_NT_*
  // status, a refused BIND STATUS_NOT_SUPPORTED.
  asio::awaitable<Result<std::vector<ShareInfo>>> list_shares();
  // NetrServerGetInfo level 101 (MS-SRVS 3.1.4.17).
  asio::awaitable<Result<ServerDescription>> describe_server();
  // Closes the pipe, if it is open.
  asio::awaitable<void> close();

 private:
  struct Pipe {
    FileHandle file;
    rpc::BindResult bind;
    uint32_t next_call_id = 2;  // 1 was the BIND
  };
  asio::awaitable<Result<void>> open();
  // One call: the REQUEST fragments, then the RESPONSE stub.
  asio::awaitable<Result<std::vector<uint8_t>>> call(uint16_t opnum, std::vector<uint8_t> stub);
  uint32_t read_size(const rpc::BindResult& bind) const;

  RpcPipeIo& io_;
  std::string host_;
  std::optional<Pipe> pipe_;
};

}  // namespace smbkit::client
