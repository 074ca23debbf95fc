#include "server/oplocks.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

namespace smbkit::server {

struct OplockFile {
  std::vector<OplockTable::Entry*> entries;  // every open of the file, with an oplock or without
  std::vector<std::shared_ptr<BreakWaiter>> waits;  // opens parked until its breaks end
};

// Guarded by the table's mutex, but for `timer`, which only its loop touches once armed.
struct BreakWaiter {
  std::shared_ptr<Wake> wake;
  std::shared_ptr<OplockFile> file;
  std::optional<asio::steady_timer> timer;  // the time-out
  bool finished = false;
};

struct OplockTable::Entry {
  vfs::FileKey key;
  std::shared_ptr<FileState> file;
  OplockIntent intent;
  OplockLevel level = OplockLevel::None;
  bool level2 = false;    // may be lowered to level II rather than none
  bool breaking = false;  // a break to `break_to` was sent; its acknowledgement is awaited
  OplockLevel break_to = OplockLevel::None;
  BreakNotifier notify;
};

namespace {

bool strong(OplockLevel level) {
  return level == OplockLevel::Exclusive || level == OplockLevel::Batch;
}

void complete_all(const std::vector<std::shared_ptr<BreakWaiter>>& waits) {
  for (const auto& w : waits) {
    // Its timer is its loop's to touch.
    asio::post(w->timer->get_executor(), [w] { w->timer->cancel(); });
    w->wake->complete();
  }
}

}  // namespace

OplockTable::Open::Open(Open&& other) noexcept
    : table_(other.table_), entry_(std::move(other.entry_)) {
  other.table_ = nullptr;
}

OplockTable::Open& OplockTable::Open::operator=(Open&& other) noexcept {
  if (this != &other) {
    reset();
    table_ = other.table_;
    entry_ = std::move(other.entry_);
    other.table_ = nullptr;
  }
  return *this;
}

OplockTable::Open::~Open() { reset(); }

void OplockTable::Open::reset() {
  if (entry_) table_->release(entry_);
  entry_.reset();
  table_ = nullptr;
}

OplockTable::OplockTable(std::chrono::milliseconds break_timeout) : timeout_(break_timeout) {}

OplockTable::~OplockTable() = default;

void OplockTable::send_break(Entry& e, OplockLevel level) {
  if (e.notify) e.notify(level);
}

OplockTable::Open OplockTable::enter(const vfs::FileKey& key, const OplockIntent& intent,
                                     Park* later) {
  auto entry = std::make_shared<Entry>();
  entry->key = key;
  entry->intent = intent;
  std::lock_guard lock(mu_);
  auto& file = files_[key];
  if (!file) file = std::make_shared<FileState>();
  entry->file = file;
  file->entries.push_back(entry.get());
  break_conflicts(*entry, /*admitted=*/false, later);
  return Open(this, std::move(entry));
}

void OplockTable::admitted(Open& open, Park* later) {
  if (!open) return;
  std::lock_guard lock(mu_);
  break_conflicts(*open.entry_, /*admitted=*/true, later);
}

void OplockTable::break_conflicts(Entry& opener, bool admitted, Park* later) {
  const OplockIntent& intent = opener.intent;
  auto& entries = opener.file->entries;
  bool must_wait = false;
  for (Entry* e : entries) {
    if (e == &opener) continue;
    if (e->level == OplockLevel::LevelII) {
      if (admitted && intent.truncating) {
        send_break(*e, OplockLevel::None);
        e->level = OplockLevel::None;
      }
      continue;
    }
    if (!strong(e->level)) continue;
    // A stat-only open reads and changes no data a client could have cached: it breaks nothing
    // unless it truncates (smbtorture raw.oplock.exclusive4, batch8, batch13).
    if (intent.stat_only && !intent.truncating) continue;
    // Before the share-mode check only batch oplocks break (their holder may close the handle
    // it keeps open behind the application's back), exclusive ones once the open got through.
    if (e->level != OplockLevel::Batch && !admitted) continue;
    if (!e->breaking) {
      OplockLevel to = intent.truncating || !e->level2 ? OplockLevel::None : OplockLevel::LevelII;
      send_break(*e, to);
      e->breaking = true;
      e->break_to = to;
    }
    if (e->intent.connection == intent.connection) {
      // Its acknowledgement cannot be read before this open ends.
      e->level = e->break_to;
      e->breaking = false;
    } else {
      must_wait = true;
    }
  }
  if (!must_wait) return;
  if (later && !shut_down_) {
    auto waiter = std::make_shared<BreakWaiter>();
    waiter->wake = std::make_shared<Wake>();
    waiter->file = opener.file;
    opener.file->waits.push_back(waiter);
    // The time-out lowers what still breaks; the timer holds no reference to the waiter.
    waiter->timer.emplace(later->loop, timeout_);
    waiter->timer->async_wait([this, weak = std::weak_ptr(waiter)](const asio::error_code& ec) {
      if (ec) return;
      if (auto w = weak.lock()) expire(w);
    });
    later->wait = waiter->wake;
    return;
  }
  // Nowhere to park (or the server stops): the oplocks are lowered as the breaks said.
  for (Entry* e : entries) {
    if (!e->breaking) continue;
    e->level = e->break_to;
    e->breaking = false;
  }
}

std::vector<std::shared_ptr<BreakWaiter>> OplockTable::settled_waits(FileState& file) {
  std::vector<std::shared_ptr<BreakWaiter>> done;
  if (file.waits.empty()) return done;
  for (const Entry* e : file.entries)
    if (e->breaking) return done;
  done.swap(file.waits);
  for (auto& w : done) w->finished = true;
  return done;
}

void OplockTable::expire(const std::shared_ptr<BreakWaiter>& waiter) {
  std::vector<std::shared_ptr<BreakWaiter>> done;
  {
    std::lock_guard lock(mu_);
    if (waiter->finished) return;
    FileState& file = *waiter->file;
    // No acknowledgement in time: the oplocks are lowered as the breaks said, which settles
    // this wait and every other one on the file.
    for (Entry* e : file.entries) {
      if (!e->breaking) continue;
      e->level = e->break_to;
      e->breaking = false;
    }
    done = settled_waits(file);
  }
  complete_all(done);
}

OplockLevel OplockTable::grant(Open& open, OplockLevel wanted, bool level2,
                               BreakNotifier notify) {
  if (!open) return OplockLevel::None;
  std::lock_guard lock(mu_);
  Entry& e = *open.entry_;
  e.notify = std::move(notify);
  e.level2 = level2;
  if (!strong(wanted) && wanted != OplockLevel::LevelII) return e.level = OplockLevel::None;
  bool alone = true, other_strong = false;
  for (const Entry* other : e.file->entries) {
    if (other == &e) continue;
    alone = false;
    other_strong |= strong(other->level) || other->breaking;
  }
  if (wanted == OplockLevel::LevelII)
    return e.level = level2 && !other_strong ? OplockLevel::LevelII : OplockLevel::None;
  if (alone)
    e.level = wanted;
  else if (level2 && !other_strong)
    e.level = OplockLevel::LevelII;
  else
    e.level = OplockLevel::None;
  return e.level;
}

void OplockTable::acknowledge(Open& open, OplockLevel new_level) {
  if (!open) return;
  std::vector<std::shared_ptr<BreakWaiter>> done;
  {
    std::lock_guard lock(mu_);
    Entry& e = *open.entry_;
    bool keeps_level2 = new_level == OplockLevel::LevelII;
    OplockLevel ceiling = e.breaking ? e.break_to : e.level;
    if (ceiling == OplockLevel::None || !keeps_level2)
      e.level = OplockLevel::None;
    else
      e.level = OplockLevel::LevelII;
    if (e.breaking) {
      e.breaking = false;
      done = settled_waits(*e.file);
    }
  }
  complete_all(done);
}

void OplockTable::break_level2(const Open& writer) {
  if (!writer) return;
  std::lock_guard lock(mu_);
  for (Entry* e : writer.entry_->file->entries) {
    if (e->level != OplockLevel::LevelII) continue;
    send_break(*e, OplockLevel::None);
    e->level = OplockLevel::None;
  }
}

OplockLevel OplockTable::level(const Open& open) const {
  if (!open) return OplockLevel::None;
  std::lock_guard lock(mu_);
  return open.entry_->level;
}

void OplockTable::shutdown() {
  std::vector<std::shared_ptr<BreakWaiter>> done;
  {
    std::lock_guard lock(mu_);
    shut_down_ = true;
    for (auto& [key, file] : files_) {
      for (Entry* e : file->entries) {
        if (!e->breaking) continue;
        e->level = e->break_to;
        e->breaking = false;
      }
      auto settled = settled_waits(*file);
      done.insert(done.end(), settled.begin(), settled.end());
    }
  }
  complete_all(done);
}

size_t OplockTable::waiting() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [key, file] : files_) n += file->waits.size();
  return n;
}

void OplockTable::release(const std::shared_ptr<Entry>& entry) {
  std::vector<std::shared_ptr<BreakWaiter>> done;
  {
    std::lock_guard lock(mu_);
    auto& entries = entry->file->entries;
    entries.erase(std::remove(entries.begin(), entries.end(), entry.get()), entries.end());
    // A holder that closes ends its break.
    done = settled_waits(*entry->file);
    if (entries.empty()) {
      auto it = files_.find(entry->key);
      if (it != files_.end() && it->second == entry->file) files_.erase(it);
    }
  }
  complete_all(done);
}

}  // namespace smbkit::server
