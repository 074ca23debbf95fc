#include "smb1/trans2_find.h"

#include <gtest/gtest.h>

#include "fscc/directory_info.h"
#include "smb1/trans2_query.h"
#include "trans2_test_util.h"

namespace smbkit::smb1 {
namespace {

using namespace trans2_testing;

FileInfo file(std::string name, uint64_t size = 10) {
  FileInfo f;
  f.creation_time = f.last_access_time = f.last_write_time = f.change_time = 0x01D6000000000000;
  f.end_of_file = size;
  f.allocation_size = 4096;
  f.attributes = kFileAttributeArchive;
  f.name = std::move(name);
  f.short_name = "SHORT";
  f.file_id = 5;
  return f;
}

TEST(FindRequests, FindFirst2ParametersMatchHandAssembledBytes) {
  FindFirst2Request req;
  req.search_attributes = 0x0016;
  req.search_count = 1366;
  req.flags = kFindCloseAtEos | kFindReturnResumeKeys;
  req.information_level = kFindFileBothDirectoryInfo;
  req.file_name = "\\*";
  std::vector<uint8_t> expected = {0x16, 0x00, 0x56, 0x05, 0x06, 0x00, 0x04, 0x01, 0,
                                   0,    0,    0,    '\\', 0,    '*',  0,    0,    0};
  EXPECT_EQ(req.encode(true), expected);
  auto back = FindFirst2Request::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->search_count, 1366);
  EXPECT_EQ(back->flags, kFindCloseAtEos | kFindReturnResumeKeys);
  EXPECT_EQ(back->information_level, kFindFileBothDirectoryInfo);
  EXPECT_EQ(back->file_name, "\\*");
  EXPECT_EQ(FindFirst2Request::decode(Bytes(expected).first(11), true).error(),
            NtStatus::InvalidSmb);
}

TEST(FindRequests, FindNext2AndResponseParametersRoundTrip) {
  FindNext2Request next;
  next.sid = 0x0A0B;
  next.search_count = 100;
  next.information_level = kFindFileIdBothDirectoryInfo;
  next.resume_key = 0xDEADBEEF;
  next.flags = kFindContinueFromLast;
  next.file_name = "last.txt";
  auto back = FindNext2Request::decode(next.encode(false), false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->sid, 0x0A0B);
  EXPECT_EQ(back->resume_key, 0xDEADBEEFu);
  EXPECT_EQ(back->flags, kFindContinueFromLast);
  EXPECT_EQ(back->file_name, "last.txt");

  FindFirst2ResponseParameters first{7, 2, 1, 0, 104};
  EXPECT_EQ(first.encode(), (std::vector<uint8_t>{7, 0, 2, 0, 1, 0, 0, 0, 104, 0}));
  auto f = FindFirst2ResponseParameters::decode(first.encode());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->last_name_offset, 104);
  FindNext2ResponseParameters nxt{3, 0, 0, 12};
  auto n = FindNext2ResponseParameters::decode(nxt.encode());
  ASSERT_TRUE(n);
  EXPECT_EQ(n->search_count, 3);
  EXPECT_EQ(n->last_name_offset, 12);
  EXPECT_EQ(FindNext2ResponseParameters::decode(Bytes(nxt.encode()).first(7)).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(FindEntries, NtLevelsAreTheFsccListsAndRespectTheLimit) {
  const std::vector<FileInfo> files = {file("alpha.txt"), file("beta"), file("gamma.doc")};
  // Both directory level: 94 + 18 = 112, next at 112: 94 + 8 = 102 (ends 214), next at 216.
  std::vector<uint8_t> out;
  auto listing = encode_find_entries(kFindFileBothDirectoryInfo, files, 300, true, out);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->count, 2u);
  EXPECT_EQ(listing->bytes, 214u);
  EXPECT_LE(out.size(), 300u);
  EXPECT_EQ(listing->last_entry_offset, 112u);
  EXPECT_EQ(listing->last_name_offset, 112u + 94u);

  std::vector<uint8_t> fscc_list;
  ASSERT_TRUE(fscc::encode_directory_list(fscc::FileInfoClass::BothDirectory,
                                          std::span(files).first(2), 300, fscc_list));
  EXPECT_EQ(out, fscc_list);

  for (uint16_t level :
       {kFindFileDirectoryInfo, kFindFileFullDirectoryInfo, kFindFileNamesInfo,
        kFindFileBothDirectoryInfo, kFindFileIdFullDirectoryInfo, kFindFileIdBothDirectoryInfo}) {
    std::vector<uint8_t> all;
    auto l = encode_find_entries(level, files, 65535, true, all);
    ASSERT_TRUE(l) << level;
    EXPECT_EQ(l->count, 3u);
    auto back = decode_find_entries(level, all, 3, true, false);
    ASSERT_TRUE(back) << level;
    ASSERT_EQ(back->files.size(), 3u);
    EXPECT_EQ(back->files[2].name, "gamma.doc");
  }
}

TEST(FindEntries, InfoStandardWithResumeKeysMatchesHandAssembledBytes) {
  const std::vector<FileInfo> files = {file("ab"), file("c")};
  const std::vector<uint32_t> keys = {0x11111111, 0x22222222};
  std::vector<uint8_t> out;
  auto listing = encode_find_entries(kFindInfoStandard, files, 1000, true, out, keys);
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->count, 2u);

  std::vector<uint8_t> body;
  ByteWriter w(body);
  encode_smb_info_standard(w, files[0]);  // dates, sizes, attributes: 22 bytes
  std::vector<uint8_t> expected;
  le(expected, 0x11111111, 4);  // ResumeKey
  expected.insert(expected.end(), body.begin(), body.end());
  le(expected, 4, 1);  // FileNameLength, terminator excluded
  le(expected, 0, 1);  // the name is 2-byte aligned: it would start at 27
  auto ab = utf16("ab");
  expected.insert(expected.end(), ab.begin(), ab.end());
  le(expected, 0, 2);           // terminator; the entry ends at 34
  le(expected, 0x22222222, 4);  // second entry at 34
  expected.insert(expected.end(), body.begin(), body.end());
  le(expected, 2, 1);  // name at 34 + 27 = 61: padded to 62
  le(expected, 0, 1);
  auto c = utf16("c");
  expected.insert(expected.end(), c.begin(), c.end());
  le(expected, 0, 2);
  EXPECT_EQ(out, expected);
  EXPECT_EQ(listing->last_entry_offset, 34u);
  EXPECT_EQ(listing->last_name_offset, 62u);

  auto back = decode_find_entries(kFindInfoStandard, out, 2, true, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->resume_keys, keys);
  ASSERT_EQ(back->files.size(), 2u);
  EXPECT_EQ(back->files[0].name, "ab");
  EXPECT_EQ(back->files[1].name, "c");
  EXPECT_EQ(back->files[1].end_of_file, 10u);
}

TEST(FindEntries, QueryEaSizeUnicodeNameIsNotPadded) {
  // MS-CIFS 2.2.8.1.2: FileName follows FileNameLength directly, even when that leaves it at an
  // odd offset (Windows and Samba send no pad; smbtorture raw.search reads it from there).
  std::vector<FileInfo> files = {file("ab"), file("c")};
  files[0].ea_size = 0x01020304;
  std::vector<uint8_t> out;
  auto listing = encode_find_entries(kFindInfoQueryEaSize, files, 1000, true, out);
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->count, 2u);

  std::vector<uint8_t> expected;
  ByteWriter w(expected);
  encode_smb_info_standard(w, files[0]);  // 22 bytes
  le(expected, 0x01020304, 4);            // EaSize
  le(expected, 4, 1);                     // FileNameLength at 26; the name at 27, odd
  auto ab = utf16("ab");
  expected.insert(expected.end(), ab.begin(), ab.end());
  le(expected, 0, 1);  // a one-byte terminator, as smbd sends; the entry ends at 32
  encode_smb_info_standard(w, files[1]);
  le(expected, files[1].ea_size, 4);
  le(expected, 2, 1);  // name at 32 + 27 = 59
  auto c = utf16("c");
  expected.insert(expected.end(), c.begin(), c.end());
  le(expected, 0, 1);
  EXPECT_EQ(out, expected);
  EXPECT_EQ(listing->last_entry_offset, 32u);
  EXPECT_EQ(listing->last_name_offset, 59u);

  auto back = decode_find_entries(kFindInfoQueryEaSize, out, 2, true, false);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->files.size(), 2u);
  EXPECT_EQ(back->files[0].name, "ab");
  EXPECT_EQ(back->files[0].ea_size, 0x01020304u);
  EXPECT_EQ(back->files[1].name, "c");
}

TEST(FindEntries, PackedLevelsRespectTheLimitToo) {
  const std::vector<FileInfo> files = {file("one"), file("two"), file("three")};
  // OEM SMB_INFO_QUERY_EA_SIZE without keys: 22 + 4 + 1 + name + NUL = 31, 31, 33 bytes.
  std::vector<uint8_t> out;
  auto listing = encode_find_entries(kFindInfoQueryEaSize, files, 94, false, out);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->count, 2u);
  EXPECT_EQ(out.size(), 62u);
  EXPECT_EQ(listing->last_entry_offset, 31u);
  EXPECT_EQ(listing->last_name_offset, 31u + 27u);
  out.clear();
  EXPECT_EQ(encode_find_entries(kFindInfoQueryEaSize, files, 95, false, out)->count, 3u);
  auto back = decode_find_entries(kFindInfoQueryEaSize, out, 3, false, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->files[2].name, "three");
  // Claiming more entries than the data holds fails.
  EXPECT_EQ(decode_find_entries(kFindInfoQueryEaSize, out, 4, false, false).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(FindEntries, BadLevelsKeysAndNames) {
  const std::vector<FileInfo> files = {file("x")};
  std::vector<uint8_t> out;
  EXPECT_EQ(encode_find_entries(0x0004, files, 100, true, out).error(), NtStatus::InvalidLevel);
  const std::vector<std::vector<fscc::FullEa>> long_ea = {{{0, std::string(256, 'e'), {}}}};
  EXPECT_EQ(
      encode_find_entries(kFindInfoQueryEasFromList, files, 100, true, out, {}, long_ea).error(),
      NtStatus::InvalidParameter);
  const std::vector<std::vector<fscc::FullEa>> two_lists(2);
  EXPECT_EQ(
      encode_find_entries(kFindInfoQueryEasFromList, files, 100, true, out, {}, two_lists).error(),
      NtStatus::InvalidParameter);
  EXPECT_EQ(encode_find_entries(0x0107, files, 100, true, out).error(), NtStatus::InvalidLevel);
  const std::vector<uint32_t> two_keys = {1, 2};
  EXPECT_EQ(encode_find_entries(kFindInfoStandard, files, 100, true, out, two_keys).error(),
            NtStatus::InvalidParameter);
  const std::vector<FileInfo> long_name = {file(std::string(200, 'n'))};
  EXPECT_EQ(encode_find_entries(kFindInfoStandard, long_name, 1000, true, out).error(),
            NtStatus::NameTooLong);
  EXPECT_EQ(decode_find_entries(0x0200, {}, 0, true, false).error(), NtStatus::InvalidLevel);
  // A chain that points past the data.
  std::vector<uint8_t> chain;
  const std::vector<FileInfo> two = {file("a"), file("b")};
  ASSERT_TRUE(encode_find_entries(kFindFileNamesInfo, two, 100, true, chain));
  chain[0] = 0xF0;
  EXPECT_EQ(decode_find_entries(kFindFileNamesInfo, chain, 2, true, false).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(FindEntries, EaListCarriesEachEntrysEas) {
  // MS-CIFS 2.2.8.1.3: SMB_INFO_STANDARD's fields, an SMB_FEA_LIST, then FileNameLength and the
  // name (no pad, as at SMB_INFO_QUERY_EA_SIZE); 2.2.1.2.2 SMB_FEA: flags, name length, value
  // length, name, NUL, value.
  const std::vector<FileInfo> files = {file("f1")};
  const std::vector<std::vector<fscc::FullEa>> eas = {
      {{0, "SECOND EA", {}}, {0x80, "THIRD EA", {'v', '3'}}}};
  const std::vector<uint32_t> keys = {7};
  std::vector<uint8_t> out;
  auto listing =
      encode_find_entries(kFindInfoQueryEasFromList, files, 1000, true, out, keys, eas);
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->count, 1u);

  std::vector<uint8_t> expected;
  ByteWriter w(expected);
  w.u32(7);
  encode_smb_info_standard(w, files[0]);
  w.u32(4 + (4 + 9 + 1) + (4 + 8 + 1 + 2));  // SizeOfListInBytes, itself included
  w.u8(0);
  w.u8(9);
  w.u16(0);
  w.ascii("SECOND EA");
  w.u8(0x80);
  w.u8(8);
  w.u16(2);
  w.ascii("THIRD EA");
  w.ascii("v3", false);
  w.u8(4);  // FileNameLength
  w.bytes(utf16("f1"));
  w.u8(0);  // one byte, as at SMB_INFO_QUERY_EA_SIZE
  EXPECT_EQ(out, expected);
  EXPECT_EQ(listing->last_name_offset, 4u + 22 + 33 + 1);

  auto back = decode_find_entries(kFindInfoQueryEasFromList, out, 1, true, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->resume_keys, keys);
  ASSERT_EQ(back->files.size(), 1u);
  EXPECT_EQ(back->files[0].name, "f1");
  ASSERT_EQ(back->eas.size(), 1u);
  ASSERT_EQ(back->eas[0].size(), 2u);
  EXPECT_EQ(back->eas[0][0].name, "SECOND EA");
  EXPECT_TRUE(back->eas[0][0].value.empty());
  EXPECT_EQ(back->eas[0][1], eas[0][1]);

  // No lists given: an SMB_FEA_LIST of its size alone.
  out.clear();
  ASSERT_TRUE(encode_find_entries(kFindInfoQueryEasFromList, files, 1000, false, out));
  EXPECT_EQ(out.size(), 22u + 4 + 1 + 2 + 1);
  EXPECT_EQ(out[22], 4);

  // An SMB_FEA_LIST whose size runs past the data, or is under its own 4 bytes.
  std::vector<uint8_t> lying = expected;
  lying[4 + 22] = 0xF0;
  EXPECT_EQ(decode_find_entries(kFindInfoQueryEasFromList, lying, 1, true, true).error(),
            NtStatus::InvalidNetworkResponse);
  lying[4 + 22] = 2;
  EXPECT_EQ(decode_find_entries(kFindInfoQueryEasFromList, lying, 1, true, true).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(FindClose2, RequestAndResponseRoundTrip) {
  auto msg = build(Command::FindClose2, FindClose2Request{0x0042});
  EXPECT_EQ(msg.size(), kHeaderSize + 1 + 2 + 2);
  EXPECT_EQ(msg[kHeaderSize], 1);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  auto req = FindClose2Request::decode(m->blocks.at(0));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->sid, 0x0042);

  auto reply = build(Command::FindClose2, FindClose2Response{}, true, true);
  EXPECT_EQ(reply.size(), kHeaderSize + 3);
  auto rm = parse_message(reply);
  ASSERT_TRUE(rm);
  EXPECT_TRUE(FindClose2Response::decode(rm->blocks.at(0)));
  // A request without its word.
  EXPECT_EQ(FindClose2Request::decode(rm->blocks.at(0)).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
