// The round trip of the SMB1 commands that answer success with an empty block (CREATE_DIRECTORY,
// DELETE_DIRECTORY, DELETE, RENAME, FLUSH, ...): encode the request, send it, check the reply.
#pragma once

#include <utility>
#include <vector>

#include <asio/awaitable.hpp>

#include "client/smb1_connection.h"
#include "smb1/empty_response.h"

namespace smbkit::client {

template <smb1::Command C, class Request>
asio::awaitable<Result<void>> call_with_empty_reply(Smb1Connection& conn, uint16_t tid,
                                                    const Request& request, TraceFields fields) {
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn.header(C, tid));
  request.encode(mw);
  Smb1Connection::ReplyHandler handler = [](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::EmptyResponse<C>::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    return TraceFields{};
  };
  auto status = co_await conn.call(std::move(msg), std::move(fields), C, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

}  // namespace smbkit::client
