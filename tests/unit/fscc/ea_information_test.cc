// MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION and 2.4.15.1 FILE_GET_EA_INFORMATION lists, from the
// spec's layouts.
#include "fscc/ea_information.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;

std::vector<uint8_t> full_list(std::span<const FullEa> eas) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  EXPECT_TRUE(encode_full_ea_list(w, eas));
  return out;
}

TEST(FullEaList, LayoutAlignmentAndRoundTrip) {
  // NextEntryOffset, Flags, EaNameLength, EaValueLength, EaName with NUL, EaValue; every entry
  // but the last padded to 4 bytes, the last with NextEntryOffset 0 and no padding.
  const std::vector<FullEa> eas = {{0, "EAONE", {'V', '1'}}, {kFileNeedEa, "B", {}}};
  std::vector<uint8_t> expected;
  le(expected, 16, 4);  // 8 + "EAONE" and its NUL (6) + "V1" (2): 16, already aligned
  expected.insert(expected.end(), {0, 5, 2, 0, 'E', 'A', 'O', 'N', 'E', 0, 'V', '1'});
  ASSERT_EQ(expected.size(), 16u);  // already aligned: no padding
  le(expected, 0, 4);
  expected.insert(expected.end(), {kFileNeedEa, 1, 0, 0, 'B', 0});
  EXPECT_EQ(full_list(eas), expected);
  EXPECT_EQ(full_ea_entry_size(eas[0]), 16u);
  EXPECT_EQ(full_ea_entry_size(eas[1]), 10u);
  auto back = decode_full_ea_list(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, eas);

  // An entry of 8 + 2 + 1 = 11 bytes is padded to 12 before the next.
  const std::vector<FullEa> padded = {{0, "a", {'x'}}, {0, "bb", {'y', 'z'}}};
  std::vector<uint8_t> bytes = full_list(padded);
  ASSERT_EQ(bytes.size(), 12u + 8 + 3 + 2);
  EXPECT_EQ(bytes[0], 12);
  EXPECT_EQ(bytes[11], 0);  // the padding
  EXPECT_EQ(*decode_full_ea_list(bytes), padded);

  EXPECT_TRUE(full_list({}).empty());
  EXPECT_TRUE(decode_full_ea_list({})->empty());
}

TEST(FullEaList, MalformedListsAreInconsistent) {
  auto bad = [](std::vector<uint8_t> data) { return decode_full_ea_list(data).error(); };
  // A header cut short.
  EXPECT_EQ(bad({0, 0, 0, 0, 0, 1}), NtStatus::EaListInconsistent);
  EXPECT_EQ(bad({0, 0}), NtStatus::EaListInconsistent);
  // The name's NUL missing, the value running past the buffer.
  EXPECT_EQ(bad({0, 0, 0, 0, 0, 1, 0, 0, 'a', 'b'}), NtStatus::EaListInconsistent);
  EXPECT_EQ(bad({0, 0, 0, 0, 0, 1, 9, 0, 'a', 0, 'v'}), NtStatus::EaListInconsistent);
  // NextEntryOffset not a multiple of 4, past the buffer, or inside its own entry.
  std::vector<uint8_t> two = full_list(std::vector<FullEa>{{0, "a", {'x'}}, {0, "b", {'y'}}});
  std::vector<uint8_t> unaligned = two;
  unaligned[0] = 13;
  EXPECT_EQ(bad(unaligned), NtStatus::EaListInconsistent);
  std::vector<uint8_t> past = two;
  past[0] = 0xF0;
  EXPECT_EQ(bad(past), NtStatus::EaListInconsistent);
  std::vector<uint8_t> inside = two;
  inside[0] = 8;  // the entry is 11 bytes long
  EXPECT_EQ(bad(inside), NtStatus::EaListInconsistent);
  // Names or values that do not fit their length fields are not encoded.
  std::vector<uint8_t> out;
  ByteWriter w(out);
  const std::vector<FullEa> long_name = {{0, std::string(256, 'n'), {}}};
  EXPECT_EQ(encode_full_ea_list(w, long_name).error(), NtStatus::InvalidParameter);
  const std::vector<FullEa> long_value = {{0, "n", std::vector<uint8_t>(65536)}};
  EXPECT_EQ(encode_full_ea_list(w, long_value).error(), NtStatus::InvalidParameter);
  EXPECT_TRUE(out.empty());
}

TEST(GetEaList, LayoutAndMalformedLists) {
  // NextEntryOffset, EaNameLength, EaName with NUL; 4-byte aligned.
  const std::vector<std::string> names = {"EAONE", "B"};
  std::vector<uint8_t> out;
  ByteWriter w(out);
  ASSERT_TRUE(encode_get_ea_list(w, names));
  std::vector<uint8_t> expected;
  le(expected, 12, 4);
  expected.insert(expected.end(), {5, 'E', 'A', 'O', 'N', 'E', 0, 0});  // 11 bytes, 1 pad
  le(expected, 0, 4);
  expected.insert(expected.end(), {1, 'B', 0});
  EXPECT_EQ(out, expected);
  auto back = decode_get_ea_list(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, names);
  EXPECT_TRUE(decode_get_ea_list({})->empty());

  auto bad = [](std::vector<uint8_t> data) { return decode_get_ea_list(data).error(); };
  EXPECT_EQ(bad({0, 0, 0, 0, 3, 'a', 0}), NtStatus::EaListInconsistent);  // name past the end
  EXPECT_EQ(bad({0, 0, 0, 0, 1, 'a', 'b'}), NtStatus::EaListInconsistent);  // no NUL
  EXPECT_EQ(bad({2, 0, 0, 0, 1, 'a', 0}), NtStatus::EaListInconsistent);    // unaligned
  EXPECT_EQ(bad({4, 0, 0, 0, 1, 'a', 0, 0}), NtStatus::EaListInconsistent);  // inside itself
  std::vector<uint8_t> w2;
  ByteWriter ww(w2);
  EXPECT_EQ(encode_get_ea_list(ww, std::vector<std::string>{std::string(256, 'n')}).error(),
            NtStatus::InvalidParameter);
}

}  // namespace
}  // namespace smbkit::fscc
