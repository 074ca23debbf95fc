// Trees, opens and file I/O over SMB 2/3: TREE_CONNECT/DISCONNECT (MS-SMB2 3.2.4.2.4), CREATE
// (3.2.4.3), READ (3.2.4.6) and WRITE (3.2.4.7) as multi-credit requests several at a time,
// FLUSH, CLOSE, LOGOFF.
#include <algorithm>
#include <deque>

#include "client/smb2_session.h"
#include "fscc/access.h"
#include "fscc/file_info.h"
#include "smb2/close.h"
#include "smb2/create.h"
#include "smb2/flush.h"
#include "smb2/logoff.h"
#include "smb2/read.h"
#include "smb2/tree.h"
#include "smb2/write.h"

namespace smbkit::client {
namespace {

using smb2::Command;

// The most one READ or WRITE moves: the server's limit, capped here (8 MiB is what Windows and
// Samba offer) and, without multi-credit, 64 KiB (MS-SMB2 3.2.4.6).
constexpr uint32_t kMaxTransfer = 8 * 1024 * 1024;
constexpr uint32_t kSingleCreditTransfer = 64 * 1024;
// Reads or writes in flight: about this many bytes, at most this many requests.
constexpr uint64_t kBytesInFlight = 16 * 1024 * 1024;
constexpr size_t kMaxInFlight = 32;
// The size of one request of a transfer: big enough to spare round trips, small enough for a
// window of several.
constexpr uint32_t kTransferChunk = 1024 * 1024;

const std::vector<NtStatus> kReadEnd{NtStatus::EndOfFile};

smb2::FileId id_of(const FileHandle& f) { return {f.persistent_id, f.volatile_id}; }

// The trace names a file by the low half of its volatile id, as the CREATE response shows it.
std::string file_field(const FileHandle& f) {
  return trace_hex32(static_cast<uint32_t>(f.volatile_id));
}

}  // namespace

Smb2Session::Smb2Session(std::unique_ptr<Transport> transport, Tracer& tracer,
                         ClientOptions options)
    : options_(std::move(options)), conn_(std::move(transport), tracer, options_.reply_timeout) {
  if (options_.workstation.empty()) options_.workstation = local_netbios_name();
}

std::vector<uint8_t> Smb2Session::begin(Command command, TreeId tree) const {
  std::vector<uint8_t> m;
  ByteWriter w(m);
  conn_.header(command, tree).encode(w);
  return m;
}

uint32_t Smb2Session::max_read_size() const {
  uint32_t cap = conn_.multi_credit() ? kMaxTransfer : kSingleCreditTransfer;
  return std::clamp<uint32_t>(server_.max_read_size, 1, cap);
}

uint32_t Smb2Session::max_write_size() const {
  uint32_t cap = conn_.multi_credit() ? kMaxTransfer : kSingleCreditTransfer;
  return std::clamp<uint32_t>(server_.max_write_size, 1, cap);
}

size_t Smb2Session::transfer_window(uint32_t size) const {
  size_t by_bytes = static_cast<size_t>(kBytesInFlight / std::max<uint32_t>(size, 1));
  return std::clamp<size_t>(by_bytes, 1, kMaxInFlight);
}

asio::awaitable<Result<TreeId>> Smb2Session::tree_connect(std::string share) {
  smb2::TreeConnectRequest req;
  req.path = "\\\\" + options_.host + "\\" + share;
  std::vector<uint8_t> msg = begin(Command::TreeConnect);
  ByteWriter w(msg);
  req.encode(w, 0);
  TreeId tree = 0;
  smb2::TreeConnectResponse resp;
  auto handler = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
    auto decoded = smb2::TreeConnectResponse::decode(m);
    if (!decoded) return fail(NtStatus::InvalidNetworkResponse);
    resp = *decoded;
    tree = h.tree_id;
    return TraceFields{{"tree_id", trace_hex32(h.tree_id)},
                       {"share_type", std::to_string(resp.share_type)},
                       {"share_flags", trace_hex32(resp.share_flags)},
                       {"maximal_access", trace_hex32(resp.maximal_access)}};
  };
  TraceFields request_fields{{"path", req.path}};
  // 3.1.1 signs every TREE_CONNECT it can, required or not (MS-SMB2 3.2.4.2.4).
  Smb2Request request{std::move(msg), std::move(request_fields),
                      server_.smb2_dialect == smb2::kDialect311};
  auto status = co_await conn_.call(std::move(request),
                                    Command::TreeConnect, handler);
  if (!status) co_return fail(status.error());
  if (resp.share_flags & smb2::kShareFlagEncryptData) {
    // 3.2.5.5: a share that wants encryption gets it, or this client cannot use it.
    if (!conn_.can_encrypt()) {
      co_await tree_disconnect(tree);
      co_return fail(NtStatus::AccessDenied);
    }
    conn_.encrypt_tree(tree);
  }
  uint16_t dialect = server_.smb2_dialect;
  if (!validated_ && conn_.can_sign() && !conn_.encrypting_all() &&
      (dialect == smb2::kDialect300 || dialect == smb2::kDialect302)) {
    validated_ = true;
    if (auto ok = co_await validate_negotiate(tree); !ok) co_return fail(ok.error());
  }
  co_return tree;
}

asio::awaitable<Result<void>> Smb2Session::tree_disconnect(TreeId tree) {
  std::vector<uint8_t> msg = begin(Command::TreeDisconnect, tree);
  ByteWriter w(msg);
  smb2::TreeDisconnectRequest{}.encode(w, 0);
  auto handler = [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    if (!smb2::TreeDisconnectResponse::decode(m)) return fail(NtStatus::InvalidNetworkResponse);
    return TraceFields{};
  };
  TraceFields request_fields{{"tree_id", trace_hex32(tree)}};
  Smb2Request request{std::move(msg), std::move(request_fields)};
  auto status = co_await conn_.call(std::move(request),
                                    Command::TreeDisconnect, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb2Session::logoff() {
  co_await srvsvc_.close();
  std::vector<uint8_t> msg = begin(Command::Logoff);
  ByteWriter w(msg);
  smb2::LogoffRequest{}.encode(w, 0);
  auto handler = [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    if (!smb2::LogoffResponse::decode(m)) return fail(NtStatus::InvalidNetworkResponse);
    return TraceFields{};
  };
  TraceFields request_fields{{"session_id", std::to_string(conn_.session_id())}};
  Smb2Request request{std::move(msg), std::move(request_fields)};
  auto status = co_await conn_.call(std::move(request),
                                    Command::Logoff, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

smb2::CreateRequest Smb2Session::create_request(const std::string& path,
                                                const OpenOptions& options) const {
  smb2::CreateRequest req;
  req.desired_access = options.desired_access;
  req.share_access = options.share_access;
  req.create_disposition = options.create_disposition;
  req.create_options = options.create_options;
  req.name = smb2_path(path);
  return req;
}

Result<TraceFields> Smb2Session::decode_create(TreeId tree, Bytes m, FileHandle& out) {
  auto resp = smb2::CreateResponse::decode(m);
  if (!resp) return fail(NtStatus::InvalidNetworkResponse);
  out.tree = tree;
  out.persistent_id = resp->file_id.persistent;
  out.volatile_id = resp->file_id.volatile_id;
  out.size = resp->end_of_file;
  out.attributes = resp->file_attributes;
  out.directory = resp->file_attributes & kFileAttributeDirectory;
  return TraceFields{{"file_id", trace_hex32(static_cast<uint32_t>(resp->file_id.volatile_id))},
                     {"action", std::to_string(resp->create_action)},
                     {"size", std::to_string(resp->end_of_file)}};
}

asio::awaitable<Result<FileHandle>> Smb2Session::open(TreeId tree, std::string path,
                                                      OpenOptions options) {
  smb2::CreateRequest req = create_request(path, options);
  std::vector<uint8_t> msg = begin(Command::Create, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  FileHandle handle;
  auto handler = [&](const smb2::Header&, Bytes m) { return decode_create(tree, m, handle); };
  TraceFields fields{{"name", req.name}, {"disposition", std::to_string(req.create_disposition)}};
  Smb2Request request{std::move(msg), std::move(fields)};
  auto status = co_await conn_.call(std::move(request),
                                    Command::Create, handler);
  if (!status) co_return fail(status.error());
  co_return handle;
}

asio::awaitable<Result<void>> Smb2Session::close(FileHandle file) {
  smb2::CloseRequest req;
  req.file_id = id_of(file);
  std::vector<uint8_t> msg = begin(Command::Close, file.tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  auto handler = [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    if (!smb2::CloseResponse::decode(m)) return fail(NtStatus::InvalidNetworkResponse);
    return TraceFields{};
  };
  TraceFields request_fields{{"file_id", file_field(file)}};
  Smb2Request request{std::move(msg), std::move(request_fields)};
  auto status = co_await conn_.call(std::move(request),
                                    Command::Close, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb2Session::flush(FileHandle file) {
  smb2::FlushRequest req;
  req.file_id = id_of(file);
  std::vector<uint8_t> msg = begin(Command::Flush, file.tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  auto handler = [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    if (!smb2::FlushResponse::decode(m)) return fail(NtStatus::InvalidNetworkResponse);
    return TraceFields{};
  };
  TraceFields request_fields{{"file_id", file_field(file)}};
  Smb2Request request{std::move(msg), std::move(request_fields)};
  auto status = co_await conn_.call(std::move(request),
                                    Command::Flush, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

asio::awaitable<Result<uint64_t>> Smb2Session::send_read(const FileHandle& file, uint64_t offset,
                                                         uint32_t count) {
  smb2::ReadRequest req;
  req.length = count;
  req.offset = offset;
  req.file_id = id_of(file);
  std::vector<uint8_t> msg = begin(Command::Read, file.tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  TraceFields fields{{"file_id", file_field(file)},
                     {"offset", std::to_string(offset)},
                     {"count", std::to_string(count)}};
  Smb2Request request{std::move(msg), std::move(fields)};
  co_return co_await conn_.send(std::move(request));
}

asio::awaitable<Result<size_t>> Smb2Session::read(FileHandle file, uint64_t offset,
                                                  std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    uint32_t want = static_cast<uint32_t>(std::min<size_t>(out.size() - done, max_read_size()));
    auto id = co_await send_read(file, offset + done, want);
    if (!id) co_return fail(id.error());
    size_t got = 0;
    auto handler = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
      if (h.status == NtStatus::EndOfFile) return TraceFields{};
      auto resp = smb2::ReadResponse::decode(m);
      if (!resp || resp->data.size() > want) return fail(NtStatus::InvalidNetworkResponse);
      std::copy(resp->data.begin(), resp->data.end(), out.begin() + done);
      got = resp->data.size();
      return TraceFields{{"bytes", std::to_string(got)}};
    };
    auto status = co_await conn_.receive(*id, Command::Read, handler, kReadEnd);
    conn_.finish(*id);
    if (!status) co_return fail(status.error());
    done += got;
    if (got == 0) break;  // end of file
  }
  co_return done;
}

asio::awaitable<Result<uint64_t>> Smb2Session::read_all(FileHandle file, const DataSink& sink) {
  struct InFlight {
    uint64_t id;
    uint64_t offset;
    uint32_t count;
  };
  std::deque<InFlight> in_flight;
  auto abandon_all = [&] {
    for (const auto& r : in_flight) conn_.abandon(r.id);
    in_flight.clear();
  };
  uint32_t chunk = std::min(max_read_size(), kTransferChunk);
  uint64_t next = 0;
  uint64_t delivered = 0;
  for (;;) {
    // Reads go ahead up to the size the open reported, as credits allow; past it one at a time,
    // until one comes back empty (the file may have grown).
    while (in_flight.size() < transfer_window(chunk) && (next < file.size || in_flight.empty())) {
      if (conn_.credits() < conn_.charge_for(chunk)) {
        if (!in_flight.empty()) break;  // the responses bring more
        chunk = std::max<uint32_t>(64 * 1024, conn_.credits() * 64 * 1024);
        if (conn_.credits() == 0) {
          abandon_all();
          co_return fail(NtStatus::InsufficientResources);
        }
      }
      auto id = co_await send_read(file, next, chunk);
      if (!id) {
        abandon_all();
        co_return fail(id.error());
      }
      in_flight.push_back({*id, next, chunk});
      next += chunk;
    }
    InFlight r = in_flight.front();
    in_flight.pop_front();
    size_t got = 0;
    NtStatus sink_status = NtStatus::Success;
    auto handler = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
      if (h.status == NtStatus::EndOfFile) return TraceFields{};
      auto resp = smb2::ReadResponse::decode(m);
      if (!resp || resp->data.size() > r.count) return fail(NtStatus::InvalidNetworkResponse);
      got = resp->data.size();
      if (got > 0) {
        if (auto taken = sink(resp->data); !taken) sink_status = taken.error();
      }
      return TraceFields{{"bytes", std::to_string(got)}};
    };
    auto status = co_await conn_.receive(r.id, Command::Read, handler, kReadEnd);
    conn_.finish(r.id);
    if (!status || sink_status != NtStatus::Success) {
      abandon_all();
      co_return fail(status ? sink_status : status.error());
    }
    delivered += got;
    if (got == 0) break;
    if (got < r.count) {
      // Short: the end of the file, or it shrank. The reads in flight start past a gap: asked
      // again from where this one ended.
      abandon_all();
      next = r.offset + got;
    }
  }
  abandon_all();
  co_return delivered;
}

asio::awaitable<Result<uint64_t>> Smb2Session::send_write(const FileHandle& file, uint64_t offset,
                                                          std::span<const uint8_t> data,
                                                          const WriteOptions& options,
                                                          TraceFields extra) {
  smb2::WriteRequest req;
  req.offset = offset;
  req.file_id = id_of(file);
  req.data = data;
  if (options.write_through) req.flags = smb2::kWriteFlagWriteThrough;
  std::vector<uint8_t> msg = conn_.buffer(smb2::WriteRequest::kDataOffset + data.size());
  ByteWriter w(msg);
  conn_.header(Command::Write, file.tree).encode(w);
  req.encode(w, 0);
  TraceFields fields{{"file_id", file_field(file)},
                     {"offset", std::to_string(offset)},
                     {"count", std::to_string(data.size())}};
  if (options.write_through) fields.push_back({"write_through", "1"});
  fields.insert(fields.end(), extra.begin(), extra.end());
  Smb2Request request{std::move(msg), std::move(fields)};
  co_return co_await conn_.send(std::move(request));
}

asio::awaitable<Result<uint32_t>> Smb2Session::receive_write(uint64_t id, uint32_t sent) {
  uint32_t count = 0;
  auto handler = [&](const smb2::Header&, Bytes m) -> Result<TraceFields> {
    auto resp = smb2::WriteResponse::decode(m);
    if (!resp || resp->count > sent) return fail(NtStatus::InvalidNetworkResponse);
    count = resp->count;
    return TraceFields{{"count", std::to_string(count)}};
  };
  auto status = co_await conn_.receive(id, Command::Write, handler);
  conn_.finish(id);
  if (!status) co_return fail(status.error());
  co_return count;
}

asio::awaitable<Result<size_t>> Smb2Session::write(FileHandle file, uint64_t offset,
                                                   std::span<const uint8_t> data,
                                                   WriteOptions options) {
  size_t done = 0;
  do {
    size_t n = std::min<size_t>(data.size() - done, max_write_size());
    auto id = co_await send_write(file, offset + done, data.subspan(done, n), options);
    if (!id) co_return fail(id.error());
    auto count = co_await receive_write(*id, static_cast<uint32_t>(n));
    if (!count) co_return fail(count.error());
    done += *count;
    if (*count < n) break;  // the server wrote fewer: a full disk
  } while (done < data.size());
  co_return done;
}

asio::awaitable<Result<uint64_t>> Smb2Session::write_all(FileHandle file, const DataSource& source,
                                                         WriteOptions options) {
  struct InFlight {
    uint64_t id;
    uint32_t count;
  };
  std::deque<InFlight> in_flight;
  auto abandon_all = [&] {
    for (const auto& r : in_flight) conn_.abandon(r.id);
    in_flight.clear();
  };
  const uint32_t chunk = std::min(max_write_size(), kTransferChunk);
  std::vector<uint8_t> buffer(chunk);
  uint64_t offset = 0;
  uint64_t written = 0;
  bool end = false;
  for (;;) {
    while (!end && in_flight.size() < transfer_window(chunk) &&
           (conn_.credits() >= conn_.charge_for(chunk) || in_flight.empty())) {
      auto n = source(buffer);
      if (!n) {
        abandon_all();
        co_return fail(n.error());
      }
      if (*n == 0) {
        end = true;
        break;
      }
      auto id = co_await send_write(file, offset, std::span<const uint8_t>(buffer.data(), *n),
                                    options);
      if (!id) {
        abandon_all();
        co_return fail(id.error());
      }
      in_flight.push_back({*id, static_cast<uint32_t>(*n)});
      offset += *n;
    }
    if (in_flight.empty()) break;
    InFlight r = in_flight.front();
    in_flight.pop_front();
    auto count = co_await receive_write(r.id, r.count);
    if (!count) {
      abandon_all();
      co_return fail(count.error());
    }
    written += *count;
    if (*count < r.count) {
      abandon_all();
      co_return fail(NtStatus::DiskFull);
    }
  }
  co_return written;
}

}  // namespace smbkit::client
