// Watching a directory over SMB 2/3: CHANGE_NOTIFY on an open directory, reissued after each
// report (MS-SMB2 3.2.4.14, 3.2.5.15), and CANCEL of the pending request when the caller stops
// (3.2.4.24: the server then completes it with STATUS_CANCELLED).
#include <algorithm>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/this_coro.hpp>

#include "client/smb2_session.h"
#include "fscc/notify_information.h"
#include "smb2/change_notify.h"
#include "smb2/output_buffer.h"

namespace smbkit::client {
namespace {

// STATUS_NOTIFY_ENUM_DIR: more changed than the server could keep (a success code).
const std::vector<NtStatus> kNotifyStatuses{NtStatus::NotifyEnumDir};

}  // namespace

void Smb2Session::interrupt_watch() {
  if (!watching_ || !watching_->pending || watching_->cancel_sent) return;
  watching_->cancel_sent = true;
  asio::co_spawn(
      watching_->executor,
      [this, id = *watching_->pending]() -> asio::awaitable<void> {
        // A failure to send breaks the connection, which the pending request then reports.
        co_await conn_.cancel(id);
      },
      asio::detached);
}

asio::awaitable<Result<void>> Smb2Session::watch(TreeId tree, std::string dir,
                                                 WatchOptions options, const ChangeSink& sink,
                                                 const std::atomic<bool>& stop) {
  if (watching_) co_return fail(NtStatus::InvalidDeviceState);
  auto opened = co_await open(tree, dir, OpenOptions::existing_directory());
  if (!opened) co_return fail(opened.error());
  watching_.emplace(Watching{std::nullopt, false, co_await asio::this_coro::executor});
  Result<void> outcome;
  while (!stop.load()) {
    smb2::ChangeNotifyRequest req;
    req.flags = options.recursive ? smb2::kWatchTree : 0;
    req.output_buffer_length = std::min<uint32_t>(options.buffer_size, max_read_size());
    req.file_id = {opened->persistent_id, opened->volatile_id};
    req.completion_filter = options.completion_filter;
    std::vector<uint8_t> msg = begin(smb2::Command::ChangeNotify, tree);
    ByteWriter w(msg);
    req.encode(w, 0);
    TraceFields fields{{"filter", trace_hex32(options.completion_filter)},
                       {"watch_tree", options.recursive ? "1" : "0"}};
    Smb2Request request{std::move(msg), std::move(fields)};
    auto id = co_await conn_.send(std::move(request));
    if (!id) {
      outcome = fail(id.error());
      break;
    }
    watching_->pending = *id;
    watching_->cancel_sent = false;
    // Stopped while the request went out: interrupt_watch() found nothing pending to cancel.
    if (stop.load()) {
      watching_->cancel_sent = true;
      co_await conn_.cancel(*id);
    }
    std::vector<Change> changes;
    bool lost = false;
    auto handler = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
      if (h.status == NtStatus::NotifyEnumDir) {
        lost = true;
        return TraceFields{};
      }
      auto resp = smb2::OutputBufferResponse::decode(m);
      if (!resp || resp->output.size() > req.output_buffer_length)
        return fail(NtStatus::InvalidNetworkResponse);
      auto entries = fscc::decode_notify_entries(resp->output);
      if (!entries) return fail(entries.error());
      for (const auto& e : *entries) {
        Change c{static_cast<ChangeAction>(e.action), e.name};
        std::replace(c.name.begin(), c.name.end(), '\\', '/');
        changes.push_back(std::move(c));
      }
      lost = changes.empty();  // 3.3.4.4: success with nothing listed means the same
      return TraceFields{{"changes", std::to_string(changes.size())}};
    };
    auto status = co_await conn_.receive(*id, smb2::Command::ChangeNotify, handler,
                                         kNotifyStatuses, Smb2Connection::Wait::Indefinitely);
    conn_.finish(*id);
    watching_->pending.reset();
    if (!status) {
      // STATUS_CANCELLED after our own CANCEL is the watch ending as asked.
      if (status.error() != NtStatus::Cancelled || !stop.load()) outcome = fail(status.error());
      break;
    }
    if (!(lost ? sink({}, true) : sink(changes, false))) break;
  }
  watching_.reset();
  auto closed = co_await close(*opened);
  if (outcome && !closed) co_return fail(closed.error());
  co_return outcome;
}

}  // namespace smbkit::client
