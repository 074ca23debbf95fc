#include "smb1/open.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

constexpr Command kCmd = Command::OpenAndX;

TEST(OpenAndX, HandAssembledRequestDecodes) {
  // MS-CIFS 2.2.4.41.1, Unicode: data at header offset 65 starts with one pad byte.
  std::vector<uint8_t> data = {0};
  append(data, utf16z("\\dir\\a.txt"));
  auto bytes = raw_message(kCmd, true, false,
                           {15, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x13, 0x00,                  // Flags: attrib, oplock, extended
                            0x42, 0x40,                  // AccessMode: RW, deny none, writethrough
                            0x16, 0x00,                  // SearchAttrs: hidden|system|dir
                            0x20, 0x00,                  // FileAttrs: archive
                            0x00, 0x00, 0x00, 0x00,      // CreationTime
                            0x12, 0x00,                  // OpenMode: create, else open
                            0x00, 0x10, 0x00, 0x00,      // AllocationSize 4096
                            0xE8, 0x03, 0x00, 0x00,      // Timeout 1000
                            0x00, 0x00, 0x00, 0x00,      // Reserved
                            static_cast<uint8_t>(data.size()), 0x00});
  append(bytes, data);
  auto req = decode_first<OpenAndXRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->flags, kOpenRequestAttributes | kOpenRequestOplock | kOpenExtendedResponse);
  EXPECT_EQ(req->access_mode & kAccessModeMask, kAccessReadWrite);
  EXPECT_EQ(req->access_mode & kSharingModeMask, kSharingDenyNone);
  EXPECT_TRUE(req->access_mode & kWritethroughMode);
  EXPECT_EQ(req->search_attrs, kSmbFileAttributeHidden | kSmbFileAttributeSystem |
                                   kSmbFileAttributeDirectory);
  EXPECT_EQ(req->file_attrs, kSmbFileAttributeArchive);
  EXPECT_EQ(req->open_mode & kFileExistsOptsMask, kFileExistsTruncate);
  EXPECT_EQ(req->open_mode & kCreateFileMask, kCreateFileCreate);
  EXPECT_EQ(req->allocation_size, 4096u);
  EXPECT_EQ(req->timeout, 1000u);
  EXPECT_EQ(req->file_name, "\\dir\\a.txt");
  EXPECT_EQ(build(kCmd, *req), bytes);
}

TEST(OpenAndX, OemRequestRoundTrip) {
  OpenAndXRequest req;
  req.access_mode = kAccessRead | kSharingDenyWrite;
  req.open_mode = kFileExistsOpen;
  req.creation_time = 1700000000;
  req.file_name = "README.TXT";
  auto back = round_trip(kCmd, req, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->access_mode, req.access_mode);
  EXPECT_EQ(back->open_mode, kFileExistsOpen);
  EXPECT_EQ(back->creation_time, 1700000000u);
  EXPECT_EQ(back->file_name, "README.TXT");
}

TEST(OpenAndX, InvalidUtf16NameIsObjectNameInvalid) {
  auto bytes = raw_message(kCmd, true, false, {15});
  bytes.resize(bytes.size() + 30, 0);
  bytes[33] = 0xFF;  // AndXCommand
  append(bytes, {5, 0, 0, 0x00, 0xD8, 0, 0});  // ByteCount 5: pad, lone surrogate, NUL
  EXPECT_EQ(decode_first<OpenAndXRequest>(bytes).error(), NtStatus::ObjectNameInvalid);
}

TEST(OpenAndX, ShortRequestFails) {
  auto bytes = raw_message(kCmd, false, false, {14});
  bytes.resize(bytes.size() + 28 + 2, 0);
  bytes[33] = 0xFF;  // AndXCommand
  EXPECT_EQ(decode_first<OpenAndXRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(OpenAndX, ResponseRoundTrip) {
  OpenAndXResponse resp;
  resp.fid = 0x4002;
  resp.file_attrs = kSmbFileAttributeArchive;
  resp.last_write_time = 1700000000;
  resp.file_data_size = 123456;
  resp.access_rights = kAccessReadWrite;
  resp.open_results = kOpenResultCreated | kOpenResultOplockGranted;
  resp.server_fid = 77;
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 15);
  auto back = decode_first<OpenAndXResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->extended);
  EXPECT_EQ(back->fid, 0x4002);
  EXPECT_EQ(back->file_attrs, kSmbFileAttributeArchive);
  EXPECT_EQ(back->last_write_time, 1700000000u);
  EXPECT_EQ(back->file_data_size, 123456u);
  EXPECT_EQ(back->access_rights, kAccessReadWrite);
  EXPECT_EQ(back->resource_type, kFileTypeDisk);
  EXPECT_EQ(back->open_results, kOpenResultCreated | kOpenResultOplockGranted);
  EXPECT_EQ(back->server_fid, 77u);
}

TEST(OpenAndX, ExtendedResponseRoundTrip) {
  OpenAndXResponse resp;
  resp.fid = 9;
  resp.resource_type = kFileTypeMessageModePipe;
  resp.nm_pipe_status = 0x05FF;
  resp.extended = true;
  resp.maximal_access_rights = 0x001F01FF;
  resp.guest_maximal_access_rights = 0x00120089;
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 19);
  auto back = decode_first<OpenAndXResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->extended);
  EXPECT_EQ(back->resource_type, kFileTypeMessageModePipe);
  EXPECT_EQ(back->nm_pipe_status, 0x05FF);
  EXPECT_EQ(back->maximal_access_rights, 0x001F01FFu);
  EXPECT_EQ(back->guest_maximal_access_rights, 0x00120089u);
}

TEST(OpenAndX, ResponseWithOtherWordCountFails) {
  auto bytes = raw_message(kCmd, false, true, {17});
  bytes.resize(bytes.size() + 34 + 2, 0);
  bytes[33] = 0xFF;  // AndXCommand
  EXPECT_EQ(decode_first<OpenAndXResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
