#include "server/open_registry.h"

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <vector>

#include "smb1/access.h"

namespace smbkit::server {
namespace {

using Clock = std::chrono::steady_clock;

// The accesses that take part in share-mode checks (MS-FSA 2.1.5.1.2.2).
constexpr uint32_t kDataAccess =
    kFileReadData | kFileExecute | kFileWriteData | kFileAppendData | kDelete;

bool reads(uint32_t access) { return access & (kFileReadData | kFileExecute); }
bool writes(uint32_t access) { return access & (kFileWriteData | kFileAppendData); }
bool deletes(uint32_t access) { return access & kDelete; }

// Whether an open sharing `share` refuses an open asking for `access`.
bool refuses(uint32_t share, uint32_t access) {
  return (!(share & kFileShareRead) && reads(access)) ||
         (!(share & kFileShareWrite) && writes(access)) ||
         (!(share & kFileShareDelete) && deletes(access));
}

// MS-FSA 2.1.5.8: a range whose last byte would lie past 2^64 - 1.
bool wraps(ByteRange r) { return r.length != 0 && r.offset + (r.length - 1) < r.offset; }

// MS-FSA 2.1.4.10's overlap test, in its unsigned arithmetic: a zero-length range at n "ends"
// at n - 1, so it overlaps only ranges that hold both byte n - 1 and byte n.
bool overlaps(ByteRange a, ByteRange b) {
  uint64_t last_a = a.offset + a.length - 1;
  uint64_t last_b = b.offset + b.length - 1;
  return a.offset <= last_b && last_a >= b.offset;
}

bool is_zero_zero(ByteRange r) { return r.offset == 0 && r.length == 0; }

struct HeldLock {
  const void* open;        // the OpenRecord that holds it
  const void* connection;  // that open's connection
  uint32_t key;
  ByteRange range;
  bool exclusive;
};

// MS-FSA 2.1.4.10: whether an access by (`open`, `key`) to `range` — with exclusive intent (a
// write, an exclusive lock) or not, to lock or to do I/O — conflicts with `held`.
bool conflicts(const HeldLock& held, const void* open, uint32_t key, ByteRange range,
               bool exclusive, bool lock_intent) {
  if (is_zero_zero(range) || is_zero_zero(held.range) || !overlaps(held.range, range))
    return false;
  if (held.exclusive) {
    if (held.open != open || held.key != key) return true;
    return exclusive && lock_intent;  // exclusive locks do not stack, even for their owner
  }
  return exclusive;  // a shared lock refuses every access with exclusive intent
}

struct Waiter {
  const void* open;
  std::span<const LockElement> locks;
  bool cancelled = false;
};

}  // namespace

struct OpenRegistry::FileState {
  std::mutex mu;
  std::condition_variable changed;  // a lock went, an open closed, a wait was cancelled
  std::vector<OpenRecord*> opens;
  std::vector<HeldLock> locks;
  std::vector<Waiter*> waiters;
  std::atomic<size_t> lock_count{0};  // locks.size(), read without the mutex by check_io

  void note_locks() { lock_count.store(locks.size(), std::memory_order_release); }
};

struct OpenRegistry::OpenRecord {
  vfs::FileKey key;
  std::shared_ptr<FileState> file;
  uint32_t access = 0;
  uint32_t share = 0;
  const void* connection = nullptr;
  // Guarded by file->mu.
  bool closed = false;
  std::optional<uint64_t> last_failed_offset;  // Windows' per-handle lock error cache
};

OpenRegistry::Handle::Handle(Handle&& other) noexcept
    : registry_(other.registry_), record_(std::move(other.record_)) {}

OpenRegistry::Handle& OpenRegistry::Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    registry_ = other.registry_;
    record_ = std::move(other.record_);
  }
  return *this;
}

OpenRegistry::Handle::~Handle() { reset(); }

void OpenRegistry::Handle::reset() {
  if (record_) registry_->release(record_);
  record_.reset();
}

OpenRegistry::OpenRegistry(size_t max_lock_waiters) : max_waiters_(max_lock_waiters) {}

OpenRegistry::~OpenRegistry() = default;

Result<OpenRegistry::Handle> OpenRegistry::admit(const vfs::FileKey& key, uint32_t granted_access,
                                                 uint32_t share_access, const void* connection) {
  std::lock_guard registry_lock(mu_);
  std::shared_ptr<FileState>& slot = files_[key];
  if (!slot) slot = std::make_shared<FileState>();
  std::lock_guard file_lock(slot->mu);
  if (granted_access & kDataAccess) {
    for (const OpenRecord* other : slot->opens) {
      if (!(other->access & kDataAccess)) continue;
      if (refuses(other->share, granted_access) || refuses(share_access, other->access))
        return fail(NtStatus::SharingViolation);
    }
  }
  auto record = std::make_shared<OpenRecord>();
  record->key = key;
  record->file = slot;
  record->access = granted_access;
  record->share = share_access;
  record->connection = connection;
  slot->opens.push_back(record.get());
  return Handle(this, std::move(record));
}

void OpenRegistry::release(const std::shared_ptr<OpenRecord>& record) {
  std::lock_guard registry_lock(mu_);
  FileState& file = *record->file;
  bool unused;
  {
    std::lock_guard file_lock(file.mu);
    std::erase(file.opens, record.get());
    std::erase_if(file.locks, [&](const HeldLock& l) { return l.open == record.get(); });
    file.note_locks();
    record->closed = true;
    unused = file.opens.empty();
  }
  file.changed.notify_all();
  if (unused) {
    auto it = files_.find(record->key);
    if (it != files_.end() && it->second == record->file) files_.erase(it);
  }
}

Result<void> OpenRegistry::check_delete(const vfs::FileKey& key) {
  std::lock_guard registry_lock(mu_);
  auto it = files_.find(key);
  if (it == files_.end()) return {};
  std::lock_guard file_lock(it->second->mu);
  for (const OpenRecord* open : it->second->opens) {
    if ((open->access & kDataAccess) && !(open->share & kFileShareDelete))
      return fail(NtStatus::SharingViolation);
  }
  return {};
}

Result<void> OpenRegistry::check_delete(vfs::Vfs& fs, const std::string& smb_path) {
  auto key = fs.file_key(smb_path);
  if (!key) return {};  // a missing name is the caller's to report
  return check_delete(*key);
}

namespace {

// Takes every lock of `locks`, or none: the index of the first that conflicts.
std::optional<size_t> try_lock_all(std::vector<HeldLock>& held, const void* open,
                                   const void* connection, std::span<const LockElement> locks,
                                   bool exclusive) {
  size_t before = held.size();
  for (size_t i = 0; i < locks.size(); ++i) {
    for (const HeldLock& h : held) {
      if (conflicts(h, open, locks[i].key, locks[i].range, exclusive, true)) {
        held.erase(held.begin() + static_cast<std::ptrdiff_t>(before), held.end());
        return i;
      }
    }
    held.push_back(HeldLock{open, connection, locks[i].key, locks[i].range, exclusive});
  }
  return std::nullopt;
}

// Whether some lock that `element` conflicts with belongs to another connection: only such a
// lock can go while this connection's request waits.
bool blocked_by_another_connection(const std::vector<HeldLock>& held, const void* open,
                                   const void* connection, const LockElement& element,
                                   bool exclusive) {
  return std::any_of(held.begin(), held.end(), [&](const HeldLock& h) {
    return h.connection != connection &&
           conflicts(h, open, element.key, element.range, exclusive, true);
  });
}

// MS-FSA 2.1.5.9: the lock of (`open`, `key`) on exactly `range`, an exclusive one first.
bool remove_lock(std::vector<HeldLock>& held, const void* open, const LockElement& element) {
  auto found = held.end();
  for (auto it = held.begin(); it != held.end(); ++it) {
    if (it->open != open || it->key != element.key || it->range.offset != element.range.offset ||
        it->range.length != element.range.length)
      continue;
    found = it;
    if (it->exclusive) break;
  }
  if (found == held.end()) return false;
  held.erase(found);
  return true;
}

}  // namespace

NtStatus OpenRegistry::lock(const Handle& open, std::span<const LockElement> unlocks,
                            std::span<const LockElement> locks, bool exclusive, LockWait wait) {
  std::shared_ptr<OpenRecord> record = open.record_;  // alive while this request waits
  if (!record) return NtStatus::InvalidHandle;
  for (const LockElement& e : unlocks)
    if (wraps(e.range)) return NtStatus::InvalidLockRange;
  for (const LockElement& e : locks)
    if (wraps(e.range)) return NtStatus::InvalidLockRange;

  FileState& file = *record->file;
  std::unique_lock file_lock(file.mu);
  if (record->closed) return NtStatus::FileClosed;
  NtStatus result = NtStatus::Success;
  bool released = false;
  for (const LockElement& e : unlocks) {
    if (!remove_lock(file.locks, record.get(), e)) {
      result = NtStatus::RangeNotLocked;
      break;
    }
    released = true;
  }
  file.note_locks();

  // Windows' answer to a lock it could not grant (see the header).
  auto refused = [&](uint64_t offset, bool waited) {
    bool conflict = waited || record->last_failed_offset == offset ||
                    (offset >= 0xEF000000 && (offset >> 63) == 0);
    record->last_failed_offset = offset;
    return conflict ? NtStatus::FileLockConflict : NtStatus::LockNotGranted;
  };

  bool may_wait = wait.forever || wait.timeout.count() > 0;
  Clock::time_point deadline = Clock::now() + wait.timeout;
  Waiter me{record.get(), locks};
  bool registered = false;
  while (result == NtStatus::Success && !locks.empty()) {
    auto failed = try_lock_all(file.locks, record.get(), record->connection, locks, exclusive);
    if (!failed) break;
    const LockElement& element = locks[*failed];
    if (record->closed) {
      result = NtStatus::RangeNotLocked;  // the handle was closed under the wait
    } else if (me.cancelled) {
      result = refused(element.range.offset, true);
    } else if (!may_wait || !blocked_by_another_connection(file.locks, record.get(),
                                                           record->connection, element,
                                                           exclusive)) {
      result = refused(element.range.offset, may_wait);
    } else if (shut_down_.load()) {
      result = NtStatus::Cancelled;
    } else if (!registered && !reserve_wait()) {
      result = refused(element.range.offset, true);  // no wait slot: as if the time ran out
    } else {
      if (!registered) {
        file.waiters.push_back(&me);
        registered = true;
      }
      if (wait.forever) {
        file.changed.wait(file_lock);
      } else if (file.changed.wait_until(file_lock, deadline) == std::cv_status::timeout) {
        // One last try below: the lock may have gone just as the time ran out.
        if (!try_lock_all(file.locks, record.get(), record->connection, locks, exclusive))
          break;
        result = refused(element.range.offset, true);
      }
    }
  }
  file.note_locks();
  if (registered) {
    std::erase(file.waiters, &me);
    waiting_.fetch_sub(1);
  }
  file_lock.unlock();
  if (released) file.changed.notify_all();
  return result;
}

bool OpenRegistry::reserve_wait() {
  size_t n = waiting_.load();
  do {
    if (n >= max_waiters_) return false;
  } while (!waiting_.compare_exchange_weak(n, n + 1));
  return true;
}

NtStatus OpenRegistry::cancel(const Handle& open, const LockElement& element) {
  if (!open.record_) return NtStatus::InvalidHandle;
  FileState& file = *open.record_->file;
  {
    std::lock_guard file_lock(file.mu);
    auto names_it = [&](const LockElement& e) {
      return e.key == element.key && e.range.offset == element.range.offset &&
             e.range.length == element.range.length;
    };
    auto it = std::find_if(file.waiters.begin(), file.waiters.end(), [&](const Waiter* w) {
      return w->open == open.record_.get() && !w->cancelled &&
             std::any_of(w->locks.begin(), w->locks.end(), names_it);
    });
    if (it == file.waiters.end()) return NtStatus::SmbCancelViolation;
    (*it)->cancelled = true;
  }
  file.changed.notify_all();
  return NtStatus::Success;
}

Result<void> OpenRegistry::check_io(const Handle& open, uint32_t key, ByteRange range,
                                    bool write) const {
  if (range.length == 0 || !open.record_) return {};
  FileState& file = *open.record_->file;
  if (file.lock_count.load(std::memory_order_acquire) == 0) return {};
  // An I/O range cannot wrap; one that would is cut at the last offset.
  if (wraps(range)) range.length = std::numeric_limits<uint64_t>::max() - range.offset + 1;
  std::lock_guard file_lock(file.mu);
  for (const HeldLock& held : file.locks) {
    if (conflicts(held, open.record_.get(), key, range, write, false))
      return fail(NtStatus::FileLockConflict);
  }
  return {};
}

void OpenRegistry::shutdown() {
  shut_down_.store(true);
  std::lock_guard registry_lock(mu_);
  for (auto& [key, file] : files_) {
    // Taking the file's mutex orders this after any waiter's last look at the flag.
    { std::lock_guard file_lock(file->mu); }
    file->changed.notify_all();
  }
}

}  // namespace smbkit::server
