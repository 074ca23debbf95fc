// SMB2 IOCTL (MS-SMB2 3.3.5.15): the FSCTLs real clients send when they connect and open files
// (validate negotiate, network interface info, reparse points, DFS referrals, sparse files),
// FSCTL_PIPE_TRANSCEIVE on a named pipe (the RPC clients' request and reply in one round trip),
// and for the rest the statuses Windows answers.
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "server/access.h"
#include "server/log.h"
#include "server/smb2/handler.h"
#include "smb2/ioctl.h"
#include "smb2/negotiate.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// MS-SMB2 3.3.5.15.12. The dialect the server would pick from the request's list must be the
// one negotiated, and the rest must match what NEGOTIATE carried; otherwise the connection ends
// (the client's NEGOTIATE was tampered with).
NtStatus validate_negotiate(Smb2Call& call, const IoctlRequest& req, std::vector<uint8_t>& out) {
  Smb2State& state = call.state;
  // 3.1.1 protects NEGOTIATE with the pre-auth integrity hash; the FSCTL is not for it.
  if (state.dialect == kDialect311) {
    call.close_connection = true;
    return NtStatus::AccessDenied;
  }
  auto info = ValidateNegotiateInfoRequest::decode(req.input);
  if (!info || req.max_output_response < ValidateNegotiateInfoResponse::kSize)
    return NtStatus::InvalidParameter;
  uint16_t chosen = 0;
  for (uint16_t d : call.shared.protocols.smb2_dialects())
    if (std::find(info->dialects.begin(), info->dialects.end(), d) != info->dialects.end())
      chosen = std::max(chosen, d);
  if (chosen != state.dialect || info->guid != state.client_guid ||
      info->security_mode != state.client_security_mode ||
      info->capabilities != state.client_capabilities) {
    log_info("VALIDATE_NEGOTIATE_INFO does not match NEGOTIATE: closing the connection");
    call.close_connection = true;
    return NtStatus::AccessDenied;
  }
  ValidateNegotiateInfoResponse resp;
  resp.capabilities = state.server_capabilities;
  resp.guid = call.shared.server_guid;
  resp.security_mode =
      kNegotiateSigningEnabled | (call.shared.signing_required ? kNegotiateSigningRequired : 0);
  resp.dialect = state.dialect;
  ByteWriter w(out);
  resp.encode(w);
  return NtStatus::Success;
}

// The link speed the kernel reports for an interface, in bits per second (1 Gb/s when it says
// nothing, as for a virtual interface).
uint64_t link_speed(const char* name) {
  std::ifstream in(std::string("/sys/class/net/") + name + "/speed");
  long mbps = 0;
  if (in >> mbps && mbps > 0) return static_cast<uint64_t>(mbps) * 1000 * 1000;
  return uint64_t{1000} * 1000 * 1000;
}

// MS-SMB2 3.3.5.15.11: the server's up interfaces with an address, loopback left out.
NtStatus network_interfaces(std::vector<uint8_t>& out) {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return NtStatus::InsufficientResources;
  std::vector<NetworkInterfaceInfo> found;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || !(a->ifa_flags & IFF_UP) || (a->ifa_flags & IFF_LOOPBACK)) continue;
    NetworkInterfaceInfo info;
    info.if_index = if_nametoindex(a->ifa_name);
    info.link_speed = link_speed(a->ifa_name);
    if (a->ifa_addr->sa_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
      std::memcpy(info.address.data(), &in->sin_addr, 4);
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
      info.ipv6 = true;
      std::memcpy(info.address.data(), &in6->sin6_addr, 16);
    } else {
      continue;
    }
    found.push_back(info);
  }
  freeifaddrs(list);
  ByteWriter w(out);
  encode_network_interface_info(w, found);
  return NtStatus::Success;
}

// MS-FSCC 2.3.33 FSCTL_QUERY_ALLOCATED_RANGES: a POSIX file is treated as allocated from 0 to its
// end (holes are not reported).
NtStatus allocated_ranges(Smb2Open& open, const IoctlRequest& req, std::vector<uint8_t>& out) {
  if (req.input.size() < 16) return NtStatus::InvalidParameter;
  ByteReader r(req.input);
  uint64_t offset = r.u64();
  uint64_t length = r.u64();
  auto info = open.file->stat();
  if (!info) return info.error();
  uint64_t end = info->end_of_file;
  if (offset >= end || length == 0) return NtStatus::Success;
  uint64_t last = length > end - offset ? end : offset + length;
  if (req.max_output_response < 16) return NtStatus::BufferTooSmall;
  ByteWriter w(out);
  w.u64(offset);
  w.u64(last - offset);
  return NtStatus::Success;
}

// FSCTL_CREATE_OR_GET_OBJECT_ID / FSCTL_GET_OBJECT_ID (MS-FSCC 2.3.7, 2.3.21): a
// FILE_OBJECTID_BUFFER whose ObjectId is made from the file's IndexNumber and the volume's
// serial number, so it is the same for every open of the file and stays with it through renames
// (a POSIX file system keeps no object ids to return); BirthObjectId repeats it, BirthVolumeId
// and DomainId are zero.
NtStatus object_id(Smb2Open& open, std::vector<uint8_t>& out) {
  auto info = open.file->stat();
  if (!info) return info.error();
  auto fs = open.fs->fs_info();
  if (!fs) return fs.error();
  std::vector<uint8_t> id;
  ByteWriter idw(id);
  idw.u64(info->file_id);
  idw.u32(fs->serial_number);
  idw.u32(0x736b6d62);  // "bmks": marks the ids this server made
  ByteWriter w(out);
  w.bytes(id);  // ObjectId
  w.zeros(16);  // BirthVolumeId
  w.bytes(id);  // BirthObjectId
  w.zeros(16);  // DomainId
  return NtStatus::Success;
}

// MS-SMB2 3.3.5.15 with MS-FSCC's FSCTL_PIPE_TRANSCEIVE: the input written to the
// pipe and the reply read back, at most MaxOutputResponse bytes of it (STATUS_BUFFER_OVERFLOW
// with the part that fits; the client reads the rest). A reply not produced yet is waited for
// and answered later, as a read is (read_write_handler.cc).
NtStatus pipe_transceive(Smb2Call& call, Smb2Open& open, const IoctlRequest& req) {
  if (!(open.granted_access & kFileReadData) || !(open.granted_access & kFileWriteData))
    return NtStatus::AccessDenied;
  auto response = [ctl = req.ctl_code, id = open.id](const PipeData& d) {
    IoctlResponse resp;
    resp.ctl_code = ctl;
    resp.file_id = id;
    resp.output = d.data;
    return resp;
  };
  if (auto now = open.pipe->transceive(req.input, req.max_output_response)) {
    if (is_error(now->status)) return now->status;
    response(*now).encode(call.out, call.header_start);
    return now->status;
  }
  if (!call.state.reply_sink) return NtStatus::PipeEmpty;  // nowhere to answer later
  auto async = call.go_async();
  if (!async) return async.error();
  open.pipe->wait(async->request, req.max_output_response,
                  [reply = async->reply, response](PipeData d) {
                    if (is_error(d.status)) return reply(d.status, {});
                    reply(d.status, late_reply_body(response(d)));
                  });
  return NtStatus::Pending;
}

}  // namespace

NtStatus handle_smb2_ioctl(Smb2Call& call) {
  auto req = IoctlRequest::decode(call.message);
  if (!req) return req.error();
  // MS-SMB2 3.3.5.15: only FSCTLs travel over SMB2.
  if (!req->is_fsctl()) return NtStatus::NotSupported;
  Smb2Open* open = call.open;  // the gate's look-up, a related request's included
  std::vector<uint8_t> output;
  NtStatus status;
  switch (req->ctl_code) {
    case kFsctlValidateNegotiateInfo: status = validate_negotiate(call, *req, output); break;
    case kFsctlQueryNetworkInterfaceInfo: status = network_interfaces(output); break;
    case kFsctlDfsGetReferrals:
    case kFsctlDfsGetReferralsEx: status = NtStatus::FsDriverRequired; break;  // no DFS
    default:
      if (!open) return NtStatus::FileClosed;
      if (open->is_pipe()) {
        // A pipe knows the pipe FSCTLs only (NPFS answers the rest so).
        if (req->ctl_code == kFsctlPipeTransceive) return pipe_transceive(call, *open, *req);
        return NtStatus::InvalidDeviceRequest;
      }
      switch (req->ctl_code) {
        case kFsctlGetReparsePoint: status = NtStatus::NotAReparsePoint; break;
        case kFsctlSetSparse: status = NtStatus::Success; break;  // files may be sparse anyway
        case kFsctlQueryAllocatedRanges: status = allocated_ranges(*open, *req, output); break;
        case kFsctlCreateOrGetObjectId:
        case kFsctlGetObjectId: status = object_id(*open, output); break;
        case kFsctlPipeTransceive: status = NtStatus::InvalidDeviceRequest; break;
        default: status = NtStatus::InvalidDeviceRequest; break;
      }
  }
  if (status != NtStatus::Success) return status;
  if (output.size() > req->max_output_response) return NtStatus::BufferTooSmall;
  IoctlResponse resp;
  resp.ctl_code = req->ctl_code;
  resp.file_id = req->file_id;
  resp.output = output;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
