// SMB1 framing: the header (MS-CIFS 2.2.3.1), the AndX chain split of parse_message, and the
// SMB_STRING readers every command codec uses. A parsed message rebuilt with MessageWriter must
// parse to the same blocks; a string read must write back and read the same.
#include <cstring>

#include "fuzz_support.h"
#include "smb1/codec_support.h"
#include "smb1/header.h"

using namespace smbkit;
using smb1::Block;

namespace {

void check_header(Bytes input) {
  ByteReader r(input);
  auto h = smb1::Header::decode(r);
  if (!h) return;
  FUZZ_CHECK(r.ok() && r.offset() == smb1::kHeaderSize);
  std::vector<uint8_t> again;
  ByteWriter w(again);
  h->encode(w);
  FUZZ_CHECK(again.size() == smb1::kHeaderSize);
  // Everything but the Reserved word (offset 22) is kept.
  std::vector<uint8_t> expected(input.begin(), input.begin() + smb1::kHeaderSize);
  expected[22] = expected[23] = 0;
  FUZZ_CHECK(again == expected);
}

// Blocks can be rebuilt when every AndX block carries its AndX words (parse_message ends the
// chain at an AndX block of fewer than two words, which MessageWriter cannot write).
bool rebuildable(const smb1::Message& m) {
  for (const Block& b : m.blocks)
    if (smb1::is_andx(b.command) && b.word_count < 2) return false;
  return true;
}

Bytes own_words(const Block& b) {
  return smb1::is_andx(b.command) ? b.words().subspan(4) : b.words();
}

void check_rebuild(const smb1::Message& m) {
  if (!rebuildable(m)) return;
  std::vector<uint8_t> out;
  smb1::MessageWriter mw(out, m.header);
  for (const Block& b : m.blocks) {
    mw.begin_block(b.command).bytes(own_words(b));
    mw.begin_data().bytes(b.data());
    mw.end_block();
  }
  auto again = smb1::parse_message(out);
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->blocks.size() == m.blocks.size());
  for (size_t i = 0; i < m.blocks.size(); ++i) {
    const Block& a = m.blocks[i];
    const Block& b = again->blocks[i];
    FUZZ_CHECK(a.command == b.command && a.word_count == b.word_count);
    Bytes wa = own_words(a), wb = own_words(b);
    FUZZ_CHECK(wa.size() == wb.size() && std::equal(wa.begin(), wa.end(), wb.begin()));
    Bytes da = a.data(), db = b.data();
    FUZZ_CHECK(da.size() == db.size() && std::equal(da.begin(), da.end(), db.begin()));
  }
}

// Reads strings from the data block until the reader stops; each one read must be written back
// by write_string (after the same bytes up to it) and read again unchanged.
void check_strings(const smb1::Message& m, const Block& b) {
  ByteReader r = b.data_reader();
  while (r.ok() && r.remaining() > 0) {
    size_t at = r.offset();
    std::string s = smb1::read_string(r, b.unicode);
    if (!r.ok()) break;
    std::vector<uint8_t> out;
    smb1::MessageWriter mw(out, m.header);
    // Same alignment from the header start as the string had: pad to `at` with zeros.
    mw.writer().zeros(at - smb1::kHeaderSize);
    smb1::write_string(mw, s, b.unicode);
    ByteReader again(out);
    again.seek(at);
    FUZZ_CHECK(smb1::read_string(again, b.unicode) == s);
    FUZZ_CHECK(again.ok() && again.remaining() == 0);
  }
  ByteReader t = b.data_reader();
  (void)smb1::read_trailing_string(t, b.unicode);
  ByteReader n = b.data_reader();
  auto name = smb1::read_trailing_name(n, b.unicode);
  if (name) FUZZ_CHECK(n.ok());
  (void)smb1::block_fits(b, 0);
  ByteReader aw = smb1::andx_words_reader(b);
  if (b.word_count >= 2) FUZZ_CHECK(aw.ok() && aw.remaining() == b.word_count * 2u - 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes input(data, size);
  check_header(input);
  auto m = smb1::parse_message(input);
  if (!m) return 0;
  for (const Block& b : m->blocks) {
    FUZZ_CHECK(b.words_offset + b.word_count * 2u <= input.size());
    FUZZ_CHECK(b.data_offset + b.byte_count <= input.size());
    (void)smb1::command_name(b.command);
    check_strings(*m, b);
  }
  check_rebuild(*m);
  return 0;
}
