// SMB_COM_TREE_CONNECT_ANDX (0x75): MS-CIFS 2.2.4.55 with the MS-SMB 2.2.4.7 extensions, and
// SMB_COM_TREE_DISCONNECT (0x71): MS-CIFS 2.2.4.51.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.55.1 / MS-SMB 2.2.4.7.1 request Flags.
enum TreeConnectFlags : uint16_t {
  kTreeConnectDisconnectTid = 0x0001,
  kTreeConnectExtendedSignatures = 0x0004,
  kTreeConnectExtendedResponse = 0x0008,
};

// MS-CIFS 2.2.4.55.2 / MS-SMB 2.2.4.7.2 OptionalSupport bits.
enum OptionalSupport : uint16_t {
  kSupportSearchBits = 0x0001,
  kShareIsInDfs = 0x0002,
  kCscMask = 0x000C,  // one of the kCsc* values below
  kCscCacheManualReint = 0x0000,
  kCscCacheAutoReint = 0x0004,
  kCscCacheVdo = 0x0008,
  kCscNoCaching = 0x000C,
  kUniqueFileName = 0x0010,
  kExtendedSignatures = 0x0020,
};

// Service strings (MS-CIFS 2.2.4.55.1): any type in a request, the actual type in a response.
inline constexpr char kServiceAny[] = "?????";
inline constexpr char kServiceDisk[] = "A:";
inline constexpr char kServiceIpc[] = "IPC";

// MS-CIFS 2.2.4.55.1 request (WordCount 4): Flags, PasswordLength; data Password, Pad, Path
// (SMB_STRING: UTF-16LE when FLAGS2_UNICODE), Service (always an OEM string).
struct TreeConnectRequest {
  uint16_t flags = 0;
  std::vector<uint8_t> password;  // share-level password; a single NUL under user-level security
  std::string path;               // \\server\share
  std::string service;

  static Result<TreeConnectRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.55.2 response (WordCount 3: OptionalSupport), or with `extended` the MS-SMB
// 2.2.4.7.2 response (WordCount 7) that adds the maximal access masks; the server sends that
// one when the request has kTreeConnectExtendedResponse. Data: Service (OEM), Pad,
// NativeFileSystem (SMB_STRING).
struct TreeConnectResponse {
  uint16_t optional_support = 0;
  bool extended = false;
  uint32_t maximal_share_access_rights = 0;
  uint32_t guest_maximal_share_access_rights = 0;
  std::string service;
  std::string native_file_system;

  static Result<TreeConnectResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.51.1: WordCount 0, ByteCount 0; the TID in the header names the tree.
struct TreeDisconnectRequest {
  static Result<TreeDisconnectRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.51.2: WordCount 0, ByteCount 0.
struct TreeDisconnectResponse {
  static Result<TreeDisconnectResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
