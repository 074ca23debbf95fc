// One client connection: session framing (direct TCP or the NetBIOS session service), then each
// message handed to the dialect's processor and its reply queued for a writer that sends replies
// in order. The connection's limits (ServerLimits) are enforced here: frame sizes, the time
// allowed before logon, and the requests read but not yet answered.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <asio.hpp>

#include "server/shared_state.h"
#include "server/smb1/processor.h"
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
  // Sends a negative session response; always yields false (the session is refused).
  asio::awaitable<bool> refuse_session(netbios::NegativeCode code);
  asio::awaitable<void> send(const std::vector<uint8_t>& frame);

  // Reads requests, at most max_outstanding_requests unanswered, and queues their replies.
  asio::awaitable<void> read_requests();
  // The next message into `message` (keepalives skipped); false when the connection is to close
  // (a frame of the wrong type or over the size limit).
  asio::awaitable<bool> read_message(std::vector<uint8_t>& message);
  // Reads `length` bytes into `out`, growing it as they arrive rather than trusting the length.
  asio::awaitable<void> read_body(std::vector<uint8_t>& out, uint32_t length);
  // Hands one complete message to the dialect's processor; false when the connection is to
  // close (not SMB1). Its outcome comes to complete(), on this loop, in order.
  bool submit(std::vector<uint8_t> message);
  void complete(size_t request_size, Smb1Outcome outcome);
  // Queues the reply to a request answered later (the processor's reply sink posts it here, to
  // the connection's loop); the request was counted in outstanding_ when it was read.
  void queue_late_reply(std::vector<uint8_t> frame);
  // Sends queued replies in order, several at a time when they have piled up.
  asio::awaitable<void> write_replies();
  bool reader_must_wait() const;

  void start_logon_timer();
  void note_logon();

  asio::ip::tcp::socket socket_;
  bool netbios_;
  SharedState& shared_;
  std::string peer_;  // "address:port", for the log
  std::unique_ptr<Smb1Processor> smb1_;

  asio::steady_timer logon_timer_;
  bool logged_on_ = false;
  // Reader and writer wake each other by cancelling these (they never expire by themselves).
  asio::steady_timer reader_wake_;
  asio::steady_timer writer_wake_;
  std::deque<std::vector<uint8_t>> replies_;  // framed replies not yet handed to the socket
  size_t queued_bytes_ = 0;                   // replies_ and the batch being written
  uint32_t outstanding_ = 0;                  // requests read whose replies are not yet sent
  size_t request_bytes_ = 0;                  // requests read and not yet handled
  bool writer_done_ = false;
  bool closed_ = false;
};

}  // namespace smbkit::server
