// Named pipes on IPC$ through the SMB1 processor: NT_CREATE_ANDX of \srvsvc (a message-mode
// pipe), SMB_COM_TRANSACTION TransactNmPipe with a BIND and a NetrShareEnum (the reply cut at
// MaxDataCount with STATUS_BUFFER_OVERFLOW and the rest read with READ_ANDX), WRITE_ANDX then
// READ_ANDX, a READ_ANDX that waits for a reply and one ended by NT_CANCEL or CLOSE, the pipe
// state subcommands, unknown pipe names, and the file commands a pipe refuses.
#include <gtest/gtest.h>

#include "rpc/client.h"
#include "smb1/close.h"
#include "smb1/locking.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/read_write.h"
#include "smb1/trans.h"
#include "smb1/trans2.h"
#include "smb1/trans2_query.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

constexpr uint8_t kClose = 0x04;
constexpr uint8_t kLockingAndX = 0x24;
constexpr uint8_t kTransaction = 0x25;
constexpr uint8_t kOpenAndX = 0x2D;
constexpr uint8_t kReadAndX = 0x2E;
constexpr uint8_t kWriteAndX = 0x2F;
constexpr uint8_t kTrans2 = 0x32;
constexpr uint8_t kNtCreateAndX = 0xA2;
constexpr uint8_t kNtCancel = 0xA4;

class Smb1PipesTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    processor_->set_reply_sink(io_.get_executor(), [this](std::vector<uint8_t> frame) {
      late_.push_back(std::move(frame));
    });
    negotiate_and_logon();
    auto tree = exchange(request_header(0x75), [](smb1::MessageWriter& w) {
      smb1::TreeConnectRequest req;
      req.password = {0};
      req.path = "\\\\SMBKIT\\IPC$";
      req.service = "?????";
      req.encode(w);
    });
    ASSERT_EQ(tree.header.status, NtStatus::Success);
    tid_ = tree.header.tid;
  }

  smb1::Message nt_create(const std::string& name, uint32_t access = kGenericRead | kGenericWrite) {
    return exchange(request_header(kNtCreateAndX), [&](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = access;
      req.share_access = kFileShareRead | kFileShareWrite;
      req.create_disposition = kFileOpen;
      req.file_name = name;
      req.encode(w);
    });
  }

  uint16_t open_srvsvc() {
    auto reply = nt_create("\\srvsvc");
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::NtCreateAndXResponse::decode(reply.blocks.at(0));
    return resp ? resp->fid : 0;
  }

  smb1::Message transact(uint16_t fid, const std::vector<uint8_t>& data, uint16_t max_data,
                         uint16_t mid = 0) {
    smb1::Header h = request_header(kTransaction);
    if (mid) h.mid = mid;
    return exchange(h, [&](smb1::MessageWriter& w) {
      smb1::TransRequest req;
      req.total_data_count = static_cast<uint16_t>(data.size());
      req.max_data_count = max_data;
      req.setup = {static_cast<uint16_t>(smb1::TransSubcommand::TransactNmpipe), fid};
      req.name = "\\PIPE\\";
      req.data = data;
      req.encode(w);
    });
  }

  std::vector<uint8_t> read_andx(uint16_t fid, uint16_t max, uint16_t mid = 0) {
    smb1::Header h = request_header(kReadAndX);
    if (mid) h.mid = mid;
    return send(h, [&](smb1::MessageWriter& w) {
      smb1::ReadAndXRequest req;
      req.fid = fid;
      req.max_count = max;
      req.encode(w);
    });
  }

  // A bound pipe and the context the BIND_ACK accepted.
  uint16_t bound_srvsvc(rpc::BindResult* bind) {
    uint16_t fid = open_srvsvc();
    auto reply = transact(fid, rpc::encode_srvsvc_bind(1), 4280);
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::TransResponse::decode(reply.blocks.at(0));
    EXPECT_TRUE(resp);
    if (!resp) return fid;
    auto ack = rpc::decode_bind_ack(resp->data, 1);
    EXPECT_TRUE(ack);
    if (ack) *bind = *ack;
    return fid;
  }

  std::vector<uint8_t> share_enum_request(const rpc::BindResult& bind) {
    auto fragments =
        rpc::encode_request(2, bind.context_id, rpc::kOpNetrShareEnum,
                            rpc::encode_share_enum_level1_request("\\\\SMBKIT"), bind.max_xmit_frag);
    EXPECT_EQ(fragments.size(), 1u);
    return fragments.at(0);
  }

  static void expect_shares(const std::vector<uint8_t>& reply) {
    rpc::ResponseAssembler assembler(2);
    ASSERT_EQ(assembler.feed(reply), NtStatus::Success);
    ASSERT_TRUE(assembler.done());
    auto list = rpc::decode_share_enum_level1(assembler.stub());
    ASSERT_TRUE(list);
    ASSERT_EQ(list->shares.size(), 2u);
    EXPECT_EQ(list->shares[0].name, "data");
    EXPECT_EQ(list->shares[1].name, "IPC$");
    EXPECT_EQ(list->shares[1].comment, "IPC Service (smbkit)");
  }

  asio::io_context io_;
  std::vector<std::vector<uint8_t>> late_;
};

TEST_F(Smb1PipesTest, NtCreateOpensAMessageModePipe) {
  auto reply = nt_create("\\PIPE\\SrvSvc");
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::NtCreateAndXResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->resource_type, smb1::kFileTypeMessageModePipe);
  EXPECT_EQ(resp->nm_pipe_status, 0x05FF);
  EXPECT_EQ(resp->ext_file_attributes, 0x80u);
  EXPECT_EQ(resp->create_disposition, 1u);  // FILE_OPENED
  EXPECT_EQ(resp->end_of_file, 0u);
  EXPECT_EQ(resp->oplock_level, 0);

  EXPECT_EQ(nt_create("\\samr").header.status, NtStatus::ObjectNameNotFound);
  EXPECT_EQ(nt_create("\\lsarpc").header.status, NtStatus::ObjectNameNotFound);
}

TEST_F(Smb1PipesTest, OpenAndXOpensAPipeToo) {
  auto reply = exchange(request_header(kOpenAndX), [](smb1::MessageWriter& w) {
    smb1::OpenAndXRequest req;
    req.access_mode = smb1::kAccessReadWrite;
    req.open_mode = smb1::kFileExistsOpen;
    req.file_name = "\\PIPE\\wkssvc";
    req.encode(w);
  });
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::OpenAndXResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->resource_type, smb1::kFileTypeMessageModePipe);
  EXPECT_EQ(resp->nm_pipe_status, 0x05FF);
}

TEST_F(Smb1PipesTest, TransactNmPipeBindsAndEnumeratesShares) {
  rpc::BindResult bind;
  uint16_t fid = bound_srvsvc(&bind);
  auto reply = transact(fid, share_enum_request(bind), 4280);
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::TransResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  expect_shares(resp->data);
}

TEST_F(Smb1PipesTest, ALongReplyOverflowsMaxDataAndTheRestIsRead) {
  rpc::BindResult bind;
  uint16_t fid = bound_srvsvc(&bind);
  auto reply = transact(fid, share_enum_request(bind), 40);
  ASSERT_EQ(reply.header.status, NtStatus::BufferOverflow);
  auto first = smb1::TransResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->data.size(), 40u);
  // The next transaction could not be told from the reply still unread.
  EXPECT_EQ(transact(fid, share_enum_request(bind), 4280).header.status, NtStatus::PipeBusy);
  std::vector<uint8_t> whole = first->data;
  frames_.push_back(read_andx(fid, 4280));
  auto rest = parse(frames_.back());
  ASSERT_EQ(rest.header.status, NtStatus::Success);
  auto data = smb1::ReadAndXResponse::decode(rest.blocks.at(0));
  ASSERT_TRUE(data);
  EXPECT_EQ(data->available, 0);
  whole.insert(whole.end(), data->data.begin(), data->data.end());
  expect_shares(whole);
}

TEST_F(Smb1PipesTest, WriteAndXThenReadAndXAndAReadThatWaits) {
  rpc::BindResult bind;
  uint16_t fid = bound_srvsvc(&bind);
  // Nothing to read: the READ_ANDX waits, and the WRITE_ANDX that makes the reply answers it.
  EXPECT_TRUE(read_andx(fid, 4280, 500).empty());
  EXPECT_EQ(processor_->last_answer(), Answer::Later);
  auto request = share_enum_request(bind);
  auto write = exchange(request_header(kWriteAndX), [&](smb1::MessageWriter& w) {
    smb1::WriteAndXRequest req;
    req.fid = fid;
    req.write_mode = smb1::kMsgStart;
    req.data = request;
    req.encode(w);
  });
  ASSERT_EQ(write.header.status, NtStatus::Success);
  auto written = smb1::WriteAndXResponse::decode(write.blocks.at(0));
  ASSERT_TRUE(written);
  EXPECT_EQ(written->count, request.size());
  ASSERT_EQ(late_.size(), 1u);
  frames_.push_back(late_[0]);
  auto late = parse(frames_.back());
  EXPECT_EQ(late.header.mid, 500);
  ASSERT_EQ(late.header.status, NtStatus::Success);
  auto data = smb1::ReadAndXResponse::decode(late.blocks.at(0));
  ASSERT_TRUE(data);
  expect_shares(std::vector<uint8_t>(data->data.begin(), data->data.end()));
}

TEST_F(Smb1PipesTest, AWaitingReadEndsWithNtCancelOrClose) {
  uint16_t fid = open_srvsvc();
  EXPECT_TRUE(read_andx(fid, 100, 600).empty());
  smb1::Header cancel = request_header(kNtCancel);
  cancel.mid = 600;
  EXPECT_TRUE(send(cancel, [](smb1::MessageWriter& w) { smb1::NtCancelRequest{}.encode(w); })
                  .empty());
  ASSERT_EQ(late_.size(), 1u);
  frames_.push_back(late_[0]);
  EXPECT_EQ(parse(frames_.back()).header.status, NtStatus::Cancelled);

  EXPECT_TRUE(read_andx(fid, 100, 601).empty());
  auto closed = exchange(request_header(kClose), [&](smb1::MessageWriter& w) {
    smb1::CloseRequest{fid, 0}.encode(w);
  });
  EXPECT_EQ(closed.header.status, NtStatus::Success);
  ASSERT_EQ(late_.size(), 2u);
  frames_.push_back(late_[1]);
  auto ended = parse(frames_.back());
  EXPECT_EQ(ended.header.mid, 601);
  EXPECT_EQ(ended.header.status, NtStatus::PipeBroken);
}

TEST_F(Smb1PipesTest, PipeStateSubcommands) {
  uint16_t fid = open_srvsvc();
  auto query = exchange(request_header(kTransaction), [&](smb1::MessageWriter& w) {
    smb1::TransRequest req;
    req.max_parameter_count = 2;
    req.setup = {static_cast<uint16_t>(smb1::TransSubcommand::QueryNmpipeState), fid};
    req.name = "\\PIPE\\";
    req.encode(w);
  });
  ASSERT_EQ(query.header.status, NtStatus::Success);
  auto state = smb1::TransResponse::decode(query.blocks.at(0));
  ASSERT_TRUE(state);
  EXPECT_EQ(state->parameters, (std::vector<uint8_t>{0xFF, 0x05}));
  auto set = [&](uint16_t pipe_state) {
    return exchange(request_header(kTransaction), [&](smb1::MessageWriter& w) {
      smb1::TransRequest req;
      req.total_parameter_count = 2;
      req.setup = {static_cast<uint16_t>(smb1::TransSubcommand::SetNmpipeState), fid};
      req.name = "\\PIPE\\";
      req.parameters = {static_cast<uint8_t>(pipe_state), static_cast<uint8_t>(pipe_state >> 8)};
      req.encode(w);
    }).header.status;
  };
  EXPECT_EQ(set(0x0100), NtStatus::Success);       // message read mode, blocking
  EXPECT_EQ(set(0x0000), NtStatus::NotSupported);  // byte read mode
  // A RAP call ("\PIPE\LANMAN", no setup words) is not served.
  auto rap = exchange(request_header(kTransaction), [&](smb1::MessageWriter& w) {
    smb1::TransRequest req;
    req.total_parameter_count = 4;
    req.name = "\\PIPE\\LANMAN";
    req.parameters = {0x68, 0, 0, 0};
    req.encode(w);
  });
  EXPECT_EQ(rap.header.status, NtStatus::NotSupported);
}

TEST_F(Smb1PipesTest, FileCommandsOnAPipeAreRefused) {
  uint16_t fid = open_srvsvc();
  auto lock = exchange(request_header(kLockingAndX), [&](smb1::MessageWriter& w) {
    smb1::LockingAndXRequest req;
    req.fid = fid;
    req.locks.push_back({1, 0, 10});
    req.encode(w);
  });
  EXPECT_EQ(lock.header.status, NtStatus::InvalidDeviceRequest);
  // TRANS2_QUERY_FILE_INFORMATION answers the standard information only.
  auto query = [&](uint16_t level) {
    return exchange(request_header(kTrans2), [&](smb1::MessageWriter& w) {
      std::vector<uint8_t> params = {static_cast<uint8_t>(fid), static_cast<uint8_t>(fid >> 8),
                                     static_cast<uint8_t>(level),
                                     static_cast<uint8_t>(level >> 8)};
      smb1::Trans2Request::make(smb1::Trans2Subcommand::QueryFileInformation, params, {}, 2, 1024)
          .encode(w);
    });
  };
  auto standard = query(1005);
  ASSERT_EQ(standard.header.status, NtStatus::Success);
  auto resp = smb1::Trans2Response::decode(standard.blocks.at(0));
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->data.size(), 24u);
  EXPECT_EQ(resp->data[0], 0x00);
  EXPECT_EQ(resp->data[1], 0x10);  // AllocationSize 4096
  EXPECT_EQ(query(1004).header.status, NtStatus::InvalidLevel);  // FileBasicInformation
  // A TRANSACTION naming a file that is not a pipe, or no file.
  EXPECT_EQ(transact(0x7777, {1, 2, 3}, 100).header.status, NtStatus::InvalidHandle);
}

}  // namespace
}  // namespace smbkit::server
