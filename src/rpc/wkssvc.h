// wkssvc (MS-WKST): the stub data of NetrWkstaGetInfo (opnum 0, 3.2.4.1), both directions, and
// its server side at level 100 (WKSTA_INFO_100).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rpc/srvsvc.h"

namespace smbkit::rpc {

inline constexpr uint16_t kOpNetrWkstaGetInfo = 0;

// WKSTA_INFO_100: wki100_platform_id, wki100_computername, wki100_langroup, wki100_ver_major,
// wki100_ver_minor.
struct WkstaInfo100 {
  uint32_t platform_id = kPlatformIdNt;
  std::optional<std::string> computer_name;
  std::optional<std::string> lan_group;
  uint32_t version_major = 10;
  uint32_t version_minor = 0;
  bool operator==(const WkstaInfo100&) const = default;
};

// NetrWkstaGetInfo request: ServerName ([in, string, unique] WKSSVC_IDENTIFY_HANDLE), Level.
struct WkstaGetInfoRequest {
  std::optional<std::string> server_name;
  uint32_t level = 100;

  static Result<WkstaGetInfoRequest> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const WkstaGetInfoRequest&) const = default;
};

// NetrWkstaGetInfo response: WkstaInfo (WKSTA_INFO union: discriminant, then a pointer arm;
// only level 100 is read or written, other levels only with a NULL pointer), return value.
struct WkstaGetInfoResponse {
  uint32_t level = 100;
  std::optional<WkstaInfo100> info;
  uint32_t status = kWerrOk;

  static Result<WkstaGetInfoResponse> decode(Bytes stub);
  std::vector<uint8_t> encode() const;
  bool operator==(const WkstaGetInfoResponse&) const = default;
};

WkstaGetInfoResponse wkssvc_wksta_get_info(const RpcServerInfo& server,
                                           const WkstaGetInfoRequest& req);
// Serves one wkssvc call (as srvsvc_call).
RpcCallResult wkssvc_call(const RpcServerInfo& server, uint16_t opnum, Bytes stub);

}  // namespace smbkit::rpc
