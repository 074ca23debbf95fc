// SMB2 compound chains (MS-SMB2 2.2.1.2 NextCommand, 3.2.4.1.4, 3.3.4.1.3, 3.3.5.2.7).
//
// A received frame (the bytes after the 4-byte transport header) holds one or more SMB2
// messages. Each message's NextCommand is the offset from its own header to the next header,
// which is 8-byte aligned; the last message has NextCommand 0 and runs to the end of the frame
// (it need not be padded). split_compound() returns each message as a span ending where the next
// one starts (padding included, as the signature covers it: 3.1.4.1).
//
// The writer side: CompoundWriter appends messages to a buffer; starting a message pads the
// previous one to a multiple of 8 (counted from its header) and patches its NextCommand. Sign
// the messages only once the chain is complete, since a message's padding is part of what its
// signature covers (3.1.4.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <tl/expected.hpp>

#include "smb2/header.h"

namespace smbkit::smb2 {

// Why a frame does not split; `index` is the message at fault (0 for the first), `offset` its
// start in the frame. The server disconnects on any of these (3.3.5.2.7: a compounded request
// that does not start 8-byte aligned SHOULD make it disconnect), the client too.
struct CompoundError {
  enum Reason {
    kTooShort,         // fewer than kHeaderSize bytes where a message starts
    kNotSmb2,          // the message does not start with 0xFE 'SMB'
    kMisaligned,       // NextCommand is not a multiple of 8
    kNextTooSmall,     // NextCommand (not 0) is smaller than an SMB2 header
    kNextPastEnd,      // NextCommand points at or past the end of the frame
    kTooManyMessages,  // more than the limit given to split_compound
  };
  Reason reason;
  size_t index = 0;
  size_t offset = 0;

  const char* what() const;
  // The status a server fails with when it answers rather than disconnects: kBadRequest.
  NtStatus status() const { return kBadRequest; }
};

// Splits `frame` by NextCommand. `max_messages` bounds the chain (each message is at least 64
// bytes, so the frame size bounds it anyway).
tl::expected<std::vector<Bytes>, CompoundError> split_compound(Bytes frame,
                                                               size_t max_messages = SIZE_MAX);

// Builds a compound chain in `out`, from its current end.
class CompoundWriter {
 public:
  explicit CompoundWriter(std::vector<uint8_t>& out) : out_(out) {}

  // Starts a new message at the end of the buffer and returns its header_start (write its header
  // and body there, e.g. Header::encode then T::encode(w, header_start)). If a message was started
  // before, it is first padded with zeros to a multiple of 8 bytes from its header and its
  // NextCommand is set to its padded length; that message must hold at least its 64-byte header.
  size_t begin_message();
  // begin_message() followed by the bytes of a whole message (header included).
  size_t append(Bytes message);
  // Pads the last message to a multiple of 8 (3.3.4.1.3: the last response of a compound SHOULD
  // be padded); its NextCommand stays 0.
  void pad_last();

  size_t message_count() const { return starts_.size(); }
  // Header offsets of the messages in the buffer, in order.
  const std::vector<size_t>& starts() const { return starts_; }
  // The bytes of message `i` as they are now (up to the next message, or the end of the buffer).
  std::span<uint8_t> message(size_t i);

 private:
  std::vector<uint8_t>& out_;
  std::vector<size_t> starts_;
};

}  // namespace smbkit::smb2
