// SMB2 QUERY_INFO (MS-SMB2 3.3.5.20) and SET_INFO (3.3.5.21): the file, file-system and security
// classes, through the same core and MS-FSCC codecs as SMB1's TRANS2 query and set levels; on a
// named pipe the classes a pipe has (core/pipes.h).
#include <algorithm>

#include "fscc/ea_information.h"
#include "fscc/fs_info_classes.h"
#include "fscc/info_classes.h"
#include "fscc/set_info_classes.h"
#include "server/core/extended_attributes.h"
#include "server/core/query_info.h"
#include "server/core/security_info.h"
#include "server/core/set_info.h"
#include "server/smb2/handler.h"
#include "smb2/error.h"
#include "smb2/query_info.h"
#include "smb2/set_info.h"

namespace smbkit::server {
namespace {

using namespace smb2;
using fscc::FileInfoClass;
using fscc::FsInfoClass;

// The fixed part of each class served: a buffer shorter than it is STATUS_INFO_LENGTH_MISMATCH; a
// variable class that fits only in part is cut short with STATUS_BUFFER_OVERFLOW (MS-SMB2
// 3.3.5.20.1, 3.3.5.20.2). The fixed part is the size of the structure as Windows declares it,
// with a one-character name and padding to its alignment (FILE_ALL_INFORMATION 104, not MS-FSCC's
// 100 up to the name): the minimum Windows asks for (smbtorture smb2.getinfo.*_buffercheck).
struct ClassSize {
  size_t fixed;
  bool variable;
};

std::optional<ClassSize> file_class_size(FileInfoClass cls) {
  switch (cls) {
    case FileInfoClass::Basic: return ClassSize{40, false};
    case FileInfoClass::Standard: return ClassSize{24, false};
    case FileInfoClass::Internal: return ClassSize{8, false};
    case FileInfoClass::Ea: return ClassSize{4, false};
    case FileInfoClass::Access: return ClassSize{4, false};
    case FileInfoClass::Position: return ClassSize{8, false};
    case FileInfoClass::Mode: return ClassSize{4, false};
    case FileInfoClass::Alignment: return ClassSize{4, false};
    case FileInfoClass::All: return ClassSize{104, true};
    case FileInfoClass::AlternateName: return ClassSize{8, true};
    case FileInfoClass::Stream: return ClassSize{32, true};
    case FileInfoClass::Compression: return ClassSize{16, false};
    case FileInfoClass::NetworkOpen: return ClassSize{56, false};
    case FileInfoClass::AttributeTag: return ClassSize{8, false};
    default: return std::nullopt;
  }
}

std::optional<ClassSize> fs_class_size(FsInfoClass cls) {
  switch (cls) {
    case FsInfoClass::Volume: return ClassSize{24, true};
    case FsInfoClass::Size: return ClassSize{24, false};
    case FsInfoClass::Device: return ClassSize{8, false};
    case FsInfoClass::Attribute: return ClassSize{16, true};
    case FsInfoClass::Control: return ClassSize{fscc::kFileFsControlInformationSize, false};
    case FsInfoClass::FullSize: return ClassSize{32, false};
    case FsInfoClass::ObjectId: return ClassSize{64, false};
    case FsInfoClass::SectorSize: return ClassSize{28, false};
    default: return std::nullopt;
  }
}

// Writes `data` as the response's output within the client's buffer.
NtStatus answer(Smb2Call& call, const std::vector<uint8_t>& data, ClassSize size,
                uint32_t room) {
  if (room < size.fixed || (!size.variable && room < data.size()))
    return NtStatus::InfoLengthMismatch;
  size_t n = std::min<size_t>(data.size(), room);
  QueryInfoResponse resp;
  resp.output = Bytes(data).first(n);
  resp.encode(call.out, call.header_start);
  return n < data.size() ? NtStatus::BufferOverflow : NtStatus::Success;
}

// MS-SMB2 3.3.5.20.1: the classes holding attributes and times (basic, all, network open,
// attribute tag) need FILE_READ_ATTRIBUTES; the others (standard, internal, EA size, name,
// streams, ...) no access at all (smbtorture smb2.getinfo.getinfo_access).
bool may_query(FileInfoClass cls, uint32_t granted) {
  switch (cls) {
    case FileInfoClass::Basic:
    case FileInfoClass::All:
    case FileInfoClass::NetworkOpen:
    case FileInfoClass::AttributeTag: return granted & kFileReadAttributes;
    default: return true;
  }
}

// FileFullEaInformation (MS-SMB2 3.3.5.20.1, MS-FSA 2.1.5.12.12): the EAs the input's
// FILE_GET_EA_INFORMATION list names, or the next ones of the open's enumeration, SL_RESTART_SCAN
// starting it over and SL_INDEX_SPECIFIED at the 1-based index in AdditionalInformation
// (MS-SMB2 3.2.4.8); whole entries only. The statuses (NO_EAS_ON_FILE, NO_MORE_EAS,
// BUFFER_TOO_SMALL, BUFFER_OVERFLOW with the entries that fit) are the core's.
NtStatus query_full_ea(Smb2Call& call, const QueryInfoRequest& req) {
  auto names = fscc::decode_get_ea_list(req.input);
  if (!names) return names.error();
  FullEaQuery query;
  query.names = std::move(*names);
  query.restart_scan = req.flags & kSlRestartScan;
  query.single_entry = req.flags & kSlReturnSingleEntry;
  if (req.flags & kSlIndexSpecified) query.index = req.additional_information;
  query.room = req.output_buffer_length;
  auto answer = query_full_ea_information(*call.open, query);
  if (!answer) return answer.error();
  if (answer->status != NtStatus::Success && answer->status != NtStatus::BufferOverflow)
    return answer->status;
  QueryInfoResponse resp;
  resp.output = answer->data;
  resp.encode(call.out, call.header_start);
  return answer->status;
}

NtStatus query_file(Smb2Call& call, const QueryInfoRequest& req) {
  auto cls = static_cast<FileInfoClass>(req.file_info_class);
  if (cls == FileInfoClass::FullEa) return query_full_ea(call, req);
  auto size = file_class_size(cls);
  if (!size) return NtStatus::InvalidInfoClass;
  if (!may_query(cls, call.open->granted_access)) return NtStatus::AccessDenied;
  auto info = stat_open(call.shared, *call.open);
  if (!info) return info.error();
  // SMB2 names a file by its path from the share root, with a leading separator.
  info->name = "\\" + info->name;
  auto data = fscc::encode_file_information(cls, *info, open_info(*call.open));
  if (!data) return data.error();
  return answer(call, *data, *size, req.output_buffer_length);
}

NtStatus query_fs(Smb2Call& call, const QueryInfoRequest& req) {
  auto cls = static_cast<FsInfoClass>(req.file_info_class);
  auto size = fs_class_size(cls);
  if (!size) return NtStatus::InvalidInfoClass;
  auto fs = call.open->fs->fs_info();
  if (!fs) return fs.error();
  auto data = fscc::encode_fs_information(cls, *fs);
  if (!data) return data.error();
  return answer(call, *data, *size, req.output_buffer_length);
}

NtStatus query_security_info(Smb2Call& call, const QueryInfoRequest& req) {
  auto sd = query_security(*call.open, req.additional_information);
  if (!sd) return sd.error();
  std::vector<uint8_t> data = sd->encode();
  if (data.size() > req.output_buffer_length) {
    // MS-SMB2 3.3.5.20.3: the size needed, in the ERROR response's data.
    ErrorResponse::buffer_too_small(static_cast<uint32_t>(data.size()))
        .encode(call.out, call.header_start);
    return NtStatus::BufferTooSmall;
  }
  QueryInfoResponse resp;
  resp.output = data;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

// FileFullEaInformation (MS-FSA 2.1.5.15.5): a FILE_FULL_EA_INFORMATION list, applied whole or
// not at all when a name is bad; FILE_WRITE_EA needed.
NtStatus set_full_ea(Smb2Call& call, const SetInfoRequest& req) {
  if (req.buffer.empty()) return NtStatus::InvalidParameter;
  auto eas = fscc::decode_full_ea_list(req.buffer);
  if (!eas) return eas.error();
  if (auto r = set_eas(*call.open, *eas); !r) return r.error();
  return NtStatus::Success;
}

NtStatus set_file(Smb2Call& call, const SetInfoRequest& req) {
  auto cls = static_cast<FileInfoClass>(req.file_info_class);
  if (cls == FileInfoClass::FullEa) return set_full_ea(call, req);
  if (!fscc::is_served_set_class(cls)) return NtStatus::InvalidInfoClass;
  auto set = fscc::decode_set_information(cls, req.buffer, fscc::NameInfoForm::kSmb2);
  if (!set) return set.error();
  if (auto r = set_by_handle(call.shared, *call.open, *set, TargetNames::FromRoot); !r)
    return r.error();
  return NtStatus::Success;
}

NtStatus set_security_info(Smb2Call& call, const SetInfoRequest& req) {
  auto sd = fscc::SecurityDescriptor::decode(req.buffer);
  if (!sd) return NtStatus::InvalidParameter;
  if (auto r = set_security(*call.open, *sd, req.additional_information); !r) return r.error();
  return NtStatus::Success;
}

// The classes a named pipe answers (MS-FSCC 2.4): FileStandardInformation as Windows and Samba
// answer it on a pipe (AllocationSize 4096, EndOfFile 0, one link, DeletePending set: a Windows
// client asks for it after opening a pipe and asks twice if it is refused),
// FilePipeInformation (2.4.34: message read mode, queued completion) and
// FilePipeLocalInformation (2.4.35: a full-duplex message pipe, connected, this the client
// end, with the reply bytes waiting to be read). Anything else: STATUS_NOT_SUPPORTED, as Samba.
constexpr uint8_t kFilePipeLocalInformation = 24;

NtStatus query_pipe(Smb2Call& call, const QueryInfoRequest& req) {
  if (req.info_type != kInfoFile) return NtStatus::NotSupported;
  const PipeOpen& pipe = *call.open->pipe;
  std::vector<uint8_t> data;
  ByteWriter w(data);
  switch (req.file_info_class) {
    case static_cast<uint8_t>(FileInfoClass::Standard):
      w.u64(4096);  // AllocationSize
      w.u64(0);     // EndOfFile
      w.u32(1);     // NumberOfLinks
      w.u8(1);      // DeletePending
      w.u8(0);      // Directory
      w.u16(0);     // Reserved
      break;
    case static_cast<uint8_t>(FileInfoClass::Pipe):
      w.u32(1);  // ReadMode: FILE_PIPE_MESSAGE_MODE
      w.u32(0);  // CompletionMode: FILE_PIPE_QUEUE_OPERATION
      break;
    case kFilePipeLocalInformation: {
      uint32_t quota = static_cast<uint32_t>(pipe_limits().max_pending_output);
      w.u32(1);           // NamedPipeType: FILE_PIPE_MESSAGE_TYPE
      w.u32(2);           // NamedPipeConfiguration: FILE_PIPE_FULL_DUPLEX
      w.u32(0xFFFFFFFF);  // MaximumInstances: unlimited
      w.u32(1);           // CurrentInstances
      w.u32(quota);       // InboundQuota
      w.u32(static_cast<uint32_t>(pipe.available()));  // ReadDataAvailable
      w.u32(quota);       // OutboundQuota
      w.u32(quota);       // WriteQuotaAvailable
      w.u32(3);           // NamedPipeState: FILE_PIPE_CONNECTED_STATE
      w.u32(0);           // NamedPipeEnd: FILE_PIPE_CLIENT_END
      break;
    }
    default: return NtStatus::NotSupported;
  }
  return answer(call, data, ClassSize{data.size(), false}, req.output_buffer_length);
}

// FilePipeInformation may be set to what the pipe is (message read mode, queued completion,
// MS-FSCC 2.4.34); a pipe's other classes are not set (STATUS_NOT_SUPPORTED).
NtStatus set_pipe(const SetInfoRequest& req) {
  if (req.info_type != kInfoFile || req.file_info_class != static_cast<uint8_t>(FileInfoClass::Pipe))
    return NtStatus::NotSupported;
  if (req.buffer.size() < 8) return NtStatus::InfoLengthMismatch;
  ByteReader r(req.buffer);
  uint32_t read_mode = r.u32();
  uint32_t completion_mode = r.u32();
  if (read_mode > 1 || completion_mode > 1) return NtStatus::InvalidParameter;
  // Byte read mode and non-blocking completion are not served: RPC clients ask for neither.
  if (read_mode != 1 || completion_mode != 0) return NtStatus::NotSupported;
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_smb2_query_info(Smb2Call& call) {
  auto req = QueryInfoRequest::decode(call.message);
  if (!req) return req.error();
  if (req->output_buffer_length > 8 * 1024 * 1024) return NtStatus::InvalidParameter;
  if (call.open->is_pipe()) return query_pipe(call, *req);
  switch (req->info_type) {
    case kInfoFile: return query_file(call, *req);
    case kInfoFilesystem: return query_fs(call, *req);
    case kInfoSecurity: return query_security_info(call, *req);
    case kInfoQuota: return NtStatus::NotSupported;  // no quotas are kept
    default: return NtStatus::InvalidParameter;
  }
}

NtStatus handle_smb2_set_info(Smb2Call& call) {
  auto req = SetInfoRequest::decode(call.message);
  if (!req) return req.error();
  NtStatus status;
  if (call.open->is_pipe()) {
    status = set_pipe(*req);
    if (status == NtStatus::Success) SetInfoResponse{}.encode(call.out, call.header_start);
    return status;
  }
  switch (req->info_type) {
    case kInfoFile: status = set_file(call, *req); break;
    case kInfoFilesystem: status = NtStatus::InvalidInfoClass; break;
    case kInfoSecurity: status = set_security_info(call, *req); break;
    case kInfoQuota: status = NtStatus::NotSupported; break;
    default: status = NtStatus::InvalidParameter; break;
  }
  if (status != NtStatus::Success) return status;
  SetInfoResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
