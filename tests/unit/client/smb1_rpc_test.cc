// srvsvc over the IPC$ pipe: the SMB1 steps (TREE_CONNECT_ANDX to IPC$, NT_CREATE_ANDX of
// \srvsvc, WRITE_ANDX / READ_ANDX in message mode, CLOSE, TREE_DISCONNECT) and the DCE/RPC
// calls on it, against the real RpcPipeServer behind a scripted SMB server and against a
// scripted pipe that pages, faults and misbehaves.
#include <deque>
#include <limits>

#include <gtest/gtest.h>

#include "client/rpc_status.h"
#include "logged_on_session.h"
#include "rpc/client.h"
#include "rpc/server_pipe.h"
#include "rpc/srvsvc.h"
#include "smb1/close.h"
#include "smb1/file_types.h"
#include "smb1/logoff.h"
#include "smb1/nt_create.h"
#include "smb1/read_write.h"
#include "smb1/tree.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::LoggedOnSessionTest;
using testing::one;
using testing::run;

constexpr uint16_t kPipeFid = 0x4001;

rpc::RpcServerInfo server_with(int disk_shares) {
  rpc::RpcServerInfo s;
  s.server_name = "SMBKIT";
  s.domain = "WORKGROUP";
  s.comment = "smbkit test server";
  for (int i = 0; i < disk_shares; ++i)
    s.shares.push_back({"share" + std::to_string(i), "comment of share " + std::to_string(i),
                        "/srv/" + std::to_string(i)});
  s.shares.push_back({"IPC$", "IPC Service", "", rpc::RpcShare::Type::Ipc});
  return s;
}

// A pipe end the scripted server reads and writes: RpcPipeServer, or a script.
struct PipeEnd {
  std::function<bool(Bytes)> write;
  std::function<rpc::PipeRead(size_t)> read;
};

// A srvsvc pipe whose answers the test writes: BIND gets a BIND_ACK (or `bind_reply`), each
// REQUEST the PDUs `on_request` returns. Message mode, as RpcPipeServer.
struct ScriptedPipe {
  std::function<std::vector<std::vector<uint8_t>>(const rpc::RequestPdu&)> on_request;
  std::optional<std::vector<uint8_t>> bind_reply;
  std::deque<std::vector<uint8_t>> out;
  std::vector<rpc::RequestPdu> requests;

  bool write(Bytes pdu) {
    auto header = rpc::PduHeader::decode(pdu);
    if (!header) return false;
    if (header->type == rpc::PduType::Bind) {
      if (bind_reply) {
        out.push_back(*bind_reply);
        return true;
      }
      rpc::BindAckPdu ack;
      ack.call_id = header->call_id;
      ack.max_xmit_frag = ack.max_recv_frag = 4280;
      ack.assoc_group_id = 0x1234;
      ack.secondary_address = "\\PIPE\\srvsvc";
      ack.results.push_back({rpc::kResultAcceptance, 0, rpc::kNdrSyntax});
      out.push_back(ack.encode());
      return true;
    }
    auto request = rpc::RequestPdu::decode(pdu);
    if (!request) return false;
    requests.push_back(*request);
    for (auto& p : on_request(*request)) out.push_back(std::move(p));
    return true;
  }
  rpc::PipeRead read(size_t max) {
    rpc::PipeRead r;
    if (out.empty()) return r;
    auto& front = out.front();
    size_t n = std::min(max, front.size());
    r.data.assign(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(n));
    front.erase(front.begin(), front.begin() + static_cast<std::ptrdiff_t>(n));
    r.message_incomplete = !front.empty();
    if (front.empty()) out.pop_front();
    return r;
  }
};

std::vector<uint8_t> response_pdu(uint32_t call_id, std::vector<uint8_t> stub) {
  rpc::ResponsePdu p;
  p.call_id = call_id;
  p.alloc_hint = static_cast<uint32_t>(stub.size());
  p.stub = std::move(stub);
  return p.encode();
}

std::vector<uint8_t> share_page(std::vector<rpc::ShareInfo> shares, uint32_t total,
                                std::optional<uint32_t> resume, uint32_t status) {
  rpc::ShareEnumResponse r;
  r.info.level = 1;
  r.info.entries_read = static_cast<uint32_t>(shares.size());
  r.info.buffer = std::move(shares);
  r.total_entries = total;
  r.resume_handle = resume;
  r.status = status;
  return r.encode();
}

rpc::ShareInfo disk(const std::string& name, const std::string& remark) {
  rpc::ShareInfo s;
  s.netname = name;
  s.type = rpc::kShareTypeDiskTree;
  s.remark = remark;
  return s;
}

class PipeTest : public LoggedOnSessionTest {
 protected:
  void SetUp() override {
    connect();
    serve();
  }

  void use(rpc::RpcPipeServer& server) {
    pipe_ = {[&server](Bytes b) { return server.write(b); },
             [&server](size_t max) { return server.read(max); }};
  }
  void use(ScriptedPipe& script) {
    pipe_ = {[&script](Bytes b) { return script.write(b); },
             [&script](size_t max) { return script.read(max); }};
  }

  void serve() {
    server_.handlers[Command::TreeConnectAndX] = [this](const smb1::Message& m) {
      auto req = smb1::TreeConnectRequest::decode(m.blocks[0]);
      tree_requests_.push_back(*req);
      smb1::TreeConnectResponse resp;
      resp.service = smb1::kServiceIpc;
      return one(reply(Command::TreeConnectAndX, NtStatus::Success,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
    server_.handlers[Command::NtCreateAndX] = [this](const smb1::Message& m) {
      auto req = smb1::NtCreateAndXRequest::decode(m.blocks[0]);
      open_requests_.push_back(*req);
      if (open_status_ != NtStatus::Success) return one(reply(Command::NtCreateAndX, open_status_));
      smb1::NtCreateAndXResponse resp;
      resp.fid = kPipeFid;
      resp.resource_type = smb1::kFileTypeMessageModePipe;
      return one(reply(Command::NtCreateAndX, NtStatus::Success,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
    server_.handlers[Command::WriteAndX] = [this](const smb1::Message& m) {
      auto req = smb1::WriteAndXRequest::decode(m.blocks[0]);
      if (!req || req->fid != kPipeFid || m.header.tid != testing::kTid)
        return one(reply(Command::WriteAndX, NtStatus::InvalidHandle));
      write_modes_.push_back(req->write_mode);
      if (!pipe_.write(req->data))
        return one(reply(Command::WriteAndX, static_cast<NtStatus>(0xC000014B)));  // PIPE_BROKEN
      smb1::WriteAndXResponse resp{static_cast<uint32_t>(req->data.size()), 0};
      return one(reply(Command::WriteAndX, NtStatus::Success,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
    server_.handlers[Command::ReadAndX] = [this](const smb1::Message& m) {
      auto req = smb1::ReadAndXRequest::decode(m.blocks[0]);
      if (!req || req->fid != kPipeFid)
        return one(reply(Command::ReadAndX, NtStatus::InvalidHandle));
      read_counts_.push_back(req->max_count);
      auto r = pipe_.read(std::min<size_t>(req->max_count, read_cap_));
      // A message cut short: STATUS_BUFFER_OVERFLOW with the data (MS-CIFS 3.3.5.35).
      NtStatus status = r.message_incomplete ? NtStatus::BufferOverflow : NtStatus::Success;
      smb1::ReadAndXResponse resp{0, r.data};
      return one(reply(Command::ReadAndX, status,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
    server_.handlers[Command::Close] = [](const smb1::Message&) {
      return one(reply_static(Command::Close, [](smb1::MessageWriter& mw) {
        smb1::CloseResponse{}.encode(mw);
      }));
    };
    server_.handlers[Command::TreeDisconnect] = [](const smb1::Message&) {
      return one(reply_static(Command::TreeDisconnect, [](smb1::MessageWriter& mw) {
        smb1::TreeDisconnectResponse{}.encode(mw);
      }));
    };
    server_.handlers[Command::LogoffAndX] = [](const smb1::Message&) {
      return one(reply_static(Command::LogoffAndX, [](smb1::MessageWriter& mw) {
        smb1::LogoffResponse{}.encode(mw);
      }));
    };
  }

  static std::vector<uint8_t> reply_static(Command c,
                                           const std::function<void(smb1::MessageWriter&)>& b) {
    return testing::make_reply(c, NtStatus::Success, b, testing::kUid, testing::kTid);
  }

  size_t count(Command c) const {
    return static_cast<size_t>(std::count(server_.seen.begin(), server_.seen.end(), c));
  }

  PipeEnd pipe_;
  size_t read_cap_ = std::numeric_limits<size_t>::max();
  NtStatus open_status_ = NtStatus::Success;
  std::vector<smb1::TreeConnectRequest> tree_requests_;
  std::vector<smb1::NtCreateAndXRequest> open_requests_;
  std::vector<uint16_t> write_modes_;
  std::vector<uint16_t> read_counts_;
};

TEST_F(PipeTest, ListsTheSharesOfAnRpcPipeServer) {
  rpc::RpcPipeServer server(rpc::RpcPipeKind::Srvsvc, server_with(2));
  use(server);
  auto shares = run(io_, session_->list_shares());
  ASSERT_TRUE(shares) << status_name(shares.error());
  std::vector<ShareInfo> expected{
      {"share0", ShareInfo::kDisk, "comment of share 0"},
      {"share1", ShareInfo::kDisk, "comment of share 1"},
      {"IPC$", ShareInfo::kIpc | ShareInfo::kSpecial, "IPC Service"},
  };
  EXPECT_EQ(*shares, expected);
  EXPECT_EQ((*shares)[2].kind(), ShareInfo::kIpc);
  EXPECT_TRUE((*shares)[2].special());
  EXPECT_FALSE((*shares)[0].special());

  // MS-CIFS 3.2.4.5 / 2.2.4.64.1: IPC$ with service "IPC", then the pipe by its name.
  ASSERT_EQ(tree_requests_.size(), 1u);
  EXPECT_EQ(tree_requests_[0].path, "\\\\srv\\IPC$");
  EXPECT_EQ(tree_requests_[0].service, "IPC");
  ASSERT_EQ(open_requests_.size(), 1u);
  EXPECT_EQ(open_requests_[0].file_name, "\\srvsvc");
  EXPECT_EQ(open_requests_[0].create_disposition, 1u);  // FILE_OPEN
  EXPECT_EQ(open_requests_[0].desired_access, 0x0002019Fu);
  // Each PDU is one message: WRITE_ANDX with MSG_START.
  ASSERT_EQ(write_modes_.size(), 2u);  // BIND, one REQUEST
  for (uint16_t mode : write_modes_) EXPECT_EQ(mode, smb1::kMsgStart);
  // The trace names the PDUs.
  auto* bind = find_event(Direction::ClientToServer, "SMB_COM_WRITE_ANDX", 0);
  EXPECT_EQ(field(bind, "rpc"), "BIND");
  auto* request = find_event(Direction::ClientToServer, "SMB_COM_WRITE_ANDX", 1);
  EXPECT_EQ(field(request, "rpc"), "REQUEST");
  EXPECT_EQ(field(request, "op"), "NetrShareEnum");
  auto* ack = find_event(Direction::ServerToClient, "SMB_COM_READ_ANDX", 0);
  EXPECT_EQ(field(ack, "rpc"), "BIND_ACK");
  auto* response = find_event(Direction::ServerToClient, "SMB_COM_READ_ANDX", 1);
  EXPECT_EQ(field(response, "rpc"), "RESPONSE");
  EXPECT_EQ(field(response, "call_id"), "2");
}

TEST_F(PipeTest, TheServerDescriptionComesOverTheSamePipe) {
  rpc::RpcPipeServer server(rpc::RpcPipeKind::Srvsvc, server_with(1));
  use(server);
  ASSERT_TRUE(run(io_, session_->list_shares()));
  auto described = run(io_, session_->describe_server());
  ASSERT_TRUE(described) << status_name(described.error());
  EXPECT_EQ(described->name, "SMBKIT");
  EXPECT_EQ(described->comment, "smbkit test server");
  EXPECT_EQ(described->platform_id, rpc::kPlatformIdNt);
  EXPECT_EQ(described->version_major, 10u);
  EXPECT_NE(described->type & rpc::kSvTypeServer, 0u);
  // One tree, one open, one BIND for both calls.
  EXPECT_EQ(count(Command::TreeConnectAndX), 1u);
  EXPECT_EQ(count(Command::NtCreateAndX), 1u);
  EXPECT_EQ(write_modes_.size(), 3u);
  // Logoff closes the pipe and leaves IPC$ first.
  server_.seen.clear();
  ASSERT_TRUE(run(io_, session_->logoff()));
  EXPECT_EQ(server_.seen, (std::vector<Command>{Command::Close, Command::TreeDisconnect,
                                                Command::LogoffAndX}));
}

TEST_F(PipeTest, ManyFragmentsReadInPartsComeTogether) {
  // 150 shares in fragments of at most 256 bytes, each read returning at most 100 bytes of a
  // message (STATUS_BUFFER_OVERFLOW for the rest).
  rpc::RpcPipeLimits limits;
  limits.max_xmit_frag = 256;
  rpc::RpcPipeServer server(rpc::RpcPipeKind::Srvsvc, server_with(150), limits);
  use(server);
  read_cap_ = 100;
  auto shares = run(io_, session_->list_shares());
  ASSERT_TRUE(shares) << status_name(shares.error());
  ASSERT_EQ(shares->size(), 151u);
  EXPECT_EQ((*shares)[149].name, "share149");
  EXPECT_EQ((*shares)[149].comment, "comment of share 149");
  // Reads ask for a whole fragment of the server's size.
  ASSERT_FALSE(read_counts_.empty());
  EXPECT_EQ(read_counts_.back(), 256u);
  // A read that starts in the middle of a PDU names none.
  size_t named = 0, unnamed = 0;
  for (const auto& e : events_) {
    if (e.direction != Direction::ServerToClient || e.command != "SMB_COM_READ_ANDX") continue;
    (field(&e, "rpc") == "<no field>" ? unnamed : named)++;
  }
  EXPECT_GT(named, 2u);
  EXPECT_GT(unnamed, 2u);
  auto* overflow = find_event(Direction::ServerToClient, "SMB_COM_READ_ANDX", 1);
  ASSERT_NE(overflow, nullptr);
  EXPECT_EQ(overflow->status, "STATUS_BUFFER_OVERFLOW");
}

TEST_F(PipeTest, FollowsTheResumeHandleUntilTheLastPage) {
  ScriptedPipe script;
  std::vector<uint32_t> resumes;
  script.on_request = [&](const rpc::RequestPdu& q) {
    auto req = rpc::ShareEnumRequest::decode(q.stub);
    EXPECT_TRUE(req);
    EXPECT_EQ(req->server_name, "\\\\srv");
    EXPECT_EQ(req->info.level, 1u);
    resumes.push_back(req->resume_handle.value_or(0xFFFFFFFF));
    if (resumes.size() == 1)
      return std::vector<std::vector<uint8_t>>{response_pdu(
          q.call_id, share_page({disk("a", "first"), disk("b", "")}, 3, 7, rpc::kWerrMoreData))};
    return std::vector<std::vector<uint8_t>>{
        response_pdu(q.call_id, share_page({disk("c", "third")}, 3, 0, rpc::kWerrOk))};
  };
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_TRUE(shares) << status_name(shares.error());
  EXPECT_EQ(*shares, (std::vector<ShareInfo>{{"a", 0, "first"}, {"b", 0, ""}, {"c", 0, "third"}}));
  EXPECT_EQ(resumes, (std::vector<uint32_t>{0, 7}));
  ASSERT_EQ(script.requests.size(), 2u);
  EXPECT_EQ(script.requests[0].call_id, 2u);
  EXPECT_EQ(script.requests[1].call_id, 3u);
  EXPECT_EQ(script.requests[0].opnum, rpc::kOpNetrShareEnum);
}

TEST_F(PipeTest, AResumeHandleThatDoesNotMoveOnEndsTheListing) {
  ScriptedPipe script;
  script.on_request = [&](const rpc::RequestPdu& q) {
    return std::vector<std::vector<uint8_t>>{
        response_pdu(q.call_id, share_page({disk("a", "")}, 9, 0, rpc::kWerrMoreData))};
  };
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(script.requests.size(), 1u);
}

TEST_F(PipeTest, AFailedCallGivesItsStatusAndKeepsThePipe) {
  ScriptedPipe script;
  script.on_request = [&](const rpc::RequestPdu& q) {
    return std::vector<std::vector<uint8_t>>{
        response_pdu(q.call_id, share_page({}, 0, std::nullopt, 5 /* ERROR_ACCESS_DENIED */))};
  };
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::AccessDenied);
  // A fault ends the call only.
  script.on_request = [&](const rpc::RequestPdu& q) {
    rpc::FaultPdu f;
    f.call_id = q.call_id;
    f.status = rpc::kFaultOpRangeError;
    return std::vector<std::vector<uint8_t>>{f.encode()};
  };
  auto described = run(io_, session_->describe_server());
  ASSERT_FALSE(described);
  EXPECT_EQ(to_u32(described.error()), 0xC002002Eu);  // RPC_NT_PROCNUM_OUT_OF_RANGE
  EXPECT_EQ(count(Command::NtCreateAndX), 1u);
  EXPECT_EQ(count(Command::Close), 0u);
}

TEST_F(PipeTest, ABindNakClosesThePipe) {
  ScriptedPipe script;
  rpc::BindNakPdu nak;
  nak.call_id = 1;
  nak.reason = rpc::kRejectProtocolVersionNotSupported;
  script.bind_reply = nak.encode();
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::NotSupported);
  EXPECT_EQ(count(Command::Close), 1u);
  EXPECT_EQ(count(Command::TreeDisconnect), 1u);
  // The next call starts over.
  script.bind_reply.reset();
  script.on_request = [&](const rpc::RequestPdu& q) {
    return std::vector<std::vector<uint8_t>>{
        response_pdu(q.call_id, share_page({disk("x", "")}, 1, 0, rpc::kWerrOk))};
  };
  auto again = run(io_, session_->list_shares());
  ASSERT_TRUE(again) << status_name(again.error());
  EXPECT_EQ(count(Command::NtCreateAndX), 2u);
}

TEST_F(PipeTest, AResponseOfAnotherCallBreaksThePipe) {
  ScriptedPipe script;
  script.on_request = [&](const rpc::RequestPdu& q) {
    return std::vector<std::vector<uint8_t>>{
        response_pdu(q.call_id + 1, share_page({disk("x", "")}, 1, 0, rpc::kWerrOk))};
  };
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(count(Command::Close), 1u);
  EXPECT_EQ(count(Command::TreeDisconnect), 1u);
}

TEST_F(PipeTest, APipeThatStaysEmptyIsGivenUpOn) {
  ScriptedPipe script;
  script.on_request = [](const rpc::RequestPdu&) { return std::vector<std::vector<uint8_t>>{}; };
  use(script);
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_LE(read_counts_.size(), 6u);
}

TEST_F(PipeTest, AnOpenThatFailsLeavesTheTree) {
  rpc::RpcPipeServer server(rpc::RpcPipeKind::Srvsvc, server_with(1));
  use(server);
  open_status_ = NtStatus::ObjectNameNotFound;
  auto shares = run(io_, session_->list_shares());
  ASSERT_FALSE(shares);
  EXPECT_EQ(shares.error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(count(Command::TreeDisconnect), 1u);
}

TEST(RpcStatus, NetApiStatusesAndFaults) {
  EXPECT_EQ(status_from_werror(5), NtStatus::AccessDenied);
  EXPECT_EQ(status_from_werror(124), NtStatus::InvalidLevel);
  EXPECT_EQ(status_from_werror(2310), NtStatus::BadNetworkName);
  EXPECT_EQ(to_u32(status_from_werror(2102)), 0xC0070836u);  // NERR_* 2102 as NTSTATUS_FROM_WIN32
  EXPECT_EQ(to_u32(status_from_rpc_fault(rpc::kFaultUnknownInterface)), 0xC0020012u);
  EXPECT_EQ(to_u32(status_from_rpc_fault(rpc::kFaultBadStubData)), 0xC003000Cu);
  EXPECT_EQ(to_u32(status_from_rpc_fault(rpc::kFaultProtocolError)), 0xC002001Du);
  EXPECT_EQ(to_u32(status_from_rpc_fault(0x1C000001)), 0xC002001Bu);  // RPC_NT_CALL_FAILED
  EXPECT_EQ(status_from_rpc_fault(5), NtStatus::AccessDenied);
}

TEST(ShareKindName, AsSmbclientShowsThem) {
  EXPECT_EQ(share_kind_name(0), "Disk");
  EXPECT_EQ(share_kind_name(0x80000000), "Disk");
  EXPECT_EQ(share_kind_name(1), "Printer");
  EXPECT_EQ(share_kind_name(2), "Device");
  EXPECT_EQ(share_kind_name(0x80000003), "IPC");
  EXPECT_EQ(share_kind_name(0x40000007), "0x07");
}

}  // namespace
}  // namespace smbkit::client
