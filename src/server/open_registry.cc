#include "server/open_registry.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include "server/unix_identity.h"

#include "fscc/access.h"

namespace smbkit::server {

namespace {

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
  const void* open;  // the OpenRecord that holds it (or, for a waiter, wants it)
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

// The index of the first of `locks` (asked by `open`) that a held lock, a lock `wanted` by a
// request that came first, or an earlier lock of the same request refuses.
std::optional<size_t> first_refused(const std::vector<HeldLock>& held,
                                    const std::vector<HeldLock>& wanted, const void* open,
                                    std::span<const LockElement> locks, bool exclusive) {
  for (size_t i = 0; i < locks.size(); ++i) {
    auto refuses = [&](const HeldLock& h) {
      return conflicts(h, open, locks[i].key, locks[i].range, exclusive, true);
    };
    if (std::any_of(held.begin(), held.end(), refuses) ||
        std::any_of(wanted.begin(), wanted.end(), refuses))
      return i;
    for (size_t j = 0; j < i; ++j)
      if (refuses(HeldLock{open, locks[j].key, locks[j].range, exclusive})) return i;
  }
  return std::nullopt;
}

bool names(const LockElement& a, const LockElement& b) {
  return a.key == b.key && a.range.offset == b.range.offset && a.range.length == b.range.length;
}

}  // namespace

struct OpenRegistry::OpenRecord {
  vfs::FileKey key;
  std::shared_ptr<FileState> file;
  uint32_t access = 0;
  uint32_t share = 0;
  ConnectionId connection = ConnectionId::None;
  // Guarded by file->mu.
  bool closed = false;
  bool delete_on_close = false;  // FILE_DELETE_ON_CLOSE: its close makes the delete pending
  // Whom the opener acted as (unix_identity.h): a delete it makes pending is carried out as
  // them, whoever closes last, since the right to delete was theirs.
  IdentityRef identity;
  std::optional<uint64_t> last_failed_offset;  // Windows' per-handle lock error cache

  // Windows' answer to a lock refused at `offset` (see lock() in the header), which it keeps.
  NtStatus refuse(uint64_t offset, bool waited) {
    bool conflict = waited || last_failed_offset == offset ||
                    (offset >= 0xEF000000 && (offset >> 63) == 0);
    last_failed_offset = offset;
    return conflict ? NtStatus::FileLockConflict : NtStatus::LockNotGranted;
  }
};

// A lock request waiting for its locks. Guarded by its file's mutex, but for `timer`, which
// only the requester's loop touches once the wait has begun.
struct OpenRegistry::LockWaiter {
  std::shared_ptr<OpenRecord> record;  // the open asking
  std::vector<LockElement> locks;
  bool exclusive = false;
  LockLater later;  // its loop, identity and `done`
  std::optional<asio::steady_timer> timer;  // its time-out; none when it waits for ever
  bool finished = false;
};

// An open refused for sharing, parked until an open of the file closes or its deadline passes;
// whichever comes first completes it. Its timer only the requester's loop touches once armed.
struct OpenRegistry::CloseWaiter {
  std::shared_ptr<Wake> wake;
  std::optional<asio::steady_timer> timer;
  std::atomic<bool> finished{false};

  void finish() {
    if (finished.exchange(true)) return;
    wake->complete();
  }
};

struct OpenRegistry::FileState {
  // Waiters whose wait has ended, with their outcome: told once the mutex is released.
  using Outcomes = std::vector<std::pair<std::shared_ptr<LockWaiter>, NtStatus>>;

  std::mutex mu;
  std::vector<OpenRecord*> opens;
  bool delete_pending = false;  // MS-FSA Link.IsDeleted
  IdentityRef deleter;          // who made the delete pending
  FileName name;                // where the file was last opened or renamed to
  std::vector<HeldLock> locks;
  std::vector<std::shared_ptr<LockWaiter>> waiters;  // in arrival order
  std::vector<std::shared_ptr<CloseWaiter>> close_waiters;  // opens delayed on a sharing violation
  std::atomic<size_t> lock_count{0};  // locks.size(), read without the mutex by check_io

  void note_locks() { lock_count.store(locks.size(), std::memory_order_release); }

  // What the first `n` waiters want, as if held: a request that came after them may not take it.
  std::vector<HeldLock> wanted_by_first(size_t n) const {
    std::vector<HeldLock> wanted;
    for (size_t i = 0; i < n; ++i) {
      const LockWaiter& w = *waiters[i];
      for (const LockElement& e : w.locks)
        wanted.push_back(HeldLock{w.record.get(), e.key, e.range, w.exclusive});
    }
    return wanted;
  }

  // Takes every lock of `locks` for `open`, or none: the index of the first refused.
  std::optional<size_t> take(const OpenRecord* open, std::span<const LockElement> locks,
                             bool exclusive, const std::vector<HeldLock>& wanted) {
    auto refused = first_refused(this->locks, wanted, open, locks, exclusive);
    if (refused) return refused;
    for (const LockElement& e : locks)
      this->locks.push_back(HeldLock{open, e.key, e.range, exclusive});
    note_locks();
    return std::nullopt;
  }

  // Ends the wait of `waiters[index]` with `status`.
  void end_wait(size_t index, NtStatus status, Outcomes& out) {
    std::shared_ptr<LockWaiter> w = std::move(waiters[index]);
    waiters.erase(waiters.begin() + static_cast<std::ptrdiff_t>(index));
    w->finished = true;
    out.emplace_back(std::move(w), status);
  }

  // Ends the wait of `waiters[index]` as Windows answers a refusal after a wait (time-out,
  // cancel), which the open's error cache remembers.
  void refuse_waiter(size_t index, Outcomes& out) {
    LockWaiter& w = *waiters[index];
    auto failed = first_refused(locks, wanted_by_first(index), w.record.get(), w.locks,
                                w.exclusive);
    end_wait(index, w.record->refuse(w.locks[failed.value_or(0)].range.offset, true), out);
  }

  // Grants, in arrival order, every waiter whose locks are free now; one that still waits keeps
  // what it wants from the waiters after it (smbtorture raw.lock.multilock2).
  void grant_waiters(Outcomes& out) {
    std::vector<HeldLock> wanted;
    for (size_t i = 0; i < waiters.size();) {
      LockWaiter& w = *waiters[i];
      if (!take(w.record.get(), w.locks, w.exclusive, wanted)) {
        end_wait(i, NtStatus::Success, out);
        continue;
      }
      for (const LockElement& e : w.locks)
        wanted.push_back(HeldLock{w.record.get(), e.key, e.range, w.exclusive});
      ++i;
    }
  }

  // Tells each waiter its outcome and stops its timer. No mutex may be held: `done` may run
  // anything.
  static void tell(Outcomes& outcomes) {
    for (auto& [w, status] : outcomes) {
      if (w->timer) asio::post(w->timer->get_executor(), [w = w] { w->timer->cancel(); });
      w->later.done(status);
    }
  }
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

OpenRegistry::OpenRegistry() = default;

OpenRegistry::~OpenRegistry() = default;

void OpenRegistry::mark_pending(FileState& file, bool pending) {
  if (file.delete_pending == pending) return;
  file.delete_pending = pending;
  if (pending)
    pending_files_.fetch_add(1, std::memory_order_release);
  else
    pending_files_.fetch_sub(1, std::memory_order_release);
}

OpenRegistry::FileState* OpenRegistry::find(const vfs::FileKey& key) const {
  auto it = files_.find(key);
  return it == files_.end() ? nullptr : it->second.get();
}

Result<OpenRegistry::Handle> OpenRegistry::admit(const vfs::FileKey& key, uint32_t granted_access,
                                                 uint32_t share_access, ConnectionId connection,
                                                 FileName name, Park* park) {
  std::lock_guard registry_lock(mu_);
  std::shared_ptr<FileState>& slot = files_[key];
  if (!slot) slot = std::make_shared<FileState>();
  std::lock_guard file_lock(slot->mu);
  // A refusal needs another open (or a pending delete, which only opens have), so a refused
  // open never leaves a FileState of its own behind.
  if (slot->delete_pending) return fail(NtStatus::DeletePending);
  if (granted_access & kDataAccess) {
    for (const OpenRecord* other : slot->opens) {
      if (!(other->access & kDataAccess)) continue;
      if (!refuses(other->share, granted_access) && !refuses(share_access, other->access))
        continue;
      auto now = std::chrono::steady_clock::now();
      if (!park || shut_down_) return fail(NtStatus::SharingViolation);
      if (!park->sharing_deadline) park->sharing_deadline = now + kSharingViolationDelay;
      if (now >= *park->sharing_deadline) return fail(NtStatus::SharingViolation);
      auto waiter = std::make_shared<CloseWaiter>();
      waiter->wake = std::make_shared<Wake>();
      std::erase_if(slot->close_waiters, [](const auto& w) { return w->finished.load(); });
      slot->close_waiters.push_back(waiter);
      waiter->timer.emplace(park->loop, *park->sharing_deadline);
      waiter->timer->async_wait([weak = std::weak_ptr(waiter)](const asio::error_code& ec) {
        if (ec) return;
        if (auto w = weak.lock()) w->finish();
      });
      park->wait = waiter->wake;
      return fail(NtStatus::Pending);
    }
  }
  if (name.fs) slot->name = std::move(name);
  auto record = std::make_shared<OpenRecord>();
  record->key = key;
  record->file = slot;
  record->access = granted_access;
  record->share = share_access;
  record->connection = connection;
  record->identity = acting_identity();
  slot->opens.push_back(record.get());
  return Handle(this, std::move(record));
}

namespace {

// The file `key` at `name`, if the name still leads to it.
std::optional<FileInfo> still_there(const FileName& name, const vfs::FileKey& key) {
  if (!name.fs) return std::nullopt;
  auto now = name.fs->file_key(name.path);
  if (!now || !(*now == key)) return std::nullopt;
  auto info = name.fs->stat(name.path);
  if (!info) return std::nullopt;
  return std::move(*info);
}

// MS-FSA 2.1.5.5 phase 1: FILE_DELETE_ON_CLOSE deletes a file, or a directory that is empty.
bool may_delete_on_close(const FileName& name, const vfs::FileKey& key) {
  auto info = still_there(name, key);
  if (!info) return false;
  if (!info->is_directory) return true;
  auto empty = name.fs->is_empty_directory(name.path);
  return empty && *empty;
}

// The last close of a file whose delete is pending. Errors are dropped: no one waits for them.
void remove(const FileName& name, const vfs::FileKey& key) {
  auto info = still_there(name, key);
  if (!info) return;
  if (info->is_directory)
    (void)name.fs->rmdir(name.path);
  else
    (void)name.fs->unlink(name.path);
}

}  // namespace

void OpenRegistry::release(const std::shared_ptr<OpenRecord>& record) {
  FileState::Outcomes outcomes;
  std::vector<std::shared_ptr<CloseWaiter>> closed;  // opens delayed on a sharing violation
  {
    // The registry's mutex stays held while a pending delete is carried out, so that no open can
    // slip in between the last close and the removal, nor meet a key the removal freed.
    std::lock_guard registry_lock(mu_);
    FileState& file = *record->file;
    bool unused;
    bool pending;
    bool delete_on_close;
    FileName name;
    {
      std::lock_guard file_lock(file.mu);
      // Its own waiting requests end first (Windows: STATUS_RANGE_NOT_LOCKED, smbtorture
      // raw.lock.async), then what its locks and those requests kept from others may go.
      for (size_t i = 0; i < file.waiters.size();) {
        if (file.waiters[i]->record == record)
          file.end_wait(i, NtStatus::RangeNotLocked, outcomes);
        else
          ++i;
      }
      std::erase(file.opens, record.get());
      closed.swap(file.close_waiters);
      std::erase_if(file.locks, [&](const HeldLock& l) { return l.open == record.get(); });
      file.note_locks();
      record->closed = true;
      file.grant_waiters(outcomes);
      unused = file.opens.empty();
      pending = file.delete_pending;
      delete_on_close = record->delete_on_close;
      if (pending || delete_on_close) name = file.name;
    }
    // Under mu_ only: the name's checks and the removal touch the file system. delete_pending
    // and name change under both mutexes, so mu_ alone keeps them still here.
    if (delete_on_close && !pending && may_delete_on_close(name, record->key)) {
      std::lock_guard file_lock(file.mu);
      mark_pending(file, true);
      file.deleter = record->identity;
      pending = true;
    }
    if (unused) {
      if (pending) {
        IdentityRef deleter;
        {
          std::lock_guard file_lock(file.mu);
          deleter = file.deleter;
        }
        ActAs as(deleter);
        remove(name, record->key);
        std::lock_guard file_lock(file.mu);
        mark_pending(file, false);
      }
      auto it = files_.find(record->key);
      if (it != files_.end() && it->second == record->file) files_.erase(it);
    }
  }
  FileState::tell(outcomes);
  finish_all(closed);
}

Result<void> OpenRegistry::check_as_open(const vfs::FileKey& key, uint32_t access,
                                         uint32_t share_access) {
  std::lock_guard registry_lock(mu_);
  FileState* file = find(key);
  if (!file) return {};
  std::lock_guard file_lock(file->mu);
  if (file->delete_pending) return fail(NtStatus::DeletePending);
  for (const OpenRecord* open : file->opens) {
    if (!(open->access & kDataAccess)) continue;
    if (refuses(open->share, access) || refuses(share_access, open->access))
      return fail(NtStatus::SharingViolation);
  }
  return {};
}

Result<void> OpenRegistry::check_as_open(vfs::Vfs& fs, const std::string& smb_path,
                                         uint32_t access, uint32_t share_access) {
  auto key = fs.file_key(smb_path);
  if (!key) return {};  // a missing name is the caller's to report
  return check_as_open(*key, access, share_access);
}

Result<void> OpenRegistry::check_delete(const vfs::FileKey& key, uint32_t share_access) {
  return check_as_open(key, kDelete, share_access);
}

Result<void> OpenRegistry::check_delete(vfs::Vfs& fs, const std::string& smb_path,
                                        uint32_t share_access) {
  auto key = fs.file_key(smb_path);
  if (!key) return {};  // a missing name is the caller's to report
  return check_delete(*key, share_access);
}

void OpenRegistry::delete_on_close(const Handle& open) {
  if (!open.record_) return;
  std::lock_guard file_lock(open.record_->file->mu);
  open.record_->delete_on_close = true;
}

void OpenRegistry::set_delete_pending(const Handle& open, bool pending) {
  if (!open.record_) return;
  std::lock_guard registry_lock(mu_);
  std::lock_guard file_lock(open.record_->file->mu);
  mark_pending(*open.record_->file, pending);
  open.record_->file->deleter = pending ? open.record_->identity : nullptr;
}

bool OpenRegistry::delete_pending(const Handle& open) const {
  if (!open.record_) return false;
  std::lock_guard file_lock(open.record_->file->mu);
  return open.record_->file->delete_pending;
}

bool OpenRegistry::delete_pending(const vfs::FileKey& key) const {
  if (pending_files_.load(std::memory_order_acquire) == 0) return false;
  std::lock_guard registry_lock(mu_);
  FileState* file = find(key);
  if (!file) return false;
  std::lock_guard file_lock(file->mu);
  return file->delete_pending;
}

bool OpenRegistry::delete_pending(vfs::Vfs& fs, const std::string& smb_path) const {
  if (pending_files_.load(std::memory_order_acquire) == 0) return false;  // no lookup needed
  auto key = fs.file_key(smb_path);
  return key && delete_pending(*key);
}

void OpenRegistry::renamed(const vfs::FileKey& key, FileName name) {
  std::lock_guard registry_lock(mu_);
  FileState* file = find(key);
  if (!file) return;
  std::lock_guard file_lock(file->mu);
  file->name = std::move(name);
}

void OpenRegistry::renamed(const Handle& open, FileName name) {
  if (!open.record_) return;
  std::lock_guard registry_lock(mu_);
  std::lock_guard file_lock(open.record_->file->mu);
  open.record_->file->name = std::move(name);
}

FileName OpenRegistry::name_of(const Handle& open) const {
  if (!open.record_) return {};
  std::lock_guard file_lock(open.record_->file->mu);
  return open.record_->file->name;
}

bool OpenRegistry::has_open_below(const vfs::Vfs& fs, const std::string& smb_path) const {
  std::string prefix = smb_path.empty() ? std::string() : smb_path + '\\';
  std::lock_guard registry_lock(mu_);
  for (const auto& [key, file] : files_) {
    std::lock_guard file_lock(file->mu);
    if (file->name.fs == &fs && file->name.path.size() > prefix.size() &&
        file->name.path.compare(0, prefix.size(), prefix) == 0)
      return true;
  }
  return false;
}

namespace {

// MS-FSA 2.1.5.9: the lock of (`open`, `key`) on exactly `range`, an exclusive one first.
bool remove_lock(std::vector<HeldLock>& held, const void* open, const LockElement& element) {
  auto found = held.end();
  for (auto it = held.begin(); it != held.end(); ++it) {
    if (it->open != open || !names(LockElement{it->key, it->range}, element)) continue;
    found = it;
    if (it->exclusive) break;
  }
  if (found == held.end()) return false;
  held.erase(found);
  return true;
}

}  // namespace

NtStatus OpenRegistry::lock(const Handle& open, std::span<const LockElement> unlocks,
                            std::span<const LockElement> locks, bool exclusive, LockWait wait,
                            LockLater* later) {
  const std::shared_ptr<OpenRecord>& record = open.record_;
  if (!record) return NtStatus::InvalidHandle;
  for (const LockElement& e : unlocks)
    if (wraps(e.range)) return NtStatus::InvalidLockRange;
  for (const LockElement& e : locks)
    if (wraps(e.range)) return NtStatus::InvalidLockRange;

  FileState& file = *record->file;
  FileState::Outcomes outcomes;
  NtStatus result = NtStatus::Success;
  {
    std::lock_guard file_lock(file.mu);
    if (record->closed) return NtStatus::FileClosed;
    bool released = false;
    for (const LockElement& e : unlocks) {
      if (!remove_lock(file.locks, record.get(), e)) {
        result = NtStatus::RangeNotLocked;
        break;
      }
      released = true;
    }
    file.note_locks();
    // Requests that waited for what was unlocked come before this one.
    if (released) file.grant_waiters(outcomes);

    if (result == NtStatus::Success && !locks.empty()) {
      auto failed = file.take(record.get(), locks, exclusive,
                              file.wanted_by_first(file.waiters.size()));
      bool may_wait = wait.forever || wait.timeout.count() > 0;
      if (!failed) {
        // Granted.
      } else if (may_wait && shut_down_.load()) {
        result = NtStatus::Cancelled;
      } else if (!may_wait || later == nullptr) {
        result = record->refuse(locks[*failed].range.offset, may_wait);
      } else {
        auto w = std::make_shared<LockWaiter>();
        w->record = record;
        w->locks.assign(locks.begin(), locks.end());
        w->exclusive = exclusive;
        w->later = std::move(*later);
        if (!wait.forever) {
          // The time-out fails the request unless it ended first; the timer holds no reference.
          w->timer.emplace(w->later.loop, wait.timeout);
          std::weak_ptr<LockWaiter> weak = w;
          w->timer->async_wait([weak](const asio::error_code& ec) {
            std::shared_ptr<LockWaiter> w = weak.lock();
            if (ec || !w) return;
            FileState& file = *w->record->file;
            FileState::Outcomes outcomes;
            {
              std::lock_guard file_lock(file.mu);
              if (w->finished) return;
              auto it = std::find(file.waiters.begin(), file.waiters.end(), w);
              file.refuse_waiter(static_cast<size_t>(it - file.waiters.begin()), outcomes);
              file.grant_waiters(outcomes);  // what it wanted may be free for those after it
            }
            FileState::tell(outcomes);
          });
        }
        file.waiters.push_back(std::move(w));
        result = NtStatus::Pending;
      }
    }
  }
  FileState::tell(outcomes);
  return result;
}

NtStatus OpenRegistry::cancel(const Handle& open, const LockElement& element,
                              bool large_ranges) {
  if (!open.record_) return NtStatus::InvalidHandle;
  FileState& file = *open.record_->file;
  FileState::Outcomes outcomes;
  {
    std::lock_guard file_lock(file.mu);
    auto it = std::find_if(file.waiters.begin(), file.waiters.end(), [&](const auto& w) {
      return w->record == open.record_ && w->later.large_ranges == large_ranges &&
             std::any_of(w->locks.begin(), w->locks.end(),
                         [&](const LockElement& e) { return names(e, element); });
    });
    if (it == file.waiters.end()) return NtStatus::SmbCancelViolation;
    file.refuse_waiter(static_cast<size_t>(it - file.waiters.begin()), outcomes);
    file.grant_waiters(outcomes);
  }
  FileState::tell(outcomes);
  return NtStatus::Success;
}

bool OpenRegistry::cancel_request(ConnectionId connection, RequestId request) {
  FileState::Outcomes outcomes;
  {
    std::lock_guard registry_lock(mu_);
    for (auto& [key, file] : files_) {
      std::lock_guard file_lock(file->mu);
      auto it = std::find_if(file->waiters.begin(), file->waiters.end(), [&](const auto& w) {
        return w->record->connection == connection && w->later.request == request;
      });
      if (it == file->waiters.end()) continue;
      file->refuse_waiter(static_cast<size_t>(it - file->waiters.begin()), outcomes);
      file->grant_waiters(outcomes);
      break;
    }
  }
  FileState::tell(outcomes);
  return !outcomes.empty();
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
  FileState::Outcomes outcomes;
  std::vector<std::shared_ptr<CloseWaiter>> closed;
  {
    std::lock_guard registry_lock(mu_);
    for (auto& [key, file] : files_) {
      std::lock_guard file_lock(file->mu);
      while (!file->waiters.empty()) file->end_wait(0, NtStatus::Cancelled, outcomes);
      closed.insert(closed.end(), file->close_waiters.begin(), file->close_waiters.end());
      file->close_waiters.clear();
    }
  }
  FileState::tell(outcomes);
  finish_all(closed);
}

void OpenRegistry::finish_all(const std::vector<std::shared_ptr<CloseWaiter>>& waiters) {
  for (const auto& w : waiters) {
    // Its timer is its loop's to touch.
    asio::post(w->timer->get_executor(), [w] { w->timer->cancel(); });
    w->finish();
  }
}

size_t OpenRegistry::waiting() const {
  std::lock_guard registry_lock(mu_);
  size_t n = 0;
  for (const auto& [key, file] : files_) {
    std::lock_guard file_lock(file->mu);
    n += file->waiters.size();
  }
  return n;
}

}  // namespace smbkit::server
