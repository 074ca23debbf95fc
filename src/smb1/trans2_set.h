// TRANS2_SET_PATH_INFORMATION (MS-CIFS 2.2.6.7) and TRANS2_SET_FILE_INFORMATION (2.2.6.9): their
// Trans2_Parameters, and the SET information levels their Trans2_Data carries (MS-CIFS 2.2.2.3.4
// and 2.2.8.4; MS-SMB 2.2.2.3.5 pass-through levels, 1000 + an MS-FSCC class).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "fscc/set_info_classes.h"
#include "smb1/trans2_query.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.2.3.4 SET information levels. SMB_INFO_STANDARD (0x0001) is kSmbInfoStandard of
// trans2_query.h.
enum SetFileLevel : uint16_t {
  kSmbInfoSetEas = 0x0002,
  kSmbSetFileBasicInfo = 0x0101,
  kSmbSetFileDispositionInfo = 0x0102,
  kSmbSetFileAllocationInfo = 0x0103,
  kSmbSetFileEndOfFileInfo = 0x0104,
};

// MS-CIFS 2.2.8.4.1 SMB_INFO_STANDARD as a SET level: six SMB_DATE/SMB_TIME fields and 10
// reserved bytes.
inline constexpr size_t kSmbInfoStandardSetSize = 22;

// MS-CIFS 2.2.6.7.1 Trans2_Parameters: InformationLevel, Reserved (4 bytes), FileName — the
// layout of QUERY_PATH_INFORMATION's (2.2.6.6.1), so the same codec serves both.
using SetPathInformationRequest = QueryPathInformationRequest;

// MS-CIFS 2.2.6.9.1 Trans2_Parameters: FID, InformationLevel, Reserved.
struct SetFileInformationRequest {
  uint16_t fid = 0;
  uint16_t information_level = 0;

  static Result<SetFileInformationRequest> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// MS-CIFS 2.2.6.7.2 / 2.2.6.9.2 response Trans2_Parameters: EaErrorOffset; no Trans2_Data.
using SetInformationResponseParameters = QueryInformationResponseParameters;

// What one SET level asks for, whichever level carried it: SMB_INFO_STANDARD and
// SMB_SET_FILE_BASIC_INFO both become a FileBasicInformation (DOS times as FILETIME; 0 where the
// level says "leave it"), the other SMB1 levels their MS-FSCC twins.
using FileSetInformation = fscc::SetInformation;

// Server side: the Trans2_Data of a SET request at `level`. InvalidLevel for an SMB1 level smbkit
// does not serve here (SMB_INFO_SET_EAS, which carries an SMB_FEA_LIST, is decoded by
// ea_lists.h's decode_fea_list and applied by the server's EA core), InvalidInfoClass for a
// pass-through class it does not (Basic 1004, Rename 1010, Link 1011, Disposition 1013,
// Position 1014, Allocation 1019 and EndOfFile 1020 are served; their names use the SMB form of
// MS-FSCC 2.4.41.1). Short data is InfoLengthMismatch, a bad name InvalidParameter
// (fscc/set_info_classes.h).
Result<FileSetInformation> decode_set_info_level(uint16_t level, Bytes data);

// Client side: the Trans2_Data for `info` at `level`. InvalidParameter when the level cannot
// carry that kind of information; InvalidLevel / InvalidInfoClass as above.
Result<std::vector<uint8_t>> encode_set_info_level(uint16_t level, const FileSetInformation& info);

}  // namespace smbkit::smb1
