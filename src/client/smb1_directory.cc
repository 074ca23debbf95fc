// TRANSACTION2 for listings and file information: FIND_FIRST2 / FIND_NEXT2 / FIND_CLOSE2
// (MS-CIFS 3.2.4.19-3.2.4.20 via 2.2.6.2-2.2.6.3, 2.2.4.48) and QUERY_PATH_INFORMATION
// (2.2.6.6), each reply collected from as many parts as the server sends (MS-CIFS 3.2.5.2).
#include <algorithm>
#include <optional>

#include "client/smb1_session.h"
#include "fscc/file_info.h"
#include "smb1/file_types.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_parts.h"
#include "smb1/trans2_query.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using smb1::Trans2Subcommand;

constexpr uint16_t kFindLevel = smb1::kFindFileBothDirectoryInfo;
constexpr uint16_t kFindSearchCount = 1024;  // entries per response, at most
// Directories, hidden and system files too (MS-CIFS 2.2.1.2.4 search attributes).
constexpr uint16_t kFindAttributes = smb1::kSmbFileAttributeHidden |
                                     smb1::kSmbFileAttributeSystem |
                                     smb1::kSmbFileAttributeDirectory;
constexpr uint16_t kMaxReplyParameters = 64;
constexpr uint16_t kMaxReplyData = 0xF000;
constexpr int kMaxReplyParts = 256;     // parts of one TRANSACTION2 reply
constexpr int kMaxFindRounds = 100000;  // FIND_NEXT2 requests for one listing

std::string leaf_of(const std::string& smb_path) {
  size_t slash = smb_path.find_last_of('\\');
  return slash == std::string::npos ? smb_path : smb_path.substr(slash + 1);
}

std::string subcommand_field(Trans2Subcommand sub) {
  std::string name = smb1::trans2_subcommand_name(static_cast<uint16_t>(sub));
  constexpr std::string_view kPrefix = "TRANS2_";
  return name.starts_with(kPrefix) ? name.substr(kPrefix.size()) : name;
}

}  // namespace

asio::awaitable<Result<void>> Smb1Session::trans2(TreeId tree, Trans2Subcommand subcommand,
                                                  std::vector<uint8_t> parameters,
                                                  uint16_t max_parameters, uint16_t max_data,
                                                  TraceFields fields,
                                                  const Trans2Decoder& decode,
                                                  std::vector<uint8_t> data) {
  auto req = smb1::Trans2Request::make(subcommand, std::move(parameters), std::move(data),
                                       max_parameters, max_data);
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::Transaction2, tree));
  req.encode(mw);
  fields.insert(fields.begin(), {"subcommand", subcommand_field(subcommand)});
  auto mid = co_await conn_.send(std::move(msg), std::move(fields));
  if (!mid) co_return fail(mid.error());

  std::optional<smb1::TransactionAssembler> assembler;
  bool complete = false;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto part = smb1::Trans2Response::decode(m.blocks[0]);
    if (!part) return fail(part.error());
    if (!assembler) {
      // Nothing beyond what was asked for (MS-CIFS 3.3.5.58: the server keeps to the maxima).
      if (part->total_parameter_count > max_parameters || part->total_data_count > max_data)
        return fail(NtStatus::InvalidNetworkResponse);
      assembler.emplace(part->total_parameter_count, part->total_data_count,
                        NtStatus::InvalidNetworkResponse);
    }
    if (NtStatus added = assembler->add(*part); added != NtStatus::Success) return fail(added);
    complete = assembler->complete();
    if (!complete)
      return TraceFields{{"part_parameters", std::to_string(part->parameters.size())},
                         {"part_data", std::to_string(part->data.size())}};
    return decode(Trans2Reply{assembler->parameters(), assembler->data()});
  };
  Result<NtStatus> status = fail(NtStatus::InvalidNetworkResponse);
  for (int parts = 0; !complete && parts < kMaxReplyParts; ++parts) {
    status = co_await conn_.receive(*mid, Command::Transaction2, handler);
    if (!status) break;
  }
  conn_.finish(*mid);
  if (!status) co_return fail(status.error());
  if (!complete) co_return fail(NtStatus::InvalidNetworkResponse);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<FileInfo>>> Smb1Session::list(TreeId tree, std::string dir,
                                                                  std::string pattern) {
  std::string base = smb_path(dir);
  std::string search = (base == "\\" ? base : base + "\\") + pattern;
  std::vector<FileInfo> out;
  uint16_t sid = 0;
  bool end = false;
  std::string last_name;
  size_t entries = 0;
  auto take = [&](const smb1::FindEntries& found) {
    entries = found.files.size();
    if (entries) last_name = found.files.back().name;
    for (const auto& f : found.files)
      if (f.name != "." && f.name != "..") out.push_back(to_client_info(f, f.name));
  };

  smb1::FindFirst2Request first;
  first.search_attributes = kFindAttributes;
  first.search_count = kFindSearchCount;
  first.flags = smb1::kFindCloseAtEos;
  first.information_level = kFindLevel;
  first.file_name = search;
  auto first_reply = [&](const Trans2Reply& r) -> Result<TraceFields> {
    auto p = smb1::FindFirst2ResponseParameters::decode(r.parameters);
    if (!p) return fail(p.error());
    auto found = smb1::decode_find_entries(kFindLevel, r.data, p->search_count,
                                           unicode(), false);
    if (!found) return fail(NtStatus::InvalidNetworkResponse);
    sid = p->sid;
    end = p->end_of_search != 0;
    take(*found);
    return TraceFields{{"sid", trace_hex16(sid)}, {"entries", std::to_string(entries)},
                       {"end", end ? "1" : "0"}};
  };
  TraceFields first_fields{{"pattern", search}};
  auto started = co_await trans2(tree, Trans2Subcommand::FindFirst2, first.encode(unicode()),
                                 kMaxReplyParameters, kMaxReplyData, std::move(first_fields),
                                 first_reply);
  if (!started) {
    // No name matches the pattern: an empty listing, not a failure.
    if (started.error() == NtStatus::NoSuchFile) co_return out;
    co_return fail(started.error());
  }

  for (int round = 0; !end; ++round) {
    // A response with nothing in it, or no end to them, would never finish the listing.
    if (entries == 0 || round >= kMaxFindRounds) {
      co_await find_close(tree, sid);
      co_return fail(NtStatus::InvalidNetworkResponse);
    }
    smb1::FindNext2Request next;
    next.sid = sid;
    next.search_count = kFindSearchCount;
    next.information_level = kFindLevel;
    next.flags = smb1::kFindCloseAtEos;
    next.file_name = last_name;  // resume after the last name seen
    auto next_reply = [&](const Trans2Reply& r) -> Result<TraceFields> {
      auto p = smb1::FindNext2ResponseParameters::decode(r.parameters);
      if (!p) return fail(p.error());
      auto found = smb1::decode_find_entries(kFindLevel, r.data,
                                             p->search_count, unicode(), false);
      if (!found) return fail(NtStatus::InvalidNetworkResponse);
      end = p->end_of_search != 0;
      take(*found);
      return TraceFields{{"entries", std::to_string(entries)}, {"end", end ? "1" : "0"}};
    };
    TraceFields next_fields{{"sid", trace_hex16(sid)}, {"resume", last_name}};
    auto more = co_await trans2(tree, Trans2Subcommand::FindNext2, next.encode(unicode()),
                                kMaxReplyParameters, kMaxReplyData, std::move(next_fields),
                                next_reply);
    if (!more) {
      if (more.error() == NtStatus::NoMoreFiles) break;  // the search ran out after all
      co_await find_close(tree, sid);
      co_return fail(more.error());
    }
  }
  co_return out;
}

asio::awaitable<void> Smb1Session::find_close(TreeId tree, uint16_t sid) {
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::FindClose2, tree));
  smb1::FindClose2Request{sid}.encode(mw);
  auto handler = [](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::FindClose2Response::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    return TraceFields{};
  };
  // Best effort: the listing has failed already, and that is what the caller hears of.
  TraceFields fields{{"sid", trace_hex16(sid)}};
  co_await conn_.call(std::move(msg), std::move(fields), Command::FindClose2, handler);
}

asio::awaitable<Result<FileInfo>> Smb1Session::query_path(TreeId tree, const std::string& path,
                                                          uint16_t level) {
  smb1::QueryPathInformationRequest req{level, path};
  FileInfo info;
  auto decode = [&](const Trans2Reply& r) -> Result<TraceFields> {
    auto f = smb1::decode_file_info_level(level, r.data, unicode());
    if (!f) return fail(NtStatus::InvalidNetworkResponse);
    info = to_client_info(*f, leaf_of(path));
    return TraceFields{{"size", std::to_string(info.size)},
                       {"attributes", trace_hex32(info.attributes)}};
  };
  TraceFields fields{{"name", path}, {"level", trace_hex16(level)}};
  auto done = co_await trans2(tree, Trans2Subcommand::QueryPathInformation,
                              req.encode(unicode()), kMaxReplyParameters, kMaxReplyData,
                              std::move(fields), decode);
  if (!done) co_return fail(done.error());
  co_return info;
}

asio::awaitable<Result<FileInfo>> Smb1Session::stat(TreeId tree, std::string path) {
  std::string name = smb_path(path);
  auto all = co_await query_path(tree, name, smb1::kSmbQueryFileAllInfo);
  if (all) co_return all;
  NtStatus e = all.error();
  if (e != NtStatus::InvalidLevel && e != NtStatus::NotSupported &&
      e != NtStatus::InvalidInfoClass && e != NtStatus::NotImplemented)
    co_return all;
  // A server without SMB_QUERY_FILE_ALL_INFO: its BASIC and STANDARD parts, one each.
  auto basic = co_await query_path(tree, name, smb1::kSmbQueryFileBasicInfo);
  if (!basic) co_return fail(basic.error());
  auto standard = co_await query_path(tree, name, smb1::kSmbQueryFileStandardInfo);
  if (!standard) co_return fail(standard.error());
  FileInfo out = *basic;
  out.size = standard->size;
  out.allocation_size = standard->allocation_size;
  out.directory = standard->directory || basic->directory;
  co_return out;
}

}  // namespace smbkit::client
