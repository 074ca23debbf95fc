// Hands out 16-bit identifiers (UID, TID, FID, search id) that are never 0 or 0xFFFF and never
// collide with one still in use, so a stale id cannot reach a newer object by accident.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace smbkit::server {

template <class T>
class IdTable {
 public:
  // Inserts `value` under a fresh id; nullopt when all ids are in use.
  std::optional<uint16_t> insert(T value) {
    for (uint32_t tries = 0; tries < 0xFFFE; ++tries) {
      uint16_t id = next_;
      next_ = next_ >= 0xFFFE ? 1 : next_ + 1;
      if (!items_.count(id)) {
        items_.emplace(id, std::move(value));
        return id;
      }
    }
    return std::nullopt;
  }
  T* find(uint16_t id) {
    auto it = items_.find(id);
    return it == items_.end() ? nullptr : &it->second;
  }
  bool erase(uint16_t id) { return items_.erase(id) > 0; }
  size_t size() const { return items_.size(); }
  auto begin() { return items_.begin(); }
  auto end() { return items_.end(); }
  // Removes every entry the predicate selects.
  template <class Pred>
  void erase_if(Pred pred) {
    std::erase_if(items_, [&](auto& kv) { return pred(kv.second); });
  }

 private:
  std::map<uint16_t, T> items_;
  uint16_t next_ = 1;
};

}  // namespace smbkit::server
