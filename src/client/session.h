// What the Client asks of a logged-on session, whatever the dialect: SMB1 (Smb1Session) or
// SMB 2/3 (Smb2Session) implement it, and the Client picks one at connect. Each call is a
// coroutine run on the Client's io_context; one operation at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <asio/awaitable.hpp>

#include "fscc/file_info.h"
#include "smbkit/client.h"

namespace smbkit::client {

class Session {
 public:
  virtual ~Session() = default;

  virtual const ServerInfo& server() const = 0;
  virtual asio::awaitable<Result<TreeId>> tree_connect(std::string share) = 0;
  virtual asio::awaitable<Result<FileHandle>> open(TreeId tree, std::string path,
                                                   OpenOptions options) = 0;
  virtual asio::awaitable<Result<size_t>> read(FileHandle file, uint64_t offset,
                                               std::span<uint8_t> out) = 0;
  virtual asio::awaitable<Result<uint64_t>> read_all(FileHandle file, const DataSink& sink) = 0;
  virtual asio::awaitable<Result<std::vector<FileInfo>>> list(TreeId tree, std::string dir,
                                                              std::string pattern) = 0;
  virtual asio::awaitable<Result<FileInfo>> stat(TreeId tree, std::string path) = 0;
  virtual asio::awaitable<Result<void>> close(FileHandle file) = 0;
  virtual asio::awaitable<Result<size_t>> write(FileHandle file, uint64_t offset,
                                                std::span<const uint8_t> data,
                                                WriteOptions options) = 0;
  virtual asio::awaitable<Result<uint64_t>> write_all(FileHandle file, const DataSource& source,
                                                      WriteOptions options) = 0;
  virtual asio::awaitable<Result<void>> flush(FileHandle file) = 0;
  virtual asio::awaitable<Result<void>> mkdir(TreeId tree, std::string path) = 0;
  virtual asio::awaitable<Result<void>> rmdir(TreeId tree, std::string path) = 0;
  virtual asio::awaitable<Result<void>> unlink(TreeId tree, std::string path) = 0;
  virtual asio::awaitable<Result<void>> rename(TreeId tree, std::string from, std::string to) = 0;
  virtual asio::awaitable<Result<void>> set_basic_info(TreeId tree, std::string path,
                                                       FileInfo info) = 0;
  // Until `sink` returns false or `stop` is set; interrupt_watch() (run on the session's
  // executor after `stop` was set) cancels the request pending then.
  virtual asio::awaitable<Result<void>> watch(TreeId tree, std::string dir, WatchOptions options,
                                              const ChangeSink& sink,
                                              const std::atomic<bool>& stop) = 0;
  virtual void interrupt_watch() = 0;
  virtual asio::awaitable<Result<std::vector<ShareInfo>>> list_shares() = 0;
  virtual asio::awaitable<Result<ServerDescription>> describe_server() = 0;
  virtual asio::awaitable<Result<void>> tree_disconnect(TreeId tree) = 0;
  virtual asio::awaitable<Result<void>> logoff() = 0;
};

// What a listing or a query says of a file (src/fscc's FileInfo), as the API gives it, named
// `name`.
FileInfo to_client_info(const smbkit::FileInfo& f, std::string name);

// The local host's name, upper-cased and cut to a NetBIOS name's 15 characters, up to the first
// dot: the workstation name a session gives when the options name none.
std::string local_netbios_name();

// "dir/sub\\file" -> "\\dir\\sub\\file"; the share root is "\\" (SMB1 paths).
std::string smb_path(std::string_view path);
// "dir/sub\\file" -> "dir\\sub\\file"; the share root is "" (SMB2 CREATE names, MS-SMB2 2.2.13:
// relative to the share, no leading separator).
std::string smb2_path(std::string_view path);

}  // namespace smbkit::client
