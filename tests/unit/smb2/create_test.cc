#include "smb2/create.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u16;
using file_testing::put_u32;
using file_testing::round_trip;
using file_testing::to_vector;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.13.2: a chain of MxAc (no Timestamp) and QFid, as a client asks for them.
Body request_contexts() {
  return Body{}
      .u32(24)  // Next
      .u16(16)  // NameOffset
      .u16(4)   // NameLength
      .u16(0)   // Reserved
      .u16(0)   // DataOffset
      .u32(0)   // DataLength
      .ascii("MxAc")
      .zeros(4)  // to the next 8-byte boundary
      .u32(0)    // Next: last
      .u16(16)
      .u16(4)
      .u16(0)
      .u16(0)
      .u32(0)
      .ascii("QFid");
}

// MS-SMB2 2.2.13: open "dir\a.txt" for reading, with the contexts above at 0x90.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::Create, Body{}
                                      .u16(57)          // StructureSize
                                      .u8(0)            // SecurityFlags
                                      .u8(0x09)         // RequestedOplockLevel: BATCH
                                      .u32(2)           // ImpersonationLevel: Impersonation
                                      .u64(0)           // SmbCreateFlags
                                      .u64(0)           // Reserved
                                      .u32(0x00120089)  // DesiredAccess
                                      .u32(0x80)        // FileAttributes: NORMAL
                                      .u32(0x07)        // ShareAccess: READ|WRITE|DELETE
                                      .u32(1)           // CreateDisposition: FILE_OPEN
                                      .u32(0x40)        // CreateOptions: NON_DIRECTORY_FILE
                                      .u16(0x78)        // NameOffset
                                      .u16(18)          // NameLength
                                      .u32(0x90)        // CreateContextsOffset
                                      .u32(44)          // CreateContextsLength
                                      .utf16("dir\\a.txt")
                                      .zeros(6)  // 0x8A -> 0x90
                                      .bytes(request_contexts().bytes()));
}

TEST(Smb2Create, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = CreateRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->requested_oplock_level, kOplockLevelBatch);
  EXPECT_EQ(req->impersonation_level, kSecurityImpersonation);
  EXPECT_EQ(req->desired_access,
            uint32_t{kFileReadData | kFileReadEa | kFileReadAttributes | kReadControl |
                     kSynchronize});
  EXPECT_EQ(req->file_attributes, kFileAttributeNormal);
  EXPECT_EQ(req->share_access, uint32_t{kFileShareRead | kFileShareWrite | kFileShareDelete});
  EXPECT_EQ(req->create_disposition, kFileOpen);
  EXPECT_EQ(req->create_options, kFileNonDirectoryFile);
  EXPECT_EQ(req->name, "dir\\a.txt");
  ASSERT_EQ(req->contexts.size(), 2u);
  EXPECT_TRUE(req->contexts[0].is(kCreateQueryMaximalAccess));
  EXPECT_TRUE(req->contexts[0].data.empty());
  EXPECT_TRUE(req->contexts[1].is(kCreateQueryOnDiskId));
  EXPECT_EQ(find_create_context(req->contexts, kCreateQueryOnDiskId), &req->contexts[1]);
  EXPECT_EQ(find_create_context(req->contexts, kCreateRequestLease), nullptr);
  auto mxac = MaximalAccessRequest::decode(req->contexts[0].data);
  ASSERT_TRUE(mxac);
  EXPECT_FALSE(mxac->timestamp);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Create, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Create, EmptyNameIsTheShareRoot) {
  CreateRequest req;
  req.desired_access = kGenericRead;
  req.create_disposition = kFileOpen;
  req.create_options = kFileDirectoryFile;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Create, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "");
  EXPECT_TRUE(back->contexts.empty());
  EXPECT_EQ(bytes.size(), kHeaderSize + 57);  // one byte of Buffer
  EXPECT_EQ(bytes[kBody + 44], 0x78);         // NameOffset
  EXPECT_EQ(bytes[kBody + 46], 0);            // NameLength

  // A zero-length name may point anywhere, and the Buffer byte may be missing.
  auto odd = truncated(bytes, bytes.size() - 1);
  put_u16(odd, kBody + 44, 0);
  auto root = CreateRequest::decode(odd);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->name, "");
}

TEST(Smb2Create, RequestRefusesNamesAndContextsOutsideTheMessage) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(CreateRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  EXPECT_FALSE(CreateRequest::decode(truncated(bytes, kBody + 55)));
  auto bad = bytes;
  bad[kBody] = 56;
  EXPECT_EQ(CreateRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 44, 0x76);  // name inside the fixed part
  EXPECT_EQ(CreateRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 44, 0xFFFF);  // name past the end
  EXPECT_FALSE(CreateRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 48, 0xFFFFFFF8);  // contexts: offset + length wraps 32 bits
  EXPECT_FALSE(CreateRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 52, 0xFFFFFFFF);
  EXPECT_FALSE(CreateRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 48, 0x80);  // contexts overlapping the name
  EXPECT_EQ(CreateRequest::decode(bad).error(), kBadRequest);
}

TEST(Smb2Create, InvalidUtf16NameIsObjectNameInvalid) {
  auto bytes = hand_assembled_request();
  auto bad = bytes;
  put_u16(bad, kBody + 46, 17);  // odd length
  EXPECT_EQ(CreateRequest::decode(bad).error(), NtStatus::ObjectNameInvalid);
  bad = bytes;
  bad[0x78] = 0x00;  // a lone low surrogate
  bad[0x79] = 0xDC;
  EXPECT_EQ(CreateRequest::decode(bad).error(), NtStatus::ObjectNameInvalid);
  put_u32(bad, kBody + 52, 45);  // a structural error wins over the name
  EXPECT_EQ(CreateRequest::decode(bad).error(), kBadRequest);
}

TEST(Smb2Create, ContextChainChecks) {
  auto chain = request_contexts().bytes();
  ASSERT_TRUE(decode_create_contexts(chain));
  auto bad = chain;
  put_u32(bad, 0, 20);  // Next not 8-byte aligned
  EXPECT_EQ(decode_create_contexts(bad).error(), kBadRequest);
  bad = chain;
  put_u32(bad, 0, 8);  // Next inside the context header
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u32(bad, 0, 48);  // Next past the chain
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u32(bad, 24, 0xFFFFFFF8);  // a huge Next in the last context
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 6, 3);  // NameLength under four octets
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 4, 8);  // NameOffset inside the header
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 4, 21);  // name past its context (the next one starts at 24)
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 10, 16);  // data overlapping the name
  put_u32(bad, 12, 4);
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 10, 8);  // data inside the header
  put_u32(bad, 12, 4);
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 10, 20);  // data past its context
  put_u32(bad, 12, 5);
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u32(bad, 12, 0xFFFFFFFF);  // DataLength that wraps 32 bits
  put_u16(bad, 10, 20);
  EXPECT_FALSE(decode_create_contexts(bad));
  bad = chain;
  put_u16(bad, 10, 20);  // data in the padding after the name: fine
  put_u32(bad, 12, 4);
  auto padded = decode_create_contexts(bad);
  ASSERT_TRUE(padded);
  EXPECT_EQ((*padded)[0].data.size(), 4u);
  EXPECT_FALSE(decode_create_contexts(truncated(chain, 15)));
  EXPECT_FALSE(decode_create_contexts(truncated(chain, 24 + 15)));  // Next to a cut context
  EXPECT_FALSE(decode_create_contexts(truncated(chain, 24)));       // Next to the very end
  put_u32(chain, 0, 0);  // last context: trailing bytes after it are ignored
  auto one = decode_create_contexts(chain);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->size(), 1u);
}

// MS-SMB2 2.2.14 with MxAc (2.2.14.2.5) and QFid (2.2.14.2.9) responses at 0x98.
Body response_contexts() {
  return Body{}
      .u32(32)  // Next
      .u16(16)  // NameOffset
      .u16(4)   // NameLength
      .u16(0)   // Reserved
      .u16(24)  // DataOffset
      .u32(8)   // DataLength
      .ascii("MxAc")
      .zeros(4)
      .u32(0)           // QueryStatus: STATUS_SUCCESS
      .u32(0x001F01FF)  // MaximalAccess
      .u32(0)           // Next: last
      .u16(16)
      .u16(4)
      .u16(0)
      .u16(24)
      .u32(32)
      .ascii("QFid")
      .zeros(4)
      .u64(0x0000000000ABCDEFull)  // DiskFileId
      .u64(0x0000000000000803ull)  // VolumeId
      .zeros(16);                  // Reserved
}

std::vector<uint8_t> hand_assembled_response() {
  return message(Command::Create,
                 Body{}
                     .u16(89)                     // StructureSize
                     .u8(0x01)                    // OplockLevel: II
                     .u8(0)                       // Flags
                     .u32(2)                      // CreateAction: FILE_CREATED
                     .u64(0x01D9000000000001ull)  // CreationTime
                     .u64(0x01D9000000000002ull)  // LastAccessTime
                     .u64(0x01D9000000000003ull)  // LastWriteTime
                     .u64(0x01D9000000000004ull)  // ChangeTime
                     .u64(0)                      // AllocationSize
                     .u64(0)                      // EndofFile
                     .u32(0x20)                   // FileAttributes: ARCHIVE
                     .u32(0)                      // Reserved2
                     .u64(0x1111)                 // FileId.Persistent
                     .u64(0x2222)                 // FileId.Volatile
                     .u32(0x98)                   // CreateContextsOffset
                     .u32(88)                     // CreateContextsLength
                     .bytes(response_contexts().bytes()),
                 true);
}

TEST(Smb2Create, HandAssembledResponse) {
  auto bytes = hand_assembled_response();
  auto resp = CreateResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->oplock_level, kOplockLevelII);
  EXPECT_EQ(resp->create_action, kFileCreated);
  EXPECT_EQ(resp->creation_time, 0x01D9000000000001ull);
  EXPECT_EQ(resp->change_time, 0x01D9000000000004ull);
  EXPECT_EQ(resp->file_attributes, kFileAttributeArchive);
  EXPECT_EQ(resp->file_id, (FileId{0x1111, 0x2222}));
  ASSERT_EQ(resp->contexts.size(), 2u);
  auto mxac = MaximalAccessResponse::decode(resp->contexts[0].data);
  ASSERT_TRUE(mxac);
  EXPECT_EQ(mxac->query_status, NtStatus::Success);
  EXPECT_EQ(mxac->maximal_access, 0x001F01FFu);
  auto qfid = QueryOnDiskIdResponse::decode(resp->contexts[1].data);
  ASSERT_TRUE(qfid);
  EXPECT_EQ(qfid->disk_file_id, 0xABCDEFu);
  EXPECT_EQ(qfid->volume_id, 0x803u);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Create, *resp, again, true));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Create, ResponseBuiltFromTypedContexts) {
  std::vector<uint8_t> mxac_data, qfid_data;
  ByteWriter mw(mxac_data), qw(qfid_data);
  MaximalAccessResponse{NtStatus::Success, 0x001F01FF}.encode(mw);
  QueryOnDiskIdResponse{0xABCDEF, 0x803}.encode(qw);
  EXPECT_EQ(qfid_data.size(), QueryOnDiskIdResponse::kSize);
  CreateResponse resp;
  resp.oplock_level = kOplockLevelII;
  resp.create_action = kFileCreated;
  resp.creation_time = 0x01D9000000000001ull;
  resp.last_access_time = 0x01D9000000000002ull;
  resp.last_write_time = 0x01D9000000000003ull;
  resp.change_time = 0x01D9000000000004ull;
  resp.file_attributes = kFileAttributeArchive;
  resp.file_id = {0x1111, 0x2222};
  resp.contexts = {{context_name(kCreateQueryMaximalAccess), mxac_data},
                   {context_name(kCreateQueryOnDiskId), qfid_data}};
  EXPECT_EQ(file_testing::build(Command::Create, resp, true), hand_assembled_response());
}

TEST(Smb2Create, ResponseWithoutContextsAndBounds) {
  CreateResponse resp;
  resp.file_id = {1, 2};
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Create, resp, bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes.size(), kHeaderSize + 89);
  EXPECT_TRUE(back->contexts.empty());

  auto full = hand_assembled_response();
  EXPECT_EQ(CreateResponse::decode(truncated(full, full.size() - 1)).error(), kBadRequest);
  auto bad = full;
  put_u32(bad, kBody + 80, 0x90);  // contexts inside the fixed part
  EXPECT_FALSE(CreateResponse::decode(bad));
  EXPECT_FALSE(CreateResponse::decode(truncated(full, kBody + 87)));
}

TEST(Smb2Create, TypedContextData) {
  const std::vector<uint8_t> ts = {1, 2, 3, 4, 5, 6, 7, 8};
  auto mxac = MaximalAccessRequest::decode(ts);
  ASSERT_TRUE(mxac);
  EXPECT_EQ(mxac->timestamp, 0x0807060504030201ull);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  mxac->encode(w);
  EXPECT_EQ(out, ts);
  EXPECT_EQ(MaximalAccessRequest::decode(Bytes(ts).first(7)).error(), kBadRequest);
  EXPECT_FALSE(MaximalAccessResponse::decode(Bytes(ts).first(7)));
  EXPECT_FALSE(QueryOnDiskIdResponse::decode(ts));
  EXPECT_EQ(*decode_allocation_size(ts), 0x0807060504030201ull);
  EXPECT_FALSE(decode_allocation_size(Bytes(ts).first(4)));
  EXPECT_EQ(kCreateAppInstanceId.size(), 16u);
  EXPECT_EQ(uint8_t(kCreateAppInstanceId[0]), 0x45);
  EXPECT_EQ(uint8_t(kCreateAppInstanceId[15]), 0x74);
}

TEST(Smb2Create, SixteenByteNamesAndLongDataRoundTrip) {
  std::vector<uint8_t> sd(100, 0x5A), id(20, 0x11);
  CreateRequest req;
  req.name = "x";
  req.contexts = {{context_name(kCreateSdBuffer), sd},
                  {context_name(kCreateAppInstanceId), id},
                  {context_name(kCreateDurableHandleRequest), {}}};
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Create, req, bytes);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->contexts.size(), 3u);
  EXPECT_EQ(bytes[kBody + 48], 0x80);  // CreateContextsOffset: 0x78 + 2 rounded up to 8
  EXPECT_TRUE(back->contexts[1].is(kCreateAppInstanceId));
  EXPECT_EQ(to_vector(back->contexts[0].data), sd);
  EXPECT_EQ(to_vector(back->contexts[1].data), id);
  EXPECT_TRUE(back->contexts[2].data.empty());
}

}  // namespace
}  // namespace smbkit::smb2
