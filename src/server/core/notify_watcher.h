// Change notification for one connection, for both dialects (NT_TRANSACT_NOTIFY_CHANGE, MS-CIFS
// 3.3.5.59.4; SMB2 CHANGE_NOTIFY, MS-SMB2 3.3.5.19): inotify watches on the directories its
// handles name, read on the connection's event loop. Handles are the dialect's (an SMB1 FID, an
// SMB2 volatile file id), grouped by tree. Changes are kept per handle between requests (bounded
// by the last request's buffer size; past it the handle reports STATUS_NOTIFY_ENUM_DIR) and a
// pending request completes through its callback as soon as there are some. Thread-safe:
// handlers run on the worker pool, inotify is read on the loop.
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

#include "fscc/notify_information.h"
#include "server/ids.h"
#include "server/unix_identity.h"
#include "smbkit/status.h"

namespace smbkit::server {

// What a NOTIFY request gets at once: changes kept since the last request, or overflow.
struct NotifyNow {
  NtStatus status = NtStatus::Success;  // or NotifyEnumDir
  std::vector<fscc::FileNotifyEntry> entries;
};

// How a pending request is answered: its status (Success with the entries, NotifyEnumDir,
// Cancelled, NotifyCleanup) and the entries. Called with the watcher's mutex held: it must only
// queue the reply.
using NotifyCompletion = std::function<void(NtStatus, std::vector<fscc::FileNotifyEntry>)>;

// What a request watches for (MS-SMB2 2.2.35, MS-CIFS 2.2.7.4.1).
struct NotifyAsk {
  uint32_t completion_filter = 0;
  bool watch_tree = false;
  uint32_t max_bytes = 0;  // the reply's room for entries
};

class NotifyWatcher : public std::enable_shared_from_this<NotifyWatcher> {
 public:
  // The most directories one connection watches (WatchTree on a deep tree stops adding there).
  static constexpr size_t kMaxDirectories = 4096;

  // nullptr when inotify cannot be had (the request then fails with InsufficientResources).
  static std::shared_ptr<NotifyWatcher> create(asio::any_io_executor loop);
  ~NotifyWatcher();

  // A request on directory handle `handle` of tree `tree` (open as `dir_fd`, which is
  // duplicated). Returns the changes to answer with now, or nullopt when the request was made
  // pending as `id`, to be answered through `done`. The filter and WatchTree of the handle's
  // first request stay (as on Windows).
  std::optional<NotifyNow> request(uint64_t handle, uint64_t tree, int dir_fd,
                                   const NotifyAsk& ask, RequestId id, NotifyCompletion done);
  // NT_CANCEL / SMB2 CANCEL: completes the pending request `id` with STATUS_CANCELLED. False
  // when there is none.
  bool cancel(RequestId id);
  // The handle was closed: its pending request completes with STATUS_NOTIFY_CLEANUP.
  void forget_handle(uint64_t handle);
  // Every handle of the tree, as forget_handle.
  void forget_tree(uint64_t tree);

 private:
  struct Pending {
    RequestId id;
    NotifyCompletion done;
  };
  struct Watch {
    uint64_t tree = 0;
    int root_fd = -1;  // the handle's directory, for opening subdirectories confined below it
    uint32_t filter = 0;
    bool tree_watch = false;  // WatchTree: subdirectories too
    uint32_t max_bytes = 0;
    std::vector<fscc::FileNotifyEntry> changes;
    size_t change_bytes = 0;
    bool overflow = false;
    std::optional<Pending> pending;
    // Whom the request that made the watch acted as: subdirectories that appear later are
    // opened as them (unix_identity.h), not as the server.
    IdentityRef identity;
  };
  struct DirRef {
    uint64_t handle;
    std::string relative;  // from the watched directory, backslash-separated; "" for itself
  };

  NotifyWatcher(asio::any_io_executor loop, int inotify_fd);
  void read_events();
  void on_events(const uint8_t* data, size_t size);
  // Watches `fd` (a directory) as `relative` under the handle; with `tree`, its subdirectories.
  void add_directory(uint64_t handle, int fd, const std::string& relative, bool tree);
  void record(Watch& w, uint32_t action, uint32_t kind, std::string name);
  void complete(Watch& w, NtStatus status);
  void remove(uint64_t handle, NtStatus status);

  int inotify_fd_;
  asio::posix::stream_descriptor stream_;
  std::shared_ptr<std::vector<uint8_t>> buffer_;
  std::mutex mutex_;
  std::map<uint64_t, Watch> watches_;               // by handle
  std::map<int, std::vector<DirRef>> directories_;  // by inotify watch descriptor
};

}  // namespace smbkit::server
