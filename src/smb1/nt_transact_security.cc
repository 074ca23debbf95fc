#include "smb1/nt_transact_security.h"

#include "smb1/codec_support.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {
namespace {

// FID, Reserved, SecurityInformation: the parameters of both requests.
struct FidAndInformation {
  uint16_t fid = 0;
  uint32_t security_information = 0;
};

Result<FidAndInformation> decode_fid_and_information(Bytes parameters) {
  ByteReader r(parameters);
  FidAndInformation p;
  p.fid = r.u16();
  r.skip(2);  // Reserved
  p.security_information = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  return p;
}

std::vector<uint8_t> encode_fid_and_information(uint16_t fid, uint32_t security_information) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(fid);
  w.u16(0);  // Reserved
  w.u32(security_information);
  return out;
}

}  // namespace

Result<QuerySecurityDescRequest> QuerySecurityDescRequest::decode(Bytes parameters) {
  auto p = decode_fid_and_information(parameters);
  if (!p) return fail(p.error());
  return QuerySecurityDescRequest{p->fid, p->security_information};
}

std::vector<uint8_t> QuerySecurityDescRequest::encode() const {
  return encode_fid_and_information(fid, security_information);
}

NtTransactRequest QuerySecurityDescRequest::to_transaction(uint32_t max_data_count) const {
  return NtTransactRequest::make(NtTransactFunction::QuerySecurityDesc, {}, encode(), {}, 4,
                                 max_data_count);
}

Result<QuerySecurityDescResponse> QuerySecurityDescResponse::decode(Bytes parameters,
                                                                    Bytes data) {
  ByteReader r(parameters);
  QuerySecurityDescResponse resp;
  resp.length_needed = r.u32();
  if (!r.ok()) return fail(kBadResponse);
  if (!data.empty()) {
    auto sd = fscc::SecurityDescriptor::decode(data);
    if (!sd) return fail(kBadResponse);
    resp.descriptor = std::move(*sd);
  }
  return resp;
}

std::vector<uint8_t> QuerySecurityDescResponse::encode_parameters() const {
  std::vector<uint8_t> out;
  ByteWriter(out).u32(length_needed);
  return out;
}

std::vector<uint8_t> QuerySecurityDescResponse::encode_data() const {
  return descriptor ? descriptor->encode() : std::vector<uint8_t>{};
}

Result<SetSecurityDescRequest> SetSecurityDescRequest::decode(const NtTransactRequest& request) {
  auto p = decode_fid_and_information(request.parameters);
  if (!p) return fail(p.error());
  auto sd = fscc::SecurityDescriptor::decode(request.data);
  if (!sd) return fail(sd.error());
  return SetSecurityDescRequest{p->fid, p->security_information, std::move(*sd)};
}

NtTransactRequest SetSecurityDescRequest::to_transaction() const {
  return NtTransactRequest::make(NtTransactFunction::SetSecurityDesc, {},
                                 encode_fid_and_information(fid, security_information),
                                 descriptor.encode(), 0, 0);
}

}  // namespace smbkit::smb1
