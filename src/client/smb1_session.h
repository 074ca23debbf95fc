// The SMB1 client session: the steps of the Microsoft scenario over one connection (NEGOTIATE,
// SESSION_SETUP_ANDX, TREE_CONNECT_ANDX, NT_CREATE_ANDX or OPEN_ANDX, READ_ANDX, TRANSACTION2
// FIND and QUERY_PATH_INFORMATION, CLOSE, TREE_DISCONNECT, LOGOFF_ANDX) as coroutines. The
// synchronous Client runs these on its io_context; one operation at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>

#include "client/smb1_connection.h"
#include "client/tracer.h"
#include "client/transport.h"
#include "smb1/trans2.h"
#include "smbkit/client.h"

namespace smbkit::client {

class Smb1Session {
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
  asio::awaitable<Result<TreeId>> tree_connect(std::string share);
  asio::awaitable<Result<FileHandle>> open(TreeId tree, std::string path, OpenOptions options);
  asio::awaitable<Result<size_t>> read(FileHandle file, uint64_t offset, std::span<uint8_t> out);
  asio::awaitable<Result<uint64_t>> read_all(FileHandle file, const DataSink& sink);
  asio::awaitable<Result<std::vector<FileInfo>>> list(TreeId tree, std::string dir,
                                                      std::string pattern);
  asio::awaitable<Result<FileInfo>> stat(TreeId tree, std::string path);
  asio::awaitable<Result<void>> close(FileHandle file);
  asio::awaitable<Result<void>> tree_disconnect(TreeId tree);
  asio::awaitable<Result<void>> logoff();

  const ServerInfo& server() const { return server_; }
  // The most one READ_ANDX asks for: with CAP_LARGE_READX (MS-SMB 3.2.4.4.1) 1 MiB, or 64 KiB
  // over the NetBIOS session service, whose frames stop at 128 KiB; else what fits a reply of
  // the server's MaxBufferSize, at most 60 KiB.
  uint32_t max_read_size() const;
  // READ_ANDX requests kept in flight by read_all: bounded by MaxMpxCount.
  size_t read_window(uint32_t read_size) const;
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
  // Sends one TRANSACTION2 request and collects its reply, in as many parts as it comes;
  // `decode` sees the whole reply and gives the last part's trace fields.
  asio::awaitable<Result<void>> trans2(TreeId tree, smb1::Trans2Subcommand subcommand,
                                       std::vector<uint8_t> parameters, uint16_t max_parameters,
                                       uint16_t max_data, TraceFields fields,
                                       const Trans2Decoder& decode);
  asio::awaitable<Result<FileInfo>> query_path(TreeId tree, const std::string& smb_path,
                                               uint16_t level);
  asio::awaitable<void> find_close(TreeId tree, uint16_t sid);
  bool unicode() const;

  ClientOptions options_;
  Smb1Connection conn_;
  ServerInfo server_;
  uint32_t session_key_ = 0;  // the NEGOTIATE response's SessionKey, echoed at SESSION_SETUP
  std::vector<uint8_t> challenge_;
  bool use_open_andx_ = false;
};

// "dir/sub\\file" -> "\\dir\\sub\\file"; the share root is "\\".
std::string smb_path(std::string_view path);

}  // namespace smbkit::client
