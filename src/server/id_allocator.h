// Hands out identifiers (SMB1's 16-bit UID, TID, FID and search ids; SMB2's 32-bit tree ids and
// 64-bit session and file ids) that are never 0 or all ones and never collide with one still in
// use, so a stale id cannot reach a newer object by accident.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>

namespace smbkit::server {

template <class T, class Id = uint16_t>
class IdTable {
 public:
  // The largest id handed out: all ones is reserved (SMB2's "any id", SMB1's invalid FID).
  static constexpr Id kLastId = std::numeric_limits<Id>::max() - 1;

  // Inserts `value` under a fresh id; nullopt when all ids are in use.
  std::optional<Id> insert(T value) {
    constexpr uint64_t kTries = std::min<uint64_t>(kLastId, 0x10000);
    for (uint64_t tries = 0; tries < kTries; ++tries) {
      Id id = next_;
      next_ = next_ >= kLastId ? 1 : next_ + 1;
      if (!items_.count(id)) {
        items_.emplace(id, std::move(value));
        return id;
      }
    }
    return std::nullopt;
  }
  T* find(Id id) {
    auto it = items_.find(id);
    return it == items_.end() ? nullptr : &it->second;
  }
  bool erase(Id id) { return items_.erase(id) > 0; }
  size_t size() const { return items_.size(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  // Removes every entry the predicate selects.
  template <class Pred>
  void erase_if(Pred pred) {
    std::erase_if(items_, [&](auto& kv) { return pred(kv.second); });
  }

 private:
  std::map<Id, T> items_;
  Id next_ = 1;
};

}  // namespace smbkit::server
