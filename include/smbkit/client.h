// The smbkit client: connect, log on, open and read files, list directories, over SMB1 (NT LM
// 0.12). The protocol runs on an asio io_context owned by the Client; each call below runs it
// until that one operation completes, so a Client is used from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"

namespace smbkit::client {

// ---- Trace: one event per packet, in the manner of the Microsoft protocol scenarios ----------

enum class Direction { ClientToServer, ServerToClient };

struct TraceField {
  std::string key;
  std::string value;  // as is; format_trace_line quotes it when needed
  bool operator==(const TraceField&) const = default;
};

struct TraceEvent {
  uint32_t sequence = 0;  // 1-based, every packet both ways (NetBIOS session packets included)
  Direction direction = Direction::ClientToServer;
  std::string command;  // "SMB_COM_NEGOTIATE", "NETBIOS SESSION REQUEST", ...
  std::string status;   // "STATUS_SUCCESS"; "-" for requests and NetBIOS packets
  std::vector<TraceField> fields;
};

// One aligned line, without a newline:
// "  4  S>C  SMB_COM_NEGOTIATE            STATUS_SUCCESS              dialect=\"NT LM 0.12\" ...".
// A value is quoted when it is empty or holds a space, '"', '=' or a control character.
std::string format_trace_line(const TraceEvent& event);

// ---- Options and results ---------------------------------------------------------------------

struct ClientOptions {
  std::string host;
  uint16_t port = 445;
  bool netbios = false;  // the NetBIOS session service (RFC 1002) before SMB, as on port 139
  std::string user, password, domain;  // empty user and password: anonymous logon
  // Extended: NTLMSSP in SPNEGO (MS-SMB 3.2.4.2.4). Challenge: the NT LM 0.12 challenge/response
  // logon with LMv2/NTLMv2 responses (MS-CIFS 3.2.4.2.4). The server's NEGOTIATE response has
  // the last word: the client logs on in the form it answers with.
  enum class Security { Extended, Challenge } security = Security::Extended;
  std::string dialect = "NT1";  // the only one spoken so far
  bool force_open_andx = false;  // open with SMB_COM_OPEN_ANDX instead of NT_CREATE_ANDX
  std::chrono::milliseconds reply_timeout{30000};  // per reply; STATUS_IO_TIMEOUT after it
  std::string workstation;  // NetBIOS calling name and NTLM workstation; the host name if empty
  std::function<void(const TraceEvent&)> trace;  // optional
};

using TreeId = uint16_t;

struct FileHandle {
  TreeId tree = 0;
  uint16_t fid = 0;
  uint64_t size = 0;  // end of file when opened
  uint32_t attributes = 0;  // MS-FSCC 2.6 FILE_ATTRIBUTE_* bits
  bool directory = false;
};

struct FileInfo {
  std::string name;  // UTF-8 leaf name
  uint64_t size = 0;
  uint64_t allocation_size = 0;
  uint32_t attributes = 0;  // MS-FSCC 2.6
  bool directory = false;
  // FILETIME (100 ns since 1601-01-01 UTC); 0 when the server did not say.
  uint64_t creation_time = 0;
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t change_time = 0;
};

// NtCreateFile-style open parameters (MS-SMB2 2.2.13 values, as NT_CREATE_ANDX takes them).
// The default opens an existing file (not a directory) for reading, sharing it with anyone.
struct OpenOptions {
  uint32_t desired_access = 0x00120089;  // FILE_GENERIC_READ
  uint32_t share_access = 0x00000007;    // FILE_SHARE_READ | WRITE | DELETE
  uint32_t create_disposition = 1;       // FILE_OPEN
  uint32_t create_options = 0x00000040;  // FILE_NON_DIRECTORY_FILE
};

// Receives a file's bytes in order; an error stops the transfer with that status.
using DataSink = std::function<Result<void>(std::span<const uint8_t>)>;

// What the server said at NEGOTIATE.
struct ServerInfo {
  uint32_t capabilities = 0;  // MS-CIFS 2.2.4.52.2 / MS-SMB 2.2.4.5.2 CAP_* bits
  uint32_t max_buffer_size = 0;
  uint16_t max_mpx_count = 0;
  bool extended_security = false;
  std::string domain;  // from a non-extended NEGOTIATE response
};

class Client {
 public:
  // Connects (TCP, then the NetBIOS session if asked), negotiates and logs on.
  static Result<std::unique_ptr<Client>> connect(const ClientOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const ServerInfo& server() const;

  // SMB_COM_TREE_CONNECT_ANDX to \\host\share.
  Result<TreeId> tree_connect(std::string_view share);
  // Paths are relative to the share root, '/' or '\' separated ("dir/file.txt").
  Result<FileHandle> open(TreeId tree, std::string_view path, const OpenOptions& options = {});
  // Reads at `offset` until `out` is full or the end of the file; returns the bytes read.
  Result<size_t> read(const FileHandle& file, uint64_t offset, std::span<uint8_t> out);
  // Reads the whole file from offset 0 to its end, several reads in flight; returns the bytes.
  Result<uint64_t> read_all(const FileHandle& file, const DataSink& sink);
  // The entries of a directory matching `pattern`, "." and ".." left out, in the server's order.
  Result<std::vector<FileInfo>> list(TreeId tree, std::string_view dir,
                                     std::string_view pattern = "*");
  Result<FileInfo> stat(TreeId tree, std::string_view path);
  Result<void> close(const FileHandle& file);
  Result<void> tree_disconnect(TreeId tree);
  Result<void> logoff();

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace smbkit::client
