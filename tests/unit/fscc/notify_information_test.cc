// MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION chains, as NT_TRANSACT_NOTIFY_CHANGE and SMB2
// CHANGE_NOTIFY carry them.
#include "fscc/notify_information.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::fscc {
namespace {

TEST(FileNotifyInformation, HandAssembledChainDecodes) {
  std::vector<uint8_t> bytes{
      // "a.txt" added: 12 + 10 name bytes, padded to 24.
      0x18, 0, 0, 0, 0x01, 0, 0, 0, 0x0A, 0, 0, 0,
      'a', 0, '.', 0, 't', 0, 'x', 0, 't', 0, 0, 0,
      // "d\e" renamed (old name), the last entry.
      0x00, 0, 0, 0, 0x04, 0, 0, 0, 0x06, 0, 0, 0,
      'd', 0, '\\', 0, 'e', 0, 0, 0};
  auto entries = decode_notify_entries(bytes);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, (std::vector<FileNotifyEntry>{{kFileActionAdded, "a.txt"},
                                                    {kFileActionRenamedOldName, "d\\e"}}));
  EXPECT_EQ(encode_notify_entries(*entries), bytes);
}

TEST(FileNotifyInformation, NonAsciiNamesRoundTrip) {
  std::vector<FileNotifyEntry> entries{{kFileActionModified, "Grüße-日本.txt"},
                                       {kFileActionRemoved, "x"}};
  auto bytes = encode_notify_entries(entries);
  EXPECT_EQ(bytes.size() % 4, 0u);
  auto back = decode_notify_entries(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, entries);
}

TEST(FileNotifyInformation, EmptyBufferIsNoEntries) {
  auto entries = decode_notify_entries({});
  ASSERT_TRUE(entries);
  EXPECT_TRUE(entries->empty());
}

TEST(FileNotifyInformation, LyingEntriesFail) {
  auto entries = encode_notify_entries({{kFileActionAdded, "abc"}, {kFileActionAdded, "de"}});
  // A name longer than the buffer.
  auto long_name = entries;
  long_name[8] = 0x40;
  EXPECT_FALSE(decode_notify_entries(long_name));
  // An odd name length.
  auto odd = entries;
  odd[8] = 5;
  EXPECT_FALSE(decode_notify_entries(odd));
  // NextEntryOffset inside this entry's own name.
  auto overlap = entries;
  overlap[0] = 12;
  EXPECT_FALSE(decode_notify_entries(overlap));
  // NextEntryOffset past the buffer.
  auto past = entries;
  past[0] = 0xF0;
  EXPECT_FALSE(decode_notify_entries(past));
  // An unpaired surrogate in the name.
  auto bad_utf16 = entries;
  bad_utf16[12] = 0x00;
  bad_utf16[13] = 0xD8;
  EXPECT_EQ(decode_notify_entries(bad_utf16, NtStatus::InvalidSmb).error(),
            NtStatus::InvalidSmb);
  // Every truncation fails or yields only whole entries.
  for (size_t cut = 1; cut < entries.size(); ++cut) {
    std::vector<uint8_t> part(entries.begin(), entries.begin() + cut);
    auto got = decode_notify_entries(part);
    EXPECT_FALSE(got) << "cut at " << cut;
  }
}


}  // namespace
}  // namespace smbkit::fscc
