// The SMB1 session's steps against a scripted server (a function of each request, built with
// the smb1 codecs and the auth layer's server side), and its refusals of wrong answers.
#include "client/smb1_session.h"

#include <map>
#include <variant>

#include <gtest/gtest.h>

#include "auth/ntlm_server.h"
#include "auth/ntlm_session.h"
#include "auth/spnego.h"
#include "auth/user_db.h"
#include "fake_transport.h"
#include "scripted_server.h"
#include "smb1/close.h"
#include "smb1/logoff.h"
#include "smb1/negotiate.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/read_write.h"
#include "smb1/session_setup.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_parts.h"
#include "smb1/trans2_query.h"
#include "smb1/tree.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::FakeTransport;
using testing::make_reply;
using testing::one;
using testing::Replies;
using testing::run;
using testing::ScriptedServer;

constexpr uint16_t kUid = 0x0800;
constexpr uint16_t kTid = 0x0001;
constexpr uint16_t kFid = 0x4001;
constexpr uint16_t kSid = 0x0007;
constexpr std::array<uint8_t, 8> kChallenge{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};

smb1::NegotiateResponse negotiate_response(bool extended) {
  smb1::NegotiateResponse r;
  r.dialect_index = 0;
  r.security_mode = smb1::kNegotiateUserSecurity | smb1::kNegotiateEncryptPasswords;
  r.max_mpx_count = 3;
  r.max_number_vcs = 1;
  r.max_buffer_size = 4096;
  r.capabilities = smb1::kCapUnicode | smb1::kCapNtSmbs | smb1::kCapStatus32 |
                   smb1::kCapLargeFiles | smb1::kCapNtFind;
  r.session_key = 0x12345678;
  if (extended) {
    r.capabilities |= smb1::kCapExtendedSecurity;
    r.server_guid.fill(0xAB);
    r.security_blob = auth::spnego_server_init();
  } else {
    r.challenge.assign(kChallenge.begin(), kChallenge.end());
    r.domain_name = "WORKGROUP";
    r.server_name = "SERVER";
  }
  return r;
}

class Smb1SessionTest : public ::testing::Test {
 protected:
  void SetUp() override { db_.add("alice", "secret"); }

  // A session over the fake, whose server is `server_`.
  void make_session(ClientOptions options = {}) {
    if (options.host.empty()) options.host = "srv";
    if (options.user.empty()) options = with_user(options);
    if (options.workstation.empty()) options.workstation = "CLIENT";
    auto fake = std::make_unique<FakeTransport>();
    fake_ = fake.get();
    fake_->server = [this](const std::vector<uint8_t>& r) { return server_(r); };
    session_ = std::make_unique<Smb1Session>(std::move(fake), tracer_, options);
  }

  static ClientOptions with_user(ClientOptions o) {
    o.user = "alice";
    o.password = "secret";
    return o;
  }

  void serve_negotiate(smb1::NegotiateResponse resp) {
    server_.handlers[Command::Negotiate] = [resp](const smb1::Message&) {
      return one(make_reply(Command::Negotiate, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
  }

  // The non-extended logon, checked with the auth layer's verifier against db_.
  void serve_challenge_logon() {
    server_.handlers[Command::SessionSetupAndX] = [this](const smb1::Message& m) {
      auto req = smb1::SessionSetupRequest::decode(m.blocks[0]);
      if (!req) return one(make_reply(Command::SessionSetupAndX, NtStatus::InvalidSmb));
      last_setup_ = *req;
      auto ok = auth::verify_challenge_response(db_, req->account_name, req->primary_domain,
                                                kChallenge, req->oem_password,
                                                req->unicode_password, false);
      if (!ok) return one(make_reply(Command::SessionSetupAndX, ok.error()));
      smb1::SessionSetupResponse resp{0, "Unix", "test", "WORKGROUP"};
      return one(make_reply(Command::SessionSetupAndX, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid));
    };
  }

  // The extended logon: NTLMSSP in SPNEGO, served by the auth layer's NTLM server; the
  // client's mechListMIC is checked, and the server's own is sent (or a wrong one).
  void serve_extended_logon(bool wrong_server_mic = false) {
    server_.handlers[Command::SessionSetupAndX] = [this, wrong_server_mic](
                                                      const smb1::Message& m) -> Replies {
      auto req = smb1::SessionSetupExtRequest::decode(m.blocks[0]);
      if (!req) return one(make_reply(Command::SessionSetupAndX, NtStatus::InvalidSmb));
      auto token = auth::decode_spnego(req->security_blob);
      if (!token) return one(make_reply(Command::SessionSetupAndX, NtStatus::InvalidParameter));
      auto reply = [&](NtStatus status, const std::vector<uint8_t>& blob) {
        smb1::SessionSetupExtResponse resp{0, blob, "Unix", "test", ""};
        return one(make_reply(Command::SessionSetupAndX, status,
                              [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid));
      };
      if (auto* init = std::get_if<auth::NegTokenInit>(&*token)) {
        ntlm_server_ = std::make_unique<auth::NtlmServerContext>("SERVER", "WORKGROUP");
        auto challenge = ntlm_server_->challenge(*init->mech_token);
        return reply(NtStatus::MoreProcessingRequired,
                     auth::spnego_response(auth::NegState::AcceptIncomplete, *challenge, true));
      }
      auto& resp = std::get<auth::NegTokenResp>(*token);
      auto outcome = ntlm_server_->authenticate(*resp.response_token, db_, false);
      if (!outcome) return one(make_reply(Command::SessionSetupAndX, outcome.error()));
      auth::SessionKey key{};
      std::copy(outcome->session_key.begin(), outcome->session_key.end(), key.begin());
      auto list = auth::mech_type_list_der({std::string(auth::kOidNtlmssp)});
      auto from_client = auth::NtlmSigner::create(key, ntlm_server_->flags(),
                                                  auth::NtlmDirection::ClientToServer);
      client_mic_ok_ = resp.mech_list_mic && from_client->verify(*list, *resp.mech_list_mic);
      auto to_client = auth::NtlmSigner::create(key, ntlm_server_->flags(),
                                                auth::NtlmDirection::ServerToClient);
      auto mic = to_client->sign(*list);
      if (wrong_server_mic) mic[8] ^= 1;
      auth::NegTokenResp done;
      done.neg_state = auth::NegState::AcceptCompleted;
      done.mech_list_mic.emplace(mic.begin(), mic.end());
      return reply(NtStatus::Success, *done.encode());
    };
  }

  void serve_tree() {
    server_.handlers[Command::TreeConnectAndX] = [this](const smb1::Message& m) {
      auto req = smb1::TreeConnectRequest::decode(m.blocks[0]);
      last_tree_path_ = req ? req->path : "";
      if (!req || req->path != "\\\\srv\\data")
        return one(make_reply(Command::TreeConnectAndX, NtStatus::BadNetworkName));
      smb1::TreeConnectResponse resp;
      resp.service = smb1::kServiceDisk;
      resp.native_file_system = "NTFS";
      return one(make_reply(Command::TreeConnectAndX, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid));
    };
  }

  // NT_CREATE_ANDX and READ_ANDX of one file, `content_`; reads return at most `read_cap_`.
  void serve_file() {
    server_.handlers[Command::NtCreateAndX] = [this](const smb1::Message& m) {
      auto req = smb1::NtCreateAndXRequest::decode(m.blocks[0]);
      last_open_name_ = req ? req->file_name : "";
      smb1::NtCreateAndXResponse resp;
      resp.fid = kFid;
      resp.end_of_file = content_.size();
      resp.ext_file_attributes = kFileAttributeArchive;
      return one(make_reply(Command::NtCreateAndX, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid));
    };
    server_.handlers[Command::ReadAndX] = [this](const smb1::Message& m) {
      auto req = smb1::ReadAndXRequest::decode(m.blocks[0]);
      if (!req || req->fid != kFid)
        return one(make_reply(Command::ReadAndX, NtStatus::InvalidHandle));
      uint32_t count = req->large_max_count();
      read_sizes_.push_back(count);
      if (req->offset >= content_.size() && eof_status_)
        return one(make_reply(Command::ReadAndX, NtStatus::EndOfFile));
      size_t begin = std::min<size_t>(req->offset, content_.size());
      size_t n = std::min<size_t>({count, read_cap_, content_.size() - begin});
      if (overlong_read_) n = count + 1;
      std::vector<uint8_t> data(n, 0);
      std::copy_n(content_.begin() + begin, std::min(n, content_.size() - begin), data.begin());
      smb1::ReadAndXResponse resp{0xFFFF, data};
      return one(make_reply(Command::ReadAndX, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid));
    };
  }

  void logon_challenge_and_tree() {
    serve_negotiate(negotiate_response(false));
    serve_challenge_logon();
    serve_tree();
    ClientOptions o = with_user({});
    o.security = ClientOptions::Security::Challenge;
    make_session(o);
    ASSERT_TRUE(run(io_, session_->negotiate()));
    ASSERT_TRUE(run(io_, session_->logon()));
  }

  const TraceEvent* find_event(Direction d, const std::string& command, size_t nth = 0) {
    for (const auto& e : events_)
      if (e.direction == d && e.command == command && nth-- == 0) return &e;
    return nullptr;
  }
  static std::string field(const TraceEvent* e, const std::string& key) {
    if (!e) return "<no event>";
    for (const auto& f : e->fields)
      if (f.key == key) return f.value;
    return "<no field>";
  }

  asio::io_context io_;
  std::vector<TraceEvent> events_;
  Tracer tracer_{[this](const TraceEvent& e) { events_.push_back(e); }};
  ScriptedServer server_;
  FakeTransport* fake_ = nullptr;
  std::unique_ptr<Smb1Session> session_;
  auth::UserDb db_;
  std::unique_ptr<auth::NtlmServerContext> ntlm_server_;
  bool client_mic_ok_ = false;
  smb1::SessionSetupRequest last_setup_;
  std::string last_tree_path_;
  std::string last_open_name_;
  std::vector<uint8_t> content_;
  size_t read_cap_ = SIZE_MAX;
  bool eof_status_ = false;
  bool overlong_read_ = false;
  std::vector<uint32_t> read_sizes_;
};

// ---- NEGOTIATE ----

TEST_F(Smb1SessionTest, NegotiateOffersOnlyNtLm012) {
  serve_negotiate(negotiate_response(false));
  ClientOptions o;
  o.security = ClientOptions::Security::Challenge;
  make_session(o);
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto m = smb1::parse_message(fake_->sent.at(0));
  ASSERT_TRUE(m);
  auto req = smb1::NegotiateRequest::decode(m->blocks[0]);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->dialects, std::vector<std::string>{"NT LM 0.12"});
  EXPECT_EQ(m->header.flags2, smb1::kFlags2Unicode | smb1::kFlags2NtStatus |
                                  smb1::kFlags2LongNames);  // no extended security asked
  EXPECT_EQ(m->header.tid, 0xFFFF);  // no tree (MS-CIFS 3.2.4.1)
  EXPECT_EQ(m->header.uid, 0);
  EXPECT_EQ(session_->server().max_buffer_size, 4096u);
  EXPECT_EQ(session_->server().max_mpx_count, 3);
  EXPECT_FALSE(session_->server().extended_security);
  EXPECT_EQ(session_->server().domain, "WORKGROUP");

  auto* sent = find_event(Direction::ClientToServer, "SMB_COM_NEGOTIATE");
  EXPECT_EQ(field(sent, "dialects"), "NT LM 0.12");
  auto* got = find_event(Direction::ServerToClient, "SMB_COM_NEGOTIATE");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->sequence, 2u);
  EXPECT_EQ(got->status, "STATUS_SUCCESS");
  EXPECT_EQ(field(got, "dialect"), "NT LM 0.12");
  EXPECT_EQ(field(got, "index"), "0");
  EXPECT_EQ(field(got, "challenge"), "0011223344556677");
  EXPECT_EQ(field(got, "domain"), "WORKGROUP");
}

TEST_F(Smb1SessionTest, NegotiateAsksForExtendedSecurityInThatMode) {
  serve_negotiate(negotiate_response(true));
  make_session();
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto m = smb1::parse_message(fake_->sent.at(0));
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->header.flags2 & smb1::kFlags2ExtendedSecurity);
  EXPECT_TRUE(session_->server().extended_security);
  auto* got = find_event(Direction::ServerToClient, "SMB_COM_NEGOTIATE");
  EXPECT_EQ(field(got, "guid"), "abababababababababababababababab");
  EXPECT_EQ(field(got, "security_blob"),
            std::to_string(auth::spnego_server_init().size()) + " bytes");
}

TEST_F(Smb1SessionTest, NegotiateRefusals) {
  struct Case {
    const char* what;
    std::function<void(smb1::NegotiateResponse&)> change;
    NtStatus expected;
  };
  const Case cases[] = {
      {"no dialect in common", [](auto& r) { r.dialect_index = smb1::kNoDialect; },
       NtStatus::NotSupported},
      {"a dialect never offered", [](auto& r) { r.dialect_index = 1; },
       NtStatus::InvalidNetworkResponse},
      {"signing required",
       [](auto& r) { r.security_mode |= smb1::kNegotiateSecuritySignaturesRequired; },
       NtStatus::NotSupported},
      {"share-level security", [](auto& r) { r.security_mode &= ~smb1::kNegotiateUserSecurity; },
       NtStatus::NotSupported},
      {"a 7-byte challenge", [](auto& r) { r.challenge.resize(7); },
       NtStatus::InvalidNetworkResponse},
  };
  for (const auto& c : cases) {
    auto resp = negotiate_response(false);
    c.change(resp);
    serve_negotiate(resp);
    make_session();
    auto st = run(io_, session_->negotiate());
    ASSERT_FALSE(st) << c.what;
    EXPECT_EQ(st.error(), c.expected) << c.what;
  }
}

TEST_F(Smb1SessionTest, NegotiateReplyOfTheWrongShapeIsInvalid) {
  server_.handlers[Command::Negotiate] = [](const smb1::Message&) {
    // WordCount 13 (the LANMAN form), which NT LM 0.12 never answers with.
    return one(make_reply(Command::Negotiate, NtStatus::Success, [](smb1::MessageWriter& mw) {
      ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Negotiate));
      for (int i = 0; i < 13; ++i) w.u16(0);
      mw.begin_data();
      mw.end_block();
    }));
  };
  make_session();
  auto st = run(io_, session_->negotiate());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
}

// ---- SESSION_SETUP_ANDX ----

TEST_F(Smb1SessionTest, ChallengeLogonSendsNtlmV2ResponsesTheServerAccepts) {
  logon_challenge_and_tree();
  EXPECT_EQ(session_->connection().uid(), kUid);
  EXPECT_EQ(last_setup_.account_name, "alice");
  EXPECT_EQ(last_setup_.primary_domain, "WORKGROUP");  // the server's, none being given
  EXPECT_EQ(last_setup_.oem_password.size(), 24u);      // LMv2
  EXPECT_GT(last_setup_.unicode_password.size(), 24u);  // NTLMv2
  EXPECT_EQ(last_setup_.session_key, 0x12345678u);
  EXPECT_TRUE(last_setup_.capabilities & smb1::kCapLargeReadX);
  EXPECT_FALSE(last_setup_.capabilities & smb1::kCapExtendedSecurity);
  auto* sent = find_event(Direction::ClientToServer, "SMB_COM_SESSION_SETUP_ANDX");
  EXPECT_EQ(field(sent, "user"), "alice");
  EXPECT_EQ(field(sent, "domain"), "WORKGROUP");
  for (const auto& f : sent->fields) EXPECT_EQ(f.value.find("secret"), std::string::npos);
  auto* got = find_event(Direction::ServerToClient, "SMB_COM_SESSION_SETUP_ANDX");
  EXPECT_EQ(field(got, "uid"), "0x0800");
}

TEST_F(Smb1SessionTest, ChallengeLogonWithAWrongPasswordFails) {
  serve_negotiate(negotiate_response(false));
  serve_challenge_logon();
  ClientOptions o;
  o.user = "alice";
  o.password = "wrong";
  make_session(o);
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto st = run(io_, session_->logon());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::LogonFailure);
}

TEST_F(Smb1SessionTest, ExtendedLogonTakesTwoRoundTripsAndSignsTheMechList) {
  serve_negotiate(negotiate_response(true));
  serve_extended_logon();
  make_session();
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto st = run(io_, session_->logon());
  ASSERT_TRUE(st) << status_name(st.error());
  EXPECT_TRUE(client_mic_ok_);
  EXPECT_EQ(session_->connection().uid(), kUid);
  auto* first = find_event(Direction::ServerToClient, "SMB_COM_SESSION_SETUP_ANDX", 0);
  auto* second = find_event(Direction::ServerToClient, "SMB_COM_SESSION_SETUP_ANDX", 1);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, "STATUS_MORE_PROCESSING_REQUIRED");
  EXPECT_EQ(field(first, "ntlmssp"), "CHALLENGE");
  EXPECT_EQ(second->status, "STATUS_SUCCESS");
  // The second request carries the first reply's UID.
  auto m = smb1::parse_message(fake_->sent.at(2));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header.uid, kUid);
  EXPECT_TRUE(m->header.flags2 & smb1::kFlags2ExtendedSecurity);
}

TEST_F(Smb1SessionTest, ExtendedLogonRefusesAWrongServerMic) {
  serve_negotiate(negotiate_response(true));
  serve_extended_logon(/*wrong_server_mic=*/true);
  make_session();
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto st = run(io_, session_->logon());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::AccessDenied);
}

TEST_F(Smb1SessionTest, ExtendedLogonWithAWrongPasswordFails) {
  serve_negotiate(negotiate_response(true));
  serve_extended_logon();
  ClientOptions o;
  o.user = "alice";
  o.password = "nope";
  make_session(o);
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto st = run(io_, session_->logon());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::LogonFailure);
}

TEST_F(Smb1SessionTest, ExtendedLogonRefusesASecondMoreProcessing) {
  serve_negotiate(negotiate_response(true));
  server_.handlers[Command::SessionSetupAndX] = [](const smb1::Message&) {
    smb1::SessionSetupExtResponse resp;
    resp.security_blob = auth::spnego_response(auth::NegState::AcceptIncomplete, {}, true);
    return one(make_reply(Command::SessionSetupAndX, NtStatus::MoreProcessingRequired,
                          [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid));
  };
  make_session();
  ASSERT_TRUE(run(io_, session_->negotiate()));
  auto st = run(io_, session_->logon());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
}

// ---- TREE_CONNECT_ANDX, opens ----

TEST_F(Smb1SessionTest, TreeConnectNamesHostAndShare) {
  logon_challenge_and_tree();
  auto tid = run(io_, session_->tree_connect("data"));
  ASSERT_TRUE(tid);
  EXPECT_EQ(*tid, kTid);
  EXPECT_EQ(last_tree_path_, "\\\\srv\\data");
  auto* sent = find_event(Direction::ClientToServer, "SMB_COM_TREE_CONNECT_ANDX");
  EXPECT_EQ(field(sent, "path"), "\\\\srv\\data");
  EXPECT_EQ(field(sent, "service"), "?????");
  auto missing = run(io_, session_->tree_connect("nope"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), NtStatus::BadNetworkName);
}

TEST_F(Smb1SessionTest, OpenUsesNtCreateWithABackslashPath) {
  logon_challenge_and_tree();
  content_.assign(1234, 7);
  serve_file();
  auto file = run(io_, session_->open(kTid, "dir/sub\\f.txt", OpenOptions{}));
  ASSERT_TRUE(file);
  EXPECT_EQ(file->fid, kFid);
  EXPECT_EQ(file->size, 1234u);
  EXPECT_EQ(file->tree, kTid);
  EXPECT_EQ(last_open_name_, "\\dir\\sub\\f.txt");
  auto* got = find_event(Direction::ServerToClient, "SMB_COM_NT_CREATE_ANDX");
  EXPECT_EQ(field(got, "fid"), "0x4001");
  EXPECT_EQ(field(got, "size"), "1234");
}

TEST_F(Smb1SessionTest, OpenFallsBackToOpenAndXWhenNtCreateIsUnknown) {
  logon_challenge_and_tree();
  server_.handlers[Command::OpenAndX] = [](const smb1::Message& m) {
    auto req = smb1::OpenAndXRequest::decode(m.blocks[0]);
    smb1::OpenAndXResponse resp;
    resp.fid = 0x0099;
    resp.file_data_size = req && req->file_name == "\\f.txt" ? 55 : 0;
    resp.file_attrs = smb1::kSmbFileAttributeArchive;
    return one(make_reply(Command::OpenAndX, NtStatus::Success,
                          [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid));
  };
  // No NT_CREATE_ANDX handler: the scripted server answers STATUS_SMB_BAD_COMMAND.
  auto file = run(io_, session_->open(kTid, "f.txt", OpenOptions{}));
  ASSERT_TRUE(file) << status_name(file.error());
  EXPECT_EQ(file->fid, 0x0099);
  EXPECT_EQ(file->size, 55u);
  EXPECT_EQ(file->attributes, kFileAttributeArchive);
  // Later opens go straight to OPEN_ANDX.
  server_.seen.clear();
  ASSERT_TRUE(run(io_, session_->open(kTid, "f.txt", OpenOptions{})));
  EXPECT_EQ(server_.seen, std::vector<Command>{Command::OpenAndX});
}

TEST_F(Smb1SessionTest, OpenAndXCanBeForcedAndRefusesADirectoryForAFileOpen) {
  serve_negotiate(negotiate_response(false));
  serve_challenge_logon();
  server_.handlers[Command::OpenAndX] = [](const smb1::Message&) {
    smb1::OpenAndXResponse resp;
    resp.fid = 0x0042;
    resp.file_attrs = smb1::kSmbFileAttributeDirectory;
    return one(make_reply(Command::OpenAndX, NtStatus::Success,
                          [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid));
  };
  server_.handlers[Command::Close] = [](const smb1::Message&) {
    return one(make_reply(Command::Close, NtStatus::Success, [](smb1::MessageWriter& mw) {
      smb1::CloseResponse{}.encode(mw);
    }));
  };
  ClientOptions o = with_user({});
  o.security = ClientOptions::Security::Challenge;
  o.force_open_andx = true;
  make_session(o);
  ASSERT_TRUE(run(io_, session_->negotiate()));
  ASSERT_TRUE(run(io_, session_->logon()));
  server_.seen.clear();
  auto file = run(io_, session_->open(kTid, "d", OpenOptions{}));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error(), NtStatus::FileIsADirectory);
  EXPECT_EQ(server_.seen, (std::vector<Command>{Command::OpenAndX, Command::Close}));
}

// ---- READ_ANDX ----

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return v;
}

TEST_F(Smb1SessionTest, ReadAllPipelinesReadsThatFitMaxBufferSize) {
  logon_challenge_and_tree();
  content_ = pattern(20000);
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  // No CAP_LARGE_READX: a reply must fit MaxBufferSize 4096.
  EXPECT_EQ(session_->max_read_size(), 4096u - 60u);
  std::vector<uint8_t> got;
  auto n = run(io_, session_->read_all(*file, [&](std::span<const uint8_t> chunk) -> Result<void> {
    got.insert(got.end(), chunk.begin(), chunk.end());
    return {};
  }));
  ASSERT_TRUE(n) << status_name(n.error());
  EXPECT_EQ(*n, content_.size());
  EXPECT_EQ(got, content_);
  for (uint32_t size : read_sizes_) EXPECT_LE(size, 4036u);
  EXPECT_GT(fake_->max_in_flight, 1u);   // pipelined ...
  EXPECT_LE(fake_->max_in_flight, 3u);   // ... within MaxMpxCount
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(Smb1SessionTest, ReadAllAsksForLargeReadsWithCapLargeReadX) {
  auto resp = negotiate_response(false);
  resp.capabilities |= smb1::kCapLargeReadX;
  serve_negotiate(resp);
  serve_challenge_logon();
  ClientOptions o = with_user({});
  o.security = ClientOptions::Security::Challenge;
  make_session(o);
  ASSERT_TRUE(run(io_, session_->negotiate()));
  ASSERT_TRUE(run(io_, session_->logon()));
  content_ = pattern(3 * 1024 * 1024 + 17);
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  std::vector<uint8_t> got;
  auto n = run(io_, session_->read_all(*file, [&](std::span<const uint8_t> chunk) -> Result<void> {
    got.insert(got.end(), chunk.begin(), chunk.end());
    return {};
  }));
  ASSERT_TRUE(n);
  EXPECT_EQ(got, content_);
  ASSERT_FALSE(read_sizes_.empty());
  EXPECT_EQ(read_sizes_[0], 1024u * 1024u);  // MaxCountHigh carried the upper bits
  auto* sent = find_event(Direction::ClientToServer, "SMB_COM_READ_ANDX");
  EXPECT_EQ(field(sent, "count"), "1048576");
  EXPECT_EQ(field(sent, "offset"), "0");
}

TEST_F(Smb1SessionTest, ReadAllCopesWithShortReadsAndEndOfFileStatus) {
  logon_challenge_and_tree();
  content_ = pattern(10000);
  read_cap_ = 1000;  // the server's own limit per read
  eof_status_ = true;
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  std::vector<uint8_t> got;
  auto n = run(io_, session_->read_all(*file, [&](std::span<const uint8_t> chunk) -> Result<void> {
    got.insert(got.end(), chunk.begin(), chunk.end());
    return {};
  }));
  ASSERT_TRUE(n) << status_name(n.error());
  EXPECT_EQ(got, content_);
}

TEST_F(Smb1SessionTest, ReadReturningMoreThanAskedIsInvalid) {
  logon_challenge_and_tree();
  content_ = pattern(100);
  overlong_read_ = true;
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  std::vector<uint8_t> buf(50);
  auto n = run(io_, session_->read(*file, 0, buf));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(Smb1SessionTest, ReadFillsTheBufferUpToTheEndOfTheFile) {
  logon_challenge_and_tree();
  content_ = pattern(9000);
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  std::vector<uint8_t> buf(8000);
  auto n = run(io_, session_->read(*file, 5000, buf));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 4000u);
  EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + 4000, content_.begin() + 5000));
}

TEST_F(Smb1SessionTest, SinkFailureStopsTheTransfer) {
  logon_challenge_and_tree();
  content_ = pattern(20000);
  serve_file();
  auto file = run(io_, session_->open(kTid, "f", OpenOptions{}));
  ASSERT_TRUE(file);
  auto n = run(io_, session_->read_all(*file, [](std::span<const uint8_t>) -> Result<void> {
    return fail(NtStatus::DiskFull);
  }));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::DiskFull);
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

// ---- TRANSACTION2: FIND and QUERY_PATH_INFORMATION ----

smbkit::FileInfo entry(const std::string& name, uint64_t size, bool dir = false) {
  smbkit::FileInfo f;
  f.name = name;
  f.end_of_file = size;
  f.is_directory = dir;
  f.attributes = dir ? kFileAttributeDirectory : kFileAttributeArchive;
  f.last_write_time = 132000000000000000ULL;
  return f;
}

std::vector<uint8_t> trans2_reply(std::vector<uint8_t> parameters, std::vector<uint8_t> data) {
  smb1::Trans2Response resp;
  resp.total_parameter_count = static_cast<uint16_t>(parameters.size());
  resp.total_data_count = static_cast<uint16_t>(data.size());
  resp.parameters = std::move(parameters);
  resp.data = std::move(data);
  return make_reply(Command::Transaction2, NtStatus::Success,
                    [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid, kTid);
}

std::vector<uint8_t> find_data(const std::vector<smbkit::FileInfo>& files) {
  std::vector<uint8_t> data;
  auto listing = smb1::encode_find_entries(smb1::kFindFileBothDirectoryInfo, files, 60000, true,
                                           data);
  EXPECT_TRUE(listing);
  return data;
}

class FindTest : public Smb1SessionTest {
 protected:
  // FIND_FIRST2 gives `first` (end of search when `next` is empty), FIND_NEXT2 gives `next`.
  void serve_find(std::vector<smbkit::FileInfo> first, std::vector<smbkit::FileInfo> next,
                  bool samba_chain_end = false) {
    server_.handlers[Command::Transaction2] = [=, this](const smb1::Message& m) {
      auto req = smb1::Trans2Request::decode(m.blocks[0]);
      auto sub = static_cast<smb1::Trans2Subcommand>(req->subcommand());
      auto data_for = [&](const std::vector<smbkit::FileInfo>& files) {
        auto data = find_data(files);
        if (samba_chain_end && !files.empty()) {
          // The last entry points just past itself, as Samba writes it.
          size_t last = 0;
          for (size_t at = 0;;) {
            uint32_t n = data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24;
            if (n == 0) break;
            last = at += n;
          }
          uint32_t size = static_cast<uint32_t>(data.size() - last);
          for (int i = 0; i < 4; ++i) data[last + i] = static_cast<uint8_t>(size >> (8 * i));
        }
        return data;
      };
      if (sub == smb1::Trans2Subcommand::FindFirst2) {
        auto q = smb1::FindFirst2Request::decode(req->parameters, true);
        first_pattern_ = q ? q->file_name : "";
        first_level_ = q ? q->information_level : 0;
        smb1::FindFirst2ResponseParameters p;
        p.sid = kSid;
        p.search_count = static_cast<uint16_t>(first.size());
        p.end_of_search = next.empty() ? 1 : 0;
        return one(trans2_reply(p.encode(), data_for(first)));
      }
      if (sub == smb1::Trans2Subcommand::FindNext2) {
        auto q = smb1::FindNext2Request::decode(req->parameters, true);
        resume_name_ = q ? q->file_name : "";
        next_sid_ = q ? q->sid : 0;
        if (fail_next_) return one(make_reply(Command::Transaction2, NtStatus::AccessDenied));
        smb1::FindNext2ResponseParameters p;
        p.search_count = static_cast<uint16_t>(next.size());
        p.end_of_search = 1;
        return one(trans2_reply(p.encode(), data_for(next)));
      }
      return one(make_reply(Command::Transaction2, NtStatus::NotSupported));
    };
    server_.handlers[Command::FindClose2] = [this](const smb1::Message& m) {
      auto req = smb1::FindClose2Request::decode(m.blocks[0]);
      closed_sid_ = req ? req->sid : 0;
      return one(make_reply(Command::FindClose2, NtStatus::Success, [](smb1::MessageWriter& mw) {
        smb1::FindClose2Response{}.encode(mw);
      }));
    };
  }

  std::string first_pattern_;
  uint16_t first_level_ = 0;
  std::string resume_name_;
  uint16_t next_sid_ = 0;
  uint16_t closed_sid_ = 0;
  bool fail_next_ = false;
};

TEST_F(FindTest, ListsAcrossFindNextResumingByName) {
  logon_challenge_and_tree();
  serve_find({entry(".", 0, true), entry("..", 0, true), entry("a.txt", 5)},
             {entry("b", 0, true), entry("c.bin", 70000)});
  auto files = run(io_, session_->list(kTid, "dir/sub", "*"));
  ASSERT_TRUE(files) << status_name(files.error());
  EXPECT_EQ(first_pattern_, "\\dir\\sub\\*");
  EXPECT_EQ(first_level_, smb1::kFindFileBothDirectoryInfo);
  EXPECT_EQ(resume_name_, "a.txt");
  EXPECT_EQ(next_sid_, kSid);
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0].name, "a.txt");
  EXPECT_EQ((*files)[0].size, 5u);
  EXPECT_FALSE((*files)[0].directory);
  EXPECT_EQ((*files)[1].name, "b");
  EXPECT_TRUE((*files)[1].directory);
  EXPECT_EQ((*files)[2].size, 70000u);
  EXPECT_EQ((*files)[2].last_write_time, 132000000000000000ULL);
  EXPECT_EQ(closed_sid_, 0);  // closed by the server at the end of the search
  auto* first = find_event(Direction::ClientToServer, "SMB_COM_TRANSACTION2");
  EXPECT_EQ(field(first, "subcommand"), "FIND_FIRST2");
  EXPECT_EQ(field(first, "pattern"), "\\dir\\sub\\*");
  auto* reply = find_event(Direction::ServerToClient, "SMB_COM_TRANSACTION2");
  EXPECT_EQ(field(reply, "entries"), "3");
}

TEST_F(FindTest, ListsTheShareRootAndTakesSambasChainEnd) {
  logon_challenge_and_tree();
  serve_find({entry(".", 0, true), entry("x", 1), entry("y", 2)}, {}, /*samba_chain_end=*/true);
  auto files = run(io_, session_->list(kTid, "", "*"));
  ASSERT_TRUE(files) << status_name(files.error());
  EXPECT_EQ(first_pattern_, "\\*");
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].name, "y");
}

TEST_F(FindTest, NoMatchIsAnEmptyListing) {
  logon_challenge_and_tree();
  server_.handlers[Command::Transaction2] = [](const smb1::Message&) {
    return one(make_reply(Command::Transaction2, NtStatus::NoSuchFile));
  };
  auto files = run(io_, session_->list(kTid, "d", "*.none"));
  ASSERT_TRUE(files);
  EXPECT_TRUE(files->empty());
}

TEST_F(FindTest, FailedFindNextClosesTheSearch) {
  logon_challenge_and_tree();
  serve_find({entry("a", 1)}, {entry("b", 1)});
  fail_next_ = true;
  auto files = run(io_, session_->list(kTid, "d", "*"));
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error(), NtStatus::AccessDenied);
  EXPECT_EQ(closed_sid_, kSid);
}

TEST_F(FindTest, EmptyResponseWithoutEndOfSearchIsInvalid) {
  logon_challenge_and_tree();
  serve_find({}, {entry("never", 1)});  // zero entries, end_of_search 0
  auto files = run(io_, session_->list(kTid, "d", "*"));
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(closed_sid_, kSid);
}

TEST_F(FindTest, ReplyLargerThanAskedForIsInvalid) {
  logon_challenge_and_tree();
  server_.handlers[Command::Transaction2] = [](const smb1::Message&) {
    smb1::Trans2Response resp;
    resp.total_parameter_count = 10;
    resp.total_data_count = 0xFFF0;  // past the client's MaxDataCount
    resp.parameters.assign(10, 0);
    return one(make_reply(Command::Transaction2, NtStatus::Success,
                          [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
  };
  auto files = run(io_, session_->list(kTid, "d", "*"));
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(FindTest, MultiPartReplyIsAssembled) {
  logon_challenge_and_tree();
  std::vector<smbkit::FileInfo> files;
  for (int i = 0; i < 40; ++i) files.push_back(entry("file-" + std::to_string(i), i));
  server_.handlers[Command::Transaction2] = [files](const smb1::Message&) {
    smb1::FindFirst2ResponseParameters p;
    p.sid = kSid;
    p.search_count = static_cast<uint16_t>(files.size());
    p.end_of_search = 1;
    auto data = find_data(files);
    // Split for a client buffer of 1024 bytes, as a server does for a small MaxBufferSize.
    auto parts = smb1::make_trans2_responses({}, p.encode(), data, 1024);
    Replies out;
    for (auto& part : *parts)
      out.push_back(make_reply(Command::Transaction2, NtStatus::Success,
                               [&](smb1::MessageWriter& mw) { part.encode(mw); }, kUid, kTid));
    EXPECT_GT(out.size(), 2u);
    return out;
  };
  auto got = run(io_, session_->list(kTid, "", "*"));
  ASSERT_TRUE(got) << status_name(got.error());
  ASSERT_EQ(got->size(), 40u);
  EXPECT_EQ(got->back().name, "file-39");
}

TEST_F(Smb1SessionTest, StatQueriesAllInfo) {
  logon_challenge_and_tree();
  server_.handlers[Command::Transaction2] = [](const smb1::Message& m) {
    auto req = smb1::Trans2Request::decode(m.blocks[0]);
    auto q = smb1::QueryPathInformationRequest::decode(req->parameters, true);
    if (!q || q->information_level != smb1::kSmbQueryFileAllInfo || q->file_name != "\\d\\f.txt")
      return one(make_reply(Command::Transaction2, NtStatus::ObjectNameNotFound));
    smbkit::FileInfo f = entry("f.txt", 4321);
    f.creation_time = 131000000000000000ULL;
    auto data = smb1::encode_file_info_level(smb1::kSmbQueryFileAllInfo, f, true);
    return one(trans2_reply(smb1::QueryInformationResponseParameters{}.encode(), *data));
  };
  auto info = run(io_, session_->stat(kTid, "d/f.txt"));
  ASSERT_TRUE(info) << status_name(info.error());
  EXPECT_EQ(info->name, "f.txt");
  EXPECT_EQ(info->size, 4321u);
  EXPECT_FALSE(info->directory);
  EXPECT_EQ(info->creation_time, 131000000000000000ULL);
  EXPECT_EQ(info->last_write_time, 132000000000000000ULL);
  auto missing = run(io_, session_->stat(kTid, "nope"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), NtStatus::ObjectNameNotFound);
}

// ---- CLOSE, TREE_DISCONNECT, LOGOFF_ANDX ----

TEST_F(Smb1SessionTest, TearDownInOrder) {
  logon_challenge_and_tree();
  server_.handlers[Command::Close] = [](const smb1::Message& m) {
    auto req = smb1::CloseRequest::decode(m.blocks[0]);
    if (!req || req->fid != kFid || m.header.tid != kTid)
      return one(make_reply(Command::Close, NtStatus::InvalidHandle));
    return one(make_reply(Command::Close, NtStatus::Success, [](smb1::MessageWriter& mw) {
      smb1::CloseResponse{}.encode(mw);
    }));
  };
  server_.handlers[Command::TreeDisconnect] = [](const smb1::Message& m) {
    return one(make_reply(
        Command::TreeDisconnect, m.header.tid == kTid ? NtStatus::Success : NtStatus::SmbBadTid,
        [](smb1::MessageWriter& mw) { smb1::TreeDisconnectResponse{}.encode(mw); }));
  };
  server_.handlers[Command::LogoffAndX] = [](const smb1::Message& m) {
    return one(make_reply(Command::LogoffAndX,
                          m.header.uid == kUid ? NtStatus::Success : NtStatus::SmbBadUid,
                          [](smb1::MessageWriter& mw) { smb1::LogoffResponse{}.encode(mw); }));
  };
  FileHandle file{kTid, kFid, 0, 0, false};
  EXPECT_TRUE(run(io_, session_->close(file)));
  file.fid = 1;
  auto bad = run(io_, session_->close(file));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), NtStatus::InvalidHandle);
  EXPECT_TRUE(run(io_, session_->tree_disconnect(kTid)));
  EXPECT_TRUE(run(io_, session_->logoff()));
  EXPECT_EQ(session_->connection().uid(), 0);
}

TEST(SmbPath, SeparatorsAndRoot) {
  EXPECT_EQ(smb_path(""), "\\");
  EXPECT_EQ(smb_path("/"), "\\");
  EXPECT_EQ(smb_path("a"), "\\a");
  EXPECT_EQ(smb_path("a/b\\c"), "\\a\\b\\c");
  EXPECT_EQ(smb_path("//a//b/"), "\\a\\b");
}

}  // namespace
}  // namespace smbkit::client
