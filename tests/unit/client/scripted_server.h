// A fake server for client tests, scripted per command: each handler gets the parsed request
// and returns the replies (none holds the request unanswered). Plugs into FakeTransport::server.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "fake_transport.h"
#include "smb1/message.h"

namespace smbkit::client::testing {

using Replies = std::vector<std::vector<uint8_t>>;

inline Replies one(std::vector<uint8_t> reply) { return {std::move(reply)}; }

struct ScriptedServer {
  using Handler = std::function<Replies(const smb1::Message&)>;
  std::map<smb1::Command, Handler> handlers;
  std::vector<smb1::Command> seen;

  // Commands without a handler get STATUS_SMB_BAD_COMMAND.
  Replies operator()(const std::vector<uint8_t>& request) {
    auto m = smb1::parse_message(request);
    if (!m) return {};
    auto command = static_cast<smb1::Command>(m->header.command);
    seen.push_back(command);
    auto it = handlers.find(command);
    if (it == handlers.end()) return {make_reply(command, NtStatus::SmbBadCommand)};
    return it->second(*m);
  }
};

}  // namespace smbkit::client::testing
