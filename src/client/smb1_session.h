// The SMB1 client session: the steps of the Microsoft scenario over one connection (NEGOTIATE,
// SESSION_SETUP_ANDX, TREE_CONNECT_ANDX, NT_CREATE_ANDX or OPEN_ANDX, READ_ANDX, TRANSACTION2
// FIND and QUERY_PATH_INFORMATION, CLOSE, TREE_DISCONNECT, LOGOFF_ANDX; DCE/RPC over a named
// pipe on IPC$ with WRITE_ANDX and READ_ANDX) as coroutines. The
// synchronous Client runs these on its io_context; one operation at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include "client/session.h"
#include "client/smb1_connection.h"
#include "client/srvsvc_client.h"
#include "client/tracer.h"
#include "client/transport.h"
#include "rpc/client.h"
#include "smb1/trans2.h"
#include "smb1/tree.h"
#include "smbkit/client.h"

namespace smbkit::client {

class Smb1Session final : public Session, private RpcPipeIo {
 public:
  Smb1Session(std::unique_ptr<Transport> transport, Tracer& tracer, ClientOptions options);

  // Connects (connect_tcp), negotiates and logs on. `tracer` must outlive the session.
  static asio::awaitable<Result<std::unique_ptr<Smb1Session>>> start(ClientOptions options,
                                                                     Tracer& tracer);

  // MS-CIFS 3.2.4.2.1: offers "NT LM 0.12" only.
  asio::awaitable<Result<void>> negotiate();
  // MS-SMB 3.2.4.2.4 (NTLMSSP in SPNEGO, two round trips) or MS-CIFS 3.2.4.2.4 (LMv2/NTLMv2
  // responses to the NEGOTIATE challenge), as the NEGOTIATE response chose. The password is
  // wiped afterwards.
  asio::awaitable<Result<void>> logon();
  // `service`: any ("?????"), or the type the share must be (smb1::kServiceIpc "IPC", ...).
  asio::awaitable<Result<TreeId>> tree_connect(std::string share) override {
    return tree_connect(std::move(share), smb1::kServiceAny);
  }
  asio::awaitable<Result<TreeId>> tree_connect(std::string share, std::string service);
  asio::awaitable<Result<FileHandle>> open(TreeId tree, std::string path, OpenOptions options) override;
  asio::awaitable<Result<size_t>> read(FileHandle file, uint64_t offset, std::span<uint8_t> out) override;
  asio::awaitable<Result<uint64_t>> read_all(FileHandle file, const DataSink& sink) override;
  asio::awaitable<Result<std::vector<FileInfo>>> list(TreeId tree, std::string dir,
                                                      std::string pattern) override;
  asio::awaitable<Result<FileInfo>> stat(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> close(FileHandle file) override;
  asio::awaitable<Result<void>> tree_disconnect(TreeId tree) override;
  // Closes the srvsvc pipe first, if it is open.
  asio::awaitable<Result<void>> logoff() override;

  // srvsvc over \PIPE\srvsvc on IPC$ (SrvsvcClient): each PDU in one WRITE_ANDX in message
  // mode, replies by READ_ANDX; one answered STATUS_BUFFER_OVERFLOW carries part of a message
  // whose rest the next read returns.
  asio::awaitable<Result<std::vector<ShareInfo>>> list_shares() override;
  asio::awaitable<Result<ServerDescription>> describe_server() override;

  // WRITE_ANDX (MS-CIFS 3.2.4.21 with MS-SMB 3.2.4.3 for large writes) and FLUSH (3.2.4.14).
  asio::awaitable<Result<size_t>> write(FileHandle file, uint64_t offset,
                                        std::span<const uint8_t> data, WriteOptions options) override;
  asio::awaitable<Result<uint64_t>> write_all(FileHandle file, const DataSource& source,
                                              WriteOptions options) override;
  asio::awaitable<Result<void>> flush(FileHandle file) override;

  // CREATE_DIRECTORY, DELETE_DIRECTORY, DELETE, RENAME (MS-CIFS 3.2.4.x), and
  // TRANS2_SET_PATH_INFORMATION with SMB_SET_FILE_BASIC_INFO (2.2.6.7).
  asio::awaitable<Result<void>> mkdir(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> rmdir(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> unlink(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> rename(TreeId tree, std::string from, std::string to) override;
  asio::awaitable<Result<void>> set_basic_info(TreeId tree, std::string path, FileInfo info) override;

  // NT_TRANSACT_NOTIFY_CHANGE, reissued after each report (MS-CIFS 3.2.4.39), until `sink`
  // returns false or `stop` is set; `stop` is checked between requests, and interrupt_watch()
  // cancels a request pending when it is set.
  asio::awaitable<Result<void>> watch(TreeId tree, std::string dir, WatchOptions options,
                                      const ChangeSink& sink, const std::atomic<bool>& stop) override;
  // Run on the session's executor after `stop` was set: sends NT_CANCEL for the pending
  // NOTIFY_CHANGE, if there is one (MS-CIFS 3.2.4.25).
  void interrupt_watch() override;

  const ServerInfo& server() const override { return server_; }
  // The most one READ_ANDX asks for: with CAP_LARGE_READX (MS-SMB 3.2.4.4.1) 1 MiB, or 64 KiB
  // over the NetBIOS session service, whose frames stop at 128 KiB; else what fits a reply of
  // the server's MaxBufferSize, at most 60 KiB.
  uint32_t max_read_size() const;
  // READ_ANDX or WRITE_ANDX requests of `size` bytes kept in flight by read_all and write_all:
  // bounded by MaxMpxCount.
  size_t transfer_window(uint32_t size) const;
  // The most one WRITE_ANDX carries: with CAP_LARGE_WRITEX (MS-SMB 2.2.4.3.1) 64 KiB, the
  // whole units that fit a 17-bit frame; else what fits a request of the server's MaxBufferSize,
  // at most 60 KiB.
  uint32_t max_write_size() const;
  Smb1Connection& connection() { return conn_; }

 private:
  struct Trans2Reply {
    std::vector<uint8_t> parameters;
    std::vector<uint8_t> data;
  };
  using Trans2Decoder = std::function<Result<TraceFields>(const Trans2Reply&)>;

  asio::awaitable<Result<void>> logon_extended();
  asio::awaitable<Result<void>> logon_challenge();
  asio::awaitable<Result<FileHandle>> open_nt_create(TreeId tree, const std::string& path,
                                                     const OpenOptions& options);
  asio::awaitable<Result<FileHandle>> open_andx(TreeId tree, const std::string& path,
                                                const OpenOptions& options);
  asio::awaitable<Result<uint16_t>> send_read(const FileHandle& file, uint64_t offset,
                                              uint32_t count);
  asio::awaitable<Result<uint16_t>> send_write(const FileHandle& file, uint64_t offset,
                                               std::span<const uint8_t> data,
                                               const WriteOptions& options);
  // Waits for the reply to a WRITE_ANDX of `sent` bytes: the count written.
  asio::awaitable<Result<uint32_t>> receive_write(uint16_t mid, uint32_t sent);
  // Sends one NOTIFY_CHANGE and collects its reply, in as many parts as it comes: the changes,
  // or nullopt when the server lost track of them; STATUS_CANCELLED after NT_CANCEL.
  asio::awaitable<Result<std::optional<std::vector<Change>>>> notify_once(
      const FileHandle& dir, const WatchOptions& options, const std::atomic<bool>& stop);
  asio::awaitable<void> send_cancel(TreeId tree, uint16_t mid);
  // One DELETE of an SMB path (wildcards and all).
  asio::awaitable<Result<void>> delete_file(TreeId tree, std::string smb_name);
  // Sends one TRANSACTION2 request (its parameters and data in one part) and collects its
  // reply, in as many parts as it comes; `decode` sees the whole reply and gives the last
  // part's trace fields.
  asio::awaitable<Result<void>> trans2(TreeId tree, smb1::Trans2Subcommand subcommand,
                                       std::vector<uint8_t> parameters, uint16_t max_parameters,
                                       uint16_t max_data, TraceFields fields,
                                       const Trans2Decoder& decode,
                                       std::vector<uint8_t> data = {});
  asio::awaitable<Result<FileInfo>> query_path(TreeId tree, const std::string& smb_path,
                                               uint16_t level);
  asio::awaitable<void> find_close(TreeId tree, uint16_t sid);
  bool unicode() const;

  // RpcPipeIo: IPC$ with service "IPC", NT_CREATE_ANDX of the pipe, WRITE_ANDX and READ_ANDX.
  asio::awaitable<Result<FileHandle>> open_pipe(std::string name) override;
  asio::awaitable<void> close_pipe(FileHandle pipe) override;
  asio::awaitable<Result<void>> pipe_write(const FileHandle& pipe, std::span<const uint8_t> pdu,
                                           TraceFields fields) override;
  asio::awaitable<Result<std::vector<uint8_t>>> pipe_read(const FileHandle& pipe, uint32_t count,
                                                          PduBoundary& boundary) override;
  uint32_t max_pipe_read() const override;
  uint32_t max_pipe_write() const override;

  ClientOptions options_;
  Smb1Connection conn_;
  ServerInfo server_;
  uint32_t session_key_ = 0;  // the NEGOTIATE response's SessionKey, echoed at SESSION_SETUP
  std::vector<uint8_t> challenge_;
  bool use_open_andx_ = false;
  // The watch in progress: its pending NOTIFY_CHANGE, whether NT_CANCEL went for it, and the
  // executor the cancel is sent from.
  struct Watching {
    TreeId tree = 0;
    std::optional<uint16_t> pending_mid;
    bool cancel_sent = false;
    asio::any_io_executor executor;
  };
  std::optional<Watching> watching_;
  SrvsvcClient srvsvc_{*this, options_.host};
};


}  // namespace smbkit::client
