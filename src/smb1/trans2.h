// SMB_COM_TRANSACTION2 (MS-CIFS 2.2.4.46) and SMB_COM_TRANSACTION2_SECONDARY (2.2.4.47) framing:
// where the subcommand's parameters and data sit in the message. The subcommands' own parameter
// and data layouts are in trans2_query.h and trans2_find.h; collecting multi-part transactions
// and splitting large replies is in trans2_parts.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.6 TRANSACTION2 subcommand codes (Setup[0]).
enum class Trans2Subcommand : uint16_t {
  Open2 = 0x0000,
  FindFirst2 = 0x0001,
  FindNext2 = 0x0002,
  QueryFsInformation = 0x0003,
  SetFsInformation = 0x0004,
  QueryPathInformation = 0x0005,
  SetPathInformation = 0x0006,
  QueryFileInformation = 0x0007,
  SetFileInformation = 0x0008,
  Fsctl = 0x0009,
  Ioctl2 = 0x000A,
  FindNotifyFirst = 0x000B,
  FindNotifyNext = 0x000C,
  CreateDirectory = 0x000D,
  SessionSetup = 0x000E,
  GetDfsReferral = 0x0010,
  ReportDfsInconsistency = 0x0011,
};

// "TRANS2_FIND_FIRST2"-style name for traces; "TRANS2_0xNNNN" for an unnamed code.
std::string trans2_subcommand_name(uint16_t subcommand);

// MS-CIFS 2.2.4.46.1 request Flags.
inline constexpr uint16_t kTrans2DisconnectTid = 0x0001;
inline constexpr uint16_t kTrans2NoResponse = 0x0002;

inline constexpr uint8_t kTrans2RequestWords = 14;   // before Setup[]
inline constexpr uint8_t kTrans2ResponseWords = 10;  // before Setup[]
inline constexpr uint8_t kTrans2SecondaryWords = 9;

// MS-CIFS 2.2.4.46.1 SMB_COM_TRANSACTION2 request: the first (often the only) part of a
// transaction. Parameters and data are this part's bytes; the totals say how many the whole
// transaction carries (more arrive in SECONDARY requests when they exceed this part's).
struct Trans2Request {
  uint16_t total_parameter_count = 0;
  uint16_t total_data_count = 0;
  uint16_t max_parameter_count = 0;  // the most the client takes back
  uint16_t max_data_count = 0;
  uint8_t max_setup_count = 0;
  uint16_t flags = 0;
  uint32_t timeout = 0;
  std::vector<uint16_t> setup;  // setup[0] is the subcommand
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  uint16_t subcommand() const { return setup.empty() ? 0xFFFF : setup[0]; }
  bool is_complete() const {
    return parameters.size() == total_parameter_count && data.size() == total_data_count;
  }

  // A single-part request for `subcommand` whose totals are the sizes given.
  static Trans2Request make(Trans2Subcommand subcommand, std::vector<uint8_t> parameters,
                            std::vector<uint8_t> data, uint16_t max_parameter_count,
                            uint16_t max_data_count);

  // InvalidSmb unless WordCount is 14 + SetupCount with SetupCount >= 1, each count is within
  // its total, and the parameter and data bytes, located by offsets from the header start, lie
  // inside the block's data bytes.
  static Result<Trans2Request> decode(const Block& block);
  // Writes the block: Name (an empty string, 2-byte aligned when the message is Unicode), then
  // parameters and data, each aligned to 4 bytes from the header start when not empty.
  void encode(MessageWriter& out) const;
};

// MS-CIFS 2.2.4.46.2 SMB_COM_TRANSACTION2 final response: one part of the reply. The interim
// response (sent after a primary request announcing SECONDARY parts) is an empty block:
// MessageWriter::empty_block, recognised by is_interim_response.
struct Trans2Response {
  uint16_t total_parameter_count = 0;
  uint16_t total_data_count = 0;
  uint16_t parameter_displacement = 0;  // where this part's parameters go in the whole
  uint16_t data_displacement = 0;
  std::vector<uint16_t> setup;
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  // WordCount must be 10 + SetupCount; counts within totals, displacement + count within totals,
  // bytes inside the block's data bytes; otherwise InvalidNetworkResponse.
  static Result<Trans2Response> decode(const Block& block);
  // Parameters, then data, each aligned to 4 bytes from the header start when not empty.
  void encode(MessageWriter& out) const;
};

// The interim response: WordCount 0 and ByteCount 0 (MS-CIFS 2.2.4.46.2).
inline bool is_interim_response(const Block& block) {
  return block.word_count == 0 && block.byte_count == 0;
}

// MS-CIFS 2.2.4.47.1 SMB_COM_TRANSACTION2_SECONDARY request: a later part of a transaction.
struct Trans2SecondaryRequest {
  uint16_t total_parameter_count = 0;  // may shrink from the primary's, never grow
  uint16_t total_data_count = 0;
  uint16_t parameter_displacement = 0;
  uint16_t data_displacement = 0;
  uint16_t fid = 0xFFFF;
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;

  // InvalidSmb unless WordCount is 9 and counts and bytes hold as for Trans2Request.
  static Result<Trans2SecondaryRequest> decode(const Block& block);
  void encode(MessageWriter& out) const;
};

// SMB_STRING fields inside Trans2_Parameters (file names, patterns): UTF-16LE when Unicode was
// negotiated, else 8-bit, ended by a NUL or by the end of the parameters. Strings in the
// parameter block are not padded (the fields before them keep them even).
// Fails with the reader's status if it has failed before, and with ObjectNameInvalid on invalid
// UTF-16 (an unpaired surrogate), the status such a name gets in every other request too.
Result<std::string> read_parameter_string(ByteReader& r, bool unicode);
void write_parameter_string(ByteWriter& w, std::string_view s, bool unicode);

}  // namespace smbkit::smb1
