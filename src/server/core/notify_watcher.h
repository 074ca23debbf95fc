// Change notification for one connection (NT_TRANSACT_NOTIFY_CHANGE, MS-CIFS 2.2.7.4 and
// 3.3.5.59.4): inotify watches on the directories its handles name, read on the connection's
// event loop. Changes are kept per handle between requests (bounded by the last request's
// MaxParameterCount; past it the handle reports STATUS_NOTIFY_ENUM_DIR) and a pending request is
// answered through the connection's reply sink as soon as there are some. Thread-safe: handlers
// run on the worker pool, inotify is read on the loop.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <asio.hpp>

#include "smb1/header.h"
#include "smb1/nt_transact_notify.h"
#include "smbkit/status.h"

namespace smbkit::server {

// Queues a framed reply for a request answered after its handler returned.
using ReplySink = std::function<void(std::vector<uint8_t>)>;

// What a NOTIFY request gets at once: changes kept since the last request, or overflow.
struct NotifyNow {
  NtStatus status = NtStatus::Success;  // or NotifyEnumDir
  std::vector<smb1::FileNotifyEntry> entries;
};

class NotifyWatcher : public std::enable_shared_from_this<NotifyWatcher> {
 public:
  // The most directories one connection watches (WatchTree on a deep tree stops adding there).
  static constexpr size_t kMaxDirectories = 4096;

  // nullptr when inotify cannot be had (the request then fails with InsufficientResources).
  static std::shared_ptr<NotifyWatcher> create(asio::any_io_executor loop, ReplySink sink);
  ~NotifyWatcher();

  // A NOTIFY request on directory handle `fid` (open as `dir_fd`, which is duplicated). Returns
  // the changes to answer with now, or nullopt when the request was made pending. The filter and
  // WatchTree of the handle's first request stay (as on Windows).
  std::optional<NotifyNow> request(uint16_t fid, uint16_t tid, int dir_fd,
                                   const smb1::NotifyChangeSetup& setup,
                                   const smb1::Header& request, uint32_t max_bytes);
  // NT_CANCEL: completes the pending request with this UID, PID and MID with STATUS_CANCELLED.
  // False when there is none.
  bool cancel(uint16_t uid, uint32_t pid, uint16_t mid);
  // The handle was closed: its pending request completes with STATUS_NOTIFY_CLEANUP.
  void forget_fid(uint16_t fid);
  // Every handle of the tree, as forget_fid.
  void forget_tree(uint16_t tid);

 private:
  struct Watch {
    uint16_t tid = 0;
    int root_fd = -1;  // the handle's directory, for opening subdirectories confined below it
    uint32_t filter = 0;
    bool tree = false;
    uint32_t max_bytes = 0;
    std::vector<smb1::FileNotifyEntry> changes;
    size_t change_bytes = 0;
    bool overflow = false;
    std::optional<smb1::Header> pending;
  };
  struct DirRef {
    uint16_t fid;
    std::string relative;  // from the watched directory, backslash-separated; "" for itself
  };

  NotifyWatcher(asio::any_io_executor loop, int inotify_fd, ReplySink sink);
  void read_events();
  void on_events(const uint8_t* data, size_t size);
  // Watches `fd` (a directory) as `relative` under the handle; with `tree`, its subdirectories.
  void add_directory(uint16_t fid, int fd, const std::string& relative, bool tree);
  void record(uint16_t fid, Watch& w, uint32_t action, uint32_t kind, std::string name);
  void complete(Watch& w, NtStatus status);
  void remove(uint16_t fid, NtStatus status);

  int inotify_fd_;
  asio::posix::stream_descriptor stream_;
  ReplySink sink_;
  std::shared_ptr<std::vector<uint8_t>> buffer_;
  std::mutex mutex_;
  std::map<uint16_t, Watch> watches_;            // by FID
  std::map<int, std::vector<DirRef>> directories_;  // by inotify watch descriptor
};

}  // namespace smbkit::server
