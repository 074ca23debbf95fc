// The credit window of an SMB2 connection (MS-SMB2 3.3.1.1 CommandSequenceWindow, 3.3.1.2,
// 3.3.5.2.3): the message ids a client may use are those granted and not yet used; each request
// uses CreditCharge of them (at least one), each response grants more. A message id outside the
// window, or used twice, ends the connection.
#pragma once

#include <cstdint>
#include <vector>

namespace smbkit::server {

class CreditWindow {
 public:
  // The most credits a client may hold (granted and unused) at once: Samba's and Windows' 8192.
  static constexpr uint32_t kDefaultMax = 8192;

  explicit CreditWindow(uint32_t max_credits = kDefaultMax) : max_(max_credits) {}

  // Uses the ids [message_id, message_id + charge); false (and nothing used) when one of them
  // was not granted or is used already. A charge of 0 counts as 1 (MS-SMB2 3.3.5.2.3).
  bool consume(uint64_t message_id, uint16_t charge);
  // Whether consume() would succeed, changing nothing.
  bool can_consume(uint64_t message_id, uint16_t charge) const;
  // The credits a response grants: what the client asked for, within the window's room, and at
  // least one while the client holds none, so it can always send again.
  uint16_t grant(uint16_t requested);
  // Credits granted and not yet used.
  uint32_t held() const { return static_cast<uint32_t>(high_ - low_) - used_in_window_; }
  // The message ids granted so far: [0, next_unGranted()).
  uint64_t next_ungranted() const { return high_; }

 private:
  bool used(uint64_t id) const;
  void set_used(uint64_t id, bool value);

  uint32_t max_;
  uint64_t low_ = 0;   // every id below is used
  uint64_t high_ = 1;  // one past the highest granted; NEGOTIATE's id 0 comes granted
  uint32_t used_in_window_ = 0;
  std::vector<uint64_t> bits_;  // used ids in [low_, high_), by id % max_, grown on demand
};

}  // namespace smbkit::server
