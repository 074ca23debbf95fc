// A fixture for the client's file operations: a session over FakeTransport that has negotiated
// NT LM 0.12 (the capabilities, MaxBufferSize and MaxMpxCount the test chooses) and logged on
// (the scripted server takes any password), with a trace recorder and helpers to look at what
// the client sent.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <gtest/gtest.h>

#include "client/smb1_session.h"
#include "fake_transport.h"
#include "scripted_server.h"
#include "smb1/header.h"
#include "smb1/negotiate.h"
#include "smb1/session_setup.h"

namespace smbkit::client::testing {

inline constexpr uint16_t kUid = 0x0800;
inline constexpr uint16_t kTid = 0x0001;

class LoggedOnSessionTest : public ::testing::Test {
 protected:
  struct Server {
    uint32_t capabilities = smb1::kCapUnicode | smb1::kCapNtSmbs | smb1::kCapStatus32 |
                            smb1::kCapLargeFiles | smb1::kCapNtFind;
    uint32_t max_buffer_size = 4096;
    uint16_t max_mpx_count = 3;
  };

  void connect() { connect(Server{}); }
  void connect(const Server& server) {
    smb1::NegotiateResponse negotiated;
    negotiated.security_mode = smb1::kNegotiateUserSecurity | smb1::kNegotiateEncryptPasswords;
    negotiated.max_mpx_count = server.max_mpx_count;
    negotiated.max_number_vcs = 1;
    negotiated.max_buffer_size = server.max_buffer_size;
    negotiated.capabilities = server.capabilities;
    negotiated.challenge.assign(8, 0x11);
    negotiated.domain_name = "WORKGROUP";
    server_.handlers[smb1::Command::Negotiate] = [negotiated](const smb1::Message&) {
      return one(make_reply(smb1::Command::Negotiate, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { negotiated.encode(mw); }));
    };
    server_.handlers[smb1::Command::SessionSetupAndX] = [](const smb1::Message&) {
      smb1::SessionSetupResponse resp{0, "Unix", "test", "WORKGROUP"};
      return one(make_reply(smb1::Command::SessionSetupAndX, NtStatus::Success,
                            [&](smb1::MessageWriter& mw) { resp.encode(mw); }, kUid));
    };
    ClientOptions options;
    options.host = "srv";
    options.user = "alice";
    options.password = "secret";
    options.workstation = "CLIENT";
    options.security = ClientOptions::Security::Challenge;
    auto fake = std::make_unique<FakeTransport>();
    fake_ = fake.get();
    fake_->server = [this](const std::vector<uint8_t>& r) { return server_(r); };
    session_ = std::make_unique<Smb1Session>(std::move(fake), tracer_, options);
    ASSERT_TRUE(run(io_, session_->negotiate()));
    ASSERT_TRUE(run(io_, session_->logon()));
    server_.seen.clear();
    events_.clear();
  }

  // The requests the client sent with `command`, parsed (views into the fake's records).
  std::vector<smb1::Message> sent(smb1::Command command) const {
    std::vector<smb1::Message> out;
    for (const auto& bytes : fake_->sent) {
      auto m = smb1::parse_message(bytes);
      if (m && m->header.command == static_cast<uint8_t>(command)) out.push_back(*m);
    }
    return out;
  }

  // A reply for `command` in the current tree and session.
  std::vector<uint8_t> reply(smb1::Command command, NtStatus status,
                             const std::function<void(smb1::MessageWriter&)>& body = {}) {
    return make_reply(command, status, body, kUid, kTid);
  }

  const TraceEvent* find_event(Direction d, const std::string& command, size_t nth = 0) const {
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
};

}  // namespace smbkit::client::testing
