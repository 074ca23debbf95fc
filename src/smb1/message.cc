#include "smb1/message.h"

#include <algorithm>

namespace smbkit::smb1 {

ByteReader Block::data_reader() const {
  ByteReader r(message.subspan(0, data_offset + byte_count));
  r.seek(data_offset);
  return r;
}

uint8_t Block::andx_command() const { return word_count >= 2 ? message[words_offset] : kNoAndX; }

uint16_t Block::andx_offset() const {
  if (word_count < 2) return 0;
  return static_cast<uint16_t>(message[words_offset + 2] | (message[words_offset + 3] << 8));
}

namespace {

// Reads the block whose WordCount byte is at `at`. The data block may be cut short at the end of
// the message only for a reply whose ByteCount is not authoritative (large READ_ANDX).
Result<Block> read_block(Bytes message, size_t at, uint8_t command, bool unicode) {
  ByteReader r(message, NtStatus::InvalidSmb);
  r.seek(at);
  Block b;
  b.command = command;
  b.message = message;
  b.unicode = unicode;
  b.word_count = r.u8();
  b.words_offset = r.offset();
  r.skip(b.word_count * 2u);
  b.byte_count = r.u16();
  b.data_offset = r.offset();
  if (!r.ok()) return fail(NtStatus::InvalidSmb);
  if (b.byte_count > r.remaining()) {
    // A reply's data may run past ByteCount's reach (CAP_LARGE_READX) or a sender may lie;
    // clamp so every accessor stays inside the message, and let the command codec judge.
    b.byte_count = static_cast<uint16_t>(r.remaining());
  }
  return b;
}

}  // namespace

Result<Message> parse_message(Bytes message, size_t max_chain) {
  ByteReader r(message, NtStatus::InvalidSmb);
  auto header = Header::decode(r);
  if (!header) return fail(header.error());
  Message m{*header, {}};
  uint8_t command = header->command;
  size_t at = kHeaderSize;
  while (true) {
    auto block = read_block(message, at, command, header->unicode());
    if (!block) return fail(block.error());
    m.blocks.push_back(*block);
    if (!is_andx(command) || block->word_count < 2) break;
    uint8_t next = block->andx_command();
    if (next == kNoAndX) break;
    size_t next_at = block->andx_offset();
    // The next block must start after this block's parameter words (MS-CIFS 3.3.5.2: chains move
    // forward), and the chain is bounded.
    if (next_at < block->words_offset + block->word_count * 2u || next_at >= message.size() ||
        m.blocks.size() >= max_chain)
      return fail(NtStatus::InvalidSmb);
    command = next;
    at = next_at;
  }
  return m;
}

MessageWriter::MessageWriter(std::vector<uint8_t>& out, const Header& header)
    : out_(out), w_(out), base_(out.size()) {
  header.encode(w_);
}

ByteWriter& MessageWriter::begin_block(uint8_t command) {
  size_t here = offset();
  if (prev_andx_at_) {
    out_[base_ + prev_andx_at_] = command;
    w_.patch_u16(base_ + prev_andx_at_ + 2, static_cast<uint16_t>(here));
    prev_andx_at_ = 0;
  }
  command_ = command;
  word_count_at_ = out_.size();
  w_.u8(0);
  if (is_andx(command)) {
    prev_andx_at_ = offset();
    w_.u8(kNoAndX);
    w_.u8(0);
    w_.u16(0);
  }
  return w_;
}

ByteWriter& MessageWriter::begin_data() {
  size_t words = out_.size() - word_count_at_ - 1;
  w_.patch_u8(word_count_at_, static_cast<uint8_t>(words / 2));
  byte_count_at_ = out_.size();
  w_.u16(0);
  return w_;
}

void MessageWriter::end_block() {
  size_t data = out_.size() - byte_count_at_ - 2;
  w_.patch_u16(byte_count_at_, static_cast<uint16_t>(std::min<size_t>(data, 0xFFFF)));
}

void MessageWriter::empty_block(uint8_t command) {
  begin_block(command);
  if (is_andx(command)) {
    // An error reply carries no words at all, not even the AndX block.
    out_.resize(word_count_at_ + 1);
    prev_andx_at_ = 0;
  }
  begin_data();
  end_block();
}

void MessageWriter::abandon_block() {
  out_.resize(word_count_at_);
  prev_andx_at_ = 0;
}

}  // namespace smbkit::smb1
