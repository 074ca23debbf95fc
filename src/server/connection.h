// One client connection: session framing (direct TCP or the NetBIOS session service), then each
// message handed to the dialect's processor and its reply queued for a writer that sends replies
// in order. The connection's limits (ServerLimits) are enforced here: frame sizes, the time
// allowed before logon, and the requests read but not yet answered.
#pragma once

#include <cstdint>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "server/reply.h"
#include "server/shared_state.h"
#include "server/dialect_processor.h"
#include "wire/netbios.h"

namespace smbkit::server {


// Largest message accepted before a logon completes: the MaxBufferSize smbkit negotiates
// (negotiate_handler.cc). NEGOTIATE and SESSION_SETUP (a Kerberos ticket included) fit in it.
inline constexpr uint32_t kMaxPreLogonMessage = 65535;
// Reply bytes queued for the socket beyond which no further request is read. Enough for a large
// read's reply to be sent while the next one is produced; one reply larger still passes alone.
inline constexpr size_t kMaxQueuedReplyBytes = 4 * 1024 * 1024;
// Request bytes read and not yet handled beyond which no further request is read: requests are
// read ahead of their handling (up to --max-outstanding of them), but not 50 of 16 MiB each.
// One request larger still passes alone.
inline constexpr size_t kMaxRequestBytesInProgress = 16 * 1024 * 1024;
// Bytes received at once ahead of the message being read: a whole small request (most are, and
// often the next) in one receive, where its header and body took one each. Larger bodies are
// read straight into their message. Small, since every idle connection holds it.
inline constexpr size_t kReceiveBufferSize = 1024;
// The most a wait for a message's bytes asks to have queued before the loop wakes: the kernel
// grows the receive buffer to hold it, so it stays near the largest common write.
inline constexpr size_t kMaxWakeThreshold = 256 * 1024;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, bool netbios, SharedState& shared);
  ~Connection();

  // Serves the connection until the peer leaves, breaks a limit, or close() is called.
  asio::awaitable<void> run();
  // Closes the socket; run() then ends. Called on the connection's own loop.
  void close();

 private:
  // RFC 1002 4.3.2: the first packet must be a session request naming us.
  asio::awaitable<bool> accept_netbios_session();
  // The server's "hosts allow" / "hosts deny": a client they refuse is sent a negative session
  // response (yields false).
  asio::awaitable<bool> host_allowed_here();
  // Sends a negative session response; always yields false (the session is refused).
  asio::awaitable<bool> refuse_session(netbios::NegativeCode code);
  asio::awaitable<void> send(const std::vector<uint8_t>& frame);

  // Reads requests, at most max_outstanding_requests unanswered, and queues their replies.
  asio::awaitable<void> read_requests();
  // The next message into `message` (keepalives skipped); false when the connection is to close
  // (a frame of the wrong type or over the size limit).
  asio::awaitable<bool> read_message(MessageBuffer& message);
  // Reads `length` bytes into `out`, growing it as they arrive rather than trusting the length.
  asio::awaitable<void> read_body(MessageBuffer& out, uint32_t length);
  // Reads exactly `length` bytes into `out`: first what was received ahead, then the socket.
  // `owed`: how many bytes the peer is still to send of this message, when more than `length`.
  asio::awaitable<void> read_exact(uint8_t* out, size_t length, size_t owed = 0);
  // One receive of up to `room` bytes into `out`; when none are queued, waits until `wanted`
  // are (or the peer stops short of them with the window full).
  asio::awaitable<size_t> receive_some(uint8_t* out, size_t room, size_t wanted);
  void wake_when_received(size_t wanted);
  // Moves up to `want` bytes received ahead into `out`; how many it moved.
  size_t take_received(uint8_t* out, size_t want);
  // Hands one complete message to the dialect's processor; false when the connection is to
  // close (not SMB, or not the dialect negotiated). Its outcome comes to complete(), on this
  // loop, in order.
  bool submit(MessageBuffer message);
  // The processor for a connection's first message: SMB1's, or SMB2's for an SMB2 NEGOTIATE or
  // an SMB1 NEGOTIATE that offers SMB2 (whose answer, an SMB2 NEGOTIATE response, is then
  // queued here). False when the server serves no dialect the message could start.
  bool choose_processor(const MessageBuffer& message);
  void complete(size_t request_size, Outcome outcome);
  // Queues the reply to a request answered later (the processor's reply sink posts it here, to
  // the connection's loop); the request was counted in outstanding_ when it was read.
  void queue_late_reply(std::vector<uint8_t> frame);
  // Queues a framed reply and starts the writer if it is idle.
  void queue_reply(Reply reply);
  // Sends queued replies in order, several at a time when they have piled up, until none is left.
  void write_replies();
  // The parts of write_replies(): the batch's bytes, its last reply's file tail, and what follows
  // a batch sent; a send that would block resumes where it was once the socket is writable.
  void send_batch();
  void send_tail();
  void await_writable(void (Connection::*resume)());
  void finish_batch();
  bool reader_must_wait() const;
  void wake_reader();

  void start_logon_timer();
  void note_logon();
  void start_idle_timer(std::chrono::steady_clock::duration wait);

  asio::ip::tcp::socket socket_;
  bool netbios_;
  SharedState& shared_;
  std::string peer_;  // "address:port", for the log
  std::shared_ptr<DialectProcessor> processor_;  // chosen by the first message
  bool smb2_ = false;                            // which one it is

  asio::steady_timer logon_timer_;
  bool logged_on_ = false;
  // ServerLimits::idle_timeout_seconds: when the last request was read.
  asio::steady_timer idle_timer_;
  std::chrono::steady_clock::time_point last_request_{};
  // The reader, held back by a limit, waits on this; it is cancelled when that may have changed
  // (it never expires by itself).
  asio::steady_timer reader_wake_;
  bool reader_waiting_ = false;
  std::deque<Reply> replies_;  // framed replies not yet handed to the socket
  std::vector<Reply> batch_;   // the replies being written
  size_t batch_bytes_ = 0;     // their size, frames and tails
  size_t batch_frame_ = 0;     // the first frame of batch_ not wholly sent
  size_t batch_sent_ = 0;      // how much of it is
  bool writing_ = false;
  size_t queued_bytes_ = 0;                   // replies_ and batch_
  // Received ahead of the message being read: received_[received_begin_, received_end_).
  std::vector<uint8_t> received_;
  size_t received_begin_ = 0;
  size_t received_end_ = 0;
  int wake_threshold_ = 1;  // the socket's SO_RCVLOWAT
  uint32_t outstanding_ = 0;                  // requests read whose replies are not yet sent
  size_t request_bytes_ = 0;                  // requests read and not yet handled
  bool closed_ = false;
};

}  // namespace smbkit::server
