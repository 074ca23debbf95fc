#include "server/oplocks.h"

#include <algorithm>
#include <vector>

namespace smbkit::server {

struct OplockTable::FileState {
  std::vector<Entry*> entries;  // every open of the file, with an oplock or without
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

OplockTable::OplockTable(size_t max_break_waiters, std::chrono::milliseconds break_timeout)
    : max_waiters_(max_break_waiters), timeout_(break_timeout) {}

OplockTable::~OplockTable() = default;

void OplockTable::send_break(Entry& e, OplockLevel level) {
  if (e.notify) e.notify(level);
}

OplockTable::Open OplockTable::enter(const vfs::FileKey& key, const OplockIntent& intent) {
  auto entry = std::make_shared<Entry>();
  entry->key = key;
  entry->intent = intent;
  std::unique_lock lock(mu_);
  auto& file = files_[key];
  if (!file) file = std::make_shared<FileState>();
  entry->file = file;
  // Entered first: the file's state then outlives a wait, whoever else closes.
  file->entries.push_back(entry.get());
  break_conflicts(lock, *entry, /*admitted=*/false);
  return Open(this, std::move(entry));
}

void OplockTable::admitted(Open& open) {
  if (!open) return;
  std::unique_lock lock(mu_);
  break_conflicts(lock, *open.entry_, /*admitted=*/true);
}

void OplockTable::break_conflicts(std::unique_lock<std::mutex>& lock, Entry& opener,
                                  bool admitted) {
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

  auto others_breaking = [&] {
    return std::any_of(entries.begin(), entries.end(), [](const Entry* e) { return e->breaking; });
  };
  if (!shut_down_ && waiting_ < max_waiters_) {
    ++waiting_;
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    changed_.wait_until(lock, deadline, [&] { return shut_down_ || !others_breaking(); });
    --waiting_;
  }
  // No acknowledgement (no wait slot, the time-out, shutdown): the oplocks are lowered as the
  // breaks said.
  for (Entry* e : entries) {
    if (!e->breaking) continue;
    e->level = e->break_to;
    e->breaking = false;
  }
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
    changed_.notify_all();
  }
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
  std::lock_guard lock(mu_);
  shut_down_ = true;
  changed_.notify_all();
}

size_t OplockTable::waiting() const {
  std::lock_guard lock(mu_);
  return waiting_;
}

void OplockTable::release(const std::shared_ptr<Entry>& entry) {
  std::lock_guard lock(mu_);
  auto& entries = entry->file->entries;
  entries.erase(std::remove(entries.begin(), entries.end(), entry.get()), entries.end());
  if (entries.empty()) {
    auto it = files_.find(entry->key);
    if (it != files_.end() && it->second == entry->file) files_.erase(it);
  }
  if (entry->breaking) changed_.notify_all();
}

}  // namespace smbkit::server
