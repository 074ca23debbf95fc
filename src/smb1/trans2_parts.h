// Multi-part transactions (MS-CIFS 3.2.4.1.5, 3.3.4.1.2, 3.3.5.2.x): collecting a request that
// arrives as a primary plus SECONDARY parts, and splitting a reply too large for the client's
// MaxBufferSize into several responses. Pure: no I/O, no timers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "smb1/trans2.h"

namespace smbkit::smb1 {

// Collects the parameter and data bytes of one transaction, placed by displacement. 32-bit so
// NT_TRANSACT can use it too. Memory grows with the bytes received, not with the totals claimed.
class TransactionAssembler {
 public:
  // `on_error` is what a bad part fails with: InvalidSmb for a server collecting a request,
  // InvalidNetworkResponse for a client collecting a reply.
  TransactionAssembler(uint32_t total_parameter_count, uint32_t total_data_count,
                       NtStatus on_error = NtStatus::InvalidSmb)
      : total_parameters_(total_parameter_count),
        total_data_(total_data_count),
        on_error_(on_error) {}

  // Adds one part, whose totals may shrink the transaction's (never grow them, nor shrink them
  // below bytes already received). Fails for a part reaching past the totals or overlapping
  // bytes already received, leaving the assembler unchanged.
  NtStatus add(uint32_t total_parameter_count, uint32_t total_data_count,
               uint32_t parameter_displacement, Bytes parameters, uint32_t data_displacement,
               Bytes data);
  // The primary request (displacements 0) and the SECONDARY parts.
  NtStatus add(const Trans2Request& primary);
  NtStatus add(const Trans2SecondaryRequest& part);
  // A client collecting a multi-part reply.
  NtStatus add(const Trans2Response& part);

  // Every byte of both totals received.
  bool complete() const {
    return received_parameters_ == total_parameters_ && received_data_ == total_data_;
  }
  uint32_t total_parameter_count() const { return total_parameters_; }
  uint32_t total_data_count() const { return total_data_; }
  // The assembled bytes (complete once complete()).
  const std::vector<uint8_t>& parameters() const { return parameters_; }
  const std::vector<uint8_t>& data() const { return data_; }

 private:
  // Received ranges [start, end) of one buffer, keyed by start.
  using Ranges = std::map<uint32_t, uint32_t>;
  static bool fits(const Ranges& ranges, uint32_t total, uint32_t displacement, size_t count);
  static uint32_t high_water(const Ranges& ranges);
  static void store(Ranges& ranges, std::vector<uint8_t>& buffer, uint32_t displacement,
                    Bytes part);

  uint32_t total_parameters_;
  uint32_t total_data_;
  NtStatus on_error_;
  uint32_t received_parameters_ = 0;
  uint32_t received_data_ = 0;
  Ranges parameter_ranges_;
  Ranges data_ranges_;
  std::vector<uint8_t> parameters_;
  std::vector<uint8_t> data_;
};

// One response's share of a reply: ranges of the whole reply's parameters and data.
struct TransPart {
  uint32_t parameter_displacement = 0;
  uint32_t parameter_count = 0;
  uint32_t data_displacement = 0;
  uint32_t data_count = 0;

  bool operator==(const TransPart&) const = default;
};

// Splits a TRANSACTION2 reply of `parameter_count` and `data_count` bytes into responses that
// each fit in `max_buffer_size` bytes (the client's MaxBufferSize, counted from the SMB header
// start, capped at 65535) with `setup_words` setup words, laid out as Trans2Response::encode
// lays them out: parameters first, then data. At least one part, even for an empty reply.
// BufferTooSmall if a response could not carry a single byte.
Result<std::vector<TransPart>> split_trans2_response(size_t parameter_count, size_t data_count,
                                                     size_t setup_words, size_t max_buffer_size);

// The responses themselves: split_trans2_response, each part filled with its bytes. The totals
// must fit 16 bits (InvalidParameter otherwise).
Result<std::vector<Trans2Response>> make_trans2_responses(const std::vector<uint16_t>& setup,
                                                          Bytes parameters, Bytes data,
                                                          size_t max_buffer_size);

}  // namespace smbkit::smb1
