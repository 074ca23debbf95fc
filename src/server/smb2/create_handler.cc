// SMB2 CREATE (MS-SMB2 3.3.5.9) and CLOSE (3.3.5.10): the core's NT create (core/open_file.h)
// under a new FileId, with the oplock asked for when it can be had, the extended attributes of
// an ExtA context (3.3.5.9.2) given to a file it makes or overwrites, and the create contexts a
// server without leases or durable handles answers (MxAc, QFid); the others are ignored, which
// tells the client they were not granted (3.3.5.9.x). On IPC$ a CREATE opens a named pipe
// (core/pipes.h).
#include "fscc/ea_information.h"
#include "server/access.h"
#include "server/core/open_file.h"
#include "server/core/pipes.h"
#include "server/core/query_info.h"
#include "server/log.h"
#include "server/smb2/framing.h"
#include "server/smb2/handler.h"
#include "smb2/close.h"
#include "smb2/create.h"
#include "smb2/oplock_break.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// Create options a client may not set (MS-SMB2 2.2.13: the reserved ones, FILE_OPEN_BY_FILE_ID
// aside).
constexpr uint32_t kReservedCreateOptions = 0xFF000000;

OplockAsked oplock_asked(uint8_t requested) {
  OplockAsked asked;
  asked.level2 = true;  // every SMB2 client takes level II oplocks
  switch (requested) {
    case kOplockLevelBatch: asked.wanted = OplockLevel::Batch; break;
    case kOplockLevelExclusive: asked.wanted = OplockLevel::Exclusive; break;
    case kOplockLevelII: asked.wanted = OplockLevel::LevelII; break;
    default: asked.wanted = OplockLevel::None; break;  // none, or a lease (not granted)
  }
  return asked;
}

uint8_t wire_oplock_level(OplockLevel level) {
  switch (level) {
    case OplockLevel::Batch: return kOplockLevelBatch;
    case OplockLevel::Exclusive: return kOplockLevelExclusive;
    case OplockLevel::LevelII: return kOplockLevelII;
    default: return kOplockLevelNone;
  }
}

// How a break of the oplock on `id` reaches the client (MS-SMB2 2.2.23.1, 3.3.4.6): an
// unsolicited OPLOCK_BREAK notification, MessageId all ones, unsigned (3.3.4.1.1), encrypted as
// the CREATE's response was (`seal`).
BreakNotifier break_notifier(const Smb2State& state, FileId id,
                             std::shared_ptr<crypto::SessionCipher> seal) {
  if (!state.reply_sink) return {};
  return [sink = state.reply_sink, id, seal = std::move(seal)](OplockLevel level) {
    Header h;
    h.command = static_cast<uint16_t>(Command::OplockBreak);
    h.flags = kFlagsServerToRedir;
    h.message_id = kAnyId;
    size_t message_at = smb2_message_offset(seal != nullptr);
    std::vector<uint8_t> frame(message_at);
    ByteWriter w(frame);
    h.encode(w);
    OplockBreak n;
    n.oplock_level = level == OplockLevel::LevelII ? kOplockLevelII : kOplockLevelNone;
    n.file_id = id;
    n.encode(w, message_at);
    sink(frame_smb2(std::move(frame), seal.get()));
  };
}

bool session_may_open_more(const Smb2Call& call) {
  size_t held = 0;
  for (auto& [id, open] : call.state.opens) held += open.session_id == call.session->id;
  return held < call.shared.config.limits.max_open_files_per_session;
}

// The create contexts answered (MS-SMB2 2.2.14.2): MxAc with the maximal access, QFid with the
// file's on-disk id (its inode number and the volume's).
std::vector<uint8_t> answer_contexts(const CreateRequest& req, Smb2Open& open,
                                     const FileInfo& info, uint32_t tree_maximal_access,
                                     std::vector<CreateContext>& answered) {
  std::vector<uint8_t> storage;
  ByteWriter w(storage);
  std::vector<std::pair<std::string_view, std::pair<size_t, size_t>>> spans;
  if (find_create_context(req.contexts, kCreateQueryMaximalAccess)) {
    size_t at = storage.size();
    MaximalAccessResponse mxac;
    // No more than the tree grants (a read-only share's reading rights), as smbd answers.
    mxac.maximal_access =
        (maximal_access_of(*open.file) | open.granted_access) & tree_maximal_access;
    mxac.encode(w);
    spans.push_back({kCreateQueryMaximalAccess, {at, storage.size() - at}});
  }
  if (find_create_context(req.contexts, kCreateQueryOnDiskId)) {
    size_t at = storage.size();
    QueryOnDiskIdResponse qfid;
    qfid.disk_file_id = info.file_id;
    qfid.volume_id = 0;
    qfid.encode(w);
    spans.push_back({kCreateQueryOnDiskId, {at, storage.size() - at}});
  }
  for (auto& [name, span] : spans)
    answered.push_back(CreateContext{context_name(name),
                                     Bytes(storage).subspan(span.first, span.second)});
  return storage;
}

// What a pipe open is granted: the rights asked for (generic ones mapped), all of a pipe's
// read and write rights for MAXIMUM_ALLOWED.
uint32_t pipe_access(uint32_t desired) {
  uint32_t granted = map_generic(desired) & 0x00FFFFFF;
  if (desired & kMaximumAllowed) granted |= kFileGenericRead | kFileGenericWrite;
  return granted;
}

// MS-SMB2 3.3.5.9 on IPC$: an open of a named pipe that smbkit serves (srvsvc, wkssvc; any
// other name is STATUS_OBJECT_NAME_NOT_FOUND), answered as Windows answers it: no oplock, the
// file existed and was opened, no times, sizes 0, FILE_ATTRIBUTE_NORMAL; create contexts are
// ignored.
NtStatus create_pipe(Smb2Call& call, const CreateRequest& req) {
  size_t pipes = 0;
  for (auto& [id, open] : call.state.opens)
    pipes += open.session_id == call.session->id && open.is_pipe();
  if (pipes >= kMaxPipesPerSession) return NtStatus::PipeNotAvailable;
  if (!session_may_open_more(call)) return NtStatus::TooManyOpenedFiles;
  auto pipe = PipeOpen::open(req.name, call.shared.catalog()->rpc_info);
  if (!pipe) return pipe.error();
  Smb2Open entry;
  entry.path = req.name;
  entry.pipe = std::move(*pipe);
  entry.granted_access = pipe_access(req.desired_access);
  entry.session_id = call.session->id;
  entry.tree_id = call.header.tree_id;
  auto volatile_id = call.state.opens.insert(std::move(entry));
  if (!volatile_id) return NtStatus::TooManyOpenedFiles;
  Smb2Open& open = *call.state.opens.find(*volatile_id);
  open.id = FileId{*volatile_id, *volatile_id};
  call.created = open.id;

  CreateResponse resp;
  resp.oplock_level = kOplockLevelNone;
  resp.create_action = static_cast<uint32_t>(vfs::CreateAction::Opened);
  resp.file_attributes = kPipeFileAttributes;
  resp.file_id = open.id;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_smb2_create(Smb2Call& call) {
  auto req = CreateRequest::decode(call.message);
  if (!req) return req.error();
  if (req->impersonation_level > kSecurityDelegation) return NtStatus::BadImpersonationLevel;
  if (call.tree->is_ipc()) return create_pipe(call, *req);
  if (req->create_options & kReservedCreateOptions) return NtStatus::InvalidParameter;
  if (req->create_options & kFileOpenByFileId) return NtStatus::NotSupported;
  // A name starting with a separator is not a name beneath the share (3.3.5.9).
  if (!req->name.empty() && req->name.front() == '\\') return NtStatus::InvalidParameter;
  if (!session_may_open_more(call)) return NtStatus::TooManyOpenedFiles;

  CreateParams params{req->name,         req->desired_access,     req->file_attributes,
                      req->share_access, req->create_disposition, req->create_options, {}};
  // MS-SMB2 2.2.13.2.1 SMB2_CREATE_EA_BUFFER: a FILE_FULL_EA_INFORMATION list (a malformed one
  // is STATUS_EA_LIST_INCONSISTENT, a bad name STATUS_INVALID_EA_NAME, before anything opens).
  if (const CreateContext* ext_a = find_create_context(req->contexts, kCreateEaBuffer)) {
    auto eas = fscc::decode_full_ea_list(ext_a->data);
    if (!eas) return eas.error();
    params.eas = std::move(*eas);
  }
  Opener opener{call.shared, *call.tree->share, call.state.connection, call.park};
  opener.read_only = call.tree->read_only;
  auto opening = create_file(opener, params);
  if (!opening) return opening.error();

  Smb2Open entry;
  static_cast<OpenState&>(entry) = std::move(opening->open);
  entry.session_id = call.session->id;
  entry.tree_id = call.header.tree_id;
  auto volatile_id = call.state.opens.insert(std::move(entry));
  if (!volatile_id) return NtStatus::TooManyOpenedFiles;
  Smb2Open& open = *call.state.opens.find(*volatile_id);
  open.id = FileId{*volatile_id, *volatile_id};
  const FileInfo& info = opening->info;
  OplockLevel level =
      grant_oplock(call.shared, open, info.is_directory, oplock_asked(req->requested_oplock_level),
                   break_notifier(call.state, open.id, call.seal));
  open.oplock_level = wire_oplock_level(level);
  call.created = open.id;

  CreateResponse resp;
  resp.oplock_level = open.oplock_level;
  resp.create_action = static_cast<uint32_t>(opening->action);
  resp.creation_time = info.creation_time;
  resp.last_access_time = info.last_access_time;
  resp.last_write_time = info.last_write_time;
  resp.change_time = info.change_time;
  resp.allocation_size = info.allocation_size;
  resp.end_of_file = info.end_of_file;
  resp.file_attributes = info.attributes;
  resp.file_id = open.id;
  std::vector<uint8_t> storage =
      answer_contexts(*req, open, info, call.tree->maximal_access, resp.contexts);
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

NtStatus handle_smb2_close(Smb2Call& call) {
  auto req = CloseRequest::decode(call.message);
  if (!req) return req.error();
  CloseResponse resp;
  if (req->postquery_attrib() && call.open->is_pipe()) {
    resp.flags = kCloseFlagPostqueryAttrib;
    resp.file_attributes = kPipeFileAttributes;
  } else if (req->postquery_attrib()) {
    // MS-SMB2 3.3.5.10: the attributes as the close leaves them.
    auto info = call.open->file->stat();
    if (info) {
      resp.flags = kCloseFlagPostqueryAttrib;
      resp.creation_time = info->creation_time;
      resp.last_access_time = info->last_access_time;
      resp.last_write_time = info->last_write_time;
      resp.change_time = info->change_time;
      resp.allocation_size = info->allocation_size;
      resp.end_of_file = info->end_of_file;
      resp.file_attributes = info->attributes;
    }
  }
  close_smb2_open(call.state, call.open->id.volatile_id);
  call.open = nullptr;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
