#include "server/smb2/credits.h"

#include <algorithm>

namespace smbkit::server {

bool CreditWindow::used(uint64_t id) const {
  uint64_t slot = id % max_;
  size_t word = static_cast<size_t>(slot / 64);
  return word < bits_.size() && (bits_[word] >> (slot % 64) & 1);
}

void CreditWindow::set_used(uint64_t id, bool value) {
  uint64_t slot = id % max_;
  size_t word = static_cast<size_t>(slot / 64);
  if (word >= bits_.size()) {
    if (!value) return;
    bits_.resize(word + 1, 0);
  }
  uint64_t bit = uint64_t{1} << (slot % 64);
  bits_[word] = value ? bits_[word] | bit : bits_[word] & ~bit;
}

bool CreditWindow::can_consume(uint64_t message_id, uint16_t charge) const {
  uint64_t count = std::max<uint16_t>(charge, 1);
  if (message_id < low_ || message_id >= high_ || count > high_ - message_id) return false;
  for (uint64_t id = message_id; id < message_id + count; ++id)
    if (used(id)) return false;
  return true;
}

bool CreditWindow::consume(uint64_t message_id, uint16_t charge) {
  if (!can_consume(message_id, charge)) return false;
  uint64_t count = std::max<uint16_t>(charge, 1);
  for (uint64_t id = message_id; id < message_id + count; ++id) set_used(id, true);
  used_in_window_ += static_cast<uint32_t>(count);
  while (low_ < high_ && used(low_)) {
    set_used(low_, false);
    ++low_;
    --used_in_window_;
  }
  return true;
}

uint16_t CreditWindow::grant(uint16_t requested) {
  uint64_t room = max_ - (high_ - low_);
  uint64_t n = std::min<uint64_t>(requested, room);
  if (n == 0 && held() == 0 && room > 0) n = 1;
  high_ += n;
  return static_cast<uint16_t>(n);
}

}  // namespace smbkit::server
