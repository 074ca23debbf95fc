// srvsvc (MS-SRVS): the stub data (NDR 2.0) of NetrShareEnum (opnum 15, 3.1.4.8),
// NetrShareGetInfo (opnum 16, 3.1.4.10) and NetrServerGetInfo (opnum 21, 3.1.4.17), both
// directions, and the server side of those three calls over a plain description of the server.
//
// Each request and response struct has decode(stub) and encode(): the client encodes requests and
// decodes responses, the server the other way round. Strings that are [unique] pointers on the
// wire are std::optional (nullopt = NULL pointer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rpc/ndr.h"
#include "smbkit/status.h"

namespace smbkit::rpc {

// Opnums (MS-SRVS 3.1.4).
inline constexpr uint16_t kOpNetrShareEnum = 15;
inline constexpr uint16_t kOpNetrShareGetInfo = 16;
inline constexpr uint16_t kOpNetrServerGetInfo = 21;
// NetrShareEnumSticky (3.1.4.9): NetrShareEnum's parameters, for the shares that persist, which
// smbkit takes as Samba does: every browseable share but the special ones, named "...$" (IPC$
// included). rpcclient's `netshareenum` calls it.
inline constexpr uint16_t kOpNetrShareEnumSticky = 36;

// NET_API_STATUS / WERROR values (MS-ERREF 2.2) the calls return.
inline constexpr uint32_t kWerrOk = 0;
inline constexpr uint32_t kWerrInvalidParameter = 87;
inline constexpr uint32_t kWerrInvalidLevel = 124;     // ERROR_INVALID_LEVEL
inline constexpr uint32_t kWerrMoreData = 234;         // ERROR_MORE_DATA
inline constexpr uint32_t kWerrNetNameNotFound = 2310;  // NERR_NetNameNotFound (0x906)

// MS-SRVS 2.2.2.4 share types.
inline constexpr uint32_t kShareTypeDiskTree = 0x00000000;  // STYPE_DISKTREE
inline constexpr uint32_t kShareTypePrintQ = 0x00000001;    // STYPE_PRINTQ
inline constexpr uint32_t kShareTypeDevice = 0x00000002;    // STYPE_DEVICE
inline constexpr uint32_t kShareTypeIpc = 0x00000003;       // STYPE_IPC
inline constexpr uint32_t kShareTypeTemporary = 0x40000000;  // STYPE_TEMPORARY
inline constexpr uint32_t kShareTypeSpecial = 0x80000000;   // STYPE_SPECIAL

// MS-SRVS 3.1.4.8: PreferedMaximumLength MAX_PREFERRED_LENGTH, "return all entries".
inline constexpr uint32_t kMaxPreferredLength = 0xFFFFFFFF;
// shi2_max_uses / shi502_max_uses: no limit (SHI_USES_UNLIMITED).
inline constexpr uint32_t kShareUsesUnlimited = 0xFFFFFFFF;

// MS-SRVS platform ids (PLATFORM_ID_NT) and server types (SV_TYPE_*).
inline constexpr uint32_t kPlatformIdNt = 500;
inline constexpr uint32_t kSvTypeWorkstation = 0x00000001;
inline constexpr uint32_t kSvTypeServer = 0x00000002;
inline constexpr uint32_t kSvTypeNt = 0x00001000;
inline constexpr uint32_t kSvTypeServerNt = 0x00008000;

// One share in any SHARE_INFO level (MS-SRVS 2.2.4, SHARE_INFO_0_I ... SHARE_INFO_502_I at
// 2.2.4.26, SHARE_INFO_1005): level 0 has netname; 1 adds
// type and remark; 2 adds permissions, max_uses, current_uses, path, passwd; 501 is level 1 and
// flags; 502 is level 2 and a security descriptor (shi502_reserved is its length); 1005 is flags
// alone. encode/decode read and write the fields of the level they are given.
struct ShareInfo {
  std::optional<std::string> netname;
  uint32_t type = 0;
  std::optional<std::string> remark;
  uint32_t permissions = 0;
  uint32_t max_uses = kShareUsesUnlimited;
  uint32_t current_uses = 0;
  std::optional<std::string> path;
  std::optional<std::string> passwd;
  uint32_t flags = 0;  // shi501_flags / shi1005_flags
  std::optional<std::vector<uint8_t>> security_descriptor;  // 502

  bool operator==(const ShareInfo&) const = default;
};

// Whether NetrShareEnum (0, 1, 2, 501, 502, 503 are in SHARE_ENUM_UNION; smbkit serves all but
// 503) / NetrShareGetInfo (those and 1004-1007, 1501; smbkit serves 0, 1, 2, 501, 502, 1005) can
// be encoded at `level` here.
bool share_enum_level_supported(uint32_t level);
bool share_info_level_supported(uint32_t level);

// MS-SRVS 2.2.4.38 SHARE_ENUM_STRUCT: Level, then the union (discriminant = Level) whose arm is a
// pointer to SHARE_INFO_<level>_CONTAINER { EntriesRead; [size_is(EntriesRead)] Buffer }.
// A request carries it too (normally with an empty container). At a level not served here (503,
// or one SHARE_ENUM_UNION lacks) it decodes only with a NULL Buffer: the elements' layout is not
// known here.
struct ShareEnumStruct {
  uint32_t level = 1;
  bool container = true;  // the union arm's pointer is not NULL
  uint32_t entries_read = 0;
  std::optional<std::vector<ShareInfo>> buffer;  // nullopt = NULL Buffer

  bool operator==(const ShareEnumStruct&) const = default;
};

// MS-SRVS 3.1.4.8 NetrShareEnum request: ServerName ([in, string, unique]), InfoStruct,
// PreferedMaximumLength, ResumeHandle ([in, out, unique]).
struct ShareEnumRequest {
  std::optional<std::string> server_name;
  ShareEnumStruct info;
  uint32_t prefered_maximum_length = kMaxPreferredLength;
  std::optional<uint32_t> resume_handle;

  static Result<ShareEnumRequest> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ShareEnumRequest&) const = default;
};

// NetrShareEnum response: InfoStruct, TotalEntries, ResumeHandle, return value.
struct ShareEnumResponse {
  ShareEnumStruct info;
  uint32_t total_entries = 0;
  std::optional<uint32_t> resume_handle;
  uint32_t status = kWerrOk;

  static Result<ShareEnumResponse> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ShareEnumResponse&) const = default;
};

// MS-SRVS 3.1.4.10 NetrShareGetInfo request: ServerName, NetName ([in, string], a [ref]
// pointer: no referent id), Level.
struct ShareGetInfoRequest {
  std::optional<std::string> server_name;
  std::string net_name;
  uint32_t level = 1;

  static Result<ShareGetInfoRequest> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ShareGetInfoRequest&) const = default;
};

// NetrShareGetInfo response: InfoStruct (SHARE_INFO union: discriminant, then a pointer to the
// level's structure; NULL when the call failed), return value.
struct ShareGetInfoResponse {
  uint32_t level = 1;
  std::optional<ShareInfo> info;
  uint32_t status = kWerrOk;

  static Result<ShareGetInfoResponse> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ShareGetInfoResponse&) const = default;
};

// SERVER_INFO_100 / 101 / 102 (MS-SRVS 2.2.4): 100 is platform_id and name; 101
// adds version_major, version_minor, type, comment; 102 adds users, disc, hidden, announce,
// anndelta, licenses, userpath.
struct ServerInfo {
  uint32_t platform_id = kPlatformIdNt;
  std::optional<std::string> name;
  uint32_t version_major = 10;
  uint32_t version_minor = 0;
  uint32_t type = kSvTypeWorkstation | kSvTypeServer | kSvTypeNt | kSvTypeServerNt;
  std::optional<std::string> comment;
  uint32_t users = 0;
  uint32_t disc = 15;  // sv102_disc: auto-disconnect minutes
  uint32_t hidden = 0;
  uint32_t announce = 240;
  uint32_t anndelta = 3000;
  uint32_t licenses = 0;
  std::optional<std::string> userpath;

  bool operator==(const ServerInfo&) const = default;
};

bool server_info_level_supported(uint32_t level);  // 100, 101, 102

// MS-SRVS 3.1.4.17 NetrServerGetInfo request: ServerName, Level.
struct ServerGetInfoRequest {
  std::optional<std::string> server_name;
  uint32_t level = 101;

  static Result<ServerGetInfoRequest> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ServerGetInfoRequest&) const = default;
};

// NetrServerGetInfo response: InfoStruct (SERVER_INFO union, arm a pointer), return value.
struct ServerGetInfoResponse {
  uint32_t level = 101;
  std::optional<ServerInfo> info;
  uint32_t status = kWerrOk;

  static Result<ServerGetInfoResponse> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const ServerGetInfoResponse&) const = default;
};

// ---- Server side ----

// A share as the caller describes it. `path` is shown at levels 2 and 502 as given ("C:\\data"
// or "/srv/data"). Non-browseable shares are left out of NetrShareEnum but found by
// NetrShareGetInfo.
struct RpcShare {
  enum class Type { Disk, Ipc };
  std::string name;
  std::string comment;
  std::string path;
  Type type = Type::Disk;
  bool browseable = true;
};

// What srvsvc and wkssvc report, filled by the caller.
struct RpcServerInfo {
  std::string server_name;  // NetBIOS name, e.g. "SMBKIT"
  std::string domain;       // workgroup / domain, e.g. "WORKGROUP"
  std::string comment;
  std::vector<RpcShare> shares;
};

// The shi*_type of a share: STYPE_DISKTREE for a disk share, STYPE_IPC | STYPE_SPECIAL for an
// IPC share (what Windows reports for IPC$; MS-SRVS 2.2.2.4 reserves STYPE_SPECIAL for IPC$,
// ADMIN$ and the drive shares C$..., so a user share named "x$" stays STYPE_DISKTREE).
uint32_t share_type(const RpcShare& share);

// The outcome of one call: the response stub, or a fault status (RPC_X_BAD_STUB_DATA for a stub
// that does not decode, nca_s_op_rng_error for an opnum the interface does not have).
struct RpcCallResult {
  uint32_t fault = 0;
  std::vector<uint8_t> stub;
};

// Serves one srvsvc call.
RpcCallResult srvsvc_call(const RpcServerInfo& server, uint16_t opnum, Bytes stub);

// The individual operations (exposed for tests).
ShareEnumResponse srvsvc_share_enum(const RpcServerInfo& server, const ShareEnumRequest& req);
ShareEnumResponse srvsvc_share_enum_sticky(const RpcServerInfo& server,
                                           const ShareEnumRequest& req);
ShareGetInfoResponse srvsvc_share_get_info(const RpcServerInfo& server,
                                           const ShareGetInfoRequest& req);
ServerGetInfoResponse srvsvc_server_get_info(const RpcServerInfo& server,
                                             const ServerGetInfoRequest& req);

}  // namespace smbkit::rpc
