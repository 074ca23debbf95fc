// MS-CIFS 2.2.1.2 SMB_FEA_LIST and SMB_GEA_LIST, from the spec's layouts.
#include "smb1/ea_lists.h"

#include <gtest/gtest.h>

namespace smbkit::smb1 {
namespace {

using fscc::FullEa;

TEST(FeaList, LayoutAndRoundTrip) {
  // SizeOfListInBytes (itself included), then per SMB_FEA: ExtendedAttributeFlag,
  // AttributeNameLengthInBytes, AttributeValueLengthInBytes, the name and its NUL, the value;
  // packed, no alignment.
  const std::vector<FullEa> eas = {{0, "EAONE", {'V', '1'}}, {0x80, "B", {}}};
  std::vector<uint8_t> expected = {0,   0,   0,   0,                          // size, below
                                   0,   5,   2,   0,   'E', 'A', 'O', 'N', 'E', 0, 'V', '1',
                                   0x80, 1,  0,   0,   'B', 0};
  expected[0] = static_cast<uint8_t>(expected.size());
  auto list = encode_fea_list(eas);
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, expected);
  EXPECT_EQ(fea_list_size(eas), expected.size());
  EXPECT_EQ(fea_list_size({}), 4u);
  EXPECT_EQ(fea_size(eas[0]), 12u);
  auto back = decode_fea_list(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, eas);
  // Bytes after the list are not part of it.
  std::vector<uint8_t> trailing = expected;
  trailing.push_back(0xAA);
  EXPECT_EQ(*decode_fea_list(trailing), eas);
}

TEST(FeaList, EmptyAndMalformedLists) {
  EXPECT_TRUE(decode_fea_list({})->empty());
  EXPECT_TRUE(decode_fea_list(std::vector<uint8_t>{4, 0, 0, 0})->empty());
  auto bad = [](std::vector<uint8_t> data) { return decode_fea_list(data).error(); };
  EXPECT_EQ(bad({40, 0, 0, 0, 0, 1, 2, 0}), NtStatus::InvalidParameter);  // past the data
  EXPECT_EQ(bad({3, 0, 0, 0}), NtStatus::InvalidParameter);               // under 4
  EXPECT_EQ(bad({4, 0}), NtStatus::InvalidParameter);                     // cut
  EXPECT_EQ(bad({10, 0, 0, 0, 0, 1, 2, 0, 'a', 0}), NtStatus::InvalidParameter);  // value cut
  EXPECT_EQ(bad({12, 0, 0, 0, 0, 1, 2, 0, 'a', 'b', 'x', 'y'}),
            NtStatus::InvalidParameter);  // no NUL after the name
  EXPECT_EQ(bad({6, 0, 0, 0, 0, 1}), NtStatus::InvalidParameter);  // a header cut short
  EXPECT_EQ(decode_fea_list(std::vector<uint8_t>{3, 0, 0, 0}, NtStatus::InvalidNetworkResponse)
                .error(),
            NtStatus::InvalidNetworkResponse);
  const std::vector<FullEa> long_name = {{0, std::string(256, 'n'), {}}};
  EXPECT_EQ(encode_fea_list(long_name).error(), NtStatus::InvalidParameter);
  const std::vector<FullEa> long_value = {{0, "n", std::vector<uint8_t>(65536)}};
  EXPECT_EQ(encode_fea_list(long_value).error(), NtStatus::InvalidParameter);
}

TEST(GeaList, RoundTripAndMalformedLists) {
  // MS-CIFS 2.2.1.2.1: SizeOfListInBytes, then each name's length, the name and a NUL.
  const std::vector<std::string> names = {"SECOND EA", "X"};
  auto list = encode_gea_list(names);
  ASSERT_TRUE(list);
  std::vector<uint8_t> expected = {17, 0, 0, 0, 9, 'S', 'E', 'C', 'O', 'N',
                                   'D', ' ', 'E', 'A', 0, 1, 'X', 0};
  expected[0] = static_cast<uint8_t>(expected.size());
  EXPECT_EQ(*list, expected);
  auto back = decode_gea_list(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, names);
  // Bytes after the list are not part of it.
  std::vector<uint8_t> trailing = expected;
  trailing.push_back(0xAA);
  EXPECT_EQ(*decode_gea_list(trailing), names);

  auto bad = [](std::vector<uint8_t> data) { return decode_gea_list(data).error(); };
  EXPECT_EQ(bad({}), NtStatus::InvalidSmb);
  EXPECT_EQ(bad({3, 0, 0, 0}), NtStatus::InvalidSmb);                  // under 4
  EXPECT_EQ(bad({9, 0, 0, 0, 1, 'a', 0}), NtStatus::InvalidSmb);       // past the data
  EXPECT_EQ(bad({7, 0, 0, 0, 1, 'a', 'b'}), NtStatus::InvalidSmb);     // no NUL
  EXPECT_EQ(bad({7, 0, 0, 0, 5, 'a', 0}), NtStatus::InvalidSmb);       // name past the list
  EXPECT_EQ(encode_gea_list(std::vector<std::string>{std::string(256, 'n')}).error(),
            NtStatus::InvalidParameter);
  EXPECT_EQ(decode_gea_list(std::vector<uint8_t>{4, 0, 0, 0})->size(), 0u);
}

}  // namespace
}  // namespace smbkit::smb1
