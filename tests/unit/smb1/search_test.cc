// SMB_COM_SEARCH / FIND / FIND_UNIQUE / FIND_CLOSE (MS-CIFS 2.2.4.58 - 2.2.4.61).
#include "smb1/search.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

std::vector<uint8_t> block_bytes(const std::vector<uint8_t>& message) {
  return std::vector<uint8_t>(message.begin() + kHeaderSize, message.end());
}

ResumeKey sample_key() {
  ResumeKey key;
  key.reserved = 0x10;
  for (uint8_t i = 0; i < 16; ++i) key.server_state[i] = static_cast<uint8_t>(i + 1);
  key.client_state = {0xC1, 0xC2, 0xC3, 0xC4};
  return key;
}

TEST(Search, NewSearchRequestLayout) {
  // 2.2.4.58.1: WordCount 2 (MaxCount, SearchAttributes); 0x04, FileName, 0x05,
  // ResumeKeyLength 0.
  SearchRequest req;
  req.max_count = 500;
  req.search_attributes = 0x1010;
  req.file_name = "\\D\\*.TXT";
  auto bytes = build(Command::Search, req, false);
  std::vector<uint8_t> expected = {2,    0xF4, 0x01, 0x10, 0x10, 13,  0,   4,   '\\', 'D', '\\',
                                   '*',  '.',  'T',  'X',  'T',  0,   5,   0,   0};
  EXPECT_EQ(block_bytes(bytes), expected);
  auto back = decode_first<SearchRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::Search);
  EXPECT_EQ(back->max_count, 500);
  EXPECT_EQ(back->search_attributes, 0x1010);
  EXPECT_EQ(back->file_name, "\\D\\*.TXT");
  EXPECT_FALSE(back->resume_key);
}

TEST(Search, ContinuationCarriesTheKeyAndAnEmptyUnicodeName) {
  // As Samba's client sends it (and smbd takes it): the empty name is a UTF-16 NUL under
  // FLAGS2_UNICODE, at an even offset from the header (0x04 is at 39).
  SearchRequest req;
  req.command = Command::Find;
  req.max_count = 1;
  req.resume_key = sample_key();
  auto bytes = build(Command::Find, req, true);
  std::vector<uint8_t> expected = {2, 1, 0, 0, 0, 27, 0, 4, 0, 0, 5, 21, 0, 0x10};
  for (uint8_t i = 1; i <= 16; ++i) expected.push_back(i);
  for (uint8_t c : {0xC1, 0xC2, 0xC3, 0xC4}) expected.push_back(c);
  EXPECT_EQ(block_bytes(bytes), expected);
  auto back = decode_first<SearchRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::Find);
  EXPECT_EQ(back->file_name, "");
  ASSERT_TRUE(back->resume_key);
  EXPECT_EQ(*back->resume_key, sample_key());
}

TEST(Search, UnicodeNameRoundTrips) {
  SearchRequest req;
  req.command = Command::FindUnique;
  req.file_name = "\\testsearch\\d0\\*.txt";
  auto back = decode_first<SearchRequest>(build(Command::FindUnique, req, true));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::FindUnique);
  EXPECT_EQ(back->file_name, req.file_name);
}

TEST(Search, MalformedRequestsFail) {
  auto fails = [](std::initializer_list<uint8_t> block) {
    return decode_first<SearchRequest>(raw_message(Command::Search, false, false, block))
        .error();
  };
  // One word instead of two.
  EXPECT_EQ(fails({1, 1, 0, 5, 0, 4, 0, 5, 0, 0}), NtStatus::InvalidSmb);
  // BufferFormat1 is not 0x04.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 5, 0, 2, 0, 5, 0, 0}), NtStatus::InvalidSmb);
  // BufferFormat2 is not 0x05.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 5, 0, 4, 0, 4, 0, 0}), NtStatus::InvalidSmb);
  // The name has no terminator.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 3, 0, 4, 'a', 'b'}), NtStatus::InvalidSmb);
  // ResumeKeyLength is neither 0 nor 21.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 6, 0, 4, 0, 5, 20, 0, 0}), NtStatus::InvalidSmb);
  // ResumeKeyLength 21 with 3 key bytes.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 8, 0, 4, 0, 5, 21, 0, 1, 2, 3}), NtStatus::InvalidSmb);
  // ResumeKeyLength cut off.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 4, 0, 4, 0, 5, 0}), NtStatus::InvalidSmb);
  // ByteCount runs past the message.
  EXPECT_EQ(fails({2, 1, 0, 0, 0, 40, 0, 4, 0, 5, 0, 0}), NtStatus::InvalidSmb);
}

TEST(Search, ResponseDecodesSmbdsEntry) {
  // One entry of smbd 4.17's SEARCH response (raw.search.many dirs): its resume key (reserved
  // 0, "*       txt" and its cookies), ARCHIVE, 17:27:40 on 2026-11-24, size 0, "f0-2.txt"
  // padded with NULs.
  std::initializer_list<uint8_t> block = {
      1,    1,    0,    46,   0,    5,    43,   0,                                     //
      0x00, '*',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  ' ',  't',  'x',  't',          // key
      0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                          //
      0x20, 0x74, 0x8B, 0x78, 0x5D, 0,    0,    0,    0,                             //
      'f',  '0',  '-',  '2',  '.',  't',  'x',  't',  0,    0,    0,    0,    0};
  auto resp = decode_first<SearchResponse>(raw_message(Command::Search, true, true, block));
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->entries.size(), 1u);
  const DirectoryInformation& d = resp->entries[0];
  EXPECT_EQ(d.resume_key.reserved, 0);
  EXPECT_EQ(d.resume_key.server_state[0], '*');
  EXPECT_EQ(d.resume_key.server_state[11], 0x01);
  EXPECT_EQ(d.file_attributes, 0x20);
  EXPECT_EQ(d.last_write_time, 0x8B74);
  EXPECT_EQ(d.last_write_date, 0x5D78);
  EXPECT_EQ(d.file_size, 0u);
  EXPECT_EQ(d.file_name, "f0-2.txt");
  // Written back, it is the same bytes.
  SearchResponse same;
  same.entries = resp->entries;
  EXPECT_EQ(block_bytes(build(Command::Search, same, true, true)),
            std::vector<uint8_t>(block.begin(), block.end()));
}

TEST(Search, ResponseLayoutAndRoundTrip) {
  SearchResponse resp;
  resp.command = Command::Find;
  DirectoryInformation a;
  a.resume_key = sample_key();
  a.file_attributes = 0x10;
  a.last_write_time = 0x1234;
  a.last_write_date = 0x5678;
  a.file_size = 0x01020304;
  a.file_name = "ABCDEFGH.XYZ";  // 12 bytes: the NUL is the 13th
  DirectoryInformation b;
  b.file_name = "..";
  resp.entries = {a, b};
  auto bytes = build(Command::Find, resp, false, true);
  auto block = block_bytes(bytes);
  ASSERT_EQ(block.size(), 1u + 2 + 2 + 3 + 2 * 43);
  EXPECT_EQ(block[1], 2);                          // Count
  EXPECT_EQ(block[3] | block[4] << 8, 3 + 86);     // ByteCount
  EXPECT_EQ(block[5], 5);                          // BufferFormat
  EXPECT_EQ(block[6] | block[7] << 8, 86);         // DataLength
  EXPECT_EQ(block[8 + 21], 0x10);                  // FileAttributes after the key
  EXPECT_EQ(block[8 + 26], 0x04);                  // FileSize, little-endian
  EXPECT_EQ(block[8 + 30], 'A');                   // FileName
  EXPECT_EQ(block[8 + 42], 0);                     // its NUL
  EXPECT_EQ(block[8 + 43 + 30], '.');
  EXPECT_EQ(block[8 + 43 + 32], 0);                // NUL padding after ".."
  auto back = decode_first<SearchResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::Find);
  ASSERT_EQ(back->entries.size(), 2u);
  EXPECT_EQ(back->entries[0].resume_key, sample_key());
  EXPECT_EQ(back->entries[0].file_size, 0x01020304u);
  EXPECT_EQ(back->entries[0].file_name, "ABCDEFGH.XYZ");
  EXPECT_EQ(back->entries[1].file_name, "..");
}

TEST(Search, EmptyResponseIsFindClosesShape) {
  // 2.2.4.61.2: Count 0, ByteCount 3, BufferFormat 0x05, DataLength 0.
  SearchResponse resp;
  resp.command = Command::FindClose;
  EXPECT_EQ(block_bytes(build(Command::FindClose, resp, true, true)),
            (std::vector<uint8_t>{1, 0, 0, 3, 0, 5, 0, 0}));
}

TEST(Search, SpacePaddedNamesDecodeToo) {
  // MS-CIFS pads FileName with spaces; the decoder drops them.
  std::vector<uint8_t> entry(43, 0);
  const char name[] = "AB.C        ";  // 12 bytes, then the NUL
  std::copy(name, name + 12, entry.begin() + 30);
  std::vector<uint8_t> msg = raw_message(Command::Search, false, true, {1, 1, 0, 46, 0, 5, 43, 0});
  msg.insert(msg.end(), entry.begin(), entry.end());
  auto resp = decode_first<SearchResponse>(msg);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->entries.at(0).file_name, "AB.C");
}

TEST(Search, LyingResponsesFail) {
  auto fails = [](std::initializer_list<uint8_t> block, size_t entry_bytes) {
    auto msg = raw_message(Command::Search, true, true, block);
    msg.insert(msg.end(), entry_bytes, 0);
    return decode_first<SearchResponse>(msg).error();
  };
  // Count 2, DataLength 43 (one entry).
  EXPECT_EQ(fails({1, 2, 0, 46, 0, 5, 43, 0}, 43), NtStatus::InvalidNetworkResponse);
  // Count 2, DataLength 86, one entry's bytes.
  EXPECT_EQ(fails({1, 2, 0, 46, 0, 5, 86, 0}, 43), NtStatus::InvalidNetworkResponse);
  // BufferFormat 0x04.
  EXPECT_EQ(fails({1, 0, 0, 3, 0, 4, 0, 0}, 0), NtStatus::InvalidNetworkResponse);
  // No WordCount word.
  EXPECT_EQ(fails({0, 3, 0, 5, 0, 0}, 0), NtStatus::InvalidNetworkResponse);
  // An entry cut short.
  EXPECT_EQ(fails({1, 1, 0, 45, 0, 5, 43, 0}, 42), NtStatus::InvalidNetworkResponse);
}

TEST(Search, EightDotThreeNames) {
  for (const char* ok : {"f0-2.txt", "t699-699.txt", "F312", "d486", ".", "..", "A.B",
                         "ABCDEFGH.XYZ", "a~1.$$$"})
    EXPECT_TRUE(is_8dot3_name(ok)) << ok;
  for (const char* bad : {"", "torture_search.txt", "ABCDEFGHI", "a.bcde", "a.b.c", ".profile",
                          "name.", "a b", "a+b", "a[1]", "x:y", "caf\xc3\xa9", "...", "a\tb"})
    EXPECT_FALSE(is_8dot3_name(bad)) << bad;
}

}  // namespace
}  // namespace smbkit::smb1
