// Numbers packets and hands trace events to the user's callback (ClientOptions::trace).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "smbkit/client.h"

namespace smbkit::client {

using TraceFields = std::vector<TraceField>;

class Tracer {
 public:
  explicit Tracer(std::function<void(const TraceEvent&)> sink = {}) : sink_(std::move(sink)) {}

  bool enabled() const { return static_cast<bool>(sink_); }
  // The sequence number of the next packet on the wire, taken when it is sent or received so
  // that numbers follow the wire order even when an event is reported later.
  uint32_t take_sequence() { return ++sequence_; }
  void emit(uint32_t sequence, Direction direction, std::string command, std::string status,
            TraceFields fields = {}) const {
    if (!sink_) return;
    sink_(TraceEvent{sequence, direction, std::move(command), std::move(status),
                     std::move(fields)});
  }

 private:
  std::function<void(const TraceEvent&)> sink_;
  uint32_t sequence_ = 0;
};

// Field values as the trace shows them.
std::string trace_hex16(uint16_t v);  // "0x0800"
std::string trace_hex32(uint32_t v);  // "0x00000001"
std::string trace_hex_bytes(std::span<const uint8_t> bytes);  // "0011aabb"

}  // namespace smbkit::client
