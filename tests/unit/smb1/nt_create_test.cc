#include "smb1/nt_create.h"

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

constexpr Command kCmd = Command::NtCreateAndX;

// MS-CIFS 2.2.4.64.1, Unicode. The data starts at header offset 83: one pad byte, then the name
// at 84. NameLength 12 counts the terminator.
std::vector<uint8_t> hand_assembled_request(uint8_t name_length = 12) {
  auto bytes = raw_message(kCmd, true, false,
                           {24, 0xFF, 0x00, 0x00, 0x00,                      // AndX: none
                            0x00,                                            // Reserved
                            name_length, 0x00,                               // NameLength
                            0x16, 0x00, 0x00, 0x00,                          // Flags
                            0x00, 0x00, 0x00, 0x00,                          // RootDirectoryFID
                            0x89, 0x00, 0x12, 0x00,                          // DesiredAccess
                            0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,  // AllocationSize
                            0x80, 0x00, 0x00, 0x00,                          // ExtFileAttributes
                            0x07, 0x00, 0x00, 0x00,                          // ShareAccess
                            0x01, 0x00, 0x00, 0x00,                          // CreateDisposition
                            0x40, 0x00, 0x00, 0x00,                          // CreateOptions
                            0x02, 0x00, 0x00, 0x00,                          // Impersonation
                            0x03,                                            // SecurityFlags
                            13, 0x00,                                        // ByteCount
                            0x00});                                          // Pad
  append(bytes, utf16z("a.txt"));
  return bytes;
}

TEST(NtCreateAndX, HandAssembledRequestDecodes) {
  auto req = decode_first<NtCreateAndXRequest>(hand_assembled_request());
  ASSERT_TRUE(req);
  EXPECT_EQ(req->flags, kNtCreateRequestOplock | kNtCreateRequestOpbatch |
                            kNtCreateRequestExtendedResponse);
  EXPECT_EQ(req->root_directory_fid, 0u);
  EXPECT_EQ(req->desired_access,
            kFileReadData | kFileReadEa | kFileReadAttributes | kReadControl | kSynchronize);
  EXPECT_EQ(req->allocation_size, 0x10000u);
  EXPECT_EQ(req->ext_file_attributes, kFileAttributeNormal);
  EXPECT_EQ(req->share_access, kFileShareRead | kFileShareWrite | kFileShareDelete);
  EXPECT_EQ(req->create_disposition, kFileOpen);
  EXPECT_EQ(req->create_options, kFileNonDirectoryFile);
  EXPECT_EQ(req->impersonation_level, kSecurityImpersonation);
  EXPECT_EQ(req->security_flags, kSecurityContextTracking | kSecurityEffectiveOnly);
  EXPECT_EQ(req->file_name, "a.txt");
  EXPECT_EQ(build(kCmd, *req), hand_assembled_request());
}

TEST(NtCreateAndX, NameLengthWithoutTheTerminatorIsAccepted) {
  auto req = decode_first<NtCreateAndXRequest>(hand_assembled_request(10));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_name, "a.txt");
}

TEST(NtCreateAndX, NameLengthPastTheDataFails) {
  EXPECT_EQ(decode_first<NtCreateAndXRequest>(hand_assembled_request(14)).error(),
            NtStatus::InvalidSmb);
}

TEST(NtCreateAndX, EmptyNameOpensTheShareRoot) {
  NtCreateAndXRequest req;
  req.desired_access = kGenericRead;
  req.create_options = kFileDirectoryFile;
  auto back = round_trip(kCmd, req);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_name, "");
  EXPECT_EQ(back->desired_access, kGenericRead);
  EXPECT_EQ(back->create_options, kFileDirectoryFile);
}

TEST(NtCreateAndX, OemRequestRoundTrip) {
  NtCreateAndXRequest req;
  req.root_directory_fid = 0x4001;
  req.desired_access = kGenericWrite | kDelete;
  req.allocation_size = 1ull << 40;
  req.create_disposition = kFileOverwriteIf;
  req.create_options = kFileDeleteOnClose | kFileNonDirectoryFile;
  req.file_name = "dir\\new.bin";
  auto bytes = build(kCmd, req, false);
  EXPECT_EQ(bytes[32 + 6], 12);  // NameLength: 11 characters and the NUL
  auto back = decode_first<NtCreateAndXRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->root_directory_fid, 0x4001u);
  EXPECT_EQ(back->desired_access, kGenericWrite | kDelete);
  EXPECT_EQ(back->allocation_size, 1ull << 40);
  EXPECT_EQ(back->create_disposition, kFileOverwriteIf);
  EXPECT_EQ(back->create_options, kFileDeleteOnClose | kFileNonDirectoryFile);
  EXPECT_EQ(back->file_name, "dir\\new.bin");
}

NtCreateAndXResponse sample_response() {
  NtCreateAndXResponse resp;
  resp.oplock_level = kOplockBatch;
  resp.fid = 0x4005;
  resp.create_disposition = kFileOpened;
  resp.create_time = 0x01D9000000000001;
  resp.last_access_time = 0x01D9000000000002;
  resp.last_write_time = 0x01D9000000000003;
  resp.last_change_time = 0x01D9000000000004;
  resp.ext_file_attributes = kFileAttributeArchive;
  resp.allocation_size = 4096;
  resp.end_of_file = 13;
  resp.nm_pipe_status = kNoEas | kNoSubstreams | kNoReparseTag;
  return resp;
}

TEST(NtCreateAndX, ResponseRoundTrip) {
  auto resp = sample_response();
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 34);
  auto back = decode_first<NtCreateAndXResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->extended);
  EXPECT_EQ(back->oplock_level, kOplockBatch);
  EXPECT_EQ(back->fid, 0x4005);
  EXPECT_EQ(back->create_disposition, kFileOpened);
  EXPECT_EQ(back->create_time, resp.create_time);
  EXPECT_EQ(back->last_access_time, resp.last_access_time);
  EXPECT_EQ(back->last_write_time, resp.last_write_time);
  EXPECT_EQ(back->last_change_time, resp.last_change_time);
  EXPECT_EQ(back->ext_file_attributes, kFileAttributeArchive);
  EXPECT_EQ(back->allocation_size, 4096u);
  EXPECT_EQ(back->end_of_file, 13u);
  EXPECT_EQ(back->resource_type, kFileTypeDisk);
  EXPECT_EQ(back->nm_pipe_status, 7);
  EXPECT_EQ(back->directory, 0);
}

// The extended response as Windows sends it (MS-SMB 2.2.4.9.2): WordCount 0x2A, then 50 words,
// then ByteCount 0.
std::vector<uint8_t> hand_assembled_extended_response() {
  auto bytes = raw_message(kCmd, true, true,
                           {0x2A, 0xFF, 0x00, 0x00, 0x00,                    // AndX: none
                            0x02,                                            // OplockLevel
                            0x05, 0x40,                                      // FID
                            0x01, 0x00, 0x00, 0x00,                          // CreateDisposition
                            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD9, 0x01,  // CreateTime
                            0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD9, 0x01,  // LastAccessTime
                            0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD9, 0x01,  // LastWriteTime
                            0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD9, 0x01,  // LastChangeTime
                            0x20, 0x00, 0x00, 0x00,                          // ExtFileAttributes
                            0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // AllocationSize
                            0x0D, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // EndOfFile
                            0x00, 0x00,                                      // ResourceType
                            0x07, 0x00,                                      // FileStatusFlags
                            0x00,                                            // Directory
                            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,  // VolumeGUID
                            0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,  //
                            0x34, 0x12, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,  // FileId
                            0xFF, 0x01, 0x1F, 0x00,                          // MaximalAccess
                            0x89, 0x00, 0x12, 0x00,                          // GuestMaximalAccess
                            0x00, 0x00});                                    // ByteCount
  return bytes;
}

NtCreateAndXResponse sample_extended_response() {
  auto resp = sample_response();
  resp.extended = true;
  for (uint8_t i = 0; i < 16; ++i) resp.volume_guid[i] = 0x10 + i;
  resp.file_id = 0x0000000100001234;
  resp.maximal_access_rights = 0x001F01FF;
  resp.guest_maximal_access_rights = 0x00120089;
  return resp;
}

TEST(NtCreateAndX, HandAssembledExtendedResponseDecodes) {
  auto bytes = hand_assembled_extended_response();
  ASSERT_EQ(bytes.size(), 32u + 1 + 100 + 2);
  auto resp = decode_first<NtCreateAndXResponse>(bytes);
  ASSERT_TRUE(resp);
  auto want = sample_extended_response();
  EXPECT_TRUE(resp->extended);
  EXPECT_EQ(resp->oplock_level, want.oplock_level);
  EXPECT_EQ(resp->fid, want.fid);
  EXPECT_EQ(resp->create_time, want.create_time);
  EXPECT_EQ(resp->last_change_time, want.last_change_time);
  EXPECT_EQ(resp->end_of_file, want.end_of_file);
  EXPECT_EQ(resp->nm_pipe_status, want.nm_pipe_status);
  EXPECT_EQ(resp->volume_guid, want.volume_guid);
  EXPECT_EQ(resp->file_id, want.file_id);
  EXPECT_EQ(resp->maximal_access_rights, want.maximal_access_rights);
  EXPECT_EQ(resp->guest_maximal_access_rights, want.guest_maximal_access_rights);
}

TEST(NtCreateAndX, ExtendedResponseEncodesWordCount42With50Words) {
  EXPECT_EQ(build(kCmd, sample_extended_response(), true, true),
            hand_assembled_extended_response());
}

TEST(NtCreateAndX, ExtendedResponseWithAnHonestWordCountDecodes) {
  auto bytes = hand_assembled_extended_response();
  bytes[32] = 50;
  auto resp = decode_first<NtCreateAndXResponse>(bytes);
  ASSERT_TRUE(resp);
  EXPECT_TRUE(resp->extended);
  EXPECT_EQ(resp->file_id, 0x0000000100001234u);
}

TEST(NtCreateAndX, TruncatedExtendedResponseFails) {
  auto bytes = hand_assembled_extended_response();
  bytes.resize(32 + 1 + 90);  // parse_message accepts 42 words and a clamped ByteCount
  EXPECT_EQ(decode_first<NtCreateAndXResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);
}

TEST(NtCreateAndX, ShortRequestFails) {
  auto bytes = hand_assembled_request();
  bytes[32] = 20;  // WordCount
  auto m = parse_message(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(NtCreateAndXRequest::decode(m->blocks[0]).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
