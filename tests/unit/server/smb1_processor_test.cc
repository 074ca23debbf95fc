// The SMB1 processor driven message by message: the scenario's exchange, and the validator's
// refusals (bad UID, TID, FID, word count, unknown command), each with its status.
#include "server/smb1/processor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <unistd.h>

#include "smb1/close.h"
#include "smb1/echo.h"
#include "smb1/nt_create.h"
#include "smb1/read_write.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;

class Smb1ProcessorTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    std::ofstream(root_ + "/hello.txt") << "hello, world\n";
  }

  // Logs on, connects the tree and opens hello.txt for reading (and writing); its FID.
  uint16_t open_hello(uint32_t access = kGenericRead) {
    negotiate_and_logon();
    tree_connect();
    auto create = exchange(request_header(0xA2), [access](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = access;
      req.create_disposition = kFileOpen;
      req.file_name = "hello.txt";
      req.encode(w);
    });
    EXPECT_EQ(create.header.status, NtStatus::Success);
    auto opened = smb1::NtCreateAndXResponse::decode(create.blocks[0]);
    EXPECT_TRUE(opened);
    return opened ? opened->fid : 0;
  }

  // A READ_ANDX of up to 100 bytes at `offset`, handled as on the event loop.
  std::optional<std::vector<uint8_t>> read_on_loop(uint16_t fid, uint64_t offset,
                                                   FileTail* tail = nullptr) {
    std::vector<uint8_t> msg;
    smb1::MessageWriter w(msg, request_header(0x2E));
    smb1::ReadAndXRequest req;
    req.fid = fid;
    req.offset = offset;
    req.max_count = 100;
    req.encode(w);
    return processor_->handle_on_loop(msg, tail);
  }

  // A WRITE_ANDX of `data` at `offset`.
  std::vector<uint8_t> write_message(uint16_t fid, uint64_t offset, std::string_view data,
                                     uint16_t write_mode = 0) {
    std::vector<uint8_t> msg;
    smb1::MessageWriter w(msg, request_header(0x2F));
    smb1::WriteAndXRequest req;
    req.fid = fid;
    req.offset = offset;
    req.write_mode = write_mode;
    req.data = Bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    req.encode(w);
    return msg;
  }

  // The same, handled as on the event loop.
  std::optional<std::vector<uint8_t>> write_on_loop(uint16_t fid, uint64_t offset,
                                                    std::string_view data,
                                                    uint16_t write_mode = 0) {
    return processor_->handle_on_loop(write_message(fid, offset, data, write_mode));
  }

  std::string hello() const {
    std::ifstream in(root_ + "/hello.txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

TEST_F(Smb1ProcessorTest, ScenarioOpensAndReadsAFile) {
  negotiate_and_logon();
  tree_connect();
  auto create = exchange(request_header(0xA2), [](smb1::MessageWriter& w) {
    smb1::NtCreateAndXRequest req;
    req.desired_access = kGenericRead;
    req.share_access = kFileShareRead;
    req.create_disposition = kFileOpen;
    req.file_name = "\\hello.txt";
    req.encode(w);
  });
  ASSERT_EQ(create.header.status, NtStatus::Success);
  auto opened = smb1::NtCreateAndXResponse::decode(create.blocks[0]);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->end_of_file, 13u);
  auto read = exchange(request_header(0x2E), [&](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest req;
    req.fid = opened->fid;
    req.max_count = 100;
    req.encode(w);
  });
  ASSERT_EQ(read.header.status, NtStatus::Success);
  auto data = smb1::ReadAndXResponse::decode(read.blocks[0]);
  ASSERT_TRUE(data);
  EXPECT_EQ(std::string(data->data.begin(), data->data.end()), "hello, world\n");
}

TEST_F(Smb1ProcessorTest, ReadOnTheLoopServesCachedDataAndRefusesLikeThePool) {
  uint16_t fid = open_hello();
  // Just written, so cached: answered on the loop, with the data.
  auto reply = read_on_loop(fid, 7);
  ASSERT_TRUE(reply);
  auto parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->header.status, NtStatus::Success);
  auto data = smb1::ReadAndXResponse::decode(parsed->blocks[0]);
  ASSERT_TRUE(data);
  EXPECT_EQ(std::string(data->data.begin(), data->data.end()), "world\n");
  // Past the end: an empty read, still on the loop.
  reply = read_on_loop(fid, 1000);
  ASSERT_TRUE(reply);
  parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  data = smb1::ReadAndXResponse::decode(parsed->blocks[0]);
  ASSERT_TRUE(data);
  EXPECT_TRUE(data->data.empty());
  // Permission taken away: the same refusal as on the pool, with an empty block.
  fs::permissions(root_ + "/hello.txt", fs::perms::none);
  reply = read_on_loop(fid, 0);
  ASSERT_TRUE(reply);
  parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.status, NtStatus::AccessDenied);
  EXPECT_EQ(parsed->blocks[0].word_count, 0);
}

TEST_F(Smb1ProcessorTest, ReadOnTheLoopLeavesCachedDataToBeSentFromTheFile) {
  uint16_t fid = open_hello();
  FileTail tail;
  auto reply = read_on_loop(fid, 7, &tail);
  ASSERT_TRUE(reply);
  // The frame ends before the data; its length counts the tail's 6 bytes.
  ASSERT_TRUE(tail.file);
  EXPECT_EQ(tail.offset, 7u);
  EXPECT_EQ(tail.length, 6u);
  uint32_t framed = (uint32_t{(*reply)[1]} << 16) | (uint32_t{(*reply)[2]} << 8) | (*reply)[3];
  EXPECT_EQ(framed, reply->size() - netbios::kHeaderSize + 6);
  // What the connection sends from the file completes a reply that decodes to the data.
  std::vector<uint8_t> data_from_file(tail.length);
  ASSERT_EQ(::pread(tail.file->fd(), data_from_file.data(), tail.length,
                    static_cast<off_t>(tail.offset)),
            6);
  std::vector<uint8_t> whole = *reply;
  whole.insert(whole.end(), data_from_file.begin(), data_from_file.end());
  auto parsed = smb1::parse_message(Bytes(whole).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->header.status, NtStatus::Success);
  auto data = smb1::ReadAndXResponse::decode(parsed->blocks[0]);
  ASSERT_TRUE(data);
  EXPECT_EQ(std::string(data->data.begin(), data->data.end()), "world\n");
  // Past the end: a whole (empty) reply and no tail.
  tail = {};
  reply = read_on_loop(fid, 1000, &tail);
  ASSERT_TRUE(reply);
  EXPECT_EQ(tail.length, 0u);
  EXPECT_FALSE(tail.file);
  parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  data = smb1::ReadAndXResponse::decode(parsed->blocks[0]);
  ASSERT_TRUE(data);
  EXPECT_TRUE(data->data.empty());
  // A refusal has no tail either.
  fs::permissions(root_ + "/hello.txt", fs::perms::none);
  tail = {};
  reply = read_on_loop(fid, 0, &tail);
  ASSERT_TRUE(reply);
  EXPECT_EQ(tail.length, 0u);
  parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.status, NtStatus::AccessDenied);
}

TEST_F(Smb1ProcessorTest, WriteOnTheLoopLandsFromThePageCache) {
  uint16_t fid = open_hello(kGenericRead | kGenericWrite);
  // hello.txt was just written, so the page the write covers in part is in memory.
  auto reply = write_on_loop(fid, 7, "WORLD");
  ASSERT_TRUE(reply);
  auto parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->header.status, NtStatus::Success);
  auto written = smb1::WriteAndXResponse::decode(parsed->blocks[0]);
  ASSERT_TRUE(written);
  EXPECT_EQ(written->count, 5u);
  EXPECT_EQ(hello(), "hello, WORLD\n");
  // A refusal is the same as on the pool, and writes nothing.
  fs::permissions(root_ + "/hello.txt", fs::perms::owner_read);
  reply = write_on_loop(fid, 0, "HELLO");
  ASSERT_TRUE(reply);
  parsed = smb1::parse_message(Bytes(*reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.status, NtStatus::AccessDenied);
  EXPECT_EQ(hello(), "hello, WORLD\n");
}

TEST_F(Smb1ProcessorTest, WritesThatMustWaitForStorageAreLeftForThePool) {
  uint16_t fid = open_hello(kGenericRead | kGenericWrite);
  // Write-through waits for the disk.
  EXPECT_FALSE(write_on_loop(fid, 0, "HELLO", smb1::kWritethrough));
  EXPECT_EQ(hello(), "hello, world\n");
  // After a loop write that was slow (writeback throttling), every write goes to the pool.
  auto now = LoopWrites::Clock::now();
  shared_->loop_writes.took(now - std::chrono::milliseconds(50), now);
  EXPECT_FALSE(write_on_loop(fid, 0, "HELLO"));
  EXPECT_EQ(hello(), "hello, world\n");
  // The pool writes it.
  auto reply = processor_->handle(write_message(fid, 0, "HELLO"));
  auto parsed = smb1::parse_message(Bytes(reply).subspan(netbios::kHeaderSize));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->header.status, NtStatus::Success);
  EXPECT_EQ(hello(), "HELLO, world\n");
}

TEST_F(Smb1ProcessorTest, AccessTakenAwayBetweenOpenAndReadIsDenied) {
  negotiate_and_logon();
  tree_connect();
  auto open = [&] {
    return exchange(request_header(0xA2), [](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = kGenericRead;
      req.create_disposition = kFileOpen;
      req.file_name = "hello.txt";
      req.encode(w);
    });
  };
  auto create = open();
  ASSERT_EQ(create.header.status, NtStatus::Success);
  auto opened = smb1::NtCreateAndXResponse::decode(create.blocks[0]);
  ASSERT_TRUE(opened);
  fs::permissions(root_ + "/hello.txt", fs::perms::none);
  auto read = exchange(request_header(0x2E), [&](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest req;
    req.fid = opened->fid;
    req.max_count = 100;
    req.encode(w);
  });
  EXPECT_EQ(read.header.status, NtStatus::AccessDenied);
  EXPECT_EQ(open().header.status, NtStatus::AccessDenied);  // and a new open is refused too
}

TEST_F(Smb1ProcessorTest, WrongPasswordIsLogonFailure) {
  auto neg = exchange(request_header(0x72), [](smb1::MessageWriter& w) {
    smb1::NegotiateRequest{{"NT LM 0.12"}}.encode(w);
  });
  auto resp = smb1::NegotiateResponse::decode(neg.blocks[0]);
  ASSERT_TRUE(resp);
  auth::Challenge challenge;
  std::copy(resp->challenge.begin(), resp->challenge.end(), challenge.begin());
  auto responses = auth::ntlmv2_responses_for_raw_challenge("alice", "wrong", "", challenge);
  auto setup = exchange(request_header(0x73), [&](smb1::MessageWriter& w) {
    smb1::SessionSetupRequest req;
    req.oem_password = responses.lm_response;
    req.unicode_password = responses.nt_response;
    req.account_name = "alice";
    req.encode(w);
  });
  EXPECT_EQ(setup.header.status, NtStatus::LogonFailure);
  EXPECT_EQ(setup.blocks[0].word_count, 0);
}

TEST_F(Smb1ProcessorTest, MissingShareIsBadNetworkName) {
  negotiate_and_logon();
  auto tree = exchange(request_header(0x75), [](smb1::MessageWriter& w) {
    smb1::TreeConnectRequest req;
    req.password = {0};
    req.path = "\\\\SMBKIT\\nosuch";
    req.service = "?????";
    req.encode(w);
  });
  EXPECT_EQ(tree.header.status, NtStatus::BadNetworkName);
}

TEST_F(Smb1ProcessorTest, InvalidIdsGetTheirStatuses) {
  negotiate_and_logon();
  uint16_t good_uid = uid_;
  uid_ = good_uid + 7;
  auto tree = exchange(request_header(0x75), [](smb1::MessageWriter& w) {
    smb1::TreeConnectRequest req;
    req.path = "\\\\SMBKIT\\data";
    req.service = "?????";
    req.encode(w);
  });
  EXPECT_EQ(tree.header.status, NtStatus::SmbBadUid);
  uid_ = good_uid;
  tree_connect();
  tid_ += 5;
  auto bad_tid = exchange(request_header(0x2E), [](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest req;
    req.fid = 1;
    req.encode(w);
  });
  EXPECT_EQ(bad_tid.header.status, NtStatus::SmbBadTid);
  tid_ -= 5;
  auto bad_fid = exchange(request_header(0x2E), [](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest req;
    req.fid = 0x4242;
    req.encode(w);
  });
  EXPECT_EQ(bad_fid.header.status, NtStatus::InvalidHandle);
}

TEST_F(Smb1ProcessorTest, UnknownCommandIsAnsweredAndTheConnectionStaysUsable) {
  negotiate_and_logon();
  auto unknown = exchange(request_header(0xFE), [](smb1::MessageWriter& w) { w.empty_block(0xFE); });
  EXPECT_EQ(unknown.header.status, NtStatus::SmbBadCommand);
  EXPECT_EQ(unknown.header.command, 0xFE);
  auto echo = exchange(request_header(0x2B), [](smb1::MessageWriter& w) {
    smb1::EchoRequest{1, {1, 2, 3}}.encode(w);
  });
  ASSERT_EQ(echo.header.status, NtStatus::Success);
  auto resp = smb1::EchoResponse::decode(echo.blocks[0]);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->data, (std::vector<uint8_t>{1, 2, 3}));
}

TEST_F(Smb1ProcessorTest, TooFewWordsIsInvalidSmb) {
  negotiate_and_logon();
  tree_connect();
  auto read = exchange(request_header(0x2E), [](smb1::MessageWriter& w) {
    w.begin_block(0x2E).u16(1);  // the AndX block and one word: far short of ten
    w.begin_data();
    w.end_block();
  });
  EXPECT_EQ(read.header.status, NtStatus::InvalidSmb);
}

TEST_F(Smb1ProcessorTest, CommandsBeforeNegotiateAreRefused) {
  auto echo = exchange(request_header(0x2B), [](smb1::MessageWriter& w) {
    smb1::EchoRequest{1, {}}.encode(w);
  });
  EXPECT_EQ(echo.header.status, NtStatus::InvalidSmb);
}

TEST_F(Smb1ProcessorTest, DosErrorsForClientsWithoutNtStatus) {
  negotiate_and_logon();
  smb1::Header h = request_header(0x75);
  h.flags2 &= ~smb1::kFlags2NtStatus;
  auto tree = exchange(h, [](smb1::MessageWriter& w) {
    smb1::TreeConnectRequest req;
    req.path = "\\\\SMBKIT\\nosuch";
    req.service = "?????";
    req.encode(w);
  });
  // ERRSRV/ERRinvnetname: class 2 in the low byte, code 6 in the high word.
  EXPECT_EQ(to_u32(tree.header.status), 0x00060002u);
}

}  // namespace
}  // namespace smbkit::server
