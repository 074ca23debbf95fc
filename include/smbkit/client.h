// The smbkit client: connect, log on, open, read and write files, list directories, create,
// delete and rename names, watch directories for changes, list a server's shares, over SMB
// 2.0.2-3.1.1 (signed and encrypted when asked) or SMB1 (NT LM 0.12), picked at connect. The protocol runs on an asio io_context owned by the Client; each call below
// runs it until that one operation completes, so a Client is used from one thread at a time
// (stop_watch() excepted).
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
  // The highest dialect offered, by smb.conf's names: SMB3_11 (the default), SMB3_02, SMB3_00,
  // SMB2_10, SMB2_02 (SMB2 and SMB3 name the highest of each); SMB 2/3 offers every dialect from
  // 2.0.2 up to it and the server picks. NT1 speaks SMB1 alone: never a silent fallback.
  std::string dialect = "SMB3_11";
  // SMB 2/3: sign every message of the session (MS-SMB2 3.2.5.3.1 with signing required), and
  // refuse to go on with a server that cannot.
  bool sign = false;
  // SMB 3.x: encrypt every message of the session (AES-128/256-GCM/CCM, the server picks among
  // those offered); a server that cannot (a dialect below 3.0, no common cipher) is refused with
  // STATUS_ACCESS_DENIED.
  bool encrypt = false;
  // SMB 3.1.1: the ciphers and signing algorithms offered, most preferred first, by smb.conf's
  // names ("AES-128-GCM AES-128-CCM AES-256-GCM AES-256-CCM"; "AES-128-GMAC AES-128-CMAC
  // HMAC-SHA256"), as its "client smb3 encryption/signing algorithms"; empty: all of them, in
  // that order.
  std::vector<std::string> encryption_algorithms;
  std::vector<std::string> signing_algorithms;
  bool force_open_andx = false;  // SMB1: open with SMB_COM_OPEN_ANDX instead of NT_CREATE_ANDX
  std::chrono::milliseconds reply_timeout{30000};  // per reply; STATUS_IO_TIMEOUT after it
  std::string workstation;  // NetBIOS calling name and NTLM workstation; the host name if empty
  std::function<void(const TraceEvent&)> trace;  // optional
};

using TreeId = uint32_t;  // SMB1's 16-bit TID or SMB2's 32-bit TreeId

struct FileHandle {
  TreeId tree = 0;
  uint16_t fid = 0;  // SMB1
  uint64_t persistent_id = 0, volatile_id = 0;  // SMB 2/3 (MS-SMB2 2.2.14.1 SMB2_FILEID)
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

  // A file opened to be written from the start: created, or emptied if it exists
  // (FILE_OVERWRITE_IF), for reading and writing; with FILE_WRITE_THROUGH when asked.
  static OpenOptions replace_file(bool write_through = false);
  // An existing directory, opened to list it or watch it (FILE_LIST_DIRECTORY, FILE_OPEN,
  // FILE_DIRECTORY_FILE).
  static OpenOptions existing_directory();
  // A named pipe on IPC$, opened to exchange messages (DCE/RPC): read and write data, EAs and
  // attributes, READ_CONTROL (what Samba's own client asks), shared for reading and writing.
  static OpenOptions named_pipe();
};

// Receives a file's bytes in order; an error stops the transfer with that status.
using DataSink = std::function<Result<void>(std::span<const uint8_t>)>;
// Gives the bytes to write, in order: fills the start of `buffer` and returns how many bytes it
// put there, 0 at the end of the data. An error stops the transfer with that status.
using DataSource = std::function<Result<size_t>(std::span<uint8_t> buffer)>;

struct WriteOptions {
  // WriteMode Writethrough (MS-CIFS 2.2.4.43.1): each write is on stable storage before the
  // server answers it.
  bool write_through = false;
};

// One change in a watched directory (MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION).
enum class ChangeAction : uint32_t {
  Added = 1,
  Removed = 2,
  Modified = 3,
  RenamedOldName = 4,
  RenamedNewName = 5,
  AddedStream = 6,
  RemovedStream = 7,
  ModifiedStream = 8,
};

struct Change {
  ChangeAction action = ChangeAction::Modified;  // a value the server sent, maybe unnamed above
  std::string name;  // relative to the watched directory, '/'-separated, UTF-8
  bool operator==(const Change&) const = default;
};

// "added", "removed", "modified", "renamed-from", "renamed-to", "stream-added",
// "stream-removed", "stream-modified"; "action-0xNNNNNNNN" for others.
std::string change_action_name(ChangeAction action);

struct WatchOptions {
  bool recursive = false;  // WatchTree: changes in subdirectories too
  // MS-CIFS 2.2.7.4.1 CompletionFilter: names (files and directories), attributes, size, last
  // write and creation time.
  uint32_t completion_filter = 0x0000005F;
  // MaxParameterCount: the server keeps up to this many bytes of changes between two requests.
  uint32_t buffer_size = 16 * 1024;
};

// One report of changes. `overflow`: the server could not keep track of what changed
// (STATUS_NOTIFY_ENUM_DIR, or an empty report): list the directory again (MS-CIFS 3.2.5.40.3).
// Returns false to end the watch.
using ChangeSink = std::function<bool(const std::vector<Change>& changes, bool overflow)>;

// What the server said at NEGOTIATE and SESSION_SETUP.
struct ServerInfo {
  std::string dialect;  // "NT LM 0.12", "SMB 2.0.2", "SMB 2.1", "SMB 3.0", "SMB 3.0.2", "SMB 3.1.1"
  // SMB1: MS-CIFS 2.2.4.52.2 / MS-SMB 2.2.4.5.2 CAP_* bits; SMB 2/3: SMB2_GLOBAL_CAP_* bits.
  uint32_t capabilities = 0;
  uint32_t max_buffer_size = 0;  // SMB1
  uint16_t max_mpx_count = 0;    // SMB1
  bool extended_security = false;
  std::string domain;  // from a non-extended NEGOTIATE response
  uint16_t smb2_dialect = 0;  // 0x0202 ... 0x0311; 0 over SMB1
  uint32_t max_read_size = 0, max_write_size = 0, max_transact_size = 0;  // SMB 2/3
  std::string signing;     // "HMAC-SHA256", "AES-CMAC", "AES-GMAC"; empty when not signing
  std::string encryption;  // "AES-128-GCM", ...; empty when the session is not encrypted
};

// One share a server lists (MS-SRVS 2.2.4.23 SHARE_INFO_1, from NetrShareEnum).
struct ShareInfo {
  // shi1_type (MS-SRVS 2.2.2.4): the kind in the low byte (STYPE_MASK), flags above it.
  static constexpr uint32_t kDisk = 0x00000000;        // STYPE_DISKTREE
  static constexpr uint32_t kPrintQueue = 0x00000001;  // STYPE_PRINTQ
  static constexpr uint32_t kDevice = 0x00000002;      // STYPE_DEVICE
  static constexpr uint32_t kIpc = 0x00000003;         // STYPE_IPC
  static constexpr uint32_t kKindMask = 0x000000FF;    // STYPE_MASK
  static constexpr uint32_t kTemporary = 0x40000000;   // STYPE_TEMPORARY
  static constexpr uint32_t kSpecial = 0x80000000;     // STYPE_SPECIAL: IPC$, ADMIN$, C$, ...

  std::string name;
  uint32_t type = kDisk;  // as the server sent it
  std::string comment;

  uint32_t kind() const { return type & kKindMask; }
  bool special() const { return (type & kSpecial) != 0; }
  bool temporary() const { return (type & kTemporary) != 0; }
  bool operator==(const ShareInfo&) const = default;
};

// The kind of a share type as `smbclient -L` names it: "Disk", "Printer", "Device", "IPC";
// "0xNN" for another.
std::string share_kind_name(uint32_t type);

// What a server says of itself to NetrServerGetInfo level 101 (MS-SRVS 2.2.4.41
// SERVER_INFO_101).
struct ServerDescription {
  uint32_t platform_id = 0;  // 500: PLATFORM_ID_NT
  std::string name;          // NetBIOS name
  uint32_t version_major = 0;
  uint32_t version_minor = 0;
  uint32_t type = 0;  // SV_TYPE_* bits
  std::string comment;
  bool operator==(const ServerDescription&) const = default;
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

  // Writes `data` at `offset` (several WRITE_ANDX requests when it exceeds one); returns the
  // bytes written, all of them unless the server wrote fewer (a full disk).
  Result<size_t> write(const FileHandle& file, uint64_t offset, std::span<const uint8_t> data,
                       const WriteOptions& options = {});
  // Writes what `source` gives from offset 0 on, several writes in flight; returns the bytes.
  Result<uint64_t> write_all(const FileHandle& file, const DataSource& source,
                             const WriteOptions& options = {});
  // SMB_COM_FLUSH: the file's data on stable storage.
  Result<void> flush(const FileHandle& file);

  // SMB_COM_CREATE_DIRECTORY.
  Result<void> mkdir(TreeId tree, std::string_view path);
  // SMB_COM_DELETE_DIRECTORY: an empty directory.
  Result<void> rmdir(TreeId tree, std::string_view path);
  // SMB_COM_DELETE: a file, or every file matching wildcards in the last component ("dir/*.tmp"),
  // hidden and system files included. A server that refuses wildcards there
  // (STATUS_OBJECT_NAME_INVALID) gets one DELETE per file a listing matches. No match is
  // STATUS_NO_SUCH_FILE (or STATUS_OBJECT_NAME_NOT_FOUND).
  Result<void> unlink(TreeId tree, std::string_view path);
  // SMB_COM_RENAME: a file or directory to a new name in the same share, which must not exist.
  Result<void> rename(TreeId tree, std::string_view from, std::string_view to);
  // TRANS2_SET_PATH_INFORMATION SMB_SET_FILE_BASIC_INFO: the times that are not 0 and, when not
  // 0, the attributes. FileInfo's other fields are ignored.
  Result<void> set_basic_info(TreeId tree, std::string_view path, const FileInfo& info);

  // Watches a directory with NT_TRANSACT_NOTIFY_CHANGE, one request after another, and hands
  // each report to `sink` until the sink returns false or stop_watch() is called (then the
  // pending request is cancelled with SMB_COM_NT_CANCEL, and the watch ends when the server
  // answers it). Success in both cases.
  Result<void> watch(TreeId tree, std::string_view dir, const WatchOptions& options,
                     const ChangeSink& sink);
  // Ends the watch in progress, or the next one to start. Safe from any thread (e.g. one that
  // waits for SIGINT) while watch() runs in another.
  void stop_watch();

  // The shares the server lists, in its order: NetrShareEnum level 1 (MS-SRVS 3.1.4.8) over the
  // srvsvc named pipe on IPC$, the resume handle followed until every entry is read. The pipe
  // (an IPC$ tree and an open of \srvsvc, DCE/RPC bound to srvsvc) is opened by the first of
  // these calls and kept for the next; logoff() closes it. A call the server fails gives its
  // NET_API_STATUS as an NTSTATUS (ERROR_ACCESS_DENIED: STATUS_ACCESS_DENIED, others
  // 0xC007xxxx), a DCE/RPC fault its RPC_NT_* status, a refused BIND STATUS_NOT_SUPPORTED.
  Result<std::vector<ShareInfo>> list_shares();
  // The server's name, version and comment: NetrServerGetInfo level 101 (MS-SRVS 3.1.4.17),
  // over the same pipe.
  Result<ServerDescription> describe_server();

  Result<void> tree_disconnect(TreeId tree);
  // Closes the srvsvc pipe if one is open, then SMB_COM_LOGOFF_ANDX.
  Result<void> logoff();

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace smbkit::client
