// Request/response matching and the checks every reply goes through, fed from canned messages.
#include "client/smb1_connection.h"

#include <gtest/gtest.h>

#include "fake_transport.h"
#include "smb1/dos_error.h"
#include "smb1/echo.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::FakeTransport;
using testing::make_reply;
using testing::run;

constexpr auto kShortTimeout = std::chrono::milliseconds(50);

// An ECHO reply carrying `payload`, so that a test can tell replies apart.
std::vector<uint8_t> echo_reply(uint8_t payload) {
  return make_reply(Command::Echo, NtStatus::Success, [&](smb1::MessageWriter& mw) {
    smb1::EchoResponse{1, {payload}}.encode(mw);
  });
}

class Smb1ConnectionTest : public ::testing::Test {
 protected:
  Smb1ConnectionTest()
      : tracer_([this](const TraceEvent& e) { events_.push_back(e); }) {
    auto fake = std::make_unique<FakeTransport>();
    fake_ = fake.get();
    conn_ = std::make_unique<Smb1Connection>(std::move(fake), tracer_, std::chrono::seconds(5));
  }

  std::vector<uint8_t> echo_request() {
    std::vector<uint8_t> msg;
    smb1::MessageWriter mw(msg, conn_->header(Command::Echo, 7));
    smb1::EchoRequest{1, {0xAA}}.encode(mw);
    return msg;
  }

  Result<uint16_t> send_echo() {
    return run(io_, conn_->send(echo_request(), TraceFields{{"n", "1"}}));
  }

  // Receives the reply to `mid` as an ECHO reply; its payload byte goes to `payload`.
  Result<NtStatus> receive_echo(uint16_t mid, int& payload,
                                const std::vector<NtStatus>& accepted = {}) {
    Smb1Connection::ReplyHandler handler = [&](const smb1::Message& m) -> Result<TraceFields> {
      auto resp = smb1::EchoResponse::decode(m.blocks[0]);
      if (!resp) return fail(resp.error());
      payload = resp->data.empty() ? -1 : resp->data[0];
      return TraceFields{{"payload", std::to_string(payload)}};
    };
    return run(io_, conn_->receive(mid, Command::Echo, handler, accepted));
  }

  asio::io_context io_;
  std::vector<TraceEvent> events_;
  Tracer tracer_;
  FakeTransport* fake_ = nullptr;
  std::unique_ptr<Smb1Connection> conn_;
};

TEST_F(Smb1ConnectionTest, RequestCarriesHeaderFieldsAndANewMid) {
  conn_->set_uid(0x0800);
  conn_->set_flags2(smb1::kFlags2Unicode | smb1::kFlags2NtStatus);
  auto a = send_echo();
  auto b = send_echo();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  ASSERT_EQ(fake_->sent.size(), 2u);
  ByteReader r(fake_->sent[0]);
  auto h = smb1::Header::decode(r);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->command, static_cast<uint8_t>(Command::Echo));
  EXPECT_FALSE(h->is_reply());
  EXPECT_EQ(h->uid, 0x0800);
  EXPECT_EQ(h->tid, 7);
  EXPECT_EQ(h->mid, *a);
  EXPECT_EQ(h->flags2, smb1::kFlags2Unicode | smb1::kFlags2NtStatus);
  EXPECT_EQ(conn_->outstanding(), 2u);
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[0].sequence, 1u);
  EXPECT_EQ(events_[0].direction, Direction::ClientToServer);
  EXPECT_EQ(events_[0].command, "SMB_COM_ECHO");
  EXPECT_EQ(events_[0].status, "-");
}

TEST_F(Smb1ConnectionTest, RepliesAreMatchedByMidWhateverTheirOrder) {
  auto first = send_echo();
  auto second = send_echo();
  ASSERT_TRUE(first && second);
  fake_->reply_to(1, echo_reply(2));  // the second request's reply comes first
  fake_->reply_to(0, echo_reply(1));
  int payload = 0;
  auto st = receive_echo(*first, payload);
  ASSERT_TRUE(st);
  EXPECT_EQ(*st, NtStatus::Success);
  EXPECT_EQ(payload, 1);
  conn_->finish(*first);
  payload = 0;
  st = receive_echo(*second, payload);  // kept from before: nothing more is read
  ASSERT_TRUE(st);
  EXPECT_EQ(payload, 2);
  EXPECT_EQ(fake_->received, 2u);
  // Each reply is numbered as it came off the wire.
  ASSERT_EQ(events_.size(), 4u);
  EXPECT_EQ(events_[2].sequence, 4u);
  EXPECT_EQ(events_[2].fields, (TraceFields{{"payload", "1"}}));
  EXPECT_EQ(events_[3].sequence, 3u);
  EXPECT_EQ(events_[3].status, "STATUS_SUCCESS");
}

TEST_F(Smb1ConnectionTest, ReplyToNoRequestIsDiscarded) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  auto stray = echo_reply(9);
  stray[30] = 0x34;  // MID 0x1234: never sent
  stray[31] = 0x12;
  fake_->reply_raw(stray);
  fake_->reply_to(0, echo_reply(1));
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_TRUE(st);
  EXPECT_EQ(payload, 1);
  ASSERT_EQ(events_.size(), 3u);
  EXPECT_EQ(events_[1].fields.at(0).key, "discarded");
}

TEST_F(Smb1ConnectionTest, ReplyWithTheWrongCommandIsAnInvalidResponse) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  fake_->reply_to(0, make_reply(Command::Close, NtStatus::Success, [](smb1::MessageWriter& mw) {
    mw.begin_block(static_cast<uint8_t>(Command::Close));
    mw.begin_data();
    mw.end_block();
  }));
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(payload, 0);  // the handler never saw it
  EXPECT_EQ(events_.back().command, "SMB_COM_CLOSE");
}

TEST_F(Smb1ConnectionTest, MessageWithoutTheReplyFlagIsAnInvalidResponse) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  auto not_reply = echo_reply(1);
  not_reply[9] &= ~smb1::kFlagsReply;  // Flags
  fake_->reply_to(0, not_reply);
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(Smb1ConnectionTest, TruncatedReplyIsAnInvalidResponse) {
  auto whole = echo_reply(1);
  // Cut inside the parameter words, inside the data, and inside the header.
  for (size_t keep : {whole.size() - 1, size_t{36}, size_t{33}, size_t{20}}) {
    auto mid = send_echo();
    ASSERT_TRUE(mid);
    size_t index = fake_->sent.size() - 1;
    fake_->reply_to(index, std::vector<uint8_t>(whole.begin(), whole.begin() + keep));
    int payload = 0;
    auto st = receive_echo(*mid, payload);
    ASSERT_FALSE(st) << keep;
    EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse) << keep;
    conn_->finish(*mid);
  }
}

TEST_F(Smb1ConnectionTest, LyingByteCountIsAnInvalidResponse) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  auto lying = echo_reply(1);
  lying[smb1::kHeaderSize + 3] = 0x40;  // ByteCount (after WordCount 1 and its word): 64
  fake_->reply_to(0, lying);
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(Smb1ConnectionTest, ErrorStatusIsTheResult) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  fake_->reply_to(0, make_reply(Command::Echo, NtStatus::AccessDenied));
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::AccessDenied);
  EXPECT_EQ(payload, 0);
  EXPECT_EQ(events_.back().status, "STATUS_ACCESS_DENIED");
}

TEST_F(Smb1ConnectionTest, DosErrorClassIsReadAsItsStatus) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  auto reply = make_reply(Command::Echo, static_cast<NtStatus>(smb1::pack_dos_error(
                                             {smb1::kErrClassSrv, smb1::kErrInvNetName})),
                          {}, 0, 0, smb1::kFlags2Unicode);  // no FLAGS2_NT_STATUS
  fake_->reply_to(0, reply);
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::BadNetworkName);
}

TEST_F(Smb1ConnectionTest, AcceptedStatusReachesTheHandler) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  fake_->reply_to(0, make_reply(Command::Echo, NtStatus::MoreProcessingRequired,
                                [](smb1::MessageWriter& mw) {
                                  smb1::EchoResponse{1, {5}}.encode(mw);
                                }));
  int payload = 0;
  auto st = receive_echo(*mid, payload, {NtStatus::MoreProcessingRequired});
  ASSERT_TRUE(st);
  EXPECT_EQ(*st, NtStatus::MoreProcessingRequired);
  EXPECT_EQ(payload, 5);
}

TEST_F(Smb1ConnectionTest, HandlerFailureIsTheResultAndIsTraced) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  // An ECHO reply with no words: the codec refuses it.
  fake_->reply_to(0, make_reply(Command::Echo, NtStatus::Success, [](smb1::MessageWriter& mw) {
    mw.begin_block(static_cast<uint8_t>(Command::Echo));
    mw.begin_data();
    mw.end_block();
  }));
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(events_.back().fields,
            (TraceFields{{"error", "STATUS_INVALID_NETWORK_RESPONSE"}}));
}

TEST_F(Smb1ConnectionTest, AbandonedReplyIsDroppedWhenItComes) {
  auto a = send_echo();
  auto b = send_echo();
  ASSERT_TRUE(a && b);
  conn_->abandon(*a);
  fake_->reply_to(0, echo_reply(1));
  fake_->reply_to(1, echo_reply(2));
  int payload = 0;
  auto st = receive_echo(*b, payload);
  ASSERT_TRUE(st);
  EXPECT_EQ(payload, 2);
  EXPECT_EQ(fake_->received, 2u);
}

TEST_F(Smb1ConnectionTest, SilentServerTimesOutAndEndsTheConnection) {
  auto fake = std::make_unique<FakeTransport>();
  FakeTransport* f = fake.get();
  Smb1Connection conn(std::move(fake), tracer_, kShortTimeout);
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn.header(Command::Echo));
  smb1::EchoRequest{1, {}}.encode(mw);
  auto start = std::chrono::steady_clock::now();
  Smb1Connection::ReplyHandler none = [](const smb1::Message&) -> Result<TraceFields> {
    return TraceFields{};
  };
  auto st = run(io_, conn.call(msg, {}, Command::Echo, none));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::IoTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(f->closed);
  auto again = run(io_, conn.send(msg, {}));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), NtStatus::ConnectionDisconnected);
}

TEST_F(Smb1ConnectionTest, TransportFailureIsTheResultThenTheConnectionIsGone) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  fake_->receive_error = NtStatus::ConnectionReset;
  int payload = 0;
  auto st = receive_echo(*mid, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::ConnectionReset);
  auto again = send_echo();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), NtStatus::ConnectionDisconnected);
}

TEST_F(Smb1ConnectionTest, WaitingIndefinitelyOutlastsTheReplyTimeout) {
  auto fake = std::make_unique<FakeTransport>();
  FakeTransport* f = fake.get();
  Smb1Connection conn(std::move(fake), tracer_, kShortTimeout);
  auto mid = run(io_, conn.send(echo_request(), {}));
  ASSERT_TRUE(mid);
  asio::steady_timer later(io_, kShortTimeout * 3);
  later.async_wait([&](std::error_code) { f->deliver(0, echo_reply(9)); });
  int payload = 0;
  Smb1Connection::ReplyHandler handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::EchoResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    payload = resp->data.at(0);
    return TraceFields{};
  };
  auto start = std::chrono::steady_clock::now();
  auto st = run(io_, conn.receive(*mid, Command::Echo, handler, {},
                                  Smb1Connection::Wait::Indefinitely));
  ASSERT_TRUE(st) << status_name(st.error());
  EXPECT_EQ(payload, 9);
  EXPECT_GE(std::chrono::steady_clock::now() - start, kShortTimeout * 3);
  EXPECT_FALSE(f->closed);
}

TEST_F(Smb1ConnectionTest, UnansweredMessageKeepsItsMidAndAwaitsNothing) {
  auto mid = send_echo();
  ASSERT_TRUE(mid);
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_->header(Command::NtCancel, 7));
  mw.begin_block(static_cast<uint8_t>(Command::NtCancel));
  mw.begin_data();
  mw.end_block();
  ASSERT_TRUE(run(io_, conn_->send_unanswered(msg, *mid, TraceFields{{"mid", "x"}})));
  ASSERT_EQ(fake_->sent.size(), 2u);
  ByteReader r(fake_->sent[1]);
  auto h = smb1::Header::decode(r);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->command, static_cast<uint8_t>(Command::NtCancel));
  EXPECT_EQ(h->mid, *mid);  // the request it names
  EXPECT_EQ(conn_->outstanding(), 1u);  // the echo only
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[1].command, "SMB_COM_NT_CANCEL");
  EXPECT_EQ(events_[1].fields, (TraceFields{{"mid", "x"}}));
}

TEST_F(Smb1ConnectionTest, ReceivingForAMidNotSentIsRefused) {
  int payload = 0;
  auto st = receive_echo(42, payload);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error(), NtStatus::InvalidParameter);
}

}  // namespace
}  // namespace smbkit::client
