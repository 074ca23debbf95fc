// The SMB 2/3 client session (MS-SMB2 3.2): NEGOTIATE of 2.0.2 up to the dialect asked for, with
// the 3.1.1 contexts and pre-authentication integrity; SESSION_SETUP with NTLMSSP in SPNEGO,
// keys per dialect, signing and encryption; validate negotiate on 3.0/3.0.2; then trees and the
// file operations, as coroutines the synchronous Client runs on its io_context.
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
#include "client/smb2_connection.h"
#include "client/srvsvc_client.h"
#include "client/tracer.h"
#include "client/transport.h"
#include "crypto/digest.h"
#include "smb2/create.h"
#include "smb2/header.h"
#include "smbkit/client.h"

namespace smbkit::client {

// smb.conf's protocol names (SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11; SMB2 and SMB3 for the
// highest of each) as dialect revisions; nullopt for another name (NT1 included).
std::optional<uint16_t> smb2_dialect_named(std::string_view name);
// "SMB 3.1.1"-style name of a dialect revision.
std::string smb2_dialect_name(uint16_t dialect);

class Smb2Session final : public Session, private RpcPipeIo {
 public:
  Smb2Session(std::unique_ptr<Transport> transport, Tracer& tracer, ClientOptions options);

  // Connects, negotiates and logs on. `tracer` must outlive the session.
  static asio::awaitable<Result<std::unique_ptr<Smb2Session>>> start(ClientOptions options,
                                                                     Tracer& tracer);
  asio::awaitable<Result<void>> negotiate();
  // MS-SMB2 3.2.4.2.3 / 3.2.5.3: NTLMSSP in SPNEGO, as many rounds as the server asks; the
  // password is wiped afterwards.
  asio::awaitable<Result<void>> logon();

  const ServerInfo& server() const override { return server_; }
  asio::awaitable<Result<TreeId>> tree_connect(std::string share) override;
  asio::awaitable<Result<FileHandle>> open(TreeId tree, std::string path,
                                           OpenOptions options) override;
  asio::awaitable<Result<size_t>> read(FileHandle file, uint64_t offset,
                                       std::span<uint8_t> out) override;
  asio::awaitable<Result<uint64_t>> read_all(FileHandle file, const DataSink& sink) override;
  asio::awaitable<Result<std::vector<FileInfo>>> list(TreeId tree, std::string dir,
                                                      std::string pattern) override;
  asio::awaitable<Result<FileInfo>> stat(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> close(FileHandle file) override;
  asio::awaitable<Result<size_t>> write(FileHandle file, uint64_t offset,
                                        std::span<const uint8_t> data,
                                        WriteOptions options) override;
  asio::awaitable<Result<uint64_t>> write_all(FileHandle file, const DataSource& source,
                                              WriteOptions options) override;
  asio::awaitable<Result<void>> flush(FileHandle file) override;
  asio::awaitable<Result<void>> mkdir(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> rmdir(TreeId tree, std::string path) override;
  // A file, or every file a wildcard in the last component matches.
  asio::awaitable<Result<void>> unlink(TreeId tree, std::string path) override;
  asio::awaitable<Result<void>> rename(TreeId tree, std::string from, std::string to) override;
  asio::awaitable<Result<void>> set_basic_info(TreeId tree, std::string path,
                                               FileInfo info) override;
  asio::awaitable<Result<void>> watch(TreeId tree, std::string dir, WatchOptions options,
                                      const ChangeSink& sink,
                                      const std::atomic<bool>& stop) override;
  void interrupt_watch() override;
  asio::awaitable<Result<std::vector<ShareInfo>>> list_shares() override;
  asio::awaitable<Result<ServerDescription>> describe_server() override;
  asio::awaitable<Result<void>> tree_disconnect(TreeId tree) override;
  asio::awaitable<Result<void>> logoff() override;

  // The most one READ or WRITE moves: the server's MaxReadSize/MaxWriteSize, at most 8 MiB, and
  // 64 KiB without multi-credit (2.0.2).
  uint32_t max_read_size() const;
  uint32_t max_write_size() const;
  Smb2Connection& connection() { return conn_; }

 private:
  // RpcPipeIo: IPC$, CREATE of the pipe, WRITE and READ.
  asio::awaitable<Result<FileHandle>> open_pipe(std::string name) override;
  asio::awaitable<void> close_pipe(FileHandle pipe) override;
  asio::awaitable<Result<void>> pipe_write(const FileHandle& pipe, std::span<const uint8_t> pdu,
                                           TraceFields fields) override;
  asio::awaitable<Result<std::vector<uint8_t>>> pipe_read(const FileHandle& pipe, uint32_t count,
                                                          PduBoundary& boundary) override;
  uint32_t max_pipe_read() const override;
  uint32_t max_pipe_write() const override;

  // One request of a compound, and what to do with its response.
  struct CompoundStep {
    std::vector<uint8_t> message;
    TraceFields fields;
    smb2::Command command;
    Smb2Connection::ResponseHandler handler;
    std::vector<NtStatus> accepted;
  };
  // Sends the steps as one compound, the later ones related to the first (acting on the file
  // its CREATE opens), and receives every response; the first failure is the result.
  asio::awaitable<Result<void>> run_compound(std::vector<CompoundStep> steps);
  CompoundStep create_step(TreeId tree, const std::string& path, const OpenOptions& options);
  CompoundStep close_step(TreeId tree);
  smb2::CreateRequest create_request(const std::string& path, const OpenOptions& options) const;
  // Fills `out` from a CREATE response.
  static Result<TraceFields> decode_create(TreeId tree, Bytes message, FileHandle& out);
  // CREATE, SET_INFO of `info_class` with `buffer`, CLOSE: one compound (3.2.4.1.4).
  asio::awaitable<Result<void>> set_info_by_path(TreeId tree, const std::string& path,
                                                 const OpenOptions& options, uint8_t info_class,
                                                 std::vector<uint8_t> buffer);
  // On the first tree of a signed 3.0/3.0.2 session (3.2.5.5): the connection ends unless the
  // server confirms what NEGOTIATE said.
  asio::awaitable<Result<void>> validate_negotiate(TreeId tree);
  // CREATE + SET_INFO FileDispositionInformation + CLOSE of one file.
  asio::awaitable<Result<void>> delete_file(TreeId tree, std::string path);
  asio::awaitable<Result<uint64_t>> send_read(const FileHandle& file, uint64_t offset,
                                              uint32_t count);
  asio::awaitable<Result<uint64_t>> send_write(const FileHandle& file, uint64_t offset,
                                               std::span<const uint8_t> data,
                                               const WriteOptions& options,
                                               TraceFields extra = {});
  asio::awaitable<Result<uint32_t>> receive_write(uint64_t message_id, uint32_t sent);
  // The request header for `command`, with the tree's id.
  std::vector<uint8_t> begin(smb2::Command command, TreeId tree = 0) const;
  // Reads or writes of `size` bytes kept in flight: by the bytes target and the credits.
  size_t transfer_window(uint32_t size) const;

  ClientOptions options_;
  Smb2Connection conn_;
  ServerInfo server_;
  // NEGOTIATE's facts kept for logon and validate negotiate.
  std::vector<uint16_t> offered_dialects_;
  uint16_t security_mode_ = 0;
  uint32_t client_capabilities_ = 0;
  std::array<uint8_t, 16> client_guid_{};
  std::array<uint8_t, 16> server_guid_{};
  uint16_t server_security_mode_ = 0;
  std::vector<uint8_t> server_gss_token_;
  uint16_t cipher_ = 0;            // 3.1.1: the NEGOTIATE's cipher; 3.0/3.0.2: AES-128-CCM
  uint16_t signing_algorithm_ = 0;  // kSigning* of negotiate.h
  crypto::PreauthHash preauth_;     // the connection's, then the session's (3.1.1)
  bool signing_required_ = false;
  bool validated_ = false;  // VALIDATE_NEGOTIATE_INFO done (3.0/3.0.2)
  // The watch in progress: its pending CHANGE_NOTIFY.
  struct Watching {
    std::optional<uint64_t> pending;
    bool cancel_sent = false;
    asio::any_io_executor executor;
  };
  std::optional<Watching> watching_;
  SrvsvcClient srvsvc_{*this, options_.host};
};

}  // namespace smbkit::client
