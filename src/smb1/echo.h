// SMB_COM_ECHO (0x2B): MS-CIFS 2.2.4.39.
#pragma once

#include <cstdint>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.39.1 (WordCount 1): EchoCount, the number of replies wanted; data echoed back.
struct EchoRequest {
  uint16_t echo_count = 0;
  std::vector<uint8_t> data;

  static Result<EchoRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.39.2 (WordCount 1): SequenceNumber (1, 2, ... for each reply); the request's
// data.
struct EchoResponse {
  uint16_t sequence_number = 0;
  std::vector<uint8_t> data;

  static Result<EchoResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
