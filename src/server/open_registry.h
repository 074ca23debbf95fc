// What opens of one file share across connections: share modes (MS-FSA 2.1.5.1.2.2),
// byte-range locks (MS-FSA 2.1.4.10, 2.1.5.8, 2.1.5.9; MS-CIFS 3.3.5.30) and the file's pending
// delete (MS-FSA 2.1.5.1, 2.1.5.5, 2.1.5.15.3). One registry serves the whole server
// (SharedState::opens); files are told apart by device and inode, so two names or two shares for
// one file meet here.
//
// Delete pending is a property of the file, not of an open: set or cleared through any open with
// DELETE access (FileDispositionInformation), or left by the close of an open made with
// FILE_DELETE_ON_CLOSE. While it is set, every new open of the file fails with
// STATUS_DELETE_PENDING; the close of its last open removes it. To do so the registry keeps the
// file's name: the share's file system and path by which it was last opened (admit()) or to
// which it was renamed (renamed()); before removing it, it checks that the name still leads to
// the same file, so a name gone stale (a rename it was not told of) never removes another file.
//
// A lock request that cannot be granted at once and may wait holds no thread: it is registered
// with the file as a waiter (LockLater) and answered when its locks can be taken, its time-out
// passes (a timer on the requesting connection's loop), it is cancelled, its handle is closed or
// the server stops.
//
// Thread safety: every member may be called from any thread. Admitting and releasing opens take
// the registry's mutex and the file's; locking, unlocking and I/O checks take only the file's,
// and an I/O check on a file with no byte-range lock takes none. Waiters are told their outcome
// with no mutex held.
//
// FOR OTHER HANDLERS (delete, rename, write):
// - DELETE / RENAME / NT_RENAME / TRANS2 rename or delete by path: call
//   `check_delete(fs, smb_path, share)` first; it answers STATUS_DELETE_PENDING while the file's
//   delete is pending and STATUS_SHARING_VIOLATION while an open of the file lacks
//   FILE_SHARE_DELETE or holds an access `share` does not share (deleting or renaming a file is
//   opening it with DELETE access). After a rename, call `renamed(key, {fs, new_path})` with the
//   key the file had before (file_key of the old name), or `renamed(open, ...)` for a rename
//   through an open.
// - Queries by path: `delete_pending(fs, smb_path)` is STATUS_DELETE_PENDING's cue (the query
//   is an open, MS-FSA 2.1.5.1); queries by handle report `delete_pending(open)` as
//   FileStandardInformation's DeletePending.
// - WRITE_ANDX and the other writes: call `check_io(open, pid, {offset, length}, true)` with
//   the Smb1File's `open` and the request header's PID (low 16 bits, the SMB1 lock key) before
//   writing; STATUS_FILE_LOCK_CONFLICT when another open or PID holds a lock on the range.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include <asio/any_io_executor.hpp>

#include "fscc/access.h"
#include "server/ids.h"
#include "server/park.h"
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

// How a lock request that may wait is answered once it no longer waits (LOCKING_ANDX answered
// later, through its connection's reply sink).
struct LockLater {
  asio::any_io_executor loop;  // runs the time-out's timer: the requesting connection's loop
  // The request within its connection, for cancel_request().
  RequestId request{};
  // Its ranges came in the 64-bit form (LOCKING_ANDX_LARGE_FILES): a cancel must name them so
  // too (smbtorture raw.lock.async, "cancel with the wrong bits set").
  bool large_ranges = false;
  // Called once, from any thread and with no mutex of the registry held, with the outcome:
  // Success (granted), STATUS_FILE_LOCK_CONFLICT (time-out, LOCKING_ANDX_CANCEL_LOCK),
  // STATUS_RANGE_NOT_LOCKED (its handle was closed), STATUS_CANCELLED (the server stops).
  std::function<void(NtStatus)> done;
};

// Where a file is: its share's file system and its share path there (empty `fs`: not known).
struct FileName {
  vfs::Vfs* fs = nullptr;
  std::string path;
};

class OpenRegistry {
  struct FileState;
  struct OpenRecord;
  struct LockWaiter;
  struct CloseWaiter;

 public:
  // An admitted open. Move-only; destroying it (CLOSE, TREE_DISCONNECT, LOGOFF_ANDX, end of
  // connection) removes the open, drops its byte-range locks, ends its waiting lock requests
  // (STATUS_RANGE_NOT_LOCKED) and grants the other opens' waiting requests that can go now; the
  // last open of a file whose delete is pending removes the file (an error then has no one to
  // go to and is dropped, as a close cannot fail on its account).
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

  OpenRegistry();
  ~OpenRegistry();
  OpenRegistry(const OpenRegistry&) = delete;
  OpenRegistry& operator=(const OpenRegistry&) = delete;

  // Adds an open of `key` with the access it was granted and the sharing it allows
  // (FILE_SHARE_*). STATUS_DELETE_PENDING while the file's delete is pending, whatever the open
  // asks (MS-FSA 2.1.5.1.2.1); STATUS_SHARING_VIOLATION when it and an existing open exclude
  // each other (MS-FSA 2.1.5.1.2.2); opens that ask for no data access (read, write, append,
  // execute, delete) never do. `connection` tells which connection owns the open (see
  // cancel_request()); `name`, when given, is where the opener found the file, which becomes the
  // name the file is removed by if its delete comes to pass.
  //
  // With `park`, a sharing violation is delayed as SMB1 servers delay an NT create's (smbtorture
  // raw.mux): until park->sharing_deadline (set to kSharingViolationDelay from now when empty)
  // the open parks (park->wait, STATUS_PENDING), woken when an open of the file closes, to be run
  // again; from the deadline on it is refused.
  static constexpr std::chrono::milliseconds kSharingViolationDelay{1000};
  Result<Handle> admit(const vfs::FileKey& key, uint32_t granted_access, uint32_t share_access,
                       ConnectionId connection, FileName name = {}, Park* park = nullptr);

  // Whether the file may be deleted or renamed now, as an open asking for DELETE access and
  // sharing `share_access` would be admitted: STATUS_DELETE_PENDING while its delete is pending,
  // STATUS_SHARING_VIOLATION while an open of it does not share delete access or holds a data
  // access that `share_access` leaves out. SMB_COM_DELETE asks no sharing and a rename by name
  // read and write, as smbd does (smbtorture base.unlink, raw.rename.ntrename: an open with
  // DELETE access keeps a file from a rename even when it shares delete). A name that does not
  // exist passes (the caller reports that).
  // Whether an open asking `access` and sharing `share_access` would get past the share modes
  // of the file's other opens (STATUS_SHARING_VIOLATION, or STATUS_DELETE_PENDING), without
  // making it: for operations Windows carries out as such an open.
  Result<void> check_as_open(const vfs::FileKey& key, uint32_t access, uint32_t share_access);
  Result<void> check_as_open(vfs::Vfs& fs, const std::string& smb_path, uint32_t access,
                             uint32_t share_access);
  Result<void> check_delete(const vfs::FileKey& key, uint32_t share_access = kFileShareRead |
                                                         kFileShareWrite | kFileShareDelete);
  Result<void> check_delete(vfs::Vfs& fs, const std::string& smb_path,
                            uint32_t share_access = kFileShareRead | kFileShareWrite |
                                                    kFileShareDelete);

  // FILE_DELETE_ON_CLOSE on `open` (the caller checked DELETE access and read-only files, MS-FSA
  // 2.1.5.1): closing it makes its file delete pending (MS-FSA 2.1.5.5 phase 1), a directory
  // only if it is empty then. Until that close nothing is pending (smbtorture base.delete
  // deltest16: DeletePending reads 0), and clearing delete pending does not undo it (deltest17f).
  void delete_on_close(const Handle& open);
  // FileDispositionInformation through `open` (MS-FSA 2.1.5.15.3): sets or clears the file's
  // delete pending. The caller checks what may refuse it (DELETE access, READONLY, a directory
  // that is not empty).
  void set_delete_pending(const Handle& open, bool pending);
  // Whether the file of `open`, the file `key` or the file at `smb_path` has its delete pending.
  // An opener asks before breaking oplocks: a refused open breaks none (raw.oplock.doc1).
  bool delete_pending(const Handle& open) const;
  bool delete_pending(const vfs::FileKey& key) const;
  bool delete_pending(vfs::Vfs& fs, const std::string& smb_path) const;
  // The file `key` (or the file of `open`) has been renamed to `name`.
  void renamed(const vfs::FileKey& key, FileName name);
  void renamed(const Handle& open, FileName name);
  // The file's name now: where it was last opened or renamed to, by any connection. A handle
  // follows a rename made by path (smbtorture raw.rename.trans2rename).
  FileName name_of(const Handle& open) const;

  // Whether a file or directory below the directory `smb_path` of `fs` is open (MS-FSA
  // 2.1.5.14.11: a directory with an open descendant cannot be renamed). Looks at every open
  // file: for renames of directories only.
  bool has_open_below(const vfs::Vfs& fs, const std::string& smb_path) const;

  // LOCKING_ANDX's lock and unlock lists on `open` (MS-CIFS 3.3.5.30): the unlocks in order (the
  // first that matches no lock fails with STATUS_RANGE_NOT_LOCKED, those before it stay done),
  // then the locks all or none. A conflict fails with STATUS_LOCK_NOT_GRANTED, or
  // STATUS_FILE_LOCK_CONFLICT as Windows answers it: after a wait, for a retry at the offset of
  // the open's previous failure (set when a failure is answered, not while a request waits), and
  // for offsets from 0xEF000000 up to 2^63. A range running past 2^64 - 1 is
  // STATUS_INVALID_LOCK_RANGE.
  //
  // Lock requests are served in arrival order: a lock that a waiting request wants too is refused
  // to a later request, as if held (smbtorture raw.lock.multilock*). A request that cannot be
  // granted now and may wait (`wait`) waits when `later` is given: lock() then returns
  // STATUS_PENDING and `later->done` tells the outcome. Unlocks and closes grant the waiters that
  // can go, in arrival order. Without `later` such a request fails at once, as after its time-out.
  NtStatus lock(const Handle& open, std::span<const LockElement> unlocks,
                std::span<const LockElement> locks, bool exclusive, LockWait wait,
                LockLater* later = nullptr);
  // LOCKING_ANDX_CANCEL_LOCK: ends a waiting lock request of `open` that names `element` in the
  // same form (`large_ranges`); it then fails with STATUS_FILE_LOCK_CONFLICT.
  // ERRDOS/ERRcancelviolation when none waits.
  NtStatus cancel(const Handle& open, const LockElement& element, bool large_ranges);
  // NT_CANCEL / SMB2 CANCEL: ends the waiting lock request `request` on an open of `connection`
  // as a cancel does (smbtorture raw.mux). False when there is none.
  bool cancel_request(ConnectionId connection, RequestId request);

  // Whether `open` may read (write = false) or write the range as process `key`: a range locked
  // exclusively by another open or key, or (for a write) locked shared by anyone, fails with
  // STATUS_FILE_LOCK_CONFLICT. Zero-length I/O never conflicts.
  Result<void> check_io(const Handle& open, uint32_t key, ByteRange range, bool write) const;

  // Ends every wait (STATUS_CANCELLED) and lets no request wait again (those that would fail
  // with STATUS_CANCELLED): the server is stopping.
  void shutdown();

  // Lock requests waiting now (for tests).
  size_t waiting() const;

 private:
  void release(const std::shared_ptr<OpenRecord>& record);
  // Completes opens delayed on a sharing violation (no mutex held): a close came, or shutdown.
  static void finish_all(const std::vector<std::shared_ptr<CloseWaiter>>& waiters);
  // The FileState of `key`, if any; mu_ must be held.
  FileState* find(const vfs::FileKey& key) const;
  // Sets the file's delete pending and counts it; mu_ and the file's mutex must be held.
  void mark_pending(FileState& file, bool pending);

  std::atomic<bool> shut_down_{false};
  // Files whose delete is pending: while none is, queries by path need not look their file up.
  std::atomic<size_t> pending_files_{0};
  mutable std::mutex mu_;  // guards files_ (and orders admit/release)
  std::unordered_map<vfs::FileKey, std::shared_ptr<FileState>, vfs::FileKeyHash> files_;
};

}  // namespace smbkit::server
