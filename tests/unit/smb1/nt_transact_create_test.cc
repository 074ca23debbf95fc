// NT_TRANSACT_CREATE (MS-CIFS 2.2.7.1) and NT_TRANSACT_RENAME (2.2.7.4) parameters.
#include "smb1/nt_transact_create.h"

#include <gtest/gtest.h>

#include "smb1/nt_transact_rename.h"

namespace smbkit::smb1 {
namespace {

TEST(NtTransactCreate, RequestLayoutWithPaddedUnicodeName) {
  NtTransactCreateRequest req;
  req.create.flags = 0x10;
  req.create.desired_access = 0x001F01FF;
  req.create.allocation_size = 0x0000000100000000;
  req.create.ext_file_attributes = 0x80;
  req.create.share_access = 7;
  req.create.create_disposition = 2;
  req.create.create_options = 0x40;
  req.create.impersonation_level = 2;
  req.create.security_flags = 1;
  req.ea_length = 0;
  req.create.file_name = "ab";
  auto bytes = req.encode(true);
  ASSERT_EQ(bytes.size(), 53u + 1 + 6);
  EXPECT_EQ(bytes[0], 0x10);                     // Flags
  EXPECT_EQ(bytes[8], 0xFF);                     // DesiredAccess
  EXPECT_EQ(bytes[16], 0x01);                    // AllocationSize, high word
  EXPECT_EQ(bytes[20], 0x80);                    // ExtFileAttributes
  EXPECT_EQ(bytes[28], 2);                       // CreateDisposition
  EXPECT_EQ(bytes[32], 0x40);                    // CreateOptions
  EXPECT_EQ(bytes[44], 7);                       // NameLength: pad, "ab", terminator
  EXPECT_EQ(bytes[48], 2);                       // ImpersonationLevel
  EXPECT_EQ(bytes[52], 1);                       // SecurityFlags
  EXPECT_EQ(bytes[53], 0);                       // pad
  EXPECT_EQ(bytes[54], 'a');
  auto back = NtTransactCreateRequest::decode(bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->create.file_name, "ab");
  EXPECT_EQ(back->create.desired_access, 0x001F01FFu);
  EXPECT_EQ(back->create.allocation_size, 0x0000000100000000u);
  EXPECT_EQ(back->create.create_disposition, 2u);
  EXPECT_EQ(back->create.create_options, 0x40u);
  EXPECT_EQ(back->create.security_flags, 1);
}

TEST(NtTransactCreate, UnpaddedAndOemNames) {
  NtTransactCreateRequest req;
  req.create.file_name = "x\\y";
  auto oem = NtTransactCreateRequest::decode(req.encode(false), false);
  ASSERT_TRUE(oem);
  EXPECT_EQ(oem->create.file_name, "x\\y");
  // Samba's client leaves the pad byte out of NameLength (the name still starts at 54): the
  // name is not cut short by a byte (smbtorture raw.open.nttrans-create, raw.eas).
  auto bytes = req.encode(true);
  bytes[44] = static_cast<uint8_t>(bytes.size() - 54);
  auto samba = NtTransactCreateRequest::decode(bytes, true);
  ASSERT_TRUE(samba);
  EXPECT_EQ(samba->create.file_name, "x\\y");
  // The same without the terminator.
  bytes.resize(bytes.size() - 2);
  bytes[44] = static_cast<uint8_t>(bytes.size() - 54);
  samba = NtTransactCreateRequest::decode(bytes, true);
  ASSERT_TRUE(samba);
  EXPECT_EQ(samba->create.file_name, "x\\y");
}

TEST(NtTransactCreate, LyingNameLengthAndShortParametersFail) {
  NtTransactCreateRequest req;
  req.create.file_name = "abc";
  auto bytes = req.encode(true);
  bytes[44] = 200;
  EXPECT_EQ(NtTransactCreateRequest::decode(bytes, true).error(), NtStatus::InvalidSmb);
  std::vector<uint8_t> short_params(52, 0);
  EXPECT_EQ(NtTransactCreateRequest::decode(short_params, true).error(), NtStatus::InvalidSmb);
}

TEST(NtTransactCreate, ResponseLayoutRoundTrips) {
  NtCreateAndXResponse resp;
  resp.oplock_level = kOplockBatch;
  resp.fid = 0x4321;
  resp.create_disposition = 2;
  resp.create_time = 1;
  resp.last_access_time = 2;
  resp.last_write_time = 3;
  resp.last_change_time = 4;
  resp.ext_file_attributes = 0x20;
  resp.allocation_size = 4096;
  resp.end_of_file = 12;
  resp.directory = 1;
  auto bytes = encode_nt_transact_create_response(resp);
  ASSERT_EQ(bytes.size(), kNtTransactCreateResponseSize);
  EXPECT_EQ(bytes[0], kOplockBatch);
  EXPECT_EQ(bytes[2], 0x21);
  EXPECT_EQ(bytes[4], 2);   // CreateAction
  EXPECT_EQ(bytes[12], 1);  // CreationTime after EAErrorOffset
  EXPECT_EQ(bytes[68], 1);  // Directory, last
  auto back = decode_nt_transact_create_response(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4321);
  EXPECT_EQ(back->last_change_time, 4u);
  EXPECT_EQ(back->allocation_size, 4096u);
  EXPECT_EQ(back->end_of_file, 12u);
  EXPECT_EQ(back->resource_type, kFileTypeDisk);
  EXPECT_EQ(back->directory, 1);
  bytes.pop_back();
  EXPECT_EQ(decode_nt_transact_create_response(bytes).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(NtTransactRename, RequestLayout) {
  NtTransactRenameRequest req{0x0102, 0, "n"};
  std::vector<uint8_t> expected = {0x02, 0x01, 0, 0, 'n', 0, 0, 0};
  EXPECT_EQ(req.encode(true), expected);
  auto back = NtTransactRenameRequest::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x0102);
  EXPECT_EQ(back->new_name, "n");
  std::vector<uint8_t> cut = {0x02, 0x01, 0};
  EXPECT_EQ(NtTransactRenameRequest::decode(cut, true).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
