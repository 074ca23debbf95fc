// Who SESSION_SETUP_ANDX lets in: anonymous logons and passwordless accounts only where guest
// access is on, NTLMv1 only where it is allowed, and each refusal as STATUS_LOGON_FAILURE.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "auth/ntlm_client.h"
#include "auth/ntlm_hash.h"
#include "server/smb1/processor.h"
#include "smb1/negotiate.h"
#include "smb1/session_setup.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;

struct Logon {
  std::string user;
  std::vector<uint8_t> lm;
  std::vector<uint8_t> nt;
};

class Smb1LogonPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/smbkit-logon-XXXXXX";
    dir_ = mkdtemp(tmpl);
    // "nopass": Samba's passwordless account ('N' flag, no hash).
    std::ofstream(dir_ + "/smbpasswd")
        << "nopass:1000:" << std::string(32, 'X') << ":" << std::string(32, 'X')
        << ":[NU         ]:LCT-00000000:\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void start(bool guest, bool allow_ntlmv1) {
    processor_.reset();  // before the state it refers to
    ServerConfig config;
    config.shares.push_back({"data", dir_, {}});
    config.users.push_back({"alice", "secret"});
    config.users_file = dir_ + "/smbpasswd";
    config.guest = guest;
    config.allow_ntlmv1 = allow_ntlmv1;
    std::string error;
    shared_ = SharedState::create(config, &error);
    ASSERT_TRUE(shared_) << error;
    processor_ = std::make_unique<Smb1Processor>(*shared_);
  }

  smb1::Message exchange(uint8_t command, const std::function<void(smb1::MessageWriter&)>& body) {
    smb1::Header h;
    h.command = command;
    h.flags2 = smb1::kFlags2Unicode | smb1::kFlags2NtStatus | smb1::kFlags2LongNames;
    h.mid = ++mid_;
    std::vector<uint8_t> msg;
    smb1::MessageWriter w(msg, h);
    body(w);
    reply_ = processor_->handle(msg);
    auto parsed = smb1::parse_message(Bytes(reply_).subspan(netbios::kHeaderSize));
    EXPECT_TRUE(parsed);
    return parsed ? *parsed : smb1::Message{};
  }

  // NEGOTIATE (non-extended), then a SESSION_SETUP_ANDX with what `make` computes from the
  // challenge. Returns the reply (status in the header).
  smb1::Message logon(const std::function<Logon(const auth::Challenge&)>& make) {
    auto neg = exchange(0x72, [](smb1::MessageWriter& w) {
      smb1::NegotiateRequest{{"NT LM 0.12"}}.encode(w);
    });
    auto resp = smb1::NegotiateResponse::decode(neg.blocks[0]);
    EXPECT_TRUE(resp);
    auth::Challenge challenge{};
    if (resp && resp->challenge.size() == 8)
      std::copy(resp->challenge.begin(), resp->challenge.end(), challenge.begin());
    Logon l = make(challenge);
    return exchange(0x73, [&](smb1::MessageWriter& w) {
      smb1::SessionSetupRequest req;
      req.max_buffer_size = 16644;
      req.capabilities = smb1::kCapUnicode | smb1::kCapNtSmbs;
      req.oem_password = l.lm;
      req.unicode_password = l.nt;
      req.account_name = l.user;
      req.primary_domain = "WORKGROUP";
      req.encode(w);
    });
  }

  static Logon ntlmv2(const std::string& user, const std::string& password,
                      const auth::Challenge& c) {
    auto r = auth::ntlmv2_responses_for_raw_challenge(user, password, "WORKGROUP", c);
    return {user, r.lm_response, r.nt_response};
  }

  static Logon ntlmv1(const std::string& user, const std::string& password,
                      const auth::Challenge& c) {
    auto nt = auth::ntlmv1_response(auth::nt_hash(password), c);
    return {user, {}, {nt.begin(), nt.end()}};
  }

  static uint16_t action_of(const smb1::Message& m) {
    auto resp = smb1::SessionSetupResponse::decode(m.blocks[0]);
    EXPECT_TRUE(resp);
    return resp ? resp->action : 0xFFFF;
  }

  std::string dir_;
  std::unique_ptr<SharedState> shared_;
  std::unique_ptr<Smb1Processor> processor_;
  std::vector<uint8_t> reply_;
  uint16_t mid_ = 0;
};

TEST_F(Smb1LogonPolicy, AnonymousAndPasswordlessAccountsNeedGuestAccess) {
  auto anonymous = [](const auth::Challenge&) { return Logon{"", {}, {}}; };
  auto passwordless = [](const auth::Challenge& c) { return ntlmv2("nopass", "anything", c); };

  start(/*guest=*/false, /*allow_ntlmv1=*/false);
  for (auto* make : {+anonymous, +passwordless}) {
    auto reply = logon(make);
    EXPECT_EQ(reply.header.status, NtStatus::LogonFailure);
    EXPECT_EQ(reply.header.uid, 0);
    processor_ = std::make_unique<Smb1Processor>(*shared_);  // a new connection
  }

  start(/*guest=*/true, /*allow_ntlmv1=*/false);
  for (auto* make : {+anonymous, +passwordless}) {
    auto reply = logon(make);
    ASSERT_EQ(reply.header.status, NtStatus::Success);
    EXPECT_NE(reply.header.uid, 0);
    EXPECT_EQ(action_of(reply) & smb1::kSetupGuest, smb1::kSetupGuest);
    processor_ = std::make_unique<Smb1Processor>(*shared_);
  }
}

TEST_F(Smb1LogonPolicy, PasswordAccountsAreNeverGuests) {
  start(/*guest=*/true, /*allow_ntlmv1=*/false);
  auto good = logon([](const auth::Challenge& c) { return ntlmv2("alice", "secret", c); });
  ASSERT_EQ(good.header.status, NtStatus::Success);
  EXPECT_EQ(action_of(good) & smb1::kSetupGuest, 0);
  processor_ = std::make_unique<Smb1Processor>(*shared_);
  // Guest access does not turn a wrong or empty password into a guest logon.
  for (const char* password : {"wrong", ""}) {
    auto reply = logon([&](const auth::Challenge& c) { return ntlmv2("alice", password, c); });
    EXPECT_EQ(reply.header.status, NtStatus::LogonFailure) << password;
    processor_ = std::make_unique<Smb1Processor>(*shared_);
  }
  auto empty = logon([](const auth::Challenge&) { return Logon{"alice", {}, {}}; });
  EXPECT_EQ(empty.header.status, NtStatus::LogonFailure);
}

TEST_F(Smb1LogonPolicy, NtlmV1OnlyWhenAllowed) {
  auto v1 = [](const auth::Challenge& c) { return ntlmv1("alice", "secret", c); };
  start(/*guest=*/false, /*allow_ntlmv1=*/false);
  EXPECT_EQ(logon(v1).header.status, NtStatus::LogonFailure);
  start(/*guest=*/false, /*allow_ntlmv1=*/true);
  EXPECT_EQ(logon(v1).header.status, NtStatus::Success);
}

}  // namespace
}  // namespace smbkit::server
