#include "rpc/wkssvc.h"

#include "rpc/pdu.h"

namespace smbkit::rpc {

Result<WkstaGetInfoRequest> WkstaGetInfoRequest::decode(Bytes stub) {
  NdrReader r(stub);
  WkstaGetInfoRequest q;
  r.unique_wstring_top(q.server_name);
  q.level = r.u32();
  if (!r.ok()) return fail(NtStatus::InvalidParameter);
  return q;
}

std::vector<uint8_t> WkstaGetInfoRequest::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring_top(server_name);
  w.u32(level);
  return out;
}

Result<WkstaGetInfoResponse> WkstaGetInfoResponse::decode(Bytes stub) {
  // MS-WKST WKSTA_INFO union: discriminant, then a pointer to WKSTA_INFO_<level>.
  NdrReader r(stub);
  WkstaGetInfoResponse p;
  p.level = r.u32();
  r.unique([&p](NdrReader& r) {
    if (p.level != 100) return r.fail();
    WkstaInfo100& i = p.info.emplace();
    i.platform_id = r.u32();
    r.unique_wstring(i.computer_name);
    r.unique_wstring(i.lan_group);
    i.version_major = r.u32();
    i.version_minor = r.u32();
  });
  r.flush();
  p.status = r.u32();
  if (!r.ok()) return fail(NtStatus::InvalidParameter);
  return p;
}

std::vector<uint8_t> WkstaGetInfoResponse::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.u32(level);
  w.unique(info.has_value(), [this](NdrWriter& w) {
    w.u32(info->platform_id);
    w.unique_wstring(info->computer_name);
    w.unique_wstring(info->lan_group);
    w.u32(info->version_major);
    w.u32(info->version_minor);
  });
  w.flush();
  w.u32(status);
  return out;
}

WkstaGetInfoResponse wkssvc_wksta_get_info(const RpcServerInfo& server,
                                           const WkstaGetInfoRequest& req) {
  // MS-WKST 3.2.4.1: levels 100, 101, 102 and 502 exist; smbkit answers 100.
  WkstaGetInfoResponse resp;
  resp.level = req.level;
  if (req.level != 100) {
    resp.status = kWerrInvalidLevel;
    return resp;
  }
  WkstaInfo100& i = resp.info.emplace();
  i.computer_name = server.server_name;
  i.lan_group = server.domain;
  return resp;
}

RpcCallResult wkssvc_call(const RpcServerInfo& server, uint16_t opnum, Bytes stub) {
  RpcCallResult out;
  if (opnum != kOpNetrWkstaGetInfo) {
    out.fault = kFaultOpRangeError;
    return out;
  }
  auto req = WkstaGetInfoRequest::decode(stub);
  if (!req) {
    out.fault = kFaultBadStubData;
    return out;
  }
  out.stub = wkssvc_wksta_get_info(server, *req).encode();
  return out;
}

}  // namespace smbkit::rpc
