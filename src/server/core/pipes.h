// Named pipes on IPC$ for both dialects (DESIGN.md "One core, two dialects"): an open of a pipe
// name that smbkit serves (srvsvc, wkssvc: rpc/server_pipe.h) holds a PipeOpen, the server end
// of that pipe's DCE/RPC conversation, instead of a file. The dialect adapters turn their
// requests into its operations: SMB2 CREATE / SMB1 NT_CREATE_ANDX open it, WRITE / WRITE_ANDX
// write to it, READ / READ_ANDX read from it, IOCTL FSCTL_PIPE_TRANSCEIVE / TRANSACTION
// TransactNmPipe do both at once, CLOSE ends it.
//
// The pipes are message-mode pipes, as Windows' RPC pipes are (MS-FSCC 2.1.5 / MS-SMB2 3.3.5.12:
// a read returns bytes of one message; when the read is shorter than what is left of the
// message, the data comes with STATUS_BUFFER_OVERFLOW and the client reads the rest). A read
// that finds nothing waits, as a blocking read of a Windows pipe does, until a write produces
// a reply, the client cancels it (STATUS_CANCELLED) or closes the handle (STATUS_PIPE_BROKEN).
//
// A PipeOpen belongs to one connection's open and is touched by one request at a time, like the
// rest of a connection's state (message_runner.h); the callbacks of waiting reads run inside
// the request that completes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "rpc/server_pipe.h"
#include "server/ids.h"
#include "smbkit/server.h"
#include "smbkit/status.h"

namespace smbkit::server {

// Pipes one session may hold open at once; one more fails with STATUS_PIPE_NOT_AVAILABLE
// ("all pipe instances are busy"), which the client reports as such.
inline constexpr size_t kMaxPipesPerSession = 64;

// What each pipe's RPC server may buffer: a request being reassembled (srvsvc and wkssvc
// requests are a few hundred bytes; 64 KiB leaves room for any real one), and replies the
// client has not read yet (past that the pipe breaks). With kMaxPipesPerSession this bounds what
// a session's pipes hold at about 80 MiB.
rpc::RpcPipeLimits pipe_limits();

// What srvsvc and wkssvc report about the server, from its configuration: its NetBIOS name and
// domain, the server string as the server comment, each share with its comment, its path as
// Windows-style clients expect it ("C:\srv\data" for /srv/data, as Samba shows it) and whether
// it is browseable, then IPC$ (an IPC share, comment "IPC Service (<server string>)" as Samba
// names it).
rpc::RpcServerInfo rpc_server_info(const ServerConfig& config);

// File attributes, type and state of a pipe open, as Windows and Samba answer the open.
inline constexpr uint32_t kPipeFileAttributes = 0x00000080;  // FILE_ATTRIBUTE_NORMAL

// One read's outcome: Success (a whole message, or the rest of one), BufferOverflow (more of
// the message is left), or an error with no data.
struct PipeData {
  NtStatus status = NtStatus::Success;
  std::vector<uint8_t> data;
};

class PipeOpen {
 public:
  // How a read that waited is answered.
  using Done = std::function<void(PipeData)>;

  // The pipe `name` names (rpc_pipe_kind: "srvsvc", "\\srvsvc", "\\PIPE\\srvsvc", any case),
  // served with `info`; STATUS_OBJECT_NAME_NOT_FOUND for a pipe smbkit does not serve.
  static Result<std::shared_ptr<PipeOpen>> open(std::string_view name, rpc::RpcServerInfo info);

  explicit PipeOpen(rpc::RpcPipeServer server) : server_(std::move(server)) {}
  // Reads still waiting are dropped unanswered: the connection is going.
  ~PipeOpen() = default;
  PipeOpen(const PipeOpen&) = delete;
  PipeOpen& operator=(const PipeOpen&) = delete;

  rpc::RpcPipeKind kind() const { return server_.kind(); }
  // Reply bytes not read yet.
  size_t available() const { return server_.pending(); }

  // Takes every byte (the reply it completes goes to the reads waiting, then waits to be read);
  // STATUS_PIPE_DISCONNECTED once the pipe is broken (the RPC server ended the conversation
  // after a protocol error).
  Result<size_t> write(Bytes data);

  // Up to `max` bytes of the next message; nullopt when there is none yet (the caller may wait()
  // for it). A broken pipe with nothing left to read gives STATUS_PIPE_BROKEN.
  std::optional<PipeData> read(size_t max);

  // FSCTL_PIPE_TRANSCEIVE / TransactNmPipe: writes `in` and reads the reply, up to `max` bytes;
  // nullopt when the write produced no reply yet (wait() for it). STATUS_PIPE_BUSY, with
  // nothing written, while earlier replies are still unread; STATUS_PIPE_DISCONNECTED once the
  // pipe is broken.
  std::optional<PipeData> transceive(Bytes in, size_t max);

  // A read of up to `max` bytes, known to the client as `request`, that waits for a message:
  // `done` is called once one arrives (from write() or transceive()), with STATUS_CANCELLED by
  // cancel(), with STATUS_PIPE_BROKEN by close() or when the pipe breaks with nothing to read.
  // Reads waiting are answered in the order they came.
  void wait(RequestId request, size_t max, Done done);
  // Ends the waiting read `request` with STATUS_CANCELLED; false if there is none.
  bool cancel(RequestId request);
  // The handle is closing: every read waiting ends with STATUS_PIPE_BROKEN.
  void close();
  size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter {
    RequestId request;
    size_t max;
    Done done;
  };
  // Answers the reads waiting from the replies queued, in order.
  void serve_waiters();
  static PipeData from(rpc::PipeRead r);

  rpc::RpcPipeServer server_;
  std::deque<Waiter> waiters_;
};

}  // namespace smbkit::server
