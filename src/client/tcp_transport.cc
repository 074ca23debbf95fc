#include "client/tcp_transport.h"

#include <array>
#include <cctype>
#include <utility>

#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

#include "client/deadline.h"
#include "client/net_status.h"
#include "wire/netbios.h"

namespace smbkit::client {
namespace {

namespace nb = smbkit::netbios;
using asio::ip::tcp;

constexpr char kAnyServerName[] = "*SMBSERVER";
// A NetBIOS control packet's body: 0 (positive), 1 (negative) or 6 (retarget) bytes.
constexpr uint32_t kMaxControlBody = 64;

class TcpTransport final : public Transport {
 public:
  TcpTransport(tcp::socket socket, bool netbios, Tracer& tracer)
      : socket_(std::move(socket)), netbios_(netbios), tracer_(tracer) {}

  asio::awaitable<Result<void>> send(std::vector<uint8_t> message) override {
    if (message.size() > 0xFFFFFF) co_return fail(NtStatus::InvalidParameter);
    std::vector<uint8_t> header = nb::message_header(static_cast<uint32_t>(message.size()));
    std::array<asio::const_buffer, 2> buffers{asio::buffer(header), asio::buffer(message)};
    std::error_code ec;
    co_await asio::async_write(socket_, buffers, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return fail(status_from_network_error(ec));
    if (sent_spare_.size() < kSpareBuffers && message.capacity() >= kRecycledSize) {
      message.clear();
      sent_spare_.push_back(std::move(message));
    }
    co_return Result<void>{};
  }

  asio::awaitable<Result<std::vector<uint8_t>>> receive() override {
    for (;;) {
      uint8_t hdr[nb::kHeaderSize];
      std::error_code ec;
      co_await asio::async_read(socket_, asio::buffer(hdr),
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return fail(status_from_network_error(ec));
      nb::FrameHeader h = nb::decode_header(hdr);
      if (h.type == nb::PacketType::Keepalive && netbios_ && h.length <= kMaxControlBody) {
        tracer_.emit(tracer_.take_sequence(), Direction::ServerToClient, "NETBIOS KEEPALIVE",
                     "-");
        std::vector<uint8_t> ignored(h.length);
        co_await asio::async_read(socket_, asio::buffer(ignored),
                                  asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return fail(status_from_network_error(ec));
        continue;
      }
      // The smallest SMB message is the protocol identifier; anything else here is not ours.
      if (h.type != nb::PacketType::SessionMessage || h.length < 4)
        co_return fail(NtStatus::InvalidNetworkResponse);
      std::vector<uint8_t> message = take_buffer(h.length);
      co_await asio::async_read(socket_, asio::buffer(message),
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return fail(status_from_network_error(ec));
      co_return message;
    }
  }

  void recycle(std::vector<uint8_t> buffer) override {
    if (spare_.size() < kSpareBuffers && buffer.capacity() >= kRecycledSize)
      spare_.push_back(std::move(buffer));
  }

  std::vector<uint8_t> message_buffer(size_t capacity) override {
    for (size_t i = 0; i < sent_spare_.size(); ++i) {
      if (sent_spare_[i].capacity() < capacity) continue;
      std::vector<uint8_t> b = std::move(sent_spare_[i]);
      sent_spare_.erase(sent_spare_.begin() + static_cast<std::ptrdiff_t>(i));
      return b;
    }
    return Transport::message_buffer(capacity);
  }

  void close() override {
    std::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  // A buffer of `size` bytes: a recycled one when there is one (keeping its length, so that
  // shrinking it writes nothing and growing it zero-fills only the difference), else a new one.
  std::vector<uint8_t> take_buffer(size_t size) {
    if (size < kRecycledSize || spare_.empty()) return std::vector<uint8_t>(size);
    std::vector<uint8_t> b = std::move(spare_.back());
    spare_.pop_back();
    b.resize(size);
    return b;
  }
  // Messages this large are worth keeping; a few READ windows' worth of them.
  static constexpr size_t kRecycledSize = 64 * 1024;
  static constexpr size_t kSpareBuffers = 48;
  std::vector<std::vector<uint8_t>> spare_;       // received messages, handed back
  std::vector<std::vector<uint8_t>> sent_spare_;  // sent messages, emptied

  tcp::socket socket_;
  bool netbios_;
  Tracer& tracer_;
};

// Resolves the host and connects `socket` to the first address that answers.
asio::awaitable<Result<void>> open_socket(tcp::socket& socket, const TcpTarget& target) {
  tcp::resolver resolver(socket.get_executor());
  std::error_code ec;
  auto endpoints = co_await resolver.async_resolve(
      target.host, std::to_string(target.port), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(status_from_network_error(ec));
  co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(status_from_network_error(ec));
  socket.set_option(tcp::no_delay(true), ec);
  co_return Result<void>{};
}

struct SessionAnswer {
  nb::PacketType type = nb::PacketType::NegativeResponse;
  uint8_t error = 0;  // the negative response's code
};

// Sends the session request and reads the answer (RFC 1002 4.3.2).
asio::awaitable<Result<SessionAnswer>> request_session(tcp::socket& socket,
                                                       const std::string& called,
                                                       const std::string& calling,
                                                       Tracer& tracer) {
  std::vector<uint8_t> request = nb::encode_session_request(called, calling);
  tracer.emit(tracer.take_sequence(), Direction::ClientToServer, "NETBIOS SESSION REQUEST", "-",
              {{"called", called}, {"calling", calling}});
  std::error_code ec;
  co_await asio::async_write(socket, asio::buffer(request),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(status_from_network_error(ec));

  uint8_t hdr[nb::kHeaderSize];
  co_await asio::async_read(socket, asio::buffer(hdr),
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(status_from_network_error(ec));
  nb::FrameHeader h = nb::decode_header(hdr);
  if (h.length > kMaxControlBody) co_return fail(NtStatus::InvalidNetworkResponse);
  std::vector<uint8_t> body(h.length);
  co_await asio::async_read(socket, asio::buffer(body),
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return fail(status_from_network_error(ec));

  uint32_t seq = tracer.take_sequence();
  SessionAnswer answer{h.type, 0};
  switch (h.type) {
    case nb::PacketType::PositiveResponse:
      tracer.emit(seq, Direction::ServerToClient, "NETBIOS POSITIVE RESPONSE", "-");
      co_return answer;
    case nb::PacketType::NegativeResponse:
      if (body.size() != 1) break;
      answer.error = body[0];
      tracer.emit(seq, Direction::ServerToClient, "NETBIOS NEGATIVE RESPONSE", "-",
                  {{"error", fmt::format("0x{:02X}", answer.error)}});
      co_return answer;
    case nb::PacketType::RetargetResponse:
      tracer.emit(seq, Direction::ServerToClient, "NETBIOS RETARGET RESPONSE", "-");
      co_return answer;
    default:
      break;
  }
  tracer.emit(seq, Direction::ServerToClient,
              fmt::format("NETBIOS 0x{:02X}", static_cast<unsigned>(h.type)), "-");
  co_return fail(NtStatus::InvalidNetworkResponse);
}

// RFC 1002 4.3.4 negative response codes, as the status a Windows client would report.
NtStatus status_from_negative_response(uint8_t code) {
  switch (static_cast<nb::NegativeCode>(code)) {
    case nb::NegativeCode::NotListeningOnCalledName:
    case nb::NegativeCode::CalledNameNotPresent:
      return NtStatus::BadNetworkPath;
    default:
      return NtStatus::ConnectionRefused;
  }
}

asio::awaitable<Result<std::unique_ptr<Transport>>> connect_once(const TcpTarget& target,
                                                                 const std::string& called,
                                                                 Tracer& tracer,
                                                                 bool& retry_any_name) {
  retry_any_name = false;
  tcp::socket socket(co_await asio::this_coro::executor);
  auto opened = co_await with_deadline(open_socket(socket, target), target.timeout);
  if (!opened) co_return fail(opened.error());
  if (target.netbios) {
    auto answer = co_await with_deadline(
        request_session(socket, called, target.calling_name, tracer), target.timeout);
    if (!answer) co_return fail(answer.error());
    if (answer->type == nb::PacketType::RetargetResponse) co_return fail(NtStatus::NotSupported);
    if (answer->type == nb::PacketType::NegativeResponse) {
      constexpr auto kNotPresent = static_cast<uint8_t>(nb::NegativeCode::CalledNameNotPresent);
      retry_any_name = answer->error == kNotPresent;
      co_return fail(status_from_negative_response(answer->error));
    }
  }
  co_return std::make_unique<TcpTransport>(std::move(socket), target.netbios, tracer);
}

// The called name for `host`: what encode_name puts on the wire, for the trace to show.
std::string called_name(const std::string& host) {
  std::string name = host.substr(0, 15);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

asio::awaitable<Result<std::unique_ptr<Transport>>> connect_tcp(const TcpTarget& target,
                                                                Tracer& tracer) {
  bool retry = false;
  auto transport = co_await connect_once(target, called_name(target.host), tracer, retry);
  if (!transport && retry && called_name(target.host) != kAnyServerName)
    transport = co_await connect_once(target, kAnyServerName, tracer, retry);
  co_return std::move(transport);
}

}  // namespace smbkit::client
