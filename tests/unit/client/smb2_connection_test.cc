// Smb2Connection against a fake transport: message ids and credits, signing and its checks,
// interim responses and CANCEL, compounds, encryption, and what ends a connection.
#include "client/smb2_connection.h"

#include <gtest/gtest.h>

#include "crypto/aead.h"
#include "fake_transport.h"
#include <asio/detached.hpp>

#include "smb2/cancel.h"
#include "smb2/compound.h"
#include "smb2/echo.h"
#include "smb2/read.h"
#include "smb2/transform.h"

namespace smbkit::client {
namespace {

using testing::FakeTransport;
using testing::run;

const std::vector<uint8_t> kKey(16, 0x5A);

// A request of `command` with an ECHO body (the connection does not look at bodies but for the
// payload of a READ).
std::vector<uint8_t> request(const Smb2Connection& c, smb2::Command command, uint32_t tree = 0) {
  std::vector<uint8_t> m;
  ByteWriter w(m);
  c.header(command, tree).encode(w);
  smb2::EchoRequest{}.encode(w, 0);
  return m;
}

std::vector<uint8_t> read_request(const Smb2Connection& c, uint32_t length) {
  std::vector<uint8_t> m;
  ByteWriter w(m);
  c.header(smb2::Command::Read).encode(w);
  smb2::ReadRequest r;
  r.length = length;
  r.encode(w, 0);
  return m;
}

// A response to `message_id` granting `credits`, with an ECHO body.
std::vector<uint8_t> response(smb2::Command command, uint64_t message_id, uint16_t credits = 1,
                              NtStatus status = NtStatus::Success, uint64_t session = 0,
                              uint32_t flags = 0, uint64_t async_id = 0) {
  smb2::Header h;
  h.command = static_cast<uint16_t>(command);
  h.message_id = message_id;
  h.credits = credits;
  h.status = status;
  h.session_id = session;
  h.flags = smb2::kFlagsServerToRedir | flags;
  h.async_id = async_id;
  std::vector<uint8_t> m;
  ByteWriter w(m);
  h.encode(w);
  smb2::EchoResponse{}.encode(w, 0);
  return m;
}

Result<TraceFields> accept(const smb2::Header&, Bytes) { return TraceFields{}; }

struct Smb2ConnectionTest : ::testing::Test {
  asio::io_context io;
  Tracer tracer;
  FakeTransport* transport = nullptr;
  std::unique_ptr<Smb2Connection> conn;

  void SetUp() override {
    auto t = std::make_unique<FakeTransport>();
    transport = t.get();
    conn = std::make_unique<Smb2Connection>(std::move(t), tracer, std::chrono::milliseconds(200));
  }
  Result<NtStatus> call(std::vector<uint8_t> message, smb2::Command command) {
    return run(io, conn->call(Smb2Request{std::move(message), {}}, command, accept));
  }
  Result<uint64_t> send(std::vector<uint8_t> message) {
    return run(io, conn->send(Smb2Request{std::move(message), {}}));
  }
};

TEST_F(Smb2ConnectionTest, MessageIdsFollowCreditsAndResponsesGrantMore) {
  // MS-SMB2 3.2.4.1.5: one credit to start with.
  EXPECT_EQ(conn->credits(), 1u);
  transport->reply_raw(response(smb2::Command::Echo, 0, 10));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  EXPECT_EQ(conn->credits(), 10u);
  // The request asked to be topped up to the target.
  auto sent = smb2::Header::decode(transport->sent[0]);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->message_id, 0u);
  EXPECT_EQ(sent->credits, Smb2Connection::kTargetCredits);
  transport->reply_raw(response(smb2::Command::Echo, 1, 1));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  EXPECT_EQ(smb2::Header::decode(transport->sent[1])->message_id, 1u);
}

TEST_F(Smb2ConnectionTest, MultiCreditChargesAreNeverOverspent) {
  conn->set_multi_credit(true);
  EXPECT_EQ(conn->charge_for(0), 1);
  EXPECT_EQ(conn->charge_for(65536), 1);
  EXPECT_EQ(conn->charge_for(65537), 2);
  EXPECT_EQ(conn->charge_for(1024 * 1024), 16);
  // 16 credits for a 1 MiB read, with only 1 granted: refused without sending.
  auto id = send(read_request(*conn, 1024 * 1024));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error(), NtStatus::InsufficientResources);
  EXPECT_TRUE(transport->sent.empty());
  // Granted 20: the read goes out with CreditCharge 16 and takes ids 0..15; the next id is 16.
  transport->reply_raw(response(smb2::Command::Echo, 0, 20));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  auto read_id = send(read_request(*conn, 1024 * 1024));
  ASSERT_TRUE(read_id);
  EXPECT_EQ(*read_id, 1u);
  EXPECT_EQ(smb2::Header::decode(transport->sent[1])->credit_charge, 16);
  EXPECT_EQ(conn->credits(), 4u);
  conn->abandon(*read_id);
  transport->reply_raw(response(smb2::Command::Echo, 17, 1));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  EXPECT_EQ(smb2::Header::decode(transport->sent[2])->message_id, 17u);
}

TEST_F(Smb2ConnectionTest, AResponseToAnotherCommandIsRefused) {
  transport->reply_raw(response(smb2::Command::Flush, 0));
  auto r = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(Smb2ConnectionTest, ErrorStatusesAreTheOutcomeUnlessAccepted) {
  transport->reply_raw(response(smb2::Command::Echo, 0, 1, NtStatus::AccessDenied));
  auto r = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::AccessDenied);
}

TEST_F(Smb2ConnectionTest, ASigningSessionSignsRequestsAndChecksResponses) {
  conn->set_session_id(7);
  conn->set_signer(crypto::make_signer(crypto::SigningAlgorithm::AesCmac, kKey), true);
  auto server = crypto::make_signer(crypto::SigningAlgorithm::AesCmac, kKey);
  auto good = response(smb2::Command::Echo, 0, 1, NtStatus::Success, 7);
  crypto::smb2_sign(*server, good);
  transport->reply_raw(good);
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  EXPECT_TRUE(crypto::smb2_verify(*server, transport->sent[0]));
  // Unsigned, or signed with another key: STATUS_ACCESS_DENIED.
  transport->reply_raw(response(smb2::Command::Echo, 1, 1, NtStatus::Success, 7));
  auto unsigned_reply = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(unsigned_reply);
  EXPECT_EQ(unsigned_reply.error(), NtStatus::AccessDenied);
  auto other = crypto::make_signer(crypto::SigningAlgorithm::AesCmac, std::vector<uint8_t>(16, 1));
  auto forged = response(smb2::Command::Echo, 2, 1, NtStatus::Success, 7);
  crypto::smb2_sign(*other, forged);
  transport->reply_raw(forged);
  auto bad = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), NtStatus::AccessDenied);
}

TEST_F(Smb2ConnectionTest, WithoutRequiredSigningOnlyMarkedRequestsAreSigned) {
  conn->set_session_id(7);
  conn->set_signer(crypto::make_signer(crypto::SigningAlgorithm::AesCmac, kKey), false);
  transport->reply_raw(response(smb2::Command::Echo, 0, 1, NtStatus::Success, 7));
  transport->reply_raw(response(smb2::Command::TreeConnect, 1, 1, NtStatus::Success, 7));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  ASSERT_TRUE(run(io, conn->call(Smb2Request{request(*conn, smb2::Command::TreeConnect), {}, true},
                                 smb2::Command::TreeConnect, accept)));
  EXPECT_FALSE(smb2::Header::decode(transport->sent[0])->is_signed());
  EXPECT_TRUE(smb2::Header::decode(transport->sent[1])->is_signed());
}

TEST_F(Smb2ConnectionTest, AnInterimResponseGivesTheAsyncIdThatCancelNames) {
  auto id = send(request(*conn, smb2::Command::ChangeNotify));
  ASSERT_TRUE(id);
  transport->reply_raw(response(smb2::Command::ChangeNotify, *id, 1, NtStatus::Pending, 0,
                                smb2::kFlagsAsyncCommand, 0x99));
  // The interim response is passed over; the connection then waits for the final one, and
  // the test sends CANCEL once the interim has been seen (by the time-out of the first wait).
  std::optional<Result<NtStatus>> outcome;
  // receive() takes its arguments by reference: they must outlive the spawned coroutine.
  const Smb2Connection::ResponseHandler handler = accept;
  const std::vector<NtStatus> none;
  const std::function<void(Bytes)> no_raw;
  asio::co_spawn(io, conn->receive(*id, smb2::Command::ChangeNotify, handler, none,
                                   Smb2Connection::Wait::Indefinitely, no_raw),
                 [&](std::exception_ptr, Result<NtStatus> r) { outcome = r; });
  io.restart();
  io.run_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(outcome);
  asio::co_spawn(io, conn->cancel(*id), asio::detached);
  for (int i = 0; i < 100 && transport->sent.size() < 2; ++i)
    io.run_for(std::chrono::milliseconds(50));
  ASSERT_EQ(transport->sent.size(), 2u);
  auto cancel = smb2::Header::decode(transport->sent[1]);
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->command, static_cast<uint16_t>(smb2::Command::Cancel));
  EXPECT_TRUE(cancel->is_async());
  EXPECT_EQ(cancel->async_id, 0x99u);
  transport->deliver(0, response(smb2::Command::ChangeNotify, *id, 1, NtStatus::Cancelled, 0,
                                 smb2::kFlagsAsyncCommand, 0x99));
  for (int i = 0; i < 100 && !outcome; ++i) io.run_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(outcome);
  ASSERT_FALSE(*outcome);
  EXPECT_EQ(outcome->error(), NtStatus::Cancelled);
}

TEST_F(Smb2ConnectionTest, ACompoundResponseIsSplitAndEachPartFound) {
  transport->reply_raw(response(smb2::Command::Echo, 0, 3));
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  std::vector<Smb2Request> two;
  two.push_back({request(*conn, smb2::Command::Echo), {}});
  two.push_back({request(*conn, smb2::Command::Flush), {}});
  auto ids = run(io, conn->send(std::move(two)));
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), 2u);
  // Both requests went in one frame.
  EXPECT_EQ(transport->sent.size(), 2u);
  std::vector<uint8_t> frame;
  smb2::CompoundWriter chain(frame);
  chain.append(response(smb2::Command::Echo, (*ids)[0]));
  chain.append(response(smb2::Command::Flush, (*ids)[1]));
  transport->reply_raw(frame);
  EXPECT_TRUE(run(io, conn->receive((*ids)[1], smb2::Command::Flush, accept)));
  EXPECT_TRUE(run(io, conn->receive((*ids)[0], smb2::Command::Echo, accept)));
}

TEST_F(Smb2ConnectionTest, EncryptedRequestsWantEncryptedResponses) {
  conn->set_session_id(7);
  std::vector<uint8_t> c2s(16, 1), s2c(16, 2);
  conn->set_cipher(std::make_unique<crypto::SessionCipher>(crypto::AeadAlgorithm::Aes128Gcm, c2s,
                                                           s2c, 7),
                   true);
  crypto::SessionCipher server(crypto::AeadAlgorithm::Aes128Gcm, s2c, c2s, 7);
  // A sealed response passes; the request went out sealed.
  auto plain = response(smb2::Command::Echo, 0, 1, NtStatus::Success, 7);
  std::vector<uint8_t> sealed(smb2::kTransformHeaderSize + plain.size());
  std::copy(plain.begin(), plain.end(), sealed.begin() + smb2::kTransformHeaderSize);
  server.seal(sealed);
  transport->reply_raw(sealed);
  ASSERT_TRUE(call(request(*conn, smb2::Command::Echo), smb2::Command::Echo));
  EXPECT_EQ(smb2::frame_kind(transport->sent[0]), smb2::FrameKind::Transform);
  std::vector<uint8_t> opened = transport->sent[0];
  EXPECT_TRUE(server.open(opened));
  // A plaintext response to an encrypted request: STATUS_ACCESS_DENIED.
  transport->reply_raw(response(smb2::Command::Echo, 1, 1, NtStatus::Success, 7));
  auto r = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::AccessDenied);
}

TEST_F(Smb2ConnectionTest, AFrameThatDoesNotDecryptEndsTheConnection) {
  conn->set_session_id(7);
  std::vector<uint8_t> c2s(16, 1), s2c(16, 2);
  conn->set_cipher(std::make_unique<crypto::SessionCipher>(crypto::AeadAlgorithm::Aes128Gcm, c2s,
                                                           s2c, 7),
                   true);
  crypto::SessionCipher wrong(crypto::AeadAlgorithm::Aes128Gcm, c2s, c2s, 7);
  auto plain = response(smb2::Command::Echo, 0, 1, NtStatus::Success, 7);
  std::vector<uint8_t> sealed(smb2::kTransformHeaderSize + plain.size());
  std::copy(plain.begin(), plain.end(), sealed.begin() + smb2::kTransformHeaderSize);
  wrong.seal(sealed);
  transport->reply_raw(sealed);
  auto r = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::AccessDenied);
  EXPECT_TRUE(transport->closed);
  auto again = send(request(*conn, smb2::Command::Echo));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), NtStatus::ConnectionDisconnected);
}

TEST_F(Smb2ConnectionTest, StrayResponsesAreDroppedButNotForEver) {
  auto id = send(request(*conn, smb2::Command::Echo));
  ASSERT_TRUE(id);
  for (int i = 0; i < 100; ++i) transport->reply_raw(response(smb2::Command::Echo, 1000 + i));
  auto r = run(io, conn->receive(*id, smb2::Command::Echo, accept));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(Smb2ConnectionTest, ASilentServerTimesOut) {
  auto r = call(request(*conn, smb2::Command::Echo), smb2::Command::Echo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::IoTimeout);
}

}  // namespace
}  // namespace smbkit::client
