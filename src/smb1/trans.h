// SMB_COM_TRANSACTION (MS-CIFS 2.2.4.33): transactions addressed by name, which carry the named
// pipe subcommands (MS-CIFS 2.2.5: TransactNmPipe and the pipe state requests, Name "\PIPE\")
// and Remote Administration Protocol calls (Name "\PIPE\LANMAN", no setup words).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smb1/message.h"
#include "smb1/trans2.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.5 named pipe subcommands (Setup[0]; Setup[1] is the pipe's FID).
enum class TransSubcommand : uint16_t {
  SetNmpipeState = 0x0001,
  RawReadNmpipe = 0x0011,
  QueryNmpipeState = 0x0021,
  QueryNmpipeInfo = 0x0022,
  PeekNmpipe = 0x0023,
  TransactNmpipe = 0x0026,
  RawWriteNmpipe = 0x0031,
  ReadNmpipe = 0x0036,
  WriteNmpipe = 0x0037,
  WaitNmpipe = 0x0053,
  CallNmpipe = 0x0054,
};

// MS-CIFS 2.2.4.33.1 / 2.2.5 the Name of a named pipe transaction.
inline constexpr const char* kTransPipeName = "\\PIPE\\";

// MS-CIFS 2.2.4.64.2 / 2.2.5.1 NMPipeStatus (SMB_NMPIPE_STATUS) bits.
enum NmPipeStatus : uint16_t {
  kNmPipeInstanceCountMask = 0x00FF,  // ICount
  kNmPipeReadModeMessage = 0x0100,    // ReadMode: 1 reads messages
  kNmPipeTypeMessage = 0x0400,        // NamedPipeType: 1 a message pipe
  kNmPipeServerEnd = 0x4000,          // Endpoint: 1 the server end
  kNmPipeNonblocking = 0x8000,        // Nonblocking
};

inline constexpr uint8_t kTransRequestWords = 14;  // before Setup[]

// MS-CIFS 2.2.4.33.1 SMB_COM_TRANSACTION request: the layout of TRANSACTION2's (Trans2Request)
// with a Name, and setup words optional (a RAP call has none). One part only: a request whose
// totals exceed its bytes needs TRANSACTION_SECONDARY parts.
struct TransRequest {
  uint16_t total_parameter_count = 0;
  uint16_t total_data_count = 0;
  uint16_t max_parameter_count = 0;
  uint16_t max_data_count = 0;
  uint8_t max_setup_count = 0;
  uint16_t flags = 0;
  uint32_t timeout = 0;
  std::vector<uint16_t> setup;
  std::string name;  // "\PIPE\" for the pipe subcommands
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  uint16_t subcommand() const { return setup.empty() ? 0xFFFF : setup[0]; }
  bool is_complete() const {
    return parameters.size() == total_parameter_count && data.size() == total_data_count;
  }

  // InvalidSmb unless WordCount is 14 + SetupCount, each count is within its total, the Name is
  // a terminated string, and the parameter and data bytes, located by offsets from the header
  // start, lie inside the block's data bytes.
  static Result<TransRequest> decode(const Block& block);
  // Name first (2-byte aligned when Unicode), then parameters and data, each aligned to 4
  // bytes from the header start when not empty.
  void encode(MessageWriter& out) const;
};

// MS-CIFS 2.2.4.33.2: the response has TRANSACTION2's layout (the block's command code matters
// to AndX commands only, which these are not).
using TransResponse = Trans2Response;

}  // namespace smbkit::smb1
