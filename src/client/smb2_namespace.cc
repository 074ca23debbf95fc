// Names over SMB 2/3, each a compound that saves round trips (MS-SMB2 3.2.4.1.4): listings
// (CREATE + QUERY_DIRECTORY, then QUERY_DIRECTORY until STATUS_NO_MORE_FILES, CLOSE), stat
// (CREATE + QUERY_INFO FileAllInformation + CLOSE), and CREATE + SET_INFO + CLOSE for delete
// (FileDispositionInformation), rename (FileRenameInformation) and times and attributes
// (FileBasicInformation); mkdir is CREATE (FILE_CREATE of a directory) + CLOSE.
#include <algorithm>

#include "client/smb2_session.h"
#include "fscc/access.h"
#include "fscc/directory_info.h"
#include "fscc/file_info.h"
#include "fscc/info_classes.h"
#include "fscc/set_info_classes.h"
#include "fscc/wildcard.h"
#include "smb2/close.h"
#include "smb2/output_buffer.h"
#include "smb2/query_directory.h"
#include "smb2/query_info.h"
#include "smb2/set_info.h"

namespace smbkit::client {
namespace {

using smb2::Command;

constexpr uint32_t kListBufferSize = 64 * 1024;
constexpr uint32_t kQueryBufferSize = 4096;
constexpr int kMaxListRounds = 100000;
const smb2::FileId kRelated{smb2::kAnyId, smb2::kAnyId};
const std::vector<NtStatus> kListEnd{NtStatus::NoMoreFiles};

std::string leaf_of(const std::string& path) {
  std::string p = smb2_path(path);
  size_t slash = p.find_last_of('\\');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string parent_of(const std::string& path) {
  std::string p = smb2_path(path);
  size_t slash = p.find_last_of('\\');
  return slash == std::string::npos ? "" : p.substr(0, slash);
}

bool has_wildcards(const std::string& s) { return s.find_first_of("*?<>\"") != std::string::npos; }

OpenOptions attribute_open(uint32_t access, uint32_t options) {
  OpenOptions o;
  o.desired_access = access;
  o.share_access = kFileShareRead | kFileShareWrite | kFileShareDelete;
  o.create_disposition = kFileOpen;
  o.create_options = options;
  return o;
}

Result<TraceFields> no_fields(const smb2::Header&, Bytes) { return TraceFields{}; }

}  // namespace

asio::awaitable<Result<void>> Smb2Session::run_compound(std::vector<CompoundStep> steps) {
  std::vector<Smb2Request> requests;
  for (size_t i = 0; i < steps.size(); ++i) {
    // 2.2.1.2: the later requests act on the first one's file.
    if (i > 0) steps[i].message[smb2::kFlagsOffset] |= smb2::kFlagsRelatedOperations;
    requests.push_back(Smb2Request{std::move(steps[i].message), std::move(steps[i].fields)});
  }
  auto ids = co_await conn_.send(std::move(requests));
  if (!ids) co_return fail(ids.error());
  // Every response is received (each one's id is done then); the first failure is the result.
  Result<void> result;
  for (size_t i = 0; i < steps.size(); ++i) {
    auto status = co_await conn_.receive((*ids)[i], steps[i].command, steps[i].handler,
                                         steps[i].accepted);
    conn_.finish((*ids)[i]);
    if (!status && result) result = fail(status.error());
    if (!status && (status.error() == NtStatus::ConnectionDisconnected ||
                    status.error() == NtStatus::IoTimeout)) {
      for (size_t j = i + 1; j < steps.size(); ++j) conn_.abandon((*ids)[j]);
      break;
    }
  }
  co_return result;
}

Smb2Session::CompoundStep Smb2Session::create_step(TreeId tree, const std::string& path,
                                                   const OpenOptions& options) {
  smb2::CreateRequest req = create_request(path, options);
  std::vector<uint8_t> msg = begin(Command::Create, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  return CompoundStep{std::move(msg),
                      {{"name", req.name}, {"disposition", std::to_string(req.create_disposition)}},
                      Command::Create,
                      [tree](const smb2::Header&, Bytes m) {
                        FileHandle ignored;
                        return decode_create(tree, m, ignored);
                      },
                      {}};
}

Smb2Session::CompoundStep Smb2Session::close_step(TreeId tree) {
  smb2::CloseRequest req;
  req.file_id = kRelated;
  std::vector<uint8_t> msg = begin(Command::Close, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  return CompoundStep{std::move(msg), {}, Command::Close,
                      [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
                        if (!smb2::CloseResponse::decode(m))
                          return fail(NtStatus::InvalidNetworkResponse);
                        return TraceFields{};
                      },
                      {}};
}

asio::awaitable<Result<void>> Smb2Session::set_info_by_path(TreeId tree, const std::string& path,
                                                            const OpenOptions& options,
                                                            uint8_t info_class,
                                                            std::vector<uint8_t> buffer) {
  smb2::SetInfoRequest req;
  req.info_type = smb2::kInfoFile;
  req.file_info_class = info_class;
  req.buffer = buffer;
  req.file_id = kRelated;
  std::vector<uint8_t> msg = begin(Command::SetInfo, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  std::vector<CompoundStep> steps;
  steps.push_back(create_step(tree, path, options));
  steps.push_back(CompoundStep{std::move(msg),
                               {{"class", std::to_string(info_class)}},
                               Command::SetInfo,
                               [](const smb2::Header&, Bytes m) -> Result<TraceFields> {
                                 if (!smb2::SetInfoResponse::decode(m))
                                   return fail(NtStatus::InvalidNetworkResponse);
                                 return TraceFields{};
                               },
                               {}});
  steps.push_back(close_step(tree));
  co_return co_await run_compound(std::move(steps));
}

asio::awaitable<Result<std::vector<FileInfo>>> Smb2Session::list(TreeId tree, std::string dir,
                                                                 std::string pattern) {
  std::vector<FileInfo> out;
  FileHandle handle;
  bool done = false;
  auto take = [&](const smb2::Header& h, Bytes m) -> Result<TraceFields> {
    if (h.status == NtStatus::NoMoreFiles) {
      done = true;
      return TraceFields{{"entries", "0"}};
    }
    auto resp = smb2::OutputBufferResponse::decode(m);
    if (!resp) return fail(NtStatus::InvalidNetworkResponse);
    auto entries = fscc::decode_directory_list(fscc::FileInfoClass::BothDirectory, resp->output);
    if (!entries) return fail(NtStatus::InvalidNetworkResponse);
    if (entries->empty()) done = true;  // nothing more would come of asking again
    for (const auto& e : *entries)
      if (e.name != "." && e.name != "..") out.push_back(to_client_info(e, e.name));
    return TraceFields{{"entries", std::to_string(entries->size())}};
  };
  auto query = [&](uint8_t flags, smb2::FileId id) {
    smb2::QueryDirectoryRequest req;
    req.file_information_class = static_cast<uint8_t>(fscc::FileInfoClass::BothDirectory);
    req.flags = flags;
    req.file_id = id;
    req.file_name = pattern.empty() ? "*" : pattern;
    req.output_buffer_length = kListBufferSize;
    std::vector<uint8_t> msg = begin(Command::QueryDirectory, tree);
    ByteWriter w(msg);
    req.encode(w, 0);
    return CompoundStep{std::move(msg), {{"pattern", req.file_name}}, Command::QueryDirectory,
                        take, kListEnd};
  };
  // The first round: CREATE of the directory and its first QUERY_DIRECTORY in one compound.
  std::vector<CompoundStep> first;
  first.push_back(create_step(tree, dir, OpenOptions::existing_directory()));
  first.back().handler = [&](const smb2::Header&, Bytes m) {
    return decode_create(tree, m, handle);
  };
  first.push_back(query(smb2::kRestartScans, kRelated));
  auto listed = co_await run_compound(std::move(first));
  if (handle.volatile_id == 0 && handle.persistent_id == 0 && !listed)
    co_return fail(listed.error());
  for (int round = 0; listed && !done; ++round) {
    if (round >= kMaxListRounds) {
      listed = fail(NtStatus::InvalidNetworkResponse);
      break;
    }
    CompoundStep next = query(0, {handle.persistent_id, handle.volatile_id});
    Smb2Request request{std::move(next.message), std::move(next.fields)};
    auto status = co_await conn_.call(std::move(request),
                                      Command::QueryDirectory, next.handler, kListEnd);
    if (!status) listed = fail(status.error());
  }
  co_await close(handle);
  if (!listed) {
    // An empty match of a pattern is STATUS_NO_SUCH_FILE on the first query (MS-SMB2 3.3.5.18):
    // a listing with nothing in it.
    if (listed.error() == NtStatus::NoSuchFile && out.empty()) co_return out;
    co_return fail(listed.error());
  }
  co_return out;
}

asio::awaitable<Result<FileInfo>> Smb2Session::stat(TreeId tree, std::string path) {
  FileInfo info;
  smb2::QueryInfoRequest req;
  req.info_type = smb2::kInfoFile;
  req.file_info_class = static_cast<uint8_t>(fscc::FileInfoClass::All);
  req.output_buffer_length = kQueryBufferSize;
  req.file_id = kRelated;
  std::vector<uint8_t> msg = begin(Command::QueryInfo, tree);
  ByteWriter w(msg);
  req.encode(w, 0);
  std::vector<CompoundStep> steps;
  steps.push_back(create_step(tree, path, attribute_open(kFileReadAttributes | kSynchronize, 0)));
  steps.push_back(CompoundStep{
      std::move(msg), {{"class", "FileAllInformation"}}, Command::QueryInfo,
      [&](const smb2::Header&, Bytes m) -> Result<TraceFields> {
        auto resp = smb2::OutputBufferResponse::decode(m);
        if (!resp) return fail(NtStatus::InvalidNetworkResponse);
        auto f = fscc::decode_file_information(fscc::FileInfoClass::All, resp->output);
        if (!f) return fail(NtStatus::InvalidNetworkResponse);
        info = to_client_info(*f, "");
        return TraceFields{{"size", std::to_string(info.size)},
                           {"attributes", trace_hex32(info.attributes)}};
      },
      {}});
  steps.push_back(close_step(tree));
  auto done = co_await run_compound(std::move(steps));
  if (!done) co_return fail(done.error());
  info.name = leaf_of(path);
  co_return info;
}

asio::awaitable<Result<void>> Smb2Session::mkdir(TreeId tree, std::string path) {
  OpenOptions o = attribute_open(kFileReadAttributes | kSynchronize, kFileDirectoryFile);
  o.create_disposition = kFileCreate;
  std::vector<CompoundStep> steps;
  steps.push_back(create_step(tree, path, o));
  steps.push_back(close_step(tree));
  co_return co_await run_compound(std::move(steps));
}

asio::awaitable<Result<void>> Smb2Session::rmdir(TreeId tree, std::string path) {
  std::vector<uint8_t> buffer;
  ByteWriter w(buffer);
  fscc::FileDispositionInformation{true}.encode(w);
  co_return co_await set_info_by_path(tree, path,
                                      attribute_open(kDelete | kSynchronize, kFileDirectoryFile),
                                      static_cast<uint8_t>(fscc::FileInfoClass::Disposition),
                                      std::move(buffer));
}

asio::awaitable<Result<void>> Smb2Session::delete_file(TreeId tree, std::string path) {
  std::vector<uint8_t> buffer;
  ByteWriter w(buffer);
  fscc::FileDispositionInformation{true}.encode(w);
  co_return co_await set_info_by_path(
      tree, path, attribute_open(kDelete | kSynchronize, kFileNonDirectoryFile),
      static_cast<uint8_t>(fscc::FileInfoClass::Disposition), std::move(buffer));
}

asio::awaitable<Result<void>> Smb2Session::unlink(TreeId tree, std::string path) {
  std::string leaf = leaf_of(path);
  if (!has_wildcards(leaf)) co_return co_await delete_file(tree, path);
  // SMB2 has no wildcard delete: the files the pattern matches, one by one.
  std::string dir = parent_of(path);
  auto entries = co_await list(tree, dir, leaf);
  if (!entries) co_return fail(entries.error());
  size_t deleted = 0;
  for (const auto& e : *entries) {
    if (e.directory) continue;
    std::string name = dir.empty() ? e.name : dir + "\\" + e.name;
    auto one = co_await delete_file(tree, std::move(name));
    if (!one) co_return fail(one.error());
    ++deleted;
  }
  if (deleted == 0) co_return fail(NtStatus::NoSuchFile);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb2Session::rename(TreeId tree, std::string from, std::string to) {
  fscc::FileRenameInformation info;
  info.replace_if_exists = false;
  info.file_name = smb2_path(to);  // MS-SMB2 2.2.39: the full path from the share root
  std::vector<uint8_t> buffer;
  ByteWriter w(buffer);
  info.encode(w, fscc::NameInfoForm::kSmb2);
  co_return co_await set_info_by_path(tree, from, attribute_open(kDelete | kSynchronize, 0),
                                      static_cast<uint8_t>(fscc::FileInfoClass::Rename),
                                      std::move(buffer));
}

asio::awaitable<Result<void>> Smb2Session::set_basic_info(TreeId tree, std::string path,
                                                          FileInfo info) {
  fscc::FileBasicInformation basic;
  basic.creation_time = info.creation_time;
  basic.last_access_time = info.last_access_time;
  basic.last_write_time = info.last_write_time;
  basic.change_time = info.change_time;
  basic.file_attributes = info.attributes;
  std::vector<uint8_t> buffer;
  ByteWriter w(buffer);
  basic.encode(w);
  co_return co_await set_info_by_path(tree, path,
                                      attribute_open(kFileWriteAttributes | kSynchronize, 0),
                                      static_cast<uint8_t>(fscc::FileInfoClass::Basic),
                                      std::move(buffer));
}

}  // namespace smbkit::client
