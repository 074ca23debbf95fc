#include "rpc/srvsvc.h"

#include "rpc/pdu.h"
#include "wire/utf16.h"

namespace smbkit::rpc {
namespace {

// The smallest wire size of one SHARE_INFO_<level> structure (its scalars: pointers and DWORDs),
// for checking an array's conformance before allocating it.
size_t share_info_wire_size(uint32_t level) {
  switch (level) {
    case 0: return 4;
    case 1: return 12;
    case 2: return 32;
    case 501: return 16;
    case 502: return 40;
    case 1005: return 4;
    default: return 0;
  }
}

// One SHARE_INFO_<level> (MS-SRVS 2.2.4): its scalars now, its strings (and 502's security
// descriptor) queued as embedded referents. `s` must outlive the writer's flush().
void write_share_info(NdrWriter& w, uint32_t level, const ShareInfo& s) {
  if (level == 1005) {
    w.u32(s.flags);  // SHARE_INFO_1005: shi1005_flags
    return;
  }
  w.unique_wstring(s.netname);
  if (level == 0) return;
  w.u32(s.type);
  w.unique_wstring(s.remark);
  if (level == 501) {
    w.u32(s.flags);
    return;
  }
  if (level == 1) return;
  w.u32(s.permissions);
  w.u32(s.max_uses);
  w.u32(s.current_uses);
  w.unique_wstring(s.path);
  w.unique_wstring(s.passwd);
  if (level == 2) return;
  // 502: shi502_reserved is the length of [size_is(shi502_reserved)] shi502_security_descriptor.
  const auto& sd = s.security_descriptor;
  w.u32(sd ? static_cast<uint32_t>(sd->size()) : 0);
  w.unique(sd.has_value(), [&sd](NdrWriter& w) {
    w.conformance(static_cast<uint32_t>(sd->size()));
    w.bytes(*sd);
  });
}

void read_share_info(NdrReader& r, uint32_t level, ShareInfo& s) {
  if (level == 1005) {
    s.flags = r.u32();
    return;
  }
  r.unique_wstring(s.netname);
  if (level == 0) return;
  s.type = r.u32();
  r.unique_wstring(s.remark);
  if (level == 501) {
    s.flags = r.u32();
    return;
  }
  if (level == 1) return;
  s.permissions = r.u32();
  s.max_uses = r.u32();
  s.current_uses = r.u32();
  r.unique_wstring(s.path);
  r.unique_wstring(s.passwd);
  if (level == 2) return;
  uint32_t length = r.u32();
  auto& sd = s.security_descriptor;
  sd.reset();
  r.unique([&sd, length](NdrReader& r) {
    uint32_t count = r.conformance(1);
    if (!r.ok() || count != length) return r.fail();
    Bytes b = r.bytes(count);
    sd.emplace(b.begin(), b.end());
  });
}

// SHARE_ENUM_STRUCT (MS-SRVS 2.2.4.38): Level, the union's discriminant (the same value), the arm:
// a pointer to SHARE_INFO_<level>_CONTAINER { EntriesRead, [size_is(EntriesRead)] Buffer }.
void write_enum_struct(NdrWriter& w, const ShareEnumStruct& e) {
  w.u32(e.level);
  w.u32(e.level);
  w.unique(e.container, [&e](NdrWriter& w) {
    w.u32(e.entries_read);
    w.unique(e.buffer.has_value(), [&e](NdrWriter& w) {
      w.conformance(static_cast<uint32_t>(e.buffer->size()));
      for (const ShareInfo& s : *e.buffer) write_share_info(w, e.level, s);
    });
  });
  w.flush();
}

void read_enum_struct(NdrReader& r, ShareEnumStruct& e) {
  e.level = r.u32();
  uint32_t discriminant = r.u32();
  if (r.ok() && discriminant != e.level) return r.fail();
  // Every level's container is { EntriesRead, Buffer }; only the elements differ.
  e.container = r.unique([&e](NdrReader& r) {
    e.entries_read = r.u32();
    r.unique([&e](NdrReader& r) {
      if (!share_enum_level_supported(e.level)) return r.fail();
      uint32_t count = r.conformance(share_info_wire_size(e.level));
      if (!r.ok() || count != e.entries_read) return r.fail();
      e.buffer.emplace(count);  // the references queued below stay valid: no later resize
      for (ShareInfo& s : *e.buffer) read_share_info(r, e.level, s);
    });
  });
  r.flush();
}

template <class T>
Result<T> finish_read(NdrReader& r, T value) {
  if (!r.ok()) return fail(NtStatus::InvalidParameter);
  return value;
}

// Share names compare case-insensitively.
bool same_name(std::string_view a, std::string_view b) { return to_upper(a) == to_upper(b); }

ShareInfo make_share_info(const RpcShare& share) {
  ShareInfo s;
  s.netname = share.name;
  s.type = share_type(share);
  s.remark = share.comment;
  s.path = share.path;
  return s;
}

// Roughly the bytes one entry takes in the caller's buffer, for PreferedMaximumLength.
size_t entry_size(uint32_t level, const ShareInfo& s) {
  auto str = [](const std::optional<std::string>& v) { return v ? 12 + 2 * (v->size() + 1) : 0; };
  size_t n = share_info_wire_size(level) + str(s.netname);
  if (level != 0) n += str(s.remark);
  if (level == 2 || level == 502) n += str(s.path);
  return n;
}

}  // namespace

bool share_enum_level_supported(uint32_t level) {
  return level == 0 || level == 1 || level == 2 || level == 501 || level == 502;
}

bool share_info_level_supported(uint32_t level) {
  return share_enum_level_supported(level) || level == 1005;
}

bool server_info_level_supported(uint32_t level) {
  return level == 100 || level == 101 || level == 102;
}

Result<ShareEnumRequest> ShareEnumRequest::decode(Bytes stub) {
  NdrReader r(stub);
  ShareEnumRequest q;
  r.unique_wstring_top(q.server_name);
  read_enum_struct(r, q.info);
  q.prefered_maximum_length = r.u32();
  r.unique_top([&q](NdrReader& r) { q.resume_handle = r.u32(); });
  return finish_read(r, std::move(q));
}

std::vector<uint8_t> ShareEnumRequest::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring_top(server_name);
  write_enum_struct(w, info);
  w.u32(prefered_maximum_length);
  w.unique_top(resume_handle.has_value(), [this](NdrWriter& w) { w.u32(*resume_handle); });
  return out;
}

Result<ShareEnumResponse> ShareEnumResponse::decode(Bytes stub) {
  NdrReader r(stub);
  ShareEnumResponse p;
  read_enum_struct(r, p.info);
  p.total_entries = r.u32();
  r.unique_top([&p](NdrReader& r) { p.resume_handle = r.u32(); });
  p.status = r.u32();
  return finish_read(r, std::move(p));
}

std::vector<uint8_t> ShareEnumResponse::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  write_enum_struct(w, info);
  w.u32(total_entries);
  w.unique_top(resume_handle.has_value(), [this](NdrWriter& w) { w.u32(*resume_handle); });
  w.u32(status);
  return out;
}

Result<ShareGetInfoRequest> ShareGetInfoRequest::decode(Bytes stub) {
  NdrReader r(stub);
  ShareGetInfoRequest q;
  r.unique_wstring_top(q.server_name);
  q.net_name = r.wstring();  // [in, string] WCHAR*: a [ref] pointer, no referent id
  q.level = r.u32();
  return finish_read(r, std::move(q));
}

std::vector<uint8_t> ShareGetInfoRequest::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring_top(server_name);
  w.wstring(net_name);
  w.u32(level);
  return out;
}

Result<ShareGetInfoResponse> ShareGetInfoResponse::decode(Bytes stub) {
  // SHARE_INFO union (MS-SRVS 2.2.3): discriminant, then a pointer to SHARE_INFO_<level>.
  NdrReader r(stub);
  ShareGetInfoResponse p;
  p.level = r.u32();
  r.unique([&p](NdrReader& r) {
    if (!share_info_level_supported(p.level)) return r.fail();
    read_share_info(r, p.level, p.info.emplace());
  });
  r.flush();
  p.status = r.u32();
  return finish_read(r, std::move(p));
}

std::vector<uint8_t> ShareGetInfoResponse::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.u32(level);
  w.unique(info.has_value(), [this](NdrWriter& w) { write_share_info(w, level, *info); });
  w.flush();
  w.u32(status);
  return out;
}

Result<ServerGetInfoRequest> ServerGetInfoRequest::decode(Bytes stub) {
  NdrReader r(stub);
  ServerGetInfoRequest q;
  r.unique_wstring_top(q.server_name);
  q.level = r.u32();
  return finish_read(r, std::move(q));
}

std::vector<uint8_t> ServerGetInfoRequest::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring_top(server_name);
  w.u32(level);
  return out;
}

Result<ServerGetInfoResponse> ServerGetInfoResponse::decode(Bytes stub) {
  // SERVER_INFO union (MS-SRVS 2.2.3): discriminant, then a pointer to SERVER_INFO_<level>.
  NdrReader r(stub);
  ServerGetInfoResponse p;
  p.level = r.u32();
  r.unique([&p](NdrReader& r) {
    if (!server_info_level_supported(p.level)) return r.fail();
    ServerInfo& s = p.info.emplace();
    s.platform_id = r.u32();
    r.unique_wstring(s.name);
    if (p.level == 100) return;
    s.version_major = r.u32();
    s.version_minor = r.u32();
    s.type = r.u32();
    r.unique_wstring(s.comment);
    if (p.level == 101) return;
    s.users = r.u32();
    s.disc = r.u32();
    s.hidden = r.u32();
    s.announce = r.u32();
    s.anndelta = r.u32();
    s.licenses = r.u32();
    r.unique_wstring(s.userpath);
  });
  r.flush();
  p.status = r.u32();
  return finish_read(r, std::move(p));
}

std::vector<uint8_t> ServerGetInfoResponse::encode() const {
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.u32(level);
  w.unique(info.has_value(), [this](NdrWriter& w) {
    const ServerInfo& s = *info;
    w.u32(s.platform_id);
    w.unique_wstring(s.name);
    if (level == 100) return;
    w.u32(s.version_major);
    w.u32(s.version_minor);
    w.u32(s.type);
    w.unique_wstring(s.comment);
    if (level == 101) return;
    w.u32(s.users);
    w.u32(s.disc);
    w.u32(s.hidden);
    w.u32(s.announce);
    w.u32(s.anndelta);
    w.u32(s.licenses);
    w.unique_wstring(s.userpath);
  });
  w.flush();
  w.u32(status);
  return out;
}

uint32_t share_type(const RpcShare& share) {
  return share.type == RpcShare::Type::Ipc ? (kShareTypeIpc | kShareTypeSpecial)
                                           : kShareTypeDiskTree;
}

ShareEnumResponse srvsvc_share_enum(const RpcServerInfo& server, const ShareEnumRequest& req) {
  // MS-SRVS 3.1.4.8
  ShareEnumResponse resp;
  resp.info.level = req.info.level;
  resp.resume_handle = req.resume_handle;
  if (!share_enum_level_supported(req.info.level)) {
    resp.info.container = false;
    resp.status = kWerrInvalidLevel;
    return resp;
  }
  std::vector<const RpcShare*> visible;
  for (const RpcShare& s : server.shares)
    if (s.browseable) visible.push_back(&s);
  // The resume handle is the index of the next entry (its value is implementation-specific,
  // MS-SRVS 4.1); 0 on the first call.
  size_t next = std::min<size_t>(req.resume_handle.value_or(0), visible.size());
  std::vector<ShareInfo> entries;
  size_t used = 0;
  for (; next < visible.size(); ++next) {
    ShareInfo s = make_share_info(*visible[next]);
    size_t size = entry_size(req.info.level, s);
    // At least one entry per call, so that a small PreferedMaximumLength still makes progress.
    if (req.prefered_maximum_length != kMaxPreferredLength && !entries.empty() &&
        used + size > req.prefered_maximum_length)
      break;
    used += size;
    entries.push_back(std::move(s));
  }
  const bool more = next < visible.size();
  resp.info.entries_read = static_cast<uint32_t>(entries.size());
  resp.info.buffer = std::move(entries);
  resp.total_entries = static_cast<uint32_t>(visible.size());
  if (resp.resume_handle) resp.resume_handle = more ? static_cast<uint32_t>(next) : 0;
  resp.status = more ? kWerrMoreData : kWerrOk;
  return resp;
}

ShareEnumResponse srvsvc_share_enum_sticky(const RpcServerInfo& server,
                                           const ShareEnumRequest& req) {
  RpcServerInfo sticky = server;
  std::erase_if(sticky.shares, [](const RpcShare& s) { return s.name.ends_with('$'); });
  return srvsvc_share_enum(sticky, req);
}

ShareGetInfoResponse srvsvc_share_get_info(const RpcServerInfo& server,
                                           const ShareGetInfoRequest& req) {
  // MS-SRVS 3.1.4.10
  ShareGetInfoResponse resp;
  resp.level = req.level;
  if (!share_info_level_supported(req.level)) {
    resp.status = kWerrInvalidLevel;
    return resp;
  }
  for (const RpcShare& s : server.shares) {
    if (!same_name(s.name, req.net_name)) continue;
    resp.info = make_share_info(s);
    return resp;
  }
  resp.status = kWerrNetNameNotFound;
  return resp;
}

ServerGetInfoResponse srvsvc_server_get_info(const RpcServerInfo& server,
                                             const ServerGetInfoRequest& req) {
  // MS-SRVS 3.1.4.17
  ServerGetInfoResponse resp;
  resp.level = req.level;
  if (!server_info_level_supported(req.level)) {
    resp.status = kWerrInvalidLevel;
    return resp;
  }
  ServerInfo& s = resp.info.emplace();
  s.name = server.server_name;
  s.comment = server.comment;
  s.userpath = "C:\\";
  return resp;
}

RpcCallResult srvsvc_call(const RpcServerInfo& server, uint16_t opnum, Bytes stub) {
  RpcCallResult out;
  auto answer = [&out](const auto& request, auto serve) {
    if (!request) {
      out.fault = kFaultBadStubData;
      return;
    }
    out.stub = serve(*request).encode();
  };
  switch (opnum) {
    case kOpNetrShareEnum:
      answer(ShareEnumRequest::decode(stub),
             [&](const ShareEnumRequest& q) { return srvsvc_share_enum(server, q); });
      break;
    case kOpNetrShareEnumSticky:
      answer(ShareEnumRequest::decode(stub),
             [&](const ShareEnumRequest& q) { return srvsvc_share_enum_sticky(server, q); });
      break;
    case kOpNetrShareGetInfo:
      answer(ShareGetInfoRequest::decode(stub),
             [&](const ShareGetInfoRequest& q) { return srvsvc_share_get_info(server, q); });
      break;
    case kOpNetrServerGetInfo:
      answer(ServerGetInfoRequest::decode(stub),
             [&](const ServerGetInfoRequest& q) { return srvsvc_server_get_info(server, q); });
      break;
    default:
      out.fault = kFaultOpRangeError;
  }
  return out;
}

}  // namespace smbkit::rpc
