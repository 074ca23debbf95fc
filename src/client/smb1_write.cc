// Writing files: WRITE_ANDX, pipelined within MaxMpxCount (MS-CIFS 3.2.4.21; MS-SMB 3.2.4.3
// for writes beyond MaxBufferSize under CAP_LARGE_WRITEX), and FLUSH (MS-CIFS 3.2.4.14).
#include <deque>

#include "client/empty_reply_call.h"
#include "client/smb1_session.h"
#include "smb1/flush.h"
#include "smb1/read_write.h"

namespace smbkit::client {
namespace {

using smb1::Command;

// Fills `buffer` from `source` until it is full or the source has no more; returns the bytes.
Result<size_t> fill(const DataSource& source, std::span<uint8_t> buffer) {
  size_t done = 0;
  while (done < buffer.size()) {
    auto got = source(buffer.subspan(done));
    if (!got) return fail(got.error());
    if (*got == 0) break;
    if (*got > buffer.size() - done) return fail(NtStatus::InvalidParameter);
    done += *got;
  }
  return done;
}

}  // namespace

asio::awaitable<Result<uint16_t>> Smb1Session::send_write(const FileHandle& file,
                                                          uint64_t offset,
                                                          std::span<const uint8_t> data,
                                                          const WriteOptions& options) {
  smb1::WriteAndXRequest req;
  req.fid = file.fid;
  req.offset = offset;
  req.write_mode = options.write_through ? smb1::kWritethrough : 0;
  req.large_offset = true;
  req.data = data;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::WriteAndX, file.tree));
  req.encode(mw);
  TraceFields fields{{"fid", trace_hex16(file.fid)},
                     {"offset", std::to_string(offset)},
                     {"count", std::to_string(data.size())}};
  if (options.write_through) fields.push_back({"write_through", "1"});
  co_return co_await conn_.send(std::move(msg), std::move(fields));
}

asio::awaitable<Result<uint32_t>> Smb1Session::receive_write(uint16_t mid, uint32_t sent) {
  uint32_t count = 0;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::WriteAndXResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    if (resp->count > sent) return fail(NtStatus::InvalidNetworkResponse);
    count = resp->count;
    return TraceFields{{"count", std::to_string(count)}};
  };
  auto status = co_await conn_.receive(mid, Command::WriteAndX, handler);
  conn_.finish(mid);
  if (!status) co_return fail(status.error());
  co_return count;
}

asio::awaitable<Result<size_t>> Smb1Session::write(FileHandle file, uint64_t offset,
                                                   std::span<const uint8_t> data,
                                                   WriteOptions options) {
  size_t done = 0;
  while (done < data.size()) {
    size_t want = std::min<size_t>(data.size() - done, max_write_size());
    std::span<const uint8_t> part = data.subspan(done, want);
    auto mid = co_await send_write(file, offset + done, part, options);
    if (!mid) co_return fail(mid.error());
    auto count = co_await receive_write(*mid, static_cast<uint32_t>(want));
    if (!count) co_return fail(count.error());
    if (*count == 0) break;  // the server wrote nothing more: the caller sees the shortfall
    done += *count;
  }
  co_return done;
}

asio::awaitable<Result<uint64_t>> Smb1Session::write_all(FileHandle file,
                                                         const DataSource& source,
                                                         WriteOptions options) {
  struct Pending {
    uint16_t mid = 0;
    uint64_t offset = 0;
    std::vector<uint8_t> data;  // kept until answered, to send again what a short write left
  };
  std::deque<Pending> in_flight;
  std::deque<Pending> left_over;  // the unwritten ends of short writes, still to send
  auto abandon_all = [&] {
    for (const auto& w : in_flight) conn_.abandon(w.mid);
    in_flight.clear();
  };
  uint32_t chunk = max_write_size();
  bool source_done = false;
  uint64_t next = 0;
  uint64_t written = 0;
  for (;;) {
    while (in_flight.size() < transfer_window(chunk) && (!left_over.empty() || !source_done)) {
      Pending w;
      if (!left_over.empty()) {
        w = std::move(left_over.front());
        left_over.pop_front();
        if (w.data.size() > chunk) {
          Pending rest{0, w.offset + chunk, {w.data.begin() + chunk, w.data.end()}};
          w.data.resize(chunk);
          left_over.push_front(std::move(rest));
        }
      } else {
        w.data.resize(chunk);
        auto got = fill(source, w.data);
        if (!got) {
          abandon_all();
          co_return fail(got.error());
        }
        if (*got < chunk) source_done = true;
        if (*got == 0) break;
        w.data.resize(*got);
        w.offset = next;
        next += *got;
      }
      std::span<const uint8_t> bytes = w.data;
      auto mid = co_await send_write(file, w.offset, bytes, options);
      if (!mid) {
        abandon_all();
        co_return fail(mid.error());
      }
      w.mid = *mid;
      in_flight.push_back(std::move(w));
    }
    if (in_flight.empty()) break;
    Pending w = std::move(in_flight.front());
    in_flight.pop_front();
    auto count = co_await receive_write(w.mid, static_cast<uint32_t>(w.data.size()));
    if (!count || *count == 0) {
      abandon_all();
      // A write that takes nothing would never finish: the disk is full.
      co_return fail(count ? NtStatus::DiskFull : count.error());
    }
    written += *count;
    if (*count < w.data.size()) {
      // The server's own limit per write, which later writes keep to; the rest goes again.
      chunk = *count;
      left_over.push_back({0, w.offset + *count, {w.data.begin() + *count, w.data.end()}});
    }
  }
  co_return written;
}

asio::awaitable<Result<void>> Smb1Session::flush(FileHandle file) {
  smb1::FlushRequest req{file.fid};
  TraceFields fields{{"fid", trace_hex16(file.fid)}};
  co_return co_await call_with_empty_reply<Command::Flush>(conn_, file.tree, req,
                                                           std::move(fields));
}

}  // namespace smbkit::client
