#include "smb2/tree.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> message(Command command, std::initializer_list<uint8_t> body) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(command);
  h.session_id = 0x1000000019;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

void append_utf16(std::vector<uint8_t>& v, const std::string& ascii) {
  for (char c : ascii) {
    v.push_back(static_cast<uint8_t>(c));
    v.push_back(0);
  }
}

template <class T>
std::vector<uint8_t> encode_message(Command command, const T& value) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(command);
  h.session_id = 0x1000000019;
  h.encode(w);
  value.encode(w, 0);
  return out;
}

const std::string kPath = "\\\\SRV\\data";  // \\SRV\data: 10 characters, 20 bytes

TEST(Smb2TreeConnect, HandAssembledRequest) {
  // MS-SMB2 2.2.9: StructureSize 9, Flags 0, PathOffset 72, PathLength 20, Buffer = the path.
  auto m = message(Command::TreeConnect, {9, 0, 0, 0, 72, 0, 20, 0});
  append_utf16(m, kPath);
  auto req = TreeConnectRequest::decode(m);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->path, kPath);
  EXPECT_EQ(req->flags, 0);
  EXPECT_FALSE(req->extension);
  EXPECT_EQ(encode_message(Command::TreeConnect, *req), m);
}

// MS-SMB2 2.2.9.1: with SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT the Buffer starts with the
// extension; PathOffset points past it, at PathName (88), and the contexts follow 8-aligned.
std::vector<uint8_t> request_with_extension() {
  auto m = message(Command::TreeConnect, {
      9, 0,          // StructureSize
      0x06, 0,       // Flags: REDIRECT_TO_OWNER | EXTENSION_PRESENT
      88, 0,         // PathOffset: after the 16-byte extension header
      20, 0,         // PathLength
      112, 0, 0, 0,  // TreeConnectContextOffset: 88 + 20 = 108, aligned to 112
      1, 0,          // TreeConnectContextCount
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // Reserved
  });
  append_utf16(m, kPath);
  m.insert(m.end(), {0, 0, 0, 0});  // padding to 112
  // One SMB2_TREE_CONNECT_CONTEXT (2.2.9.2), kept opaque: ContextType 1, DataLength 4.
  m.insert(m.end(), {0x01, 0, 4, 0, 0, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF});
  return m;
}

TEST(Smb2TreeConnect, ExtensionPathIsWherePathOffsetSays) {
  auto m = request_with_extension();
  auto req = TreeConnectRequest::decode(m);
  ASSERT_TRUE(req) << status_name(req.error());
  EXPECT_TRUE(req->extension);
  EXPECT_EQ(req->path, kPath);  // not the extension header that starts Buffer
  EXPECT_EQ(req->flags & kTreeConnectFlagRedirectToOwner, kTreeConnectFlagRedirectToOwner);
  EXPECT_EQ(req->context_count, 1);
  EXPECT_EQ(req->contexts,
            (std::vector<uint8_t>{0x01, 0, 4, 0, 0, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF}));
  EXPECT_EQ(encode_message(Command::TreeConnect, *req), m);
}

TEST(Smb2TreeConnect, ExtensionPathMayNotOverlapTheExtensionHeader) {
  auto m = request_with_extension();
  m[kHeaderSize + 4] = 72;  // PathOffset at the start of Buffer: inside the extension
  EXPECT_EQ(TreeConnectRequest::decode(m).error(), NtStatus::InvalidParameter);
  m[kHeaderSize + 4] = 80;
  EXPECT_FALSE(TreeConnectRequest::decode(m));
}

TEST(Smb2TreeConnect, ExtensionHeaderAndContextBounds) {
  // The message ends inside the extension header.
  auto m = message(Command::TreeConnect, {9, 0, 0x04, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5});
  EXPECT_FALSE(TreeConnectRequest::decode(m));
  // A context offset past the end of the message.
  m = request_with_extension();
  m[kHeaderSize + 8] = 0xFF;
  EXPECT_FALSE(TreeConnectRequest::decode(m));
  m[kHeaderSize + 8] = static_cast<uint8_t>(m.size());  // exactly the end: no context bytes
  auto req = TreeConnectRequest::decode(m);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->contexts.empty());
  // With TreeConnectContextCount 0 the offset is not looked at.
  m = request_with_extension();
  m[kHeaderSize + 8] = 0xFF;
  m[kHeaderSize + 9] = 0xFF;
  m[kHeaderSize + 12] = 0;
  req = TreeConnectRequest::decode(m);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->path, kPath);
  EXPECT_TRUE(req->contexts.empty());
}

TEST(Smb2TreeConnect, FlagsAreReservedBefore311) {
  // Dialect 3.0.2: Flags is Reserved and ignored, so an EXTENSION_PRESENT bit does not make the
  // server look for an extension; the path is at PathOffset as usual.
  auto m = message(Command::TreeConnect, {9, 0, 0x04, 0, 72, 0, 20, 0});
  append_utf16(m, kPath);
  auto req = TreeConnectRequest::decode(m, kDialect302);
  ASSERT_TRUE(req);
  EXPECT_FALSE(req->extension);
  EXPECT_EQ(req->path, kPath);
  EXPECT_EQ(req->flags, kTreeConnectFlagExtensionPresent);  // kept as received
  EXPECT_EQ(encode_message(Command::TreeConnect, *req), m);
  // The same bytes under 3.1.1 are malformed: the path overlaps the extension header.
  EXPECT_FALSE(TreeConnectRequest::decode(m, kDialect311));
}

TEST(Smb2TreeConnect, RequestRefusesBadPaths) {
  auto m = message(Command::TreeConnect, {9, 0, 0, 0, 72, 0, 22, 0});
  append_utf16(m, kPath);
  EXPECT_EQ(TreeConnectRequest::decode(m).error(), NtStatus::InvalidParameter);  // past the end
  m = message(Command::TreeConnect, {9, 0, 0, 0, 72, 0, 3, 0, 'a', 0, 'b'});
  EXPECT_EQ(TreeConnectRequest::decode(m).error(), NtStatus::InvalidParameter);  // odd length
  m = message(Command::TreeConnect, {9, 0, 0, 0, 72, 0, 2, 0, 0x00, 0xDC});
  EXPECT_EQ(TreeConnectRequest::decode(m).error(), NtStatus::InvalidParameter);  // lone surrogate
  m = message(Command::TreeConnect, {9, 0, 0, 0, 70, 0, 2, 0, 'a', 0});
  EXPECT_FALSE(TreeConnectRequest::decode(m));  // inside the fixed part
  m = message(Command::TreeConnect, {9, 0, 0, 0, 72});
  EXPECT_FALSE(TreeConnectRequest::decode(m));  // short
  m = message(Command::TreeConnect, {8, 0, 0, 0, 72, 0, 0, 0});
  EXPECT_FALSE(TreeConnectRequest::decode(m));  // StructureSize
}

TEST(Smb2TreeConnect, EmptyPathRoundTrip) {
  TreeConnectRequest req;
  auto bytes = encode_message(Command::TreeConnect, req);
  EXPECT_EQ(bytes.size(), kHeaderSize + 9u);  // one Buffer byte for StructureSize 9
  auto back = TreeConnectRequest::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->path, "");
  // A non-ASCII share name survives UTF-16.
  req.path = "\\\\srv\\d\xC3\xA9j\xC3\xA0";
  req.extension = true;
  back = TreeConnectRequest::decode(encode_message(Command::TreeConnect, req));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->path, req.path);
  EXPECT_TRUE(back->extension);
  EXPECT_EQ(back->flags, kTreeConnectFlagExtensionPresent);
}

TEST(Smb2TreeConnect, HandAssembledResponse) {
  // MS-SMB2 2.2.10: a disk share, no caching, access-based enumeration, encrypted;
  // MaximalAccess 0x001F01FF (FILE_ALL_ACCESS).
  auto m = message(Command::TreeConnect, {
      16, 0,                    // StructureSize
      0x01,                     // ShareType: DISK
      0,                        // Reserved
      0x30, 0x88, 0, 0,         // ShareFlags: NO_CACHING | ACCESS_BASED_DIRECTORY_ENUM | ENCRYPT_DATA
      0x08, 0x01, 0, 0,         // Capabilities: DFS | REDIRECT_TO_OWNER
      0xFF, 0x01, 0x1F, 0x00,   // MaximalAccess
  });
  auto resp = TreeConnectResponse::decode(m);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->share_type, kShareTypeDisk);
  EXPECT_EQ(resp->share_flags & kShareFlagCachingMask, kShareFlagNoCaching);
  EXPECT_EQ(resp->share_flags, kShareFlagNoCaching | kShareFlagAccessBasedDirectoryEnum |
                                   kShareFlagEncryptData);
  EXPECT_EQ(resp->capabilities, kShareCapDfs | kShareCapRedirectToOwner);
  EXPECT_EQ(resp->maximal_access, 0x001F01FFu);
  EXPECT_EQ(encode_message(Command::TreeConnect, *resp), m);
  m.pop_back();
  EXPECT_FALSE(TreeConnectResponse::decode(m));
  m = message(Command::TreeConnect, {9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_FALSE(TreeConnectResponse::decode(m));
}

TEST(Smb2TreeDisconnect, RequestAndResponse) {
  // MS-SMB2 2.2.11 / 2.2.12: StructureSize 4, Reserved.
  EXPECT_TRUE(TreeDisconnectRequest::decode(message(Command::TreeDisconnect, {4, 0, 0, 0})));
  EXPECT_TRUE(TreeDisconnectResponse::decode(message(Command::TreeDisconnect, {4, 0, 9, 9})));
  EXPECT_FALSE(TreeDisconnectRequest::decode(message(Command::TreeDisconnect, {4, 0})));
  EXPECT_FALSE(TreeDisconnectResponse::decode(message(Command::TreeDisconnect, {9, 0, 0, 0})));
  auto m = message(Command::TreeDisconnect, {4, 0, 0, 0});
  EXPECT_EQ(encode_message(Command::TreeDisconnect, TreeDisconnectRequest{}), m);
  EXPECT_EQ(encode_message(Command::TreeDisconnect, TreeDisconnectResponse{}), m);
}

}  // namespace
}  // namespace smbkit::smb2
