// SMB2 TREE_CONNECT request (MS-SMB2 2.2.9, with the 3.1.1 request extension of 2.2.9.1) and
// response (2.2.10); TREE_DISCONNECT request (2.2.11) and response (2.2.12).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.9 Flags (SMB 3.1.1 only; reserved in other dialects).
inline constexpr uint16_t kTreeConnectFlagClusterReconnect = 0x0001;
inline constexpr uint16_t kTreeConnectFlagRedirectToOwner = 0x0002;
inline constexpr uint16_t kTreeConnectFlagExtensionPresent = 0x0004;

// MS-SMB2 2.2.9.2 ContextType of a TREE_CONNECT_CONTEXT.
inline constexpr uint16_t kTreeConnectContextReserved = 0x0000;
inline constexpr uint16_t kTreeConnectContextRemotedIdentity = 0x0001;

// MS-SMB2 2.2.10 ShareType.
inline constexpr uint8_t kShareTypeDisk = 0x01;
inline constexpr uint8_t kShareTypePipe = 0x02;
inline constexpr uint8_t kShareTypePrint = 0x03;

// MS-SMB2 2.2.10 ShareFlags. The caching policy is a 2-bit field (kShareFlagCachingMask).
inline constexpr uint32_t kShareFlagManualCaching = 0x00000000;
inline constexpr uint32_t kShareFlagAutoCaching = 0x00000010;
inline constexpr uint32_t kShareFlagVdoCaching = 0x00000020;
inline constexpr uint32_t kShareFlagNoCaching = 0x00000030;
inline constexpr uint32_t kShareFlagCachingMask = 0x00000030;
inline constexpr uint32_t kShareFlagDfs = 0x00000001;
inline constexpr uint32_t kShareFlagDfsRoot = 0x00000002;
inline constexpr uint32_t kShareFlagRestrictExclusiveOpens = 0x00000100;
inline constexpr uint32_t kShareFlagForceSharedDelete = 0x00000200;
inline constexpr uint32_t kShareFlagAllowNamespaceCaching = 0x00000400;
inline constexpr uint32_t kShareFlagAccessBasedDirectoryEnum = 0x00000800;
inline constexpr uint32_t kShareFlagForceLevel2Oplock = 0x00001000;
inline constexpr uint32_t kShareFlagEnableHashV1 = 0x00002000;
inline constexpr uint32_t kShareFlagEnableHashV2 = 0x00004000;
inline constexpr uint32_t kShareFlagEncryptData = 0x00008000;
inline constexpr uint32_t kShareFlagIdentityRemoting = 0x00040000;
inline constexpr uint32_t kShareFlagCompressData = 0x00100000;
inline constexpr uint32_t kShareFlagIsolatedTransport = 0x00200000;

// MS-SMB2 2.2.10 Capabilities (SMB2_SHARE_CAP_*).
inline constexpr uint32_t kShareCapDfs = 0x00000008;
inline constexpr uint32_t kShareCapContinuousAvailability = 0x00000010;
inline constexpr uint32_t kShareCapScaleout = 0x00000020;
inline constexpr uint32_t kShareCapCluster = 0x00000040;
inline constexpr uint32_t kShareCapAsymmetric = 0x00000080;
inline constexpr uint32_t kShareCapRedirectToOwner = 0x00000100;

// MS-SMB2 2.2.9 (StructureSize 9): Flags/Reserved, PathOffset, PathLength, Buffer.
// The path ("\\server\share", UTF-16 on the wire, UTF-8 here) is always the one PathOffset and
// PathLength name (3.3.5.7). With SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT (3.1.1 only) the
// Buffer starts with the 16-byte extension of 2.2.9.1 (TreeConnectContextOffset,
// TreeConnectContextCount, 10 reserved bytes), followed by the PathName that PathOffset points
// at, so the path must lie past the extension header; the Buffer does not start with the path.
// The tree connect contexts (2.2.9.2; only the remoted identity context exists, which smbkit does
// not offer: no SMB2_SHAREFLAG_IDENTITY_REMOTING) are kept opaque: `contexts` holds the bytes from
// TreeConnectContextOffset, read as counted from the SMB2 header like every other offset of
// MS-SMB2, to the end of the message, and only that offset lying inside the message is checked.
// A path that is not valid UTF-16 fails with kBadRequest (3.3.5.7: a Buffer not in the format of
// 2.2.9 fails with STATUS_INVALID_PARAMETER).
struct TreeConnectRequest {
  uint16_t flags = 0;  // as received; reserved below 3.1.1
  std::string path;
  // 2.2.9.1, present when decoded from 3.1.1 with the flag, and written when set.
  bool extension = false;
  uint16_t context_count = 0;
  std::vector<uint8_t> contexts;

  // `dialect` is the connection's: Flags (and so the extension) mean something only in 3.1.1.
  static Result<TreeConnectRequest> decode(Bytes message, uint16_t dialect = kDialect311);
  // Writes the extension iff `extension` (and then sets its flag).
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.10 (StructureSize 16): ShareType, Reserved, ShareFlags, Capabilities,
// MaximalAccess (an access mask, 2.2.13.1).
struct TreeConnectResponse {
  uint8_t share_type = kShareTypeDisk;
  uint32_t share_flags = 0;
  uint32_t capabilities = 0;
  uint32_t maximal_access = 0;

  static Result<TreeConnectResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.11 (StructureSize 4): Reserved. The tree is the header's TreeId.
struct TreeDisconnectRequest {
  static Result<TreeDisconnectRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.12 (StructureSize 4): Reserved.
struct TreeDisconnectResponse {
  static Result<TreeDisconnectResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
