// Trees and files: TREE_CONNECT_ANDX, NT_CREATE_ANDX / OPEN_ANDX, READ_ANDX, CLOSE,
// TREE_DISCONNECT and LOGOFF_ANDX (MS-CIFS 3.2.4.2.4-3.2.4.2.5, 3.2.4.5, 3.2.4.14, 3.2.4.22;
// MS-SMB 3.2.4.4 for large reads).
#include <deque>

#include "client/smb1_session.h"
#include "fscc/file_info.h"
#include "fscc/access.h"
#include "smb1/close.h"
#include "smb1/dos_error.h"
#include "smb1/logoff.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/read_write.h"
#include "smb1/trans2_dos_time.h"
#include "smb1/tree.h"

namespace smbkit::client {
namespace {

using smb1::Command;

// A read at or past the end of the file: STATUS_SUCCESS with no data (MS-CIFS 3.3.5.36), or
// STATUS_END_OF_FILE from some servers.
const std::vector<NtStatus> kReadEndStatuses{NtStatus::EndOfFile};

// That error's reply, which carries no READ_ANDX words (MS-CIFS 2.2.4.42.2 error response).
bool is_end_of_file(const smb1::Message& m) {
  return smb1::status_of_reply(m.header) == NtStatus::EndOfFile;
}

// OPEN_ANDX AccessMode for an NT access mask: read-write when any right beyond reading is asked
// for (MS-CIFS 2.2.4.41.1).
uint16_t open_andx_access(uint32_t desired_access) {
  constexpr uint32_t kWriteRights = kFileWriteData | kFileAppendData | kFileWriteEa |
                                    kFileWriteAttributes | kDelete | kWriteDac | kWriteOwner |
                                    kGenericWrite | kGenericAll | kMaximumAllowed;
  uint16_t access = desired_access & kWriteRights ? smb1::kAccessReadWrite : smb1::kAccessRead;
  return access | smb1::kSharingDenyNone;
}

// OPEN_ANDX OpenMode for an NT create disposition.
uint16_t open_andx_mode(uint32_t disposition) {
  switch (disposition) {
    case kFileCreate: return smb1::kFileExistsFail | smb1::kCreateFileCreate;
    case kFileOpenIf: return smb1::kFileExistsOpen | smb1::kCreateFileCreate;
    case kFileOverwrite: return smb1::kFileExistsTruncate | smb1::kCreateFileFail;
    case kFileOverwriteIf:
    case kFileSupersede: return smb1::kFileExistsTruncate | smb1::kCreateFileCreate;
    default: return smb1::kFileExistsOpen | smb1::kCreateFileFail;
  }
}

// Statuses of a server that does not know NT_CREATE_ANDX: the client falls back to OPEN_ANDX.
bool is_unknown_command(NtStatus s) {
  return s == NtStatus::NotSupported || s == NtStatus::SmbBadCommand ||
         s == NtStatus::NotImplemented;
}

}  // namespace

asio::awaitable<Result<TreeId>> Smb1Session::tree_connect(std::string share,
                                                           std::string service) {
  smb1::TreeConnectRequest req;
  req.password = {0};  // user-level security: a single NUL (MS-CIFS 3.2.4.5)
  req.path = "\\\\" + options_.host + "\\" + share;
  req.service = std::move(service);
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::TreeConnectAndX));
  req.encode(mw);
  TreeId tid = 0;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::TreeConnectResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    tid = m.header.tid;
    return TraceFields{{"tid", trace_hex16(tid)}, {"service", resp->service}};
  };
  TraceFields fields{{"path", req.path}, {"service", req.service}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::TreeConnectAndX,
                                    handler);
  if (!status) co_return fail(status.error());
  co_return tid;
}

asio::awaitable<Result<FileHandle>> Smb1Session::open(TreeId tree, std::string path,
                                                      OpenOptions options) {
  std::string name = smb_path(path);
  if (!use_open_andx_ && !options_.force_open_andx) {
    auto opened = co_await open_nt_create(tree, name, options);
    if (opened || !is_unknown_command(opened.error())) co_return opened;
    use_open_andx_ = true;  // MS-CIFS 3.2.4.5: an older server; OPEN_ANDX from now on
  }
  co_return co_await open_andx(tree, name, options);
}

asio::awaitable<Result<FileHandle>> Smb1Session::open_nt_create(TreeId tree,
                                                                const std::string& path,
                                                                const OpenOptions& options) {
  smb1::NtCreateAndXRequest req;
  req.desired_access = options.desired_access;
  req.share_access = options.share_access;
  req.create_disposition = options.create_disposition;
  req.create_options = options.create_options;
  req.impersonation_level = kSecurityImpersonation;
  req.file_name = path;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::NtCreateAndX, tree));
  req.encode(mw);
  FileHandle handle;
  handle.tree = tree;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::NtCreateAndXResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    handle.fid = resp->fid;
    handle.size = resp->end_of_file;
    handle.attributes = resp->ext_file_attributes;
    handle.directory = resp->directory != 0;
    return TraceFields{{"fid", trace_hex16(handle.fid)}, {"size", std::to_string(handle.size)}};
  };
  TraceFields fields{{"name", path}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::NtCreateAndX,
                                    handler);
  if (!status) co_return fail(status.error());
  co_return handle;
}

asio::awaitable<Result<FileHandle>> Smb1Session::open_andx(TreeId tree, const std::string& path,
                                                           const OpenOptions& options) {
  smb1::OpenAndXRequest req;
  req.flags = smb1::kOpenRequestAttributes;
  req.access_mode = open_andx_access(options.desired_access);
  req.search_attrs = smb1::kSmbFileAttributeHidden | smb1::kSmbFileAttributeSystem |
                     smb1::kSmbFileAttributeDirectory;
  req.open_mode = open_andx_mode(options.create_disposition);
  req.file_name = path;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::OpenAndX, tree));
  req.encode(mw);
  FileHandle handle;
  handle.tree = tree;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::OpenAndXResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    handle.fid = resp->fid;
    handle.size = resp->file_data_size;
    handle.attributes = smb1::fscc_attributes_from_smb(resp->file_attrs);
    handle.directory = resp->file_attrs & smb1::kSmbFileAttributeDirectory;
    return TraceFields{{"fid", trace_hex16(handle.fid)}, {"size", std::to_string(handle.size)}};
  };
  TraceFields fields{{"name", path}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::OpenAndX, handler);
  if (!status) co_return fail(status.error());
  // OPEN_ANDX has no CreateOptions: FILE_NON_DIRECTORY_FILE is checked here.
  if (handle.directory && (options.create_options & kFileNonDirectoryFile)) {
    co_await close(handle);
    co_return fail(NtStatus::FileIsADirectory);
  }
  co_return handle;
}

asio::awaitable<Result<uint16_t>> Smb1Session::send_read(const FileHandle& file, uint64_t offset,
                                                         uint32_t count) {
  smb1::ReadAndXRequest req;
  req.fid = file.fid;
  req.offset = offset;
  req.max_count = static_cast<uint16_t>(count);
  // MS-SMB 2.2.4.2.1: for a file, MaxCountHigh carries the count's upper 16 bits.
  req.timeout_or_max_count_high = count >> 16;
  req.large_offset = true;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::ReadAndX, file.tree));
  req.encode(mw);
  TraceFields fields{{"fid", trace_hex16(file.fid)},
                     {"offset", std::to_string(offset)},
                     {"count", std::to_string(count)}};
  co_return co_await conn_.send(std::move(msg), std::move(fields));
}

asio::awaitable<Result<size_t>> Smb1Session::read(FileHandle file, uint64_t offset,
                                                  std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    uint32_t want = static_cast<uint32_t>(std::min<size_t>(out.size() - done, max_read_size()));
    auto mid = co_await send_read(file, offset + done, want);
    if (!mid) co_return fail(mid.error());
    size_t got = 0;
    auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
      if (is_end_of_file(m)) return TraceFields{};
      auto resp = smb1::ReadAndXResponse::decode(m.blocks[0]);
      if (!resp) return fail(resp.error());
      if (resp->data.size() > want) return fail(NtStatus::InvalidNetworkResponse);
      std::copy(resp->data.begin(), resp->data.end(), out.begin() + done);
      got = resp->data.size();
      return TraceFields{{"bytes", std::to_string(got)}};
    };
    auto status = co_await conn_.receive(*mid, Command::ReadAndX, handler, kReadEndStatuses);
    conn_.finish(*mid);
    if (!status) co_return fail(status.error());
    done += got;
    if (got == 0) break;  // end of file
  }
  co_return done;
}

asio::awaitable<Result<uint64_t>> Smb1Session::read_all(FileHandle file, const DataSink& sink) {
  struct InFlight {
    uint16_t mid;
    uint64_t offset;
    uint32_t count;
  };
  std::deque<InFlight> in_flight;
  auto abandon_all = [&] {
    for (const auto& r : in_flight) conn_.abandon(r.mid);
    in_flight.clear();
  };
  uint32_t chunk = max_read_size();
  uint64_t next = 0;
  uint64_t delivered = 0;
  for (;;) {
    // Reads go ahead up to the size the open reported; past it one at a time, until one
    // comes back empty (the file may have grown).
    while (in_flight.size() < transfer_window(chunk) && (next < file.size || in_flight.empty())) {
      auto mid = co_await send_read(file, next, chunk);
      if (!mid) {
        abandon_all();
        co_return fail(mid.error());
      }
      in_flight.push_back({*mid, next, chunk});
      next += chunk;
    }
    InFlight r = in_flight.front();
    in_flight.pop_front();
    size_t got = 0;
    NtStatus sink_status = NtStatus::Success;
    auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
      if (is_end_of_file(m)) return TraceFields{};
      auto resp = smb1::ReadAndXResponse::decode(m.blocks[0]);
      if (!resp) return fail(resp.error());
      if (resp->data.size() > r.count) return fail(NtStatus::InvalidNetworkResponse);
      got = resp->data.size();
      if (got > 0) {
        if (auto taken = sink(resp->data); !taken) sink_status = taken.error();
      }
      return TraceFields{{"bytes", std::to_string(got)}};
    };
    auto status = co_await conn_.receive(r.mid, Command::ReadAndX, handler, kReadEndStatuses);
    conn_.finish(r.mid);
    if (!status || sink_status != NtStatus::Success) {
      abandon_all();
      co_return fail(status ? sink_status : status.error());
    }
    delivered += got;
    if (got == 0) break;
    if (got < r.count) {
      // A short read: at the end of the file, or the server's own limit per read (which
      // later reads then keep to). The reads in flight start past a gap: asked again.
      abandon_all();
      if (r.offset + got < file.size) chunk = static_cast<uint32_t>(got);
      next = r.offset + got;
    }
  }
  abandon_all();
  co_return delivered;
}

asio::awaitable<Result<void>> Smb1Session::close(FileHandle file) {
  smb1::CloseRequest req{file.fid, 0};
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::Close, file.tree));
  req.encode(mw);
  auto handler = [](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::CloseResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    return TraceFields{};
  };
  TraceFields fields{{"fid", trace_hex16(file.fid)}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::Close, handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb1Session::tree_disconnect(TreeId tree) {
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::TreeDisconnect, tree));
  smb1::TreeDisconnectRequest{}.encode(mw);
  auto handler = [](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::TreeDisconnectResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    return TraceFields{};
  };
  TraceFields fields{{"tid", trace_hex16(tree)}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::TreeDisconnect,
                                    handler);
  if (!status) co_return fail(status.error());
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb1Session::logoff() {
  co_await srvsvc_.close();
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::LogoffAndX));
  smb1::LogoffRequest{}.encode(mw);
  auto handler = [](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::LogoffResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    return TraceFields{};
  };
  TraceFields fields{{"uid", trace_hex16(conn_.uid())}};
  auto status = co_await conn_.call(std::move(msg), std::move(fields), Command::LogoffAndX,
                                    handler);
  if (!status) co_return fail(status.error());
  conn_.set_uid(0);
  co_return Result<void>{};
}

}  // namespace smbkit::client
