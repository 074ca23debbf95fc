#include "server/connection.h"

#include <cstring>

#include "server/log.h"
#include "server/smb1/processor.h"
#include "wire/netbios.h"

namespace smbkit::server {

namespace nb = smbkit::netbios;

Connection::Connection(asio::ip::tcp::socket socket, bool netbios, SharedState& shared)
    : socket_(std::move(socket)), netbios_(netbios), shared_(shared) {}

Connection::~Connection() = default;

void Connection::close() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

// Takes the frame by reference: callers keep it alive in a named local across the write.
asio::awaitable<void> Connection::send(const std::vector<uint8_t>& frame) {
  co_await asio::async_write(socket_, asio::buffer(frame), asio::use_awaitable);
}

asio::awaitable<bool> Connection::refuse_session(netbios::NegativeCode code) {
  const std::vector<uint8_t> frame = nb::encode_negative_response(code);
  co_await send(frame);
  co_return false;
}

asio::awaitable<bool> Connection::accept_netbios_session() {
  uint8_t hdr[nb::kHeaderSize];
  co_await asio::async_read(socket_, asio::buffer(hdr), asio::use_awaitable);
  nb::FrameHeader h = nb::decode_header(hdr);
  if (h.type != nb::PacketType::SessionRequest) {
    // SMB traffic (or anything else) before a session request is refused (RFC 1002 4.3.2).
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  // A session request is two encoded names: 68 bytes without scopes; scopes are short.
  if (h.length > 512) {
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  std::vector<uint8_t> body(h.length);
  co_await asio::async_read(socket_, asio::buffer(body), asio::use_awaitable);
  auto req = nb::decode_session_request(body);
  if (!req) {
    co_return co_await refuse_session(nb::NegativeCode::UnspecifiedError);
  }
  bool ours = req->called.name == "*SMBSERVER" ||
              strcasecmp(req->called.name.c_str(), shared_.config.server_name.c_str()) == 0;
  if (!ours) {
    // Windows answers an unknown called name with "called name not present"; clients then retry
    // with *SMBSERVER.
    co_return co_await refuse_session(nb::NegativeCode::CalledNameNotPresent);
  }
  const std::vector<uint8_t> positive = nb::encode_positive_response();
  co_await send(positive);
  co_return true;
}

asio::awaitable<void> Connection::run() {
  auto self = shared_from_this();
  try {
    if (netbios_ && !co_await accept_netbios_session()) {
      close();
      co_return;
    }
    for (;;) {
      uint8_t hdr[nb::kHeaderSize];
      co_await asio::async_read(socket_, asio::buffer(hdr), asio::use_awaitable);
      nb::FrameHeader h = nb::decode_header(hdr);
      if (h.type == nb::PacketType::Keepalive && netbios_) {
        std::vector<uint8_t> ignored(h.length);
        co_await asio::async_read(socket_, asio::buffer(ignored), asio::use_awaitable);
        continue;
      }
      if (h.type != nb::PacketType::SessionMessage || h.length < 4 ||
          h.length > shared_.config.limits.max_pdu_size) {
        log_debug("closing connection: bad frame type 0x{:02x} length {}",
                  static_cast<unsigned>(h.type), h.length);
        break;
      }
      std::vector<uint8_t> message(h.length);
      co_await asio::async_read(socket_, asio::buffer(message), asio::use_awaitable);
      std::vector<uint8_t> reply = co_await process(std::move(message));
      if (reply.empty()) break;  // the processor wants the connection closed
      co_await send(reply);
    }
  } catch (const std::system_error& e) {
    log_debug("connection ended: {}", e.what());
  }
  close();
}

asio::awaitable<std::vector<uint8_t>> Connection::process(std::vector<uint8_t> message) {
  if (message[0] == 0xFF && std::memcmp(message.data() + 1, "SMB", 3) == 0) {
    if (!smb1_) smb1_ = std::make_unique<Smb1Processor>(shared_);
    std::vector<uint8_t> reply = co_await smb1_->process(std::move(message));
    co_return reply;
  }
  // SMB2 (0xFE 'SMB') arrives with its own issue; anything else is not SMB.
  log_debug("closing connection: not an SMB1 message");
  co_return std::vector<uint8_t>{};
}

}  // namespace smbkit::server
