// core/pipes.h: the server info srvsvc reports from a configuration, and a PipeOpen driven as
// the dialects drive it: writes and message-mode reads (BUFFER_OVERFLOW with the part that
// fits), transceive (PIPE_BUSY while replies are unread), reads that wait for a reply and end
// with it, a cancel or a close, and a broken pipe.
#include "server/core/pipes.h"

#include <gtest/gtest.h>

#include "rpc/client.h"

namespace smbkit::server {
namespace {

ServerConfig config_with_shares() {
  ServerConfig config;
  config.server_name = "FILER";
  config.domain = "LAB";
  config.server_string = "test server";
  ShareConfig data;
  data.name = "data";
  data.path = "/srv/data/";
  data.comment = "Team data";
  ShareConfig hidden;
  hidden.name = "hidden";
  hidden.path = "/srv/hidden";
  hidden.browseable = false;
  config.shares = {data, hidden};
  return config;
}

TEST(PipeServerInfo, SharesThenIpcFromTheConfiguration) {
  rpc::RpcServerInfo info = rpc_server_info(config_with_shares());
  EXPECT_EQ(info.server_name, "FILER");
  EXPECT_EQ(info.domain, "LAB");
  EXPECT_EQ(info.comment, "test server");
  ASSERT_EQ(info.shares.size(), 3u);
  EXPECT_EQ(info.shares[0].name, "data");
  EXPECT_EQ(info.shares[0].comment, "Team data");
  EXPECT_EQ(info.shares[0].path, "C:\\srv\\data");
  EXPECT_TRUE(info.shares[0].browseable);
  EXPECT_EQ(info.shares[1].name, "hidden");
  EXPECT_FALSE(info.shares[1].browseable);
  EXPECT_EQ(info.shares[2].name, "IPC$");
  EXPECT_EQ(info.shares[2].type, rpc::RpcShare::Type::Ipc);
  EXPECT_EQ(info.shares[2].comment, "IPC Service (test server)");
}

std::shared_ptr<PipeOpen> open_srvsvc() {
  auto pipe = PipeOpen::open("\\PIPE\\SRVSVC", rpc_server_info(config_with_shares()));
  EXPECT_TRUE(pipe);
  return pipe ? *pipe : nullptr;
}

TEST(PipeOpen, KnownNamesOnly) {
  rpc::RpcServerInfo info = rpc_server_info(config_with_shares());
  EXPECT_TRUE(PipeOpen::open("srvsvc", info));
  EXPECT_TRUE(PipeOpen::open("\\wkssvc", info));
  auto samr = PipeOpen::open("samr", info);
  ASSERT_FALSE(samr);
  EXPECT_EQ(samr.error(), NtStatus::ObjectNameNotFound);
  EXPECT_FALSE(PipeOpen::open("lsarpc", info));
}

TEST(PipeOpen, WriteThenReadsOneMessageWithOverflow) {
  auto pipe = open_srvsvc();
  ASSERT_TRUE(pipe);
  EXPECT_FALSE(pipe->read(100));  // nothing yet
  auto bind = rpc::encode_srvsvc_bind(1);
  auto n = pipe->write(bind);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, bind.size());
  size_t total = pipe->available();
  ASSERT_GT(total, 16u);
  auto first = pipe->read(16);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, NtStatus::BufferOverflow);
  EXPECT_EQ(first->data.size(), 16u);
  auto rest = pipe->read(4096);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->status, NtStatus::Success);
  EXPECT_EQ(rest->data.size(), total - 16);
  std::vector<uint8_t> whole = first->data;
  whole.insert(whole.end(), rest->data.begin(), rest->data.end());
  EXPECT_TRUE(rpc::decode_bind_ack(whole, 1));
  EXPECT_FALSE(pipe->read(100));
}

TEST(PipeOpen, TransceiveAnswersAndRefusesWhileRepliesAreUnread) {
  auto pipe = open_srvsvc();
  ASSERT_TRUE(pipe);
  auto ack = pipe->transceive(rpc::encode_srvsvc_bind(1), 4280);
  ASSERT_TRUE(ack);
  ASSERT_EQ(ack->status, NtStatus::Success);
  auto bound = rpc::decode_bind_ack(ack->data, 1);
  ASSERT_TRUE(bound);

  // A reply left unread: the next transaction could not be told from it.
  auto stub = rpc::encode_share_enum_level1_request("\\\\FILER");
  auto fragments = rpc::encode_request(2, bound->context_id, rpc::kOpNetrShareEnum, stub,
                                       bound->max_xmit_frag);
  ASSERT_EQ(fragments.size(), 1u);
  ASSERT_TRUE(pipe->write(fragments[0]));
  auto busy = pipe->transceive(fragments[0], 4280);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, NtStatus::PipeBusy);
  auto reply = pipe->read(4280);
  ASSERT_TRUE(reply);
  rpc::ResponseAssembler assembler(2);
  ASSERT_EQ(assembler.feed(reply->data), NtStatus::Success);
  ASSERT_TRUE(assembler.done());
  auto list = rpc::decode_share_enum_level1(assembler.stub());
  ASSERT_TRUE(list);
  // The share not browseable is left out; IPC$ is listed.
  ASSERT_EQ(list->shares.size(), 2u);
  EXPECT_EQ(list->shares[0].name, "data");
  EXPECT_EQ(list->shares[0].comment, "Team data");
  EXPECT_EQ(list->shares[1].name, "IPC$");
}

TEST(PipeOpen, TransceiveOfAFirstFragmentWaitsForTheReply) {
  auto pipe = open_srvsvc();
  ASSERT_TRUE(pipe);
  ASSERT_TRUE(pipe->transceive(rpc::encode_srvsvc_bind(1, 1432), 4280));
  std::vector<uint8_t> stub = rpc::encode_share_enum_level1_request("\\\\FILER");
  stub.resize(3000, 0);  // padding past the stub: several fragments (the server ignores it)
  auto fragments = rpc::encode_request(2, 0, rpc::kOpNetrShareEnum, stub, 1432);
  ASSERT_GT(fragments.size(), 1u);
  EXPECT_FALSE(pipe->transceive(fragments[0], 4280));  // no reply to a first fragment
  std::vector<PipeData> answers;
  pipe->wait(RequestId{7}, 4280, [&](PipeData d) { answers.push_back(std::move(d)); });
  EXPECT_EQ(pipe->waiting(), 1u);
  for (size_t i = 1; i < fragments.size(); ++i) ASSERT_TRUE(pipe->write(fragments[i]));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].status, NtStatus::Success);
  rpc::ResponseAssembler assembler(2);
  ASSERT_EQ(assembler.feed(answers[0].data), NtStatus::Success);
  EXPECT_TRUE(assembler.done());
  EXPECT_EQ(pipe->waiting(), 0u);
}

TEST(PipeOpen, WaitingReadsEndByCancelOrClose) {
  auto pipe = open_srvsvc();
  ASSERT_TRUE(pipe);
  std::vector<NtStatus> ends;
  auto record = [&](PipeData d) { ends.push_back(d.status); };
  pipe->wait(RequestId{1}, 16, record);
  pipe->wait(RequestId{2}, 16, record);
  pipe->wait(RequestId{3}, 4280, record);
  pipe->wait(RequestId{4}, 4280, record);
  EXPECT_FALSE(pipe->cancel(RequestId{9}));
  EXPECT_TRUE(pipe->cancel(RequestId{2}));
  ASSERT_EQ(ends, std::vector<NtStatus>{NtStatus::Cancelled});
  // The reply goes to the reads waiting, in the order they came: 16 bytes of the BIND_ACK to
  // the first, the rest of it to the next.
  ASSERT_TRUE(pipe->write(rpc::encode_srvsvc_bind(1)));
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(ends[1], NtStatus::BufferOverflow);
  EXPECT_EQ(ends[2], NtStatus::Success);
  EXPECT_EQ(pipe->waiting(), 1u);
  pipe->close();
  ASSERT_EQ(ends.size(), 4u);
  EXPECT_EQ(ends[3], NtStatus::PipeBroken);
  EXPECT_EQ(pipe->waiting(), 0u);
}

TEST(PipeOpen, ABrokenPipeFaultsThenRefuses) {
  auto pipe = open_srvsvc();
  ASSERT_TRUE(pipe);
  // A REQUEST before any BIND: the server answers a FAULT and breaks the pipe.
  auto fragments = rpc::encode_request(5, 0, rpc::kOpNetrShareEnum,
                                       rpc::encode_share_enum_level1_request("\\\\x"), 4280);
  ASSERT_TRUE(pipe->write(fragments[0]));
  auto fault = pipe->read(4280);
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->status, NtStatus::Success);
  rpc::ResponseAssembler assembler(5);
  ASSERT_EQ(assembler.feed(fault->data), NtStatus::Success);
  EXPECT_NE(assembler.fault(), 0u);
  auto after = pipe->read(4280);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, NtStatus::PipeBroken);
  auto write = pipe->write(fragments[0]);
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error(), NtStatus::PipeDisconnected);
  auto tx = pipe->transceive(fragments[0], 4280);
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->status, NtStatus::PipeDisconnected);
  // A read that would wait on a broken pipe ends at once.
  std::vector<NtStatus> ends;
  pipe->wait(RequestId{1}, 100, [&](PipeData d) { ends.push_back(d.status); });
  EXPECT_EQ(ends, std::vector<NtStatus>{NtStatus::PipeBroken});
}

}  // namespace
}  // namespace smbkit::server
