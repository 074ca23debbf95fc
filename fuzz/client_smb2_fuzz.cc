// The SMB 2/3 client's reply parsing: an Smb2Session over a fake transport whose "server" is the
// input, driven through NEGOTIATE, SESSION_SETUP (NTLMSSP in SPNEGO, anonymous or as a user),
// then, while each step succeeds, TREE_CONNECT, CREATE, read_all, a listing, stat, WRITE, a watch
// (CHANGE_NOTIFY until the second report), list_shares (srvsvc over IPC$), CLOSE and LOGOFF.
// Every event goes through the trace (format_trace_line). Nothing may crash, leak or hang.
//
// Input: one selector byte, then the server's frames, each prefixed with a 2-byte little-endian
// length (a length past the end takes what is left); once they run out the connection is gone
// (STATUS_CONNECTION_DISCONNECTED). Selector bit 0: log on as alice/secret (else anonymous:
// empty user and password); bits 1-2: the highest dialect offered (SMB3_11, SMB3_02, SMB2_10,
// SMB2_02); bit 3: raw, frames go as they are. Unless raw, each message of a frame that starts
// with 0xFE 'SMB' gets the MessageId of the most recent request not yet answered (the messages
// of one frame take the ids of one compound in order; an interim STATUS_PENDING leaves its id
// outstanding; the unsolicited id 0xFFFFFFFFFFFFFFFF is kept), so that responses reach the
// decoders.
//
// SMBKIT_FUZZ_TRACE=1 prints the trace and how far each input got. Seeds are recorded from a
// real server (fuzz/tools/client_smb2_seeds.py): with SMBKIT_FUZZ_RECORD=PORT:FILE, each input's
// selector byte drives the same sequence against 127.0.0.1:PORT, and the frames received are
// written to FILE in the input format above.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include "client/smb2_session.h"
#include "client/tcp_transport.h"
#include "client/tracer.h"
#include "client/transport.h"
#include "fscc/access.h"
#include "fuzz_support.h"
#include "smb2/header.h"

using namespace smbkit;
using namespace smbkit::client;

namespace {

bool trace_on() {
  static const bool on = std::getenv("SMBKIT_FUZZ_TRACE") != nullptr;
  return on;
}

// SMBKIT_FUZZ_RECORD=PORT:FILE, or nothing.
struct Record {
  uint16_t port = 0;
  std::string file;
};
const std::optional<Record>& record_target() {
  static const std::optional<Record> target = []() -> std::optional<Record> {
    const char* env = std::getenv("SMBKIT_FUZZ_RECORD");
    if (!env) return std::nullopt;
    std::string s = env;
    size_t colon = s.find(':');
    if (colon == std::string::npos) {
      std::fprintf(stderr, "SMBKIT_FUZZ_RECORD=PORT:FILE\n");
      std::abort();
    }
    return Record{static_cast<uint16_t>(std::stoi(s.substr(0, colon))), s.substr(colon + 1)};
  }();
  return target;
}

uint64_t rd64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}
uint32_t rd32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
void wr64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

constexpr uint64_t kUnsolicited = ~uint64_t{0};
constexpr size_t kMaxChain = 64;

// The offsets of the SMB2 messages chained in a frame by NextCommand (as far as they fit).
std::vector<size_t> chain_of(const std::vector<uint8_t>& frame) {
  std::vector<size_t> starts;
  if (frame.size() < smb2::kHeaderSize || frame[0] != 0xFE || frame[1] != 'S' ||
      frame[2] != 'M' || frame[3] != 'B')
    return starts;
  size_t at = 0;
  while (starts.size() < kMaxChain && frame.size() - at >= smb2::kHeaderSize) {
    starts.push_back(at);
    uint32_t next = rd32(&frame[at + smb2::kNextCommandOffset]);
    if (next == 0 || next > frame.size() - at) break;
    at += next;
  }
  return starts;
}

// The server: frames out of the input. What the client sends is only looked at for its
// MessageIds, kept per frame (one compound) until a response takes them.
class FuzzTransport final : public Transport {
 public:
  FuzzTransport(std::vector<Bytes> frames, bool raw) : frames_(std::move(frames)), raw_(raw) {}

  asio::awaitable<Result<void>> send(std::vector<uint8_t> message) override {
    if (closed_) co_return fail(NtStatus::ConnectionDisconnected);
    std::vector<uint64_t> ids;
    for (size_t at : chain_of(message)) {
      uint16_t command = static_cast<uint16_t>(message[at + 12] | message[at + 13] << 8);
      if (command == static_cast<uint16_t>(smb2::Command::Cancel)) continue;  // no response
      ids.push_back(rd64(&message[at + smb2::kMessageIdOffset]));
    }
    if (!ids.empty()) outstanding_.push_back(std::move(ids));
    co_return Result<void>{};
  }

  asio::awaitable<Result<std::vector<uint8_t>>> receive() override {
    if (closed_ || next_ >= frames_.size()) co_return fail(NtStatus::ConnectionDisconnected);
    Bytes piece = frames_[next_++];
    std::vector<uint8_t> frame(piece.begin(), piece.end());
    if (!raw_) match(frame);
    co_return frame;
  }

  void close() override { closed_ = true; }

 private:
  void match(std::vector<uint8_t>& frame) {
    for (size_t at : chain_of(frame)) {
      uint8_t* h = &frame[at];
      if (rd64(h + smb2::kMessageIdOffset) == kUnsolicited) continue;
      while (!outstanding_.empty() && outstanding_.back().empty()) outstanding_.pop_back();
      if (outstanding_.empty()) return;
      auto& ids = outstanding_.back();
      wr64(h + smb2::kMessageIdOffset, ids.front());
      bool interim = rd32(h + smb2::kStatusOffset) == static_cast<uint32_t>(NtStatus::Pending) &&
                     (rd32(h + smb2::kFlagsOffset) & smb2::kFlagsAsyncCommand);
      if (!interim) ids.erase(ids.begin());
    }
  }

  std::vector<Bytes> frames_;
  size_t next_ = 0;
  bool raw_;
  bool closed_ = false;
  std::vector<std::vector<uint64_t>> outstanding_;  // per frame sent, the ids not yet answered
};

// Record mode: a real connection, every frame received kept in the input format.
class RecordingTransport final : public Transport {
 public:
  RecordingTransport(std::unique_ptr<Transport> inner, std::vector<uint8_t>& out)
      : inner_(std::move(inner)), out_(out) {}
  asio::awaitable<Result<void>> send(std::vector<uint8_t> message) override {
    co_return co_await inner_->send(std::move(message));
  }
  asio::awaitable<Result<std::vector<uint8_t>>> receive() override {
    auto frame = co_await inner_->receive();
    if (frame) {
      if (frame->size() > 0xFFFF) {
        std::fprintf(stderr, "record: a frame of %zu bytes does not fit the prefix\n",
                     frame->size());
        std::abort();
      }
      out_.push_back(static_cast<uint8_t>(frame->size()));
      out_.push_back(static_cast<uint8_t>(frame->size() >> 8));
      out_.insert(out_.end(), frame->begin(), frame->end());
    }
    co_return frame;
  }
  void close() override { inner_->close(); }

 private:
  std::unique_ptr<Transport> inner_;
  std::vector<uint8_t>& out_;
};

constexpr const char* kStages[] = {"negotiate", "logon",  "tree_connect", "open",  "read_all",
                                   "list",      "stat",   "write",        "watch", "list_shares",
                                   "close",     "logoff", "done"};

// The sequence, as far as it succeeds; the index in kStages of the step that failed (or of
// "done").
asio::awaitable<int> drive(Smb2Session& s) {
  int stage = 0;
  auto ok = [&](bool succeeded) {
    if (succeeded) ++stage;
    return succeeded;
  };
  if (!ok(static_cast<bool>(co_await s.negotiate()))) co_return stage;
  if (!ok(static_cast<bool>(co_await s.logon()))) co_return stage;
  auto tree = co_await s.tree_connect("data");
  if (!ok(static_cast<bool>(tree))) co_return stage;
  OpenOptions rw;
  rw.desired_access = kGenericRead | kGenericWrite;
  auto file = co_await s.open(*tree, "dir/hello.txt", rw);
  if (!ok(static_cast<bool>(file))) co_return stage;
  uint64_t sunk = 0;
  DataSink sink = [&](std::span<const uint8_t> data) -> Result<void> {
    sunk += data.size();
    return Result<void>{};
  };
  if (!ok(static_cast<bool>(co_await s.read_all(*file, sink)))) co_return stage;
  if (!ok(static_cast<bool>(co_await s.list(*tree, "dir", "*")))) co_return stage;
  if (!ok(static_cast<bool>(co_await s.stat(*tree, "dir/hello.txt")))) co_return stage;
  static const uint8_t kData[] = {'f', 'u', 'z', 'z', '\n'};
  if (!ok(static_cast<bool>(co_await s.write(*file, 0, kData, WriteOptions{})))) co_return stage;
  int reports = 0;
  ChangeSink changes = [&](const std::vector<Change>&, bool) { return ++reports < 2; };
  std::atomic<bool> stop{false};
  if (!ok(static_cast<bool>(co_await s.watch(*tree, "dir", WatchOptions{}, changes, stop))))
    co_return stage;
  if (!ok(static_cast<bool>(co_await s.list_shares()))) co_return stage;
  if (!ok(static_cast<bool>(co_await s.close(*file)))) co_return stage;
  ok(static_cast<bool>(co_await s.logoff()));
  co_return stage;
}

asio::awaitable<int> run_input(std::unique_ptr<Transport> transport, Tracer& tracer,
                               ClientOptions options, std::vector<uint8_t>* recorded) {
  if (recorded) {
    TcpTarget target{"127.0.0.1", record_target()->port, false, options.workstation,
                     options.reply_timeout};
    auto tcp = co_await connect_tcp(target, tracer);
    if (!tcp) {
      std::fprintf(stderr, "record: cannot connect: %s\n", status_name(tcp.error()).c_str());
      std::abort();
    }
    transport = std::make_unique<RecordingTransport>(std::move(*tcp), *recorded);
  }
  Smb2Session session(std::move(transport), tracer, std::move(options));
  co_return co_await drive(session);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
  fuzz::Selected in = fuzz::select(data, size);
  const bool recording = record_target().has_value();

  ClientOptions options;
  options.host = "fuzzserver";
  options.workstation = "FUZZCLIENT";
  if (in.selector & 1) {
    options.user = "alice";
    options.password = "secret";
    options.domain = "WORKGROUP";
  }
  static const char* const kDialects[] = {"SMB3_11", "SMB3_02", "SMB2_10", "SMB2_02"};
  options.dialect = kDialects[(in.selector >> 1) & 3];
  options.reply_timeout = std::chrono::milliseconds(recording ? 10000 : 50);

  size_t trace_bytes = 0;
  Tracer tracer([&trace_bytes](const TraceEvent& e) {
    std::string line = format_trace_line(e);
    trace_bytes += line.size();
    if (trace_on()) std::fprintf(stderr, "%s\n", line.c_str());
  });

  std::vector<uint8_t> recorded{in.selector};
  std::unique_ptr<Transport> transport;
  if (!recording)
    transport = std::make_unique<FuzzTransport>(fuzz::split_prefixed(in.rest, 4096),
                                                (in.selector & 8) != 0);

  asio::io_context io;
  std::optional<int> reached;
  asio::co_spawn(io,
                 run_input(std::move(transport), tracer, std::move(options),
                           recording ? &recorded : nullptr),
                 [&](std::exception_ptr e, int stage) {
                   // The session reports failures as statuses: an exception is a bug.
                   if (e) std::rethrow_exception(e);
                   reached = stage;
                 });
  // Nothing waits on the network here: whatever the input, the sequence ends in moments.
  io.run_for(std::chrono::seconds(recording ? 120 : 30));
  if (!reached) {
    std::fprintf(stderr, "the client hung\n");
    std::abort();
  }
  if (trace_on())
    std::fprintf(stderr, "client_smb2: reached %s (%zu bytes of trace)\n", kStages[*reached],
                 trace_bytes);
  if (recording) {
    std::ofstream out(record_target()->file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(recorded.data()),
              static_cast<std::streamsize>(recorded.size()));
    std::fprintf(stderr, "record: %zu bytes to %s, reached %s\n", recorded.size(),
                 record_target()->file.c_str(), kStages[*reached]);
  }
  return 0;
}
