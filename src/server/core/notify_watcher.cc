#include "server/core/notify_watcher.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

#include "server/log.h"

namespace smbkit::server {
namespace {

using fscc::FileNotifyEntry;

constexpr uint32_t kEvents = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY |
                             IN_ATTRIB | IN_ONLYDIR;
// What IN_ATTRIB stands for: any of the metadata a client may filter on.
constexpr uint32_t kAttributeChanges =
    fscc::kFileNotifyChangeAttributes | fscc::kFileNotifyChangeLastWrite |
    fscc::kFileNotifyChangeLastAccess | fscc::kFileNotifyChangeCreation |
    fscc::kFileNotifyChangeSecurity | fscc::kFileNotifyChangeEa;

// An entry's bytes on the wire (MS-FSCC 2.7.1), at most: UTF-16 is never longer than 2 bytes a
// UTF-8 byte, and each entry is padded to 4.
size_t entry_bytes(const std::string& name) { return (12 + name.size() * 2 + 3) & ~size_t{3}; }

// Opens directory `name` below `parent` without following a symbolic link.
int open_subdirectory(int parent, const std::string& name) {
  return openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// Opens `relative` (backslash-separated) below `root` one component at a time, never following
// a link, so a watch cannot be steered out of the share.
int open_relative(int root, const std::string& relative) {
  int fd = dup(root);
  size_t start = 0;
  while (fd >= 0 && start < relative.size()) {
    size_t end = relative.find('\\', start);
    if (end == std::string::npos) end = relative.size();
    int next = open_subdirectory(fd, relative.substr(start, end - start));
    close(fd);
    fd = next;
    start = end + 1;
  }
  return fd;
}

std::string join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "\\" + std::string(name);
}

}  // namespace

std::shared_ptr<NotifyWatcher> NotifyWatcher::create(asio::any_io_executor loop) {
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return nullptr;
  std::shared_ptr<NotifyWatcher> w(new NotifyWatcher(std::move(loop), fd));
  w->read_events();
  return w;
}

NotifyWatcher::NotifyWatcher(asio::any_io_executor loop, int inotify_fd)
    : inotify_fd_(inotify_fd),
      stream_(loop, inotify_fd),
      buffer_(std::make_shared<std::vector<uint8_t>>(64 * 1024)) {}

NotifyWatcher::~NotifyWatcher() {
  for (auto& [handle, w] : watches_) close(w.root_fd);
  asio::error_code ignored;
  stream_.close(ignored);  // closes the inotify fd, and with it every watch
}

void NotifyWatcher::read_events() {
  auto buffer = buffer_;  // outlives the read even if the watcher goes first
  auto target = asio::buffer(*buffer);
  stream_.async_read_some(target, [weak = weak_from_this(), buffer](const asio::error_code& ec,
                                                                    size_t n) {
    auto self = weak.lock();
    if (ec || !self) return;
    self->on_events(buffer->data(), n);
    self->read_events();
  });
}

void NotifyWatcher::on_events(const uint8_t* data, size_t size) {
  std::lock_guard lock(mutex_);
  size_t at = 0;
  while (at + sizeof(inotify_event) <= size) {
    inotify_event ev;
    std::memcpy(&ev, data + at, sizeof ev);
    std::string_view name;
    if (ev.len > 0) name = reinterpret_cast<const char*>(data + at + sizeof ev);
    at += sizeof ev + ev.len;
    if (ev.mask & IN_Q_OVERFLOW) {
      for (auto& [handle, w] : watches_) {
        w.overflow = true;
        w.changes.clear();
        w.change_bytes = 0;
      }
      continue;
    }
    auto dir = directories_.find(ev.wd);
    if (dir == directories_.end()) continue;
    if (ev.mask & IN_IGNORED) {  // the directory is gone
      directories_.erase(dir);
      continue;
    }
    if (name.empty()) continue;
    bool is_dir = ev.mask & IN_ISDIR;
    uint32_t name_kind = is_dir ? fscc::kFileNotifyChangeDirName : fscc::kFileNotifyChangeFileName;
    std::vector<DirRef> refs = dir->second;  // add_directory may change the map
    for (const DirRef& ref : refs) {
      auto it = watches_.find(ref.handle);
      if (it == watches_.end()) continue;
      Watch& w = it->second;
      std::string path = join(ref.relative, name);
      if (ev.mask & IN_CREATE) {
        record(w, fscc::kFileActionAdded, name_kind, path);
      } else if (ev.mask & IN_DELETE) {
        record(w, fscc::kFileActionRemoved, name_kind, path);
      } else if (ev.mask & IN_MOVED_FROM) {
        record(w, fscc::kFileActionRenamedOldName, name_kind, path);
      } else if (ev.mask & IN_MOVED_TO) {
        record(w, fscc::kFileActionRenamedNewName, name_kind, path);
      } else if ((ev.mask & IN_MODIFY) && !is_dir) {
        record(w, fscc::kFileActionModified,
               fscc::kFileNotifyChangeSize | fscc::kFileNotifyChangeLastWrite, path);
      } else if (ev.mask & IN_ATTRIB) {
        record(w, fscc::kFileActionModified, kAttributeChanges, path);
      }
      // A directory that appears under a tree watch is watched too.
      if (is_dir && w.tree_watch && (ev.mask & (IN_CREATE | IN_MOVED_TO))) {
        ActAs as(w.identity);
        int fd = open_relative(w.root_fd, path);
        if (fd >= 0) {
          add_directory(ref.handle, fd, path, true);
          close(fd);
        }
      }
    }
  }
  for (auto& [handle, w] : watches_)
    if (w.pending && (w.overflow || !w.changes.empty()))
      complete(w, w.overflow ? NtStatus::NotifyEnumDir : NtStatus::Success);
}

void NotifyWatcher::record(Watch& w, uint32_t action, uint32_t kind, std::string name) {
  if ((w.filter & kind) == 0 || w.overflow) return;
  FileNotifyEntry entry{action, std::move(name)};
  if (!w.changes.empty() && w.changes.back() == entry) return;  // a write seen in several parts
  w.change_bytes += entry_bytes(entry.name);
  if (w.change_bytes > w.max_bytes) {
    w.overflow = true;
    w.changes.clear();
    w.change_bytes = 0;
    return;
  }
  w.changes.push_back(std::move(entry));
}

void NotifyWatcher::add_directory(uint64_t handle, int fd, const std::string& relative,
                                  bool tree) {
  if (directories_.size() >= kMaxDirectories) return;
  std::string proc = "/proc/self/fd/" + std::to_string(fd);
  int wd = inotify_add_watch(inotify_fd_, proc.c_str(), kEvents);
  if (wd < 0) {
    log_debug("inotify_add_watch on {}: {}", relative, std::strerror(errno));
    return;
  }
  auto& refs = directories_[wd];
  for (const DirRef& r : refs)
    if (r.handle == handle) return;  // already watched for this handle
  refs.push_back({handle, relative});
  if (!tree) return;
  int listing = dup(fd);
  DIR* d = listing >= 0 ? fdopendir(listing) : nullptr;
  if (!d) {
    if (listing >= 0) close(listing);
    return;
  }
  std::vector<std::string> subdirs;
  while (dirent* e = readdir(d)) {
    std::string_view n = e->d_name;
    if (n != "." && n != ".." && e->d_type == DT_DIR) subdirs.emplace_back(n);
  }
  closedir(d);
  for (const auto& n : subdirs) {
    int sub = open_subdirectory(fd, n);
    if (sub < 0) continue;
    add_directory(handle, sub, join(relative, n), true);
    close(sub);
  }
}

std::optional<NotifyNow> NotifyWatcher::request(uint64_t handle, uint64_t tree, int dir_fd,
                                                const NotifyAsk& ask, RequestId id,
                                                NotifyCompletion done) {
  std::lock_guard lock(mutex_);
  auto [it, created] = watches_.try_emplace(handle);
  Watch& w = it->second;
  w.max_bytes = ask.max_bytes;
  if (created) {
    w.tree = tree;
    w.filter = ask.completion_filter;
    w.tree_watch = ask.watch_tree;
    w.identity = acting_identity();
    w.root_fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
    if (w.root_fd >= 0) add_directory(handle, w.root_fd, "", w.tree_watch);
  }
  if (w.overflow || !w.changes.empty()) {
    NotifyNow now{w.overflow ? NtStatus::NotifyEnumDir : NtStatus::Success, std::move(w.changes)};
    w.changes.clear();
    w.change_bytes = 0;
    w.overflow = false;
    return now;
  }
  w.pending = Pending{id, std::move(done)};
  return std::nullopt;
}

void NotifyWatcher::complete(Watch& w, NtStatus status) {
  std::vector<FileNotifyEntry> entries;
  if (status == NtStatus::Success) entries = std::move(w.changes);
  w.changes.clear();
  w.change_bytes = 0;
  w.overflow = false;
  Pending pending = std::move(*w.pending);
  w.pending.reset();
  pending.done(status, std::move(entries));
}

bool NotifyWatcher::cancel(RequestId id) {
  std::lock_guard lock(mutex_);
  for (auto& [handle, w] : watches_) {
    if (w.pending && w.pending->id == id) {
      complete(w, NtStatus::Cancelled);
      return true;
    }
  }
  return false;
}

void NotifyWatcher::remove(uint64_t handle, NtStatus status) {
  auto it = watches_.find(handle);
  if (it == watches_.end()) return;
  if (it->second.pending) complete(it->second, status);
  close(it->second.root_fd);
  watches_.erase(it);
  for (auto d = directories_.begin(); d != directories_.end();) {
    std::erase_if(d->second, [handle](const DirRef& r) { return r.handle == handle; });
    if (d->second.empty()) {
      inotify_rm_watch(inotify_fd_, d->first);
      d = directories_.erase(d);
    } else {
      ++d;
    }
  }
}

void NotifyWatcher::forget_handle(uint64_t handle) {
  std::lock_guard lock(mutex_);
  remove(handle, NtStatus::NotifyCleanup);
}

void NotifyWatcher::forget_tree(uint64_t tree) {
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> handles;
  for (auto& [handle, w] : watches_)
    if (w.tree == tree) handles.push_back(handle);
  for (uint64_t handle : handles) remove(handle, NtStatus::NotifyCleanup);
}

}  // namespace smbkit::server
