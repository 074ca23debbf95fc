// Opportunistic locks of the opens of both dialects (MS-CIFS 3.3.4.2, 3.3.5.30, 3.3.5.35,
// 3.3.5.50; MS-SMB2 3.3.4.6, 3.3.5.22.1; the break rules of MS-FSA 2.1.4.12 in the part SMB can
// use): exclusive and batch oplocks for a sole open of a file, level II when others read it too,
// and their breaks when another open conflicts. One table serves the whole server
// (SharedState::oplocks); files are told apart by device and inode (vfs::FileKey), as in the
// registry of opens, and every open of a file (with an oplock or without) enters it, so that a
// grant knows whether the open is alone.
//
// An open that conflicts with another open's exclusive or batch oplock (a batch one before the
// share-mode check, an exclusive one after it) sends that open's connection an oplock break (the
// holder's BreakNotifier), then waits for the holder to acknowledge or close, at most
// kBreakTimeout. The wait holds no thread: given a Park, the table parks the open (a
// Wake kept with the file, its time-out a timer on the opener's loop) and the caller answers
// its request later, by running it again once the wait completes; the open it made is dropped
// meanwhile. Without a Park (where a request cannot be run again, e.g. inside a chain) the
// oplocks are lowered at once, as after the time-out. An open never waits for a holder on its
// own connection (whose acknowledgement is read after it), and breaks of level II oplocks (to
// none) need no acknowledgement.
//
// Thread safety: every member may be called from any thread.
//
// FOR OTHER HANDLERS (write, set end of file): before a write or a truncation through an open,
// call `break_level2(file.oplock)`: level II oplocks of the other opens of the file break to none.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "server/ids.h"
#include "server/park.h"
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

struct OplockFile;    // the table's state of one file (oplocks.cc)
struct BreakWaiter;   // an open parked on it (oplocks.cc)

class OplockTable {
  friend struct OplockFile;
  friend struct BreakWaiter;
  using FileState = OplockFile;
  struct Entry;

 public:
  // How long an open waits for a holder's acknowledgement (Windows: 35 s, MS-CIFS <217>).
  static constexpr std::chrono::milliseconds kBreakTimeout{35'000};

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

  explicit OplockTable(std::chrono::milliseconds break_timeout = kBreakTimeout);
  ~OplockTable();
  OplockTable(const OplockTable&) = delete;
  OplockTable& operator=(const OplockTable&) = delete;

  // Called once the file being opened is known, before its share modes are checked: enters the
  // open without an oplock and breaks the batch oplocks `intent` conflicts with (any open but a
  // stat-only one that does not truncate), so that a holder that closes on the break lets the
  // open through. Breaks go to level II, or to none when the holder cannot take level II or the
  // open truncates. When a holder on another connection must acknowledge, the open parks in
  // `later` (later->wait set; the caller drops the returned Open and runs its request again once
  // the wait completes); without `later` the oplocks are lowered at once.
  Open enter(const vfs::FileKey& key, const OplockIntent& intent, Park* later = nullptr);

  // Called once the open got through the share-mode check: breaks the exclusive oplocks it
  // conflicts with (the same opens), and for a truncating open the level II ones (to none, with
  // no wait); parks as enter() does. An open refused for sharing breaks no exclusive oplock.
  void admitted(Open& open, Park* later = nullptr);

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

  // Opens parked now (for tests).
  size_t waiting() const;

 private:
  void release(const std::shared_ptr<Entry>& entry);
  // The breaks `opener` causes before (admitted = false) or after its share-mode check; parks it
  // in `later`, or lowers the oplocks at once. The caller holds mu_.
  void break_conflicts(Entry& opener, bool admitted, Park* later);
  // Lowers `e` to `level`, telling its client; the caller holds mu_.
  void send_break(Entry& e, OplockLevel level);
  // The waits on `file` that are over now that none of its breaks is under way, taken from it.
  // The caller holds mu_ and completes them once it no longer does.
  std::vector<std::shared_ptr<BreakWaiter>> settled_waits(FileState& file);
  // The time-out of `waiter`: the oplocks still breaking are lowered as their breaks said.
  void expire(const std::shared_ptr<BreakWaiter>& waiter);

  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;  // guards files_, every entry and wait's table side, shut_down_
  bool shut_down_ = false;
  std::unordered_map<vfs::FileKey, std::shared_ptr<FileState>, vfs::FileKeyHash> files_;
};

}  // namespace smbkit::server
