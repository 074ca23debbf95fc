// What opens of one file share across connections: share modes (MS-FSA 2.1.5.1.2.2) and
// byte-range locks (MS-FSA 2.1.4.10, 2.1.5.8, 2.1.5.9; MS-CIFS 3.3.5.30). One registry serves
// the whole server (SharedState::opens); files are told apart by device and inode, so two names
// or two shares for one file meet here.
//
// Thread safety: every member may be called from any thread. Admitting and releasing opens take
// the registry's mutex and the file's; locking, unlocking and I/O checks take only the file's,
// and an I/O check on a file with no byte-range lock takes none.
//
// FOR OTHER HANDLERS (delete, rename, write):
// - DELETE / RENAME / NT_RENAME / TRANS2 rename or delete by path: call
//   `check_delete(fs, smb_path)` first; it answers STATUS_SHARING_VIOLATION while any open of
//   the file lacks FILE_SHARE_DELETE (deleting a file is opening it with DELETE access).
// - WRITE_ANDX and the other writes: call `check_io(open, pid, {offset, length}, true)` with
//   the Smb1File's `open` and the request header's PID (low 16 bits, the SMB1 lock key) before
//   writing; STATUS_FILE_LOCK_CONFLICT when another open or PID holds a lock on the range.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "smbkit/status.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

// A byte range as MS-FSA takes it: any 64-bit offset, a length that may be zero.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// One element of a lock or unlock: the range and its lock key (MS-FSA's LockKey; in SMB1 the
// PID of the LOCKING_ANDX_RANGE).
struct LockElement {
  uint32_t key = 0;
  ByteRange range;
};

// How long a lock request may wait for conflicting locks to go (MS-CIFS 2.2.4.32.1 Timeout).
struct LockWait {
  std::chrono::milliseconds timeout{0};  // 0: fail at once
  bool forever = false;                  // until granted (Timeout 0xFFFFFFFF)
};

class OpenRegistry {
  struct FileState;
  struct OpenRecord;

 public:
  // Lock requests that may wait at once, server-wide. A waiting request holds a worker-pool
  // thread, so this stays below the pool's size; a request that finds every slot taken fails
  // at once, as if its time-out had passed.
  static constexpr size_t kDefaultMaxLockWaiters = 2;

  // An admitted open. Move-only; destroying it (CLOSE, TREE_DISCONNECT, LOGOFF_ANDX, end of
  // connection) removes the open, drops its byte-range locks and ends its waiting requests.
  class Handle {
   public:
    Handle() = default;
    Handle(Handle&& other) noexcept;
    Handle& operator=(Handle&& other) noexcept;
    ~Handle();
    explicit operator bool() const { return record_ != nullptr; }

   private:
    friend class OpenRegistry;
    Handle(OpenRegistry* registry, std::shared_ptr<OpenRecord> record)
        : registry_(registry), record_(std::move(record)) {}
    void reset();

    OpenRegistry* registry_ = nullptr;
    std::shared_ptr<OpenRecord> record_;
  };

  explicit OpenRegistry(size_t max_lock_waiters = kDefaultMaxLockWaiters);
  ~OpenRegistry();
  OpenRegistry(const OpenRegistry&) = delete;
  OpenRegistry& operator=(const OpenRegistry&) = delete;

  // Adds an open of `key` with the access it was granted and the sharing it allows
  // (FILE_SHARE_*). STATUS_SHARING_VIOLATION when it and an existing open exclude each other
  // (MS-FSA 2.1.5.1.2.2); opens that ask for no data access (read, write, append, execute,
  // delete) never do. `connection` tells which connection owns the open (see lock()).
  Result<Handle> admit(const vfs::FileKey& key, uint32_t granted_access, uint32_t share_access,
                       const void* connection);

  // Whether the file may be deleted or renamed now: STATUS_SHARING_VIOLATION while an open of it
  // does not share delete access. A name that does not exist passes (the caller reports that).
  Result<void> check_delete(const vfs::FileKey& key);
  Result<void> check_delete(vfs::Vfs& fs, const std::string& smb_path);

  // LOCKING_ANDX's lock and unlock lists on `open` (MS-CIFS 3.3.5.30): the unlocks in order (the
  // first that matches no lock fails with STATUS_RANGE_NOT_LOCKED, those before it stay done),
  // then the locks all or none, waiting as `wait` allows. A conflict fails with
  // STATUS_LOCK_NOT_GRANTED, or STATUS_FILE_LOCK_CONFLICT as Windows answers it: after a wait,
  // for a retry at the offset of the open's previous failure, and for offsets from 0xEF000000 up
  // to 2^63. A range running past 2^64 - 1 is STATUS_INVALID_LOCK_RANGE.
  //
  // Requests of one connection are handled one after another, so a lock of the waiter's own
  // connection cannot go while it waits: a request that only such locks block fails at once,
  // as if its time-out had passed, rather than hold a worker thread for nothing.
  NtStatus lock(const Handle& open, std::span<const LockElement> unlocks,
                std::span<const LockElement> locks, bool exclusive, LockWait wait);
  // LOCKING_ANDX_CANCEL_LOCK: ends a waiting lock request of `open` that names `element` (it
  // then fails with STATUS_FILE_LOCK_CONFLICT). ERRDOS/ERRcancelviolation when none waits.
  NtStatus cancel(const Handle& open, const LockElement& element);

  // Whether `open` may read (write = false) or write the range as process `key`: a range locked
  // exclusively by another open or key, or (for a write) locked shared by anyone, fails with
  // STATUS_FILE_LOCK_CONFLICT. Zero-length I/O never conflicts.
  Result<void> check_io(const Handle& open, uint32_t key, ByteRange range, bool write) const;

  // Ends every wait (STATUS_CANCELLED) and refuses new ones: the server is stopping.
  void shutdown();

  // Lock requests waiting now (for tests).
  size_t waiting() const { return waiting_.load(); }

 private:
  void release(const std::shared_ptr<OpenRecord>& record);
  bool reserve_wait();  // takes a wait slot, if one is free

  const size_t max_waiters_;
  std::atomic<size_t> waiting_{0};
  std::atomic<bool> shut_down_{false};
  mutable std::mutex mu_;  // guards files_ (and orders admit/release)
  std::unordered_map<vfs::FileKey, std::shared_ptr<FileState>, vfs::FileKeyHash> files_;
};

}  // namespace smbkit::server
