// Opportunistic locks of SMB1 opens (MS-CIFS 3.3.4.2, 3.3.5.30, 3.3.5.35, 3.3.5.50; the break
// rules of MS-FSA 2.1.4.12 in the part SMB1 can use): exclusive and batch oplocks for a sole open
// of a file, level II when others read it too, and their breaks when another open conflicts.
// One table serves the whole server (SharedState::oplocks); files are told apart by device and
// inode (vfs::FileKey), as in the registry of opens, and every open of a file (with an oplock or
// without) enters it, so that a grant knows whether the open is alone.
//
// An open that conflicts with another open's exclusive or batch oplock (a batch one before the
// share-mode check, an exclusive one after it) sends that open's connection an OpLock Break (the holder's BreakNotifier), then waits, on the worker pool, for the
// holder to acknowledge (LOCKING_ANDX with OPLOCK_RELEASE) or close, at most kBreakTimeout. It does
// not wait for a holder on its own connection (whose requests are read one after another), nor
// when kMaxBreakWaiters opens already wait: the oplock is then lowered at once. Breaks of level II
// oplocks (to none) need no acknowledgement and never wait.
//
// Thread safety: every member may be called from any thread.
//
// FOR OTHER HANDLERS (write, set end of file): before a write or a truncation through an open,
// call `break_level2(file.oplock)`: level II oplocks of the other opens of the file break to none.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "server/ids.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

// The oplock an open holds (MS-FSA 2.1.1.10 Oplock.Level). Each dialect numbers them its own way
// on the wire (SMB1: NT_CREATE_ANDX's OplockLevel, MS-CIFS 2.2.4.64.2; SMB2: MS-SMB2 2.2.14).
enum class OplockLevel : uint8_t { None, LevelII, Exclusive, Batch };

// Tells an open's client that its oplock broke to `new_level` (None or LevelII): queues the
// OpLock Break request on the holder's connection. Called from any thread, with the table's mutex
// held, so it must only queue.
using BreakNotifier = std::function<void(OplockLevel new_level)>;

// What an open that enters the table is and does, as far as oplocks care.
struct OplockIntent {
  ConnectionId connection = ConnectionId::None;  // whose open: no waiting for one's own acknowledgements
  bool stat_only = false;   // no access beyond attributes, synchronize, read control
  bool truncating = false;  // an overwrite or supersede of the existing file
};

class OplockTable {
  struct FileState;
  struct Entry;

 public:
  // How long an open waits for a holder's acknowledgement (Windows: 35 s, MS-CIFS <217>).
  static constexpr std::chrono::milliseconds kBreakTimeout{35'000};
  // Opens that may wait for an acknowledgement at once, server-wide. A waiting open holds a
  // worker-pool thread (4; waiting lock requests hold none); two stay free for the work of other
  // connections, among them the acknowledgement or CLOSE that ends the wait.
  static constexpr size_t kDefaultMaxBreakWaiters = 2;

  // An open's place in the table. Move-only; destroying it (the Smb1File's end: CLOSE,
  // TREE_DISCONNECT, LOGOFF_ANDX, end of connection) releases its oplock and ends the waits of
  // openers that were waiting for its acknowledgement.
  class Open {
   public:
    Open() = default;
    Open(Open&& other) noexcept;
    Open& operator=(Open&& other) noexcept;
    ~Open();
    explicit operator bool() const { return entry_ != nullptr; }

   private:
    friend class OplockTable;
    Open(OplockTable* table, std::shared_ptr<Entry> entry)
        : table_(table), entry_(std::move(entry)) {}
    void reset();

    OplockTable* table_ = nullptr;
    std::shared_ptr<Entry> entry_;
  };

  explicit OplockTable(size_t max_break_waiters = kDefaultMaxBreakWaiters,
                       std::chrono::milliseconds break_timeout = kBreakTimeout);
  ~OplockTable();
  OplockTable(const OplockTable&) = delete;
  OplockTable& operator=(const OplockTable&) = delete;

  // Called once the file being opened is known, before its share modes are checked: enters the
  // open without an oplock and breaks the batch oplocks `intent` conflicts with (any open but a
  // stat-only one that does not truncate), so that a holder that closes on the break lets the
  // open through; waits as the class comment says. Breaks go to level II, or to none when the holder cannot take level II or the open
  // truncates.
  Open enter(const vfs::FileKey& key, const OplockIntent& intent);

  // Called once the open got through the share-mode check: breaks the exclusive oplocks it
  // conflicts with (the same opens), and for a truncating open the level II ones
  // (to none, with no wait). An open refused for sharing breaks no exclusive oplock.
  void admitted(Open& open);

  // Grants `open` the oplock it asked for (`wanted`: Exclusive, Batch, LevelII, or None for no
  // oplock) once the open succeeded and its id is known: an exclusive or batch oplock when no
  // other open of the file exists, else level II when `level2` (the client negotiated
  // CAP_LEVEL_II_OPLOCKS and the response can say so; every SMB2 client) and no other open holds
  // an exclusive or batch oplock, else none.
  // `notify` is how a later break reaches the client.
  OplockLevel grant(Open& open, OplockLevel wanted, bool level2, BreakNotifier notify);

  // The holder's acknowledgement (SMB1 LOCKING_ANDX with OPLOCK_RELEASE, SMB2 OPLOCK_BREAK) with
  // the level it now holds (LevelII, or anything else for none): ends the break under way on
  // `open`, or, without one, releases what the client says it no longer holds. An oplock is
  // never raised this way.
  void acknowledge(Open& open, OplockLevel new_level);

  // A write, truncation or byte-range lock through `writer`: every level II oplock of the file
  // breaks to none, the writer's own too ("self break": its client's cached reads are stale as
  // well; smbtorture raw.oplock.batch1, brl1).
  void break_level2(const Open& writer);

  // The oplock `open` holds now.
  OplockLevel level(const Open& open) const;

  // Ends every wait for an acknowledgement and lets no open wait again: the server is stopping.
  void shutdown();

  // Opens waiting for an acknowledgement now (for tests).
  size_t waiting() const;

 private:
  void release(const std::shared_ptr<Entry>& entry);
  // The breaks `opener` causes before (admitted = false) or after its share-mode check, and the
  // wait for their acknowledgements; the caller holds mu_ through `lock`.
  void break_conflicts(std::unique_lock<std::mutex>& lock, Entry& opener, bool admitted);
  // Lowers `e` to `level`, telling its client; the caller holds mu_.
  void send_break(Entry& e, OplockLevel level);

  const size_t max_waiters_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;  // guards files_, every entry, waiting_, shut_down_
  std::condition_variable changed_;  // an acknowledgement, a release or shutdown
  size_t waiting_ = 0;
  bool shut_down_ = false;
  std::unordered_map<vfs::FileKey, std::shared_ptr<FileState>, vfs::FileKeyHash> files_;
};

}  // namespace smbkit::server
