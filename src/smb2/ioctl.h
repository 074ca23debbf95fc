// SMB2 IOCTL (0x000B): MS-SMB2 2.2.31 request, 2.2.32 response, and the payloads a server
// without RDMA or server-side copy needs: VALIDATE_NEGOTIATE_INFO (2.2.31.4 / 2.2.32.6) and
// NETWORK_INTERFACE_INFO (2.2.32.5).
//
// The input and output buffers are views (`Bytes`): after decode they point into the message,
// before encode into the caller's buffers.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// FSCTL/IOCTL control codes. The SMB2-specific ones are MS-SMB2 2.2.31's table; the file system
// ones are MS-FSCC 2.3's. (Each is the Windows CTL_CODE packing: DeviceType << 16 | Access << 14
// | Function << 2 | Method.)
enum FsctlCode : uint32_t {
  // MS-SMB2 2.2.31
  kFsctlDfsGetReferrals = 0x00060194,
  kFsctlDfsGetReferralsEx = 0x000601B0,
  kFsctlPipePeek = 0x0011400C,
  kFsctlPipeWait = 0x00110018,
  kFsctlPipeTransceive = 0x0011C017,
  kFsctlSrvCopychunk = 0x001440F2,
  kFsctlSrvEnumerateSnapshots = 0x00144064,
  kFsctlSrvRequestResumeKey = 0x00140078,
  kFsctlSrvReadHash = 0x001441BB,
  kFsctlSrvCopychunkWrite = 0x001480F2,
  kFsctlLmrRequestResiliency = 0x001401D4,
  kFsctlQueryNetworkInterfaceInfo = 0x001401FC,
  kFsctlSetReparsePoint = 0x000900A4,
  kFsctlFileLevelTrim = 0x00098208,
  kFsctlValidateNegotiateInfo = 0x00140204,
  // MS-FSCC 2.3
  kFsctlIsPathnameValid = 0x0009002C,
  kFsctlGetCompression = 0x0009003C,
  kFsctlFilesystemGetStatistics = 0x00090060,
  kFsctlGetNtfsVolumeData = 0x00090064,
  kFsctlGetRetrievalPointers = 0x00090073,
  kFsctlFindFilesBySid = 0x0009008F,
  kFsctlSetObjectId = 0x00090098,
  kFsctlGetObjectId = 0x0009009C,
  kFsctlDeleteObjectId = 0x000900A0,
  kFsctlGetReparsePoint = 0x000900A8,
  kFsctlDeleteReparsePoint = 0x000900AC,
  kFsctlSetObjectIdExtended = 0x000900BC,
  kFsctlCreateOrGetObjectId = 0x000900C0,
  kFsctlSetSparse = 0x000900C4,
  kFsctlSetEncryption = 0x000900D7,
  kFsctlReadFileUsnData = 0x000900EB,
  kFsctlWriteUsnCloseRecord = 0x000900EF,
  kFsctlSisCopyfile = 0x00090100,
  kFsctlQueryOnDiskVolumeInfo = 0x0009013C,
  kFsctlSetZeroOnDeallocation = 0x00090194,
  kFsctlSetShortNameBehavior = 0x000901B4,
  kFsctlGetIntegrityInformation = 0x0009027C,
  kFsctlQueryFileRegions = 0x00090284,
  kFsctlGetRefsVolumeData = 0x000902D8,
  kFsctlQueryAllocatedRanges = 0x000940CF,
  kFsctlOffloadRead = 0x00094264,
  kFsctlSetZeroData = 0x000980C8,
  kFsctlSetDefectManagement = 0x00098134,
  kFsctlOffloadWrite = 0x00098268,
  kFsctlDuplicateExtentsToFile = 0x00098344,
  kFsctlSetCompression = 0x0009C040,
  kFsctlSetIntegrityInformation = 0x0009C280,
};

// MS-SMB2 2.2.31 Flags.
enum IoctlFlags : uint32_t {
  kIoctlIsIoctl = 0x00000000,
  kIoctlIsFsctl = 0x00000001,  // SMB2_0_IOCTL_IS_FSCTL
};

// MS-SMB2 2.2.31: StructureSize 57, Reserved (2), CtlCode, FileId, InputOffset, InputCount,
// MaxInputResponse, OutputOffset, OutputCount, MaxOutputResponse, Flags, Reserved2 (4), Buffer.
// The input and output buffers are each checked to lie inside the message after the fixed part.
struct IoctlRequest {
  static constexpr uint16_t kStructureSize = 57;
  static constexpr size_t kFixedSize = 56;
  static constexpr uint32_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x78

  uint32_t ctl_code = 0;
  FileId file_id;
  Bytes input;
  uint32_t max_input_response = 0;
  Bytes output;  // clients send none (OutputCount "MUST be 0"); kept for pass-through
  uint32_t max_output_response = 0;
  uint32_t flags = kIoctlIsFsctl;

  bool is_fsctl() const { return flags & kIoctlIsFsctl; }

  static Result<IoctlRequest> decode(Bytes message);
  // Input at 0x78 (InputOffset is 0x78 even without input), output after it 8-byte aligned
  // (OutputOffset 0 without output); one zero byte of Buffer when both are empty.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.32: StructureSize 49, Reserved (2), CtlCode, FileId, InputOffset, InputCount,
// OutputOffset, OutputCount, Flags (reserved), Reserved2 (4), Buffer.
struct IoctlResponse {
  static constexpr uint16_t kStructureSize = 49;
  static constexpr size_t kFixedSize = 48;
  static constexpr uint32_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x70

  uint32_t ctl_code = 0;
  FileId file_id;  // {kAnyId, kAnyId} for FSCTL_DFS_GET_REFERRALS and FSCTL_PIPE_WAIT
  Bytes input;     // empty but for pass-through operations (MS-SMB2 3.3.5.15.8)
  Bytes output;

  static Result<IoctlResponse> decode(Bytes message);
  // InputOffset 0x70; output at InputOffset + InputCount rounded up to 8 (OutputOffset 0
  // without output); one zero byte of Buffer when both are empty.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.31.4 VALIDATE_NEGOTIATE_INFO request (the IOCTL's input): Capabilities, Guid (16),
// SecurityMode (2), DialectCount (2), Dialects[DialectCount]. Bytes after the dialects are
// ignored.
struct ValidateNegotiateInfoRequest {
  static constexpr size_t kFixedSize = 24;

  uint32_t capabilities = 0;
  std::array<uint8_t, 16> guid{};  // the client's ClientGuid
  uint16_t security_mode = 0;
  std::vector<uint16_t> dialects;  // at most 0xFFFF

  static Result<ValidateNegotiateInfoRequest> decode(Bytes input);
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.32.6 VALIDATE_NEGOTIATE_INFO response (the IOCTL's output): Capabilities,
// Guid (16), SecurityMode (2), Dialect (2): 24 bytes.
struct ValidateNegotiateInfoResponse {
  static constexpr size_t kSize = 24;

  uint32_t capabilities = 0;
  std::array<uint8_t, 16> guid{};  // the server's ServerGuid
  uint16_t security_mode = 0;
  uint16_t dialect = 0;

  static Result<ValidateNegotiateInfoResponse> decode(Bytes output);
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.32.5 Capability.
enum NetworkInterfaceCapability : uint32_t {
  kRssCapable = 0x00000001,
  kRdmaCapable = 0x00000002,
};

// MS-SMB2 2.2.32.5 NETWORK_INTERFACE_INFO: Next, IfIndex, Capability, Reserved (4), LinkSpeed,
// SockAddr_Storage (128: 2.2.32.5.1 Family, then SOCKADDR_IN 2.2.32.5.1.1 or SOCKADDR_IN6
// 2.2.32.5.1.2, network byte order, zero-filled): 152 bytes per interface.
struct NetworkInterfaceInfo {
  static constexpr size_t kSize = 152;
  static constexpr uint16_t kFamilyInet = 0x0002;   // InterNetwork
  static constexpr uint16_t kFamilyInet6 = 0x0017;  // InterNetworkV6

  uint32_t if_index = 0;
  uint32_t capability = 0;  // NetworkInterfaceCapability
  uint64_t link_speed = 0;  // bits per second
  bool ipv6 = false;
  // The address in network byte order: 4 bytes for IPv4 (the rest unused), 16 for IPv6.
  std::array<uint8_t, 16> address{};

  bool operator==(const NetworkInterfaceInfo&) const = default;
};

// Appends the interfaces as one chain: each 8-byte aligned (152 is a multiple of 8), Next = 152
// but 0 in the last. Port, FlowInfo and ScopeId are written as zero.
void encode_network_interface_info(ByteWriter& w, std::span<const NetworkInterfaceInfo> list);
// Reads a chain (a client's view of the IOCTL output): every Next must be a multiple of 8 of at
// least 152 inside the buffer, every family IPv4 or IPv6.
Result<std::vector<NetworkInterfaceInfo>> decode_network_interface_info(Bytes output);

}  // namespace smbkit::smb2
