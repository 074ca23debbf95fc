// Watching a directory: NT_TRANSACT_NOTIFY_CHANGE on an open directory, reissued after each
// report (MS-CIFS 3.2.4.39, 3.2.5.40.3), and SMB_COM_NT_CANCEL for the pending request when the
// caller stops (MS-CIFS 3.2.4.25: the server then answers that request, with STATUS_CANCELLED).
#include <algorithm>
#include <optional>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/this_coro.hpp>

#include "client/smb1_session.h"
#include "smb1/dos_error.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_transact_notify.h"
#include "smb1/trans2_parts.h"

namespace smbkit::client {
namespace {

using smb1::Command;

// STATUS_NOTIFY_ENUM_DIR: more changed than the server could keep; a success code.
const std::vector<NtStatus> kNotifyStatuses{NtStatus::NotifyEnumDir};
constexpr int kMaxReplyParts = 256;

Change to_change(const fscc::FileNotifyEntry& e) {
  Change c{static_cast<ChangeAction>(e.action), e.name};
  std::replace(c.name.begin(), c.name.end(), '\\', '/');
  return c;
}

}  // namespace

asio::awaitable<void> Smb1Session::send_cancel(TreeId tree, uint16_t mid) {
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::NtCancel, tree));
  smb1::NtCancelRequest{}.encode(mw);
  TraceFields fields{{"mid", std::to_string(mid)}};
  // A failure to send breaks the connection, which the pending request then reports.
  co_await conn_.send_unanswered(std::move(msg), mid, std::move(fields));
}

void Smb1Session::interrupt_watch() {
  if (!watching_ || !watching_->pending_mid || watching_->cancel_sent) return;
  watching_->cancel_sent = true;
  asio::co_spawn(watching_->executor, send_cancel(watching_->tree, *watching_->pending_mid),
                 asio::detached);
}

asio::awaitable<Result<std::optional<std::vector<Change>>>> Smb1Session::notify_once(
    const FileHandle& dir, const WatchOptions& options, const std::atomic<bool>& stop) {
  smb1::NotifyChangeSetup setup{options.completion_filter, dir.fid, options.recursive};
  auto req = smb1::make_notify_change_request(setup, options.buffer_size);
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::NtTransact, dir.tree));
  req.encode(mw);
  TraceFields fields{{"function", "NT_TRANSACT_NOTIFY_CHANGE"},
                     {"fid", trace_hex16(dir.fid)},
                     {"filter", trace_hex32(options.completion_filter)},
                     {"watch_tree", options.recursive ? "1" : "0"}};
  auto mid = co_await conn_.send(std::move(msg), std::move(fields));
  if (!mid) co_return fail(mid.error());
  watching_->pending_mid = *mid;
  watching_->cancel_sent = false;
  // Stopped while the request went out: interrupt_watch() found nothing pending to cancel.
  if (stop.load()) {
    watching_->cancel_sent = true;
    co_await send_cancel(dir.tree, *mid);
  }

  std::optional<smb1::TransactionAssembler> assembler;
  bool complete = false;
  bool lost = false;
  std::vector<Change> changes;
  Smb1Connection::ReplyHandler handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    if (smb1::status_of_reply(m.header) == NtStatus::NotifyEnumDir) {
      lost = complete = true;
      return TraceFields{};
    }
    auto part = smb1::NtTransactResponse::decode(m.blocks[0]);
    if (!part) return fail(part.error());
    if (!assembler) {
      // Nothing beyond what was asked for.
      if (part->total_parameter_count > options.buffer_size || part->total_data_count != 0)
        return fail(NtStatus::InvalidNetworkResponse);
      assembler.emplace(part->total_parameter_count, part->total_data_count,
                        NtStatus::InvalidNetworkResponse);
    }
    NtStatus added = assembler->add(part->total_parameter_count, part->total_data_count,
                                    part->parameter_displacement, part->parameters,
                                    part->data_displacement, part->data);
    if (added != NtStatus::Success) return fail(added);
    complete = assembler->complete();
    if (!complete)
      return TraceFields{{"part_parameters", std::to_string(part->parameters.size())}};
    auto entries = fscc::decode_notify_entries(assembler->parameters());
    if (!entries) return fail(entries.error());
    for (const auto& e : *entries) changes.push_back(to_change(e));
    lost = changes.empty();  // MS-CIFS 3.2.5.40.3: success with nothing listed
    return TraceFields{{"changes", std::to_string(changes.size())}};
  };
  Result<NtStatus> status = fail(NtStatus::InvalidNetworkResponse);
  for (int parts = 0; !complete && parts < kMaxReplyParts; ++parts) {
    status = co_await conn_.receive(*mid, Command::NtTransact, handler, kNotifyStatuses,
                                    Smb1Connection::Wait::Indefinitely);
    if (!status) break;
  }
  conn_.finish(*mid);
  watching_->pending_mid.reset();
  if (!status) co_return fail(status.error());
  if (!complete) co_return fail(NtStatus::InvalidNetworkResponse);
  if (lost) co_return std::optional<std::vector<Change>>{};
  co_return std::optional<std::vector<Change>>{std::move(changes)};
}

asio::awaitable<Result<void>> Smb1Session::watch(TreeId tree, std::string dir,
                                                 WatchOptions options, const ChangeSink& sink,
                                                 const std::atomic<bool>& stop) {
  if (watching_) co_return fail(NtStatus::InvalidDeviceState);
  auto opened = co_await open(tree, dir, OpenOptions::existing_directory());
  if (!opened) co_return fail(opened.error());
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  watching_.emplace(Watching{tree, std::nullopt, false, executor});
  Result<void> outcome;
  while (!stop.load()) {
    auto report = co_await notify_once(*opened, options, stop);
    if (!report) {
      // STATUS_CANCELLED after our own NT_CANCEL is the watch ending as asked.
      if (report.error() != NtStatus::Cancelled || !stop.load()) outcome = fail(report.error());
      break;
    }
    bool more = *report ? sink(**report, false) : sink({}, true);
    if (!more) break;
  }
  watching_.reset();
  auto closed = co_await close(*opened);
  if (outcome && !closed) co_return fail(closed.error());
  co_return outcome;
}

}  // namespace smbkit::client
