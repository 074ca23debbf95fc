#include "rpc/srvsvc.h"

#include <gtest/gtest.h>

#include "rpc/pdu.h"
#include "rpc/wkssvc.h"
#include "rpc_test_util.h"

namespace smbkit::rpc {
namespace {

using test::hex;

RpcServerInfo sample_server() {
  RpcServerInfo s;
  s.server_name = "SMBKIT";
  s.domain = "WORKGROUP";
  s.comment = "smbkit server";
  s.shares = {
      {"data", "Data", "/srv/data", RpcShare::Type::Disk, true},
      {"IPC$", "IPC Service", "", RpcShare::Type::Ipc, true},
      {"hidden$", "Hidden", "/srv/hidden", RpcShare::Type::Disk, false},
  };
  return s;
}

// MS-SRVS 3.1.4.8 NetrShareEnum request, level 1, as a client sends it: ServerName "\\S"
// (unique, referent then string at once), SHARE_ENUM_STRUCT (Level, discriminant, pointer to an
// empty container: EntriesRead 0, Buffer NULL), PreferedMaximumLength, ResumeHandle (unique, 0).
constexpr std::string_view kShareEnumRequest =
    "00000200 04000000 00000000 04000000 5c005c005300 0000"
    "01000000 01000000 04000200"
    "00000000 00000000"
    "ffffffff"
    "08000200 00000000";

// The response with two shares: the container, the array's conformance and both SHARE_INFO_1
// (netname pointer, type, remark pointer), then the four strings in order (each padded to 4),
// TotalEntries, ResumeHandle, the return value.
constexpr std::string_view kShareEnumResponse =
    "01000000 01000000 00000200"
    "02000000 04000200"
    "02000000"
    "08000200 00000000 0c000200"
    "10000200 03000080 14000200"
    "05000000 00000000 05000000 64006100740061000000 0000"
    "05000000 00000000 05000000 44006100740061000000 0000"
    "05000000 00000000 05000000 49005000430024000000 0000"
    "04000000 00000000 04000000 4900500043000000"
    "02000000"
    "18000200 00000000"
    "00000000";

TEST(RpcSrvsvc, ShareEnumRequestLayout) {
  ShareEnumRequest q;
  q.server_name = "\\\\S";
  q.info.level = 1;
  q.resume_handle = 0;
  auto bytes = q.encode();
  EXPECT_EQ(bytes, hex(kShareEnumRequest));
  auto back = ShareEnumRequest::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, q);
  EXPECT_FALSE(back->info.buffer);
}

TEST(RpcSrvsvc, ShareEnumResponseLayout) {
  ShareEnumResponse p;
  p.info.level = 1;
  p.info.entries_read = 2;
  ShareInfo a, b;
  a.netname = "data";
  a.remark = "Data";
  b.netname = "IPC$";
  b.type = kShareTypeIpc | kShareTypeSpecial;
  b.remark = "IPC";
  p.info.buffer = std::vector<ShareInfo>{a, b};
  p.total_entries = 2;
  p.resume_handle = 0;
  auto bytes = p.encode();
  EXPECT_EQ(bytes, hex(kShareEnumResponse));
  auto back = ShareEnumResponse::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, p);
}

TEST(RpcSrvsvc, ShareEnumResponseRefusesInconsistentCounts) {
  auto bytes = hex(kShareEnumResponse);
  auto bad = bytes;
  bad[12] = 3;  // EntriesRead 3, max_count 2
  EXPECT_FALSE(ShareEnumResponse::decode(bad));
  bad = bytes;
  bad[20] = 0xFF;  // max_count 255: more elements than bytes
  bad[12] = 0xFF;
  EXPECT_FALSE(ShareEnumResponse::decode(bad));
  bad = bytes;
  bad[4] = 2;  // discriminant differs from Level
  EXPECT_FALSE(ShareEnumResponse::decode(bad));
  bad = bytes;
  bad[0] = bad[4] = 7;  // a level whose elements' layout is unknown
  EXPECT_FALSE(ShareEnumResponse::decode(bad));
  // ... is fine with an empty container (what a client asking for level 503 sends)
  ShareEnumRequest q;
  q.info.level = 503;
  auto back = ShareEnumRequest::decode(q.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->info.level, 503u);
  EXPECT_TRUE(back->info.container);
  EXPECT_FALSE(ShareEnumResponse::decode(Bytes(bytes).first(bytes.size() - 1)));
}

TEST(RpcSrvsvc, EveryShareInfoLevelRoundTrips) {
  ShareInfo s;
  s.netname = "data";
  s.type = 0;
  s.remark = "Data";
  s.permissions = 0;
  s.max_uses = kShareUsesUnlimited;
  s.current_uses = 1;
  s.path = "C:\\data";
  s.flags = 0x30;
  s.security_descriptor = std::vector<uint8_t>{1, 0, 4, 0x80};
  for (uint32_t level : {0u, 1u, 2u, 501u, 502u}) {
    ShareEnumResponse p;
    p.info.level = level;
    p.info.entries_read = 1;
    p.info.buffer = std::vector<ShareInfo>{s};
    auto back = ShareEnumResponse::decode(p.encode());
    ASSERT_TRUE(back) << level;
    const ShareInfo& got = back->info.buffer->at(0);
    EXPECT_EQ(got.netname, "data") << level;
    EXPECT_EQ(got.remark, level == 0 ? std::nullopt : std::optional<std::string>("Data"));
    EXPECT_EQ(got.path, level == 2 || level == 502 ? std::optional<std::string>("C:\\data")
                                                   : std::nullopt);
    EXPECT_EQ(got.flags, level == 501 ? 0x30u : 0u);
    EXPECT_EQ(got.security_descriptor.has_value(), level == 502);
    EXPECT_EQ(ShareEnumResponse::decode(back->encode())->encode(), p.encode());
  }
  ShareGetInfoResponse g;
  g.level = 1005;
  g.info = s;
  auto bytes = g.encode();
  EXPECT_EQ(bytes, hex("ed030000 00000200 30000000 00000000"));  // 1005, pointer, shi1005_flags
  auto back = ShareGetInfoResponse::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->info->flags, 0x30u);
}

TEST(RpcSrvsvc, Level502SecurityDescriptorLengthMustMatch) {
  ShareGetInfoResponse g;
  g.level = 502;
  g.info.emplace();
  g.info->security_descriptor = std::vector<uint8_t>{9, 9};
  auto bytes = g.encode();
  ASSERT_TRUE(ShareGetInfoResponse::decode(bytes));
  // shi502_reserved (the length) is the 10th DWORD of the structure, after the discriminant and
  // the pointer: offset 8 + 8 * 4.
  ASSERT_EQ(bytes[40], 2);
  bytes[40] = 3;
  EXPECT_FALSE(ShareGetInfoResponse::decode(bytes));
}

TEST(RpcSrvsvc, ServerEnumeratesBrowseableSharesAtEachLevel) {
  RpcServerInfo server = sample_server();
  ShareEnumRequest q;
  q.info.level = 1;
  auto p = srvsvc_share_enum(server, q);
  EXPECT_EQ(p.status, kWerrOk);
  EXPECT_EQ(p.total_entries, 2u);
  ASSERT_TRUE(p.info.buffer);
  ASSERT_EQ(p.info.buffer->size(), 2u);
  EXPECT_EQ(p.info.entries_read, 2u);
  EXPECT_EQ((*p.info.buffer)[0].netname, "data");
  EXPECT_EQ((*p.info.buffer)[0].type, kShareTypeDiskTree);
  EXPECT_EQ((*p.info.buffer)[0].remark, "Data");
  EXPECT_EQ((*p.info.buffer)[1].netname, "IPC$");
  EXPECT_EQ((*p.info.buffer)[1].type, 0x80000003u);  // what Windows reports for IPC$
  EXPECT_FALSE(p.resume_handle);                      // none asked, none given

  q.info.level = 502;
  p = srvsvc_share_enum(server, q);
  ASSERT_TRUE(p.info.buffer);
  EXPECT_EQ((*p.info.buffer)[0].path, "/srv/data");
  EXPECT_EQ((*p.info.buffer)[0].max_uses, kShareUsesUnlimited);
  EXPECT_FALSE((*p.info.buffer)[0].security_descriptor);
  EXPECT_FALSE((*p.info.buffer)[0].passwd);

  q.info.level = 503;
  p = srvsvc_share_enum(server, q);
  EXPECT_EQ(p.status, kWerrInvalidLevel);
  EXPECT_FALSE(p.info.container);
  EXPECT_TRUE(ShareEnumResponse::decode(p.encode()));
}

TEST(RpcSrvsvc, ResumeHandleAndPreferredLengthPageTheList) {
  RpcServerInfo server;
  for (int i = 0; i < 10; ++i)
    server.shares.push_back({"share" + std::to_string(i), "", "", RpcShare::Type::Disk, true});
  ShareEnumRequest q;
  q.info.level = 0;
  q.resume_handle = 0;
  q.prefered_maximum_length = 100;  // a few entries a call
  std::vector<std::string> names;
  for (int calls = 0; calls < 20; ++calls) {
    auto p = srvsvc_share_enum(server, q);
    ASSERT_TRUE(p.info.buffer);
    ASSERT_FALSE(p.info.buffer->empty());
    EXPECT_EQ(p.total_entries, 10u);
    for (const auto& s : *p.info.buffer) names.push_back(*s.netname);
    ASSERT_TRUE(p.resume_handle);
    if (p.status == kWerrOk) {
      EXPECT_EQ(*p.resume_handle, 0u);
      break;
    }
    EXPECT_EQ(p.status, kWerrMoreData);
    q.resume_handle = p.resume_handle;
  }
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names[9], "share9");
}

TEST(RpcSrvsvc, ShareGetInfo) {
  RpcServerInfo server = sample_server();
  ShareGetInfoRequest q;
  q.net_name = "HIDDEN$";  // case-insensitive, and found though not browseable
  q.level = 2;
  auto p = srvsvc_share_get_info(server, q);
  EXPECT_EQ(p.status, kWerrOk);
  ASSERT_TRUE(p.info);
  EXPECT_EQ(p.info->netname, "hidden$");
  EXPECT_EQ(p.info->type, kShareTypeDiskTree);
  EXPECT_EQ(p.info->path, "/srv/hidden");

  q.net_name = "nosuch";
  p = srvsvc_share_get_info(server, q);
  EXPECT_EQ(p.status, 2310u);  // NERR_NetNameNotFound
  EXPECT_FALSE(p.info);
  auto bytes = p.encode();
  EXPECT_EQ(bytes, hex("02000000 00000000 06090000"));

  q.net_name = "data";
  q.level = 3;
  p = srvsvc_share_get_info(server, q);
  EXPECT_EQ(p.status, 124u);  // ERROR_INVALID_LEVEL
  EXPECT_FALSE(p.info);

  for (uint32_t level : {0u, 1u, 2u, 501u, 502u, 1005u}) {
    q.level = level;
    p = srvsvc_share_get_info(server, q);
    EXPECT_EQ(p.status, kWerrOk) << level;
    auto back = ShareGetInfoResponse::decode(p.encode());
    ASSERT_TRUE(back) << level;
    EXPECT_EQ(back->encode(), p.encode());
  }
}

TEST(RpcSrvsvc, ShareGetInfoRequestLayout) {
  ShareGetInfoRequest q;
  q.server_name = std::nullopt;
  q.net_name = "IPC$";
  q.level = 1005;
  // ServerName NULL; NetName [ref]: the string with no referent id; Level.
  EXPECT_EQ(q.encode(), hex("00000000 05000000 00000000 05000000 49005000430024000000 0000"
                            "ed030000"));
  auto back = ShareGetInfoRequest::decode(q.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, q);
}

TEST(RpcSrvsvc, ServerGetInfoLevels) {
  RpcServerInfo server = sample_server();
  ServerGetInfoRequest q;
  for (uint32_t level : {100u, 101u, 102u}) {
    q.level = level;
    auto p = srvsvc_server_get_info(server, q);
    EXPECT_EQ(p.status, kWerrOk);
    ASSERT_TRUE(p.info);
    EXPECT_EQ(p.info->platform_id, 500u);
    EXPECT_EQ(p.info->name, "SMBKIT");
    auto back = ServerGetInfoResponse::decode(p.encode());
    ASSERT_TRUE(back) << level;
    EXPECT_EQ(back->info->name, "SMBKIT");
    if (level >= 101) {
      EXPECT_EQ(back->info->comment, "smbkit server");
      EXPECT_EQ(back->info->version_major, 10u);
      EXPECT_EQ(back->info->type & (kSvTypeWorkstation | kSvTypeServer | kSvTypeServerNt),
                kSvTypeWorkstation | kSvTypeServer | kSvTypeServerNt);
    }
    if (level == 102) {
      EXPECT_EQ(back->info->userpath, "C:\\");
    }
    EXPECT_EQ(back->encode(), p.encode());
  }
  q.level = 103;
  auto p = srvsvc_server_get_info(server, q);
  EXPECT_EQ(p.status, kWerrInvalidLevel);
  EXPECT_EQ(p.encode(), hex("67000000 00000000 7c000000"));
}

TEST(RpcSrvsvc, ServerGetInfo101ResponseLayout) {
  ServerGetInfoResponse p;
  p.level = 101;
  p.info.emplace();
  p.info->name = "S";
  p.info->comment = "";
  // Discriminant, pointer, SERVER_INFO_101 (platform_id, name pointer, major, minor, type,
  // comment pointer), the two strings, the return value.
  EXPECT_EQ(p.encode(), hex("65000000 00000200"
                            "f4010000 04000200 0a000000 00000000 03900000 08000200"
                            "02000000 00000000 02000000 5300 0000"
                            "01000000 00000000 01000000 0000 0000"
                            "00000000"));
}

TEST(RpcSrvsvc, CallDispatch) {
  RpcServerInfo server = sample_server();
  auto r = srvsvc_call(server, kOpNetrShareEnum, hex(kShareEnumRequest));
  EXPECT_EQ(r.fault, 0u);
  auto p = ShareEnumResponse::decode(r.stub);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->info.entries_read, 2u);
  EXPECT_EQ(p->resume_handle, 0u);

  EXPECT_EQ(srvsvc_call(server, 99, {}).fault, kFaultOpRangeError);
  EXPECT_EQ(srvsvc_call(server, kOpNetrShareEnum, hex("0000")).fault, kFaultBadStubData);
  EXPECT_EQ(srvsvc_call(server, kOpNetrShareGetInfo, {}).fault, kFaultBadStubData);
  EXPECT_EQ(srvsvc_call(server, kOpNetrServerGetInfo, hex("00000000 65000000")).fault, 0u);
}

TEST(RpcSrvsvc, ShareEnumStickyLeavesSpecialSharesOut) {
  RpcServerInfo server = sample_server();
  auto r = srvsvc_call(server, kOpNetrShareEnumSticky, hex(kShareEnumRequest));
  EXPECT_EQ(r.fault, 0u);
  auto p = ShareEnumResponse::decode(r.stub);
  ASSERT_TRUE(p);
  ASSERT_TRUE(p->info.buffer);
  ASSERT_EQ(p->info.buffer->size(), 1u);
  EXPECT_EQ((*p->info.buffer)[0].netname, "data");  // IPC$ (a "$" name) left out
  EXPECT_EQ(p->total_entries, 1u);
}

TEST(RpcWkssvc, WkstaGetInfo100) {
  RpcServerInfo server = sample_server();
  WkstaGetInfoRequest q;
  q.server_name = "\\\\S";
  auto r = wkssvc_call(server, kOpNetrWkstaGetInfo, q.encode());
  ASSERT_EQ(r.fault, 0u);
  // Discriminant 100, pointer, WKSTA_INFO_100, "SMBKIT", "WORKGROUP", return value.
  EXPECT_EQ(r.stub, hex("64000000 00000200 f4010000 04000200 08000200 0a000000 00000000"
                        "07000000 00000000 07000000 53004d0042004b0049005400 0000 0000"
                        "0a000000 00000000 0a000000 57004f0052004b00470052004f0055005000 0000"
                        "00000000"));
  auto p = WkstaGetInfoResponse::decode(r.stub);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->info->computer_name, "SMBKIT");
  EXPECT_EQ(p->info->lan_group, "WORKGROUP");

  q.level = 101;
  r = wkssvc_call(server, kOpNetrWkstaGetInfo, q.encode());
  p = WkstaGetInfoResponse::decode(r.stub);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, kWerrInvalidLevel);
  EXPECT_FALSE(p->info);
  EXPECT_EQ(wkssvc_call(server, 1, q.encode()).fault, kFaultOpRangeError);
  EXPECT_EQ(wkssvc_call(server, 0, hex("01")).fault, kFaultBadStubData);
}

}  // namespace
}  // namespace smbkit::rpc
