// An SMB1 message split into its command blocks (MS-CIFS 2.2.3.2 parameter block, 2.2.3.3 data
// block), following AndX chains (MS-CIFS 2.2.4 "AndX"; 3.2.4.1.1, 3.3.5.2); and the writer side.
//
// All offsets are from the start of the SMB header, as on the wire: Unicode strings are aligned
// to 2 bytes from there, and AndX and data offsets count from there.
#pragma once

#include <cstdint>
#include <vector>

#include "smb1/header.h"

namespace smbkit::smb1 {

struct Block {
  uint8_t command = 0;
  Bytes message;           // the whole SMB message, header first
  size_t words_offset = 0;  // first parameter word (after WordCount)
  uint8_t word_count = 0;
  size_t data_offset = 0;  // first data byte (after ByteCount)
  uint16_t byte_count = 0;
  bool unicode = false;  // FLAGS2_UNICODE of the message

  Bytes words() const { return message.subspan(words_offset, word_count * 2u); }
  Bytes data() const { return message.subspan(data_offset, byte_count); }
  // Reader over the parameter words only.
  ByteReader words_reader() const { return ByteReader(words()); }
  // Reader positioned at the first data byte; offsets and alignment count from the header,
  // reads stop at the end of the data block.
  ByteReader data_reader() const;
  // For AndX commands: the next command code (kNoAndX at the end of the chain).
  uint8_t andx_command() const;
  uint16_t andx_offset() const;
};

struct Message {
  Header header;
  std::vector<Block> blocks;  // the first command, then each AndX follow-up
};

// Splits a message. AndX offsets must move forward and stay inside the message, the chain is at
// most `max_chain` long, and each block must fit; otherwise InvalidSmb.
Result<Message> parse_message(Bytes message, size_t max_chain = 16);

// Builds a message: the header, then one block per command; the AndX fields of each AndX block
// are filled in as the next block is appended.
class MessageWriter {
 public:
  MessageWriter(std::vector<uint8_t>& out, const Header& header);

  // Starts a command block: writes WordCount (patched later) and, for AndX commands, the AndX
  // block (patched when the next block arrives). Returns the writer for the parameter words.
  ByteWriter& begin_block(uint8_t command);
  // Ends the parameter words and starts the data block (ByteCount patched later).
  ByteWriter& begin_data();
  // Ends the block. ByteCount is the data written, saturated at 0xFFFF (large READ_ANDX data
  // runs past it; its length is in the parameter words).
  void end_block();
  // An error response's empty block: WordCount 0, ByteCount 0.
  void empty_block(uint8_t command);
  // Takes the block begun last back out, as if it had never been begun (a handler that failed
  // after starting its reply); the previous block's AndX fields already name its place, where
  // the error's empty block then goes.
  void abandon_block();

  ByteWriter& writer() { return w_; }
  // The whole output buffer, for data written in place (e.g. file data read straight into it).
  std::vector<uint8_t>& buffer() { return out_; }
  size_t size() const { return out_.size() - base_; }
  // Offset from the header start of the next byte written.
  size_t offset() const { return out_.size() - base_; }

 private:
  std::vector<uint8_t>& out_;
  ByteWriter w_;
  size_t base_;
  size_t word_count_at_ = 0;
  size_t byte_count_at_ = 0;
  size_t prev_andx_at_ = 0;  // offset of the previous AndX block's AndXCommand, 0 if none
  uint8_t command_ = 0;
};

}  // namespace smbkit::smb1
