#include "server/core/pipes.h"

#include <filesystem>

namespace smbkit::server {
namespace {

// "/srv/data" -> "C:\srv\data": the form Windows tools show a share's path in (Samba's too).
std::string windows_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  std::string s = (ec ? std::filesystem::path(path) : p.lexically_normal()).string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  for (char& c : s)
    if (c == '/') c = '\\';
  return "C:" + s;
}

}  // namespace

rpc::RpcPipeLimits pipe_limits() {
  rpc::RpcPipeLimits limits;
  limits.max_request_stub = 64 * 1024;
  limits.max_pending_output = 1024 * 1024;
  return limits;
}

rpc::RpcServerInfo rpc_server_info(const ServerConfig& config) {
  rpc::RpcServerInfo info;
  info.server_name = config.server_name;
  info.domain = config.domain;
  info.comment = config.server_string;
  for (const ShareConfig& s : config.shares) {
    rpc::RpcShare share;
    share.name = s.name;
    share.comment = s.comment;
    share.path = windows_path(s.path);
    share.type = rpc::RpcShare::Type::Disk;
    share.browseable = s.browseable;
    info.shares.push_back(std::move(share));
  }
  rpc::RpcShare ipc;
  ipc.name = "IPC$";
  ipc.comment = "IPC Service (" + config.server_string + ")";
  ipc.path = "C:\\tmp";  // as Samba answers; IPC$ has no directory
  ipc.type = rpc::RpcShare::Type::Ipc;
  info.shares.push_back(std::move(ipc));
  return info;
}

Result<std::shared_ptr<PipeOpen>> PipeOpen::open(std::string_view name, rpc::RpcServerInfo info) {
  auto server = rpc::RpcPipeServer::open(name, std::move(info), pipe_limits());
  if (!server) return fail(NtStatus::ObjectNameNotFound);
  return std::make_shared<PipeOpen>(std::move(*server));
}

PipeData PipeOpen::from(rpc::PipeRead r) {
  PipeData d;
  d.status = r.message_incomplete ? NtStatus::BufferOverflow : NtStatus::Success;
  d.data = std::move(r.data);
  return d;
}

Result<size_t> PipeOpen::write(Bytes data) {
  if (!server_.write(data)) return fail(NtStatus::PipeDisconnected);
  serve_waiters();
  return data.size();
}

std::optional<PipeData> PipeOpen::read(size_t max) {
  if (server_.pending() > 0) return from(server_.read(max));
  if (server_.broken()) return PipeData{NtStatus::PipeBroken, {}};
  return std::nullopt;
}

std::optional<PipeData> PipeOpen::transceive(Bytes in, size_t max) {
  if (server_.broken()) return PipeData{NtStatus::PipeDisconnected, {}};
  // Replies of earlier writes, or reads already waiting for one: the reply to this write could
  // not be told from them (FSCTL_PIPE_TRANSCEIVE needs an empty pipe, MS-FSCC).
  if (server_.pending() > 0 || !waiters_.empty()) return PipeData{NtStatus::PipeBusy, {}};
  auto r = server_.transceive(in, max);
  if (!r) return PipeData{NtStatus::PipeBusy, {}};
  if (r->data.empty() && !r->message_incomplete) {
    // The write completed no reply (a request's first fragments): the transaction waits for it,
    // or fails at once if the write broke the pipe without one.
    if (server_.broken()) return PipeData{NtStatus::PipeBroken, {}};
    return std::nullopt;
  }
  return from(std::move(*r));
}

void PipeOpen::wait(RequestId request, size_t max, Done done) {
  waiters_.push_back(Waiter{request, max, std::move(done)});
  serve_waiters();
}

bool PipeOpen::cancel(RequestId request) {
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
    if (it->request != request) continue;
    Done done = std::move(it->done);
    waiters_.erase(it);
    done(PipeData{NtStatus::Cancelled, {}});
    return true;
  }
  return false;
}

void PipeOpen::close() {
  std::deque<Waiter> waiters;
  waiters.swap(waiters_);
  for (Waiter& w : waiters) w.done(PipeData{NtStatus::PipeBroken, {}});
}

void PipeOpen::serve_waiters() {
  while (!waiters_.empty()) {
    auto data = read(waiters_.front().max);
    if (!data) return;
    Waiter w = std::move(waiters_.front());
    waiters_.pop_front();
    w.done(std::move(*data));
  }
}

}  // namespace smbkit::server
