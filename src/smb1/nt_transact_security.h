// NT_TRANSACT_QUERY_SECURITY_DESC (MS-CIFS 2.2.7.6) and NT_TRANSACT_SET_SECURITY_DESC (MS-CIFS
// 2.2.7.3): their NT_Trans_Parameters, and the descriptor (MS-DTYP 2.4.6, fscc/
// security_descriptor.h) that travels as NT_Trans_Data. Neither carries setup words.
#pragma once

#include <cstdint>
#include <vector>

#include "fscc/security_descriptor.h"
#include "smb1/nt_transact.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.7.6.1 NT_Trans_Parameters: FID, Reserved, SecurityInfoFields (the
// fscc::SecurityInformation bits wanted).
struct QuerySecurityDescRequest {
  static constexpr size_t kSize = 8;

  uint16_t fid = 0;
  uint32_t security_information = 0;

  // InvalidSmb unless `parameters` holds the 8 bytes (more are ignored).
  static Result<QuerySecurityDescRequest> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
  // The whole request: MaxParameterCount 4 (LengthNeeded), the descriptor in at most
  // `max_data_count` bytes.
  NtTransactRequest to_transaction(uint32_t max_data_count) const;
};

// MS-CIFS 2.2.7.6.2: LengthNeeded in the parameters; the descriptor in the data, or no data when
// the client's MaxDataCount was too small (STATUS_BUFFER_TOO_SMALL, MS-CIFS 3.3.5.59.6).
struct QuerySecurityDescResponse {
  uint32_t length_needed = 0;
  std::optional<fscc::SecurityDescriptor> descriptor;

  // InvalidNetworkResponse unless the parameters hold LengthNeeded and the data, when present,
  // is a well-formed descriptor.
  static Result<QuerySecurityDescResponse> decode(Bytes parameters, Bytes data);
  std::vector<uint8_t> encode_parameters() const;
  std::vector<uint8_t> encode_data() const;  // empty without a descriptor
};

// MS-CIFS 2.2.7.3.1: FID, Reserved, SecurityInformation (which parts of `descriptor` to apply)
// as NT_Trans_Parameters, the self-relative descriptor as NT_Trans_Data. The response is empty.
struct SetSecurityDescRequest {
  static constexpr size_t kParameterSize = 8;

  uint16_t fid = 0;
  uint32_t security_information = 0;
  fscc::SecurityDescriptor descriptor;

  // InvalidSmb unless the parameters hold the 8 bytes; InvalidParameter for a malformed
  // descriptor (Windows answers STATUS_INVALID_SECURITY_DESCR; smbkit has no such status).
  static Result<SetSecurityDescRequest> decode(const NtTransactRequest& request);
  NtTransactRequest to_transaction() const;
};

}  // namespace smbkit::smb1
