// One client connection: session framing (direct TCP or the NetBIOS session service), then each
// message handed to the dialect's processor, replies written in order.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <asio.hpp>

#include "server/shared_state.h"
#include "wire/netbios.h"

namespace smbkit::server {

class Smb1Processor;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::ip::tcp::socket socket, bool netbios, SharedState& shared);
  ~Connection();

  asio::awaitable<void> run();
  // Closes the socket; run() then ends. Called on the connection's own loop.
  void close();

 private:
  // RFC 1002 4.3.2: the first packet must be a session request naming us.
  asio::awaitable<bool> accept_netbios_session();
  // Handles one complete message; returns the reply frames to send (empty: no reply).
  asio::awaitable<std::vector<uint8_t>> process(std::vector<uint8_t> message);
  asio::awaitable<void> send(const std::vector<uint8_t>& frame);
  // Sends a negative session response; always yields false (the session is refused).
  asio::awaitable<bool> refuse_session(netbios::NegativeCode code);

  asio::ip::tcp::socket socket_;
  bool netbios_;
  SharedState& shared_;
  std::unique_ptr<Smb1Processor> smb1_;
};

}  // namespace smbkit::server
