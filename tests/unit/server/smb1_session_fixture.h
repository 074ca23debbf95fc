// A processor with one share ("data", a temporary directory) and one user (alice/secret), and
// the steps every SMB1 processor test starts with: build a request, send it, parse the reply,
// negotiate NT LM 0.12, log on with NTLMv2, connect the tree.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "auth/ntlm_client.h"
#include "server/smb1/processor.h"
#include "smb1/negotiate.h"
#include "smb1/session_setup.h"
#include "smb1/tree.h"
#include "wire/netbios.h"

namespace smbkit::server {

class Smb1SessionFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/smbkit-smb1-XXXXXX";
    root_ = mkdtemp(tmpl);
    ServerConfig config;
    config.shares.push_back({"data", root_, {}});
    config.users.push_back({"alice", "secret"});
    configure(config);
    std::string error;
    shared_ = SharedState::create(config, &error);
    ASSERT_TRUE(shared_) << error;
    processor_ = std::make_unique<Smb1Processor>(*shared_);
  }
  // Lets a test change the server's configuration before it starts.
  virtual void configure(ServerConfig& config) {}

  void TearDown() override {
    processor_.reset();
    std::filesystem::remove_all(root_);
  }

  // A request header with the session's UID and TID and a new MID.
  smb1::Header request_header(uint8_t command) {
    smb1::Header h;
    h.command = command;
    h.flags2 = smb1::kFlags2Unicode | smb1::kFlags2NtStatus | smb1::kFlags2LongNames;
    h.uid = uid_;
    h.tid = tid_;
    h.mid = ++mid_;
    return h;
  }

  // The frame handle() returned for a request built by `body` (empty when none).
  template <class Body>
  std::vector<uint8_t> send(smb1::Header header, Body body) {
    std::vector<uint8_t> msg;
    smb1::MessageWriter w(msg, header);
    body(w);
    return processor_->handle(msg);
  }

  static smb1::Message parse(const std::vector<uint8_t>& frame) {
    EXPECT_GT(frame.size(), netbios::kHeaderSize);
    if (frame.size() <= netbios::kHeaderSize) return {};
    auto parsed = smb1::parse_message(Bytes(frame).subspan(netbios::kHeaderSize));
    EXPECT_TRUE(parsed);
    return parsed ? *parsed : smb1::Message{};
  }

  // Sends one request and returns the parsed reply; its bytes stay in `reply_` (and `frames_`)
  // so the blocks stay valid.
  template <class Body>
  smb1::Message exchange(smb1::Header header, Body body) {
    reply_ = send(header, body);
    frames_.push_back(reply_);
    return parse(frames_.back());
  }

  void negotiate_and_logon() {
    auto neg = exchange(request_header(0x72), [](smb1::MessageWriter& w) {
      smb1::NegotiateRequest{{"PC NETWORK PROGRAM 1.0", "NT LM 0.12"}}.encode(w);
    });
    ASSERT_EQ(neg.header.status, NtStatus::Success);
    auto resp = smb1::NegotiateResponse::decode(neg.blocks[0]);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->dialect_index, 1);
    ASSERT_EQ(resp->challenge.size(), 8u);
    auth::Challenge challenge;
    std::copy(resp->challenge.begin(), resp->challenge.end(), challenge.begin());
    auto responses =
        auth::ntlmv2_responses_for_raw_challenge("alice", "secret", "WORKGROUP", challenge);
    auto setup = exchange(request_header(0x73), [&](smb1::MessageWriter& w) {
      smb1::SessionSetupRequest req;
      req.max_buffer_size = 16644;
      req.capabilities = smb1::kCapUnicode | smb1::kCapNtSmbs | smb1::kCapLargeReadX;
      req.oem_password = responses.lm_response;
      req.unicode_password = responses.nt_response;
      req.account_name = "alice";
      req.primary_domain = "WORKGROUP";
      req.encode(w);
    });
    ASSERT_EQ(setup.header.status, NtStatus::Success);
    uid_ = setup.header.uid;
    ASSERT_NE(uid_, 0);
  }

  void tree_connect() {
    auto tree = exchange(request_header(0x75), [](smb1::MessageWriter& w) {
      smb1::TreeConnectRequest req;
      req.password = {0};
      req.path = "\\\\SMBKIT\\data";
      req.service = "?????";
      req.encode(w);
    });
    ASSERT_EQ(tree.header.status, NtStatus::Success);
    tid_ = tree.header.tid;
  }

  std::string root_;
  std::unique_ptr<SharedState> shared_;
  std::unique_ptr<Smb1Processor> processor_;
  std::vector<uint8_t> reply_;
  std::vector<std::vector<uint8_t>> frames_;
  uint16_t uid_ = 0, tid_ = 0, mid_ = 0;
};

}  // namespace smbkit::server
