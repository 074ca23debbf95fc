// SMB_COM_NT_TRANSACT (0xA0) framing: MS-CIFS 2.2.4.62. Where the subcommand's setup words,
// parameters and data sit in the message; the subcommands' own layouts are in
// nt_transact_notify.h. Counts and offsets are 32-bit (unlike TRANSACTION2's), and every one read
// from the wire is checked against the block it points into. A reply that comes in several parts
// is collected with TransactionAssembler (trans2_parts.h), which is 32-bit for this.
#pragma once

#include <cstdint>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.7 NT_TRANSACT subcommand codes (the request's Function field).
enum class NtTransactFunction : uint16_t {
  Create = 0x0001,
  Ioctl = 0x0002,
  SetSecurityDesc = 0x0003,
  NotifyChange = 0x0004,
  Rename = 0x0005,
  QuerySecurityDesc = 0x0006,
};

inline constexpr uint8_t kNtTransactRequestWords = 19;   // before Setup[]
inline constexpr uint8_t kNtTransactResponseWords = 18;  // before Setup[]

// MS-CIFS 2.2.4.62.1 request: the first (often the only) part of a transaction. Parameters and
// data are this part's bytes; the totals say how many the whole transaction carries.
struct NtTransactRequest {
  uint8_t max_setup_count = 0;
  uint32_t total_parameter_count = 0;
  uint32_t total_data_count = 0;
  uint32_t max_parameter_count = 0;  // the most the client takes back
  uint32_t max_data_count = 0;
  uint16_t function = 0;
  std::vector<uint16_t> setup;
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  // A single-part request whose totals are the sizes given.
  static NtTransactRequest make(NtTransactFunction function, std::vector<uint16_t> setup,
                                std::vector<uint8_t> parameters, std::vector<uint8_t> data,
                                uint32_t max_parameter_count, uint32_t max_data_count);

  // InvalidSmb unless WordCount is 19 + SetupCount, each count is within its total, and the
  // parameter and data bytes, located by offsets from the header start, lie inside the block's
  // data bytes.
  static Result<NtTransactRequest> decode(const Block& block);
  // Parameters, then data, each aligned to 4 bytes from the header start when not empty.
  void encode(MessageWriter& out) const;
};

// MS-CIFS 2.2.4.62.2 final response: one part of the reply. The interim response is an empty
// block, as for TRANSACTION2 (is_interim_response in trans2.h).
struct NtTransactResponse {
  uint32_t total_parameter_count = 0;
  uint32_t total_data_count = 0;
  uint32_t parameter_displacement = 0;  // where this part's parameters go in the whole
  uint32_t data_displacement = 0;
  std::vector<uint16_t> setup;
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  // InvalidNetworkResponse unless WordCount is 18 + SetupCount, displacement + count is within
  // each total, and the bytes lie inside the block's data bytes.
  static Result<NtTransactResponse> decode(const Block& block);
  // Parameters, then data, each aligned to 4 bytes from the header start when not empty.
  void encode(MessageWriter& out) const;
};

}  // namespace smbkit::smb1
