// Names in a share: CREATE_DIRECTORY, DELETE_DIRECTORY, DELETE and RENAME (MS-CIFS 3.2.4.x via
// 2.2.4.1, 2.2.4.2, 2.2.4.7, 2.2.4.8), and TRANS2_SET_PATH_INFORMATION with
// SMB_SET_FILE_BASIC_INFO for times and attributes (2.2.6.7, 2.2.8.4.4).
#include "client/empty_reply_call.h"
#include "client/smb1_session.h"
#include "fscc/wildcard.h"
#include "smb1/file_types.h"
#include "smb1/namespace.h"
#include "smb1/trans2_set.h"

namespace smbkit::client {
namespace {

using smb1::Command;

// Hidden and system files match DELETE and RENAME only with these bits (MS-CIFS 2.2.1.2.4);
// RENAME takes directories with the directory bit.
constexpr uint16_t kDeleteSearchAttributes =
    smb1::kSmbFileAttributeHidden | smb1::kSmbFileAttributeSystem;
constexpr uint16_t kRenameSearchAttributes =
    kDeleteSearchAttributes | smb1::kSmbFileAttributeDirectory;

constexpr uint16_t kMaxSetReplyParameters = 2;  // EaErrorOffset (MS-CIFS 2.2.6.7.2)
constexpr uint16_t kMaxSetReplyData = 0;

}  // namespace

asio::awaitable<Result<void>> Smb1Session::mkdir(TreeId tree, std::string path) {
  smb1::CreateDirectoryRequest req{smb_path(path)};
  TraceFields fields{{"name", req.directory_name}};
  co_return co_await call_with_empty_reply<Command::CreateDirectory>(conn_, tree, req,
                                                                     std::move(fields));
}

asio::awaitable<Result<void>> Smb1Session::rmdir(TreeId tree, std::string path) {
  smb1::DeleteDirectoryRequest req{smb_path(path)};
  TraceFields fields{{"name", req.directory_name}};
  co_return co_await call_with_empty_reply<Command::DeleteDirectory>(conn_, tree, req,
                                                                     std::move(fields));
}

asio::awaitable<Result<void>> Smb1Session::delete_file(TreeId tree, std::string smb_name) {
  smb1::DeleteRequest req{kDeleteSearchAttributes, std::move(smb_name)};
  TraceFields fields{{"name", req.file_name},
                     {"search_attributes", trace_hex16(req.search_attributes)}};
  co_return co_await call_with_empty_reply<Command::Delete>(conn_, tree, req, std::move(fields));
}

asio::awaitable<Result<void>> Smb1Session::unlink(TreeId tree, std::string path) {
  std::string name = smb_path(path);
  auto deleted = co_await delete_file(tree, name);
  size_t slash = name.find_last_of('\\');
  std::string dir = name.substr(0, slash);
  std::string pattern = name.substr(slash + 1);
  if (deleted || deleted.error() != NtStatus::ObjectNameInvalid || !fscc::has_wildcards(pattern))
    co_return deleted;
  // A server that takes no wildcards in DELETE (Samba 4 refuses them so): the files that match,
  // found by a listing, one DELETE each.
  auto matches = co_await list(tree, dir, pattern);
  if (!matches) co_return fail(matches.error());
  bool any = false;
  for (const auto& m : *matches) {
    if (m.directory) continue;
    any = true;
    std::string match = dir + "\\" + m.name;
    auto one = co_await delete_file(tree, std::move(match));
    if (!one) co_return one;
  }
  if (!any) co_return fail(NtStatus::NoSuchFile);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Smb1Session::rename(TreeId tree, std::string from,
                                                  std::string to) {
  smb1::RenameRequest req{kRenameSearchAttributes, smb_path(from), smb_path(to)};
  TraceFields fields{{"from", req.old_file_name}, {"to", req.new_file_name}};
  co_return co_await call_with_empty_reply<Command::Rename>(conn_, tree, req, std::move(fields));
}

asio::awaitable<Result<void>> Smb1Session::set_basic_info(TreeId tree, std::string path,
                                                          FileInfo info) {
  fscc::FileBasicInformation basic;
  basic.creation_time = info.creation_time;
  basic.last_access_time = info.last_access_time;
  basic.last_write_time = info.last_write_time;
  basic.change_time = info.change_time;
  basic.file_attributes = info.attributes;
  smb1::FileSetInformation what = basic;
  auto data = smb1::encode_set_info_level(smb1::kSmbSetFileBasicInfo, what);
  if (!data) co_return fail(data.error());
  smb1::SetPathInformationRequest req{smb1::kSmbSetFileBasicInfo, smb_path(path)};
  Trans2Decoder decode = [](const Trans2Reply&) -> Result<TraceFields> { return TraceFields{}; };
  TraceFields fields{{"name", req.file_name}, {"level", trace_hex16(req.information_level)}};
  std::vector<uint8_t> parameters = req.encode(unicode());
  co_return co_await trans2(tree, smb1::Trans2Subcommand::SetPathInformation,
                            std::move(parameters), kMaxSetReplyParameters, kMaxSetReplyData,
                            std::move(fields), decode, std::move(*data));
}

}  // namespace smbkit::client
