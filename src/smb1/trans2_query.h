// TRANS2_QUERY_PATH_INFORMATION (MS-CIFS 2.2.6.6), TRANS2_QUERY_FILE_INFORMATION (2.2.6.8) and
// TRANS2_QUERY_FS_INFORMATION (2.2.6.4): their Trans2_Parameters, and the information levels
// their Trans2_Data carries (MS-CIFS 2.2.8.2, 2.2.8.3; MS-SMB 2.2.2.3.5 pass-through levels).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fscc/file_info.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.2.3.3 QUERY information levels (file and path queries).
enum QueryFileLevel : uint16_t {
  kSmbInfoStandard = 0x0001,
  kSmbInfoQueryEaSize = 0x0002,
  kSmbInfoQueryEasFromList = 0x0003,
  kSmbInfoQueryAllEas = 0x0004,
  kSmbInfoIsNameValid = 0x0006,
  kSmbQueryFileBasicInfo = 0x0101,
  kSmbQueryFileStandardInfo = 0x0102,
  kSmbQueryFileEaInfo = 0x0103,
  kSmbQueryFileNameInfo = 0x0104,
  kSmbQueryFileAllInfo = 0x0107,
  kSmbQueryFileAltNameInfo = 0x0108,
  kSmbQueryFileStreamInfo = 0x0109,
  kSmbQueryFileCompressionInfo = 0x010B,
};

// MS-CIFS 2.2.2.3.2 QUERY_FS information levels.
enum QueryFsLevel : uint16_t {
  kSmbInfoAllocation = 0x0001,
  kSmbInfoVolume = 0x0002,
  kSmbQueryFsVolumeInfo = 0x0102,
  kSmbQueryFsSizeInfo = 0x0103,
  kSmbQueryFsDeviceInfo = 0x0104,
  kSmbQueryFsAttributeInfo = 0x0105,
};

// MS-SMB 2.2.2.3.5: level = SMB_INFO_PASSTHROUGH + the MS-FSCC class number (servers that set
// CAP_INFOLEVEL_PASSTHRU), e.g. 1004 FileBasicInformation, 1001 FileFsVolumeInformation.
inline constexpr uint16_t kSmbInfoPassthrough = 1000;

inline constexpr size_t kSmbInfoStandardSize = 22;           // MS-CIFS 2.2.8.3.1
inline constexpr size_t kSmbInfoQueryEaSizeSize = 26;        // MS-CIFS 2.2.8.3.2
inline constexpr size_t kSmbQueryFileAllInfoFixedSize = 72;  // MS-CIFS 2.2.8.3.10, before name

// MS-CIFS 2.2.8.3.1 SMB_INFO_STANDARD body (also the core of SMB_INFO_QUERY_EA_SIZE and of the
// FIND levels 2.2.8.1.1-2): three SMB_DATE/SMB_TIME pairs (UTC), 32-bit size and allocation
// (saturated), SMB_FILE_ATTRIBUTES.
void encode_smb_info_standard(ByteWriter& w, const FileInfo& f);
bool decode_smb_info_standard(ByteReader& r, FileInfo& into);

// MS-CIFS 2.2.6.6.1 Trans2_Parameters: InformationLevel, Reserved, FileName.
struct QueryPathInformationRequest {
  uint16_t information_level = 0;
  std::string file_name;  // UTF-8, as sent (backslashes)

  // InvalidSmb when the parameters are short (MS-CIFS: "not enough parameter bytes") or the
  // name is not valid UTF-16. The request decoders below fail the same way; the response
  // decoders with InvalidNetworkResponse.
  static Result<QueryPathInformationRequest> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

// MS-CIFS 2.2.6.8.1 Trans2_Parameters: FID, InformationLevel.
struct QueryFileInformationRequest {
  uint16_t fid = 0;
  uint16_t information_level = 0;

  static Result<QueryFileInformationRequest> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// MS-CIFS 2.2.6.4.1 Trans2_Parameters: InformationLevel.
struct QueryFsInformationRequest {
  uint16_t information_level = 0;

  static Result<QueryFsInformationRequest> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// MS-CIFS 2.2.6.6.2 / 2.2.6.8.2 Trans2_Parameters of the response: EaErrorOffset (0 unless an
// EA list was asked for). QUERY_FS responses carry no parameters.
struct QueryInformationResponseParameters {
  uint16_t ea_error_offset = 0;

  static Result<QueryInformationResponseParameters> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// The Trans2_Data for a file or path query at `level`: the SMB1 levels of MS-CIFS 2.2.8.3 above
// and the pass-through levels (1000 + an MS-FSCC class of fscc/info_classes.h). Names in the
// SMB1 levels follow `unicode`; pass-through levels are MS-FSCC structures, always UTF-16,
// except FileAllInformation (1018), sent in SMB_QUERY_FILE_ALL_INFO's layout as smbd does.
// InvalidLevel (Windows' STATUS_INVALID_LEVEL for ERRunknownlevel) for an SMB1 level smbkit
// does not answer; InvalidInfoClass for a pass-through class it does not (NtQueryInformationFile's
// answer).
Result<std::vector<uint8_t>> encode_file_info_level(uint16_t level, const FileInfo& f, bool unicode,
                                                    const OpenInfo& open = {});

// The Trans2_Data for an FS query at `level` (MS-CIFS 2.2.8.2 levels and 1000 + an MS-FSCC FS
// class); errors as for encode_file_info_level.
Result<std::vector<uint8_t>> encode_fs_info_level(uint16_t level, const FsInfo& fs, bool unicode);

// Client side: what a query response's data says. SMB_INFO_STANDARD, SMB_INFO_QUERY_EA_SIZE,
// BASIC, STANDARD, EA, NAME, ALL and ALT_NAME levels, and the pass-through classes that
// fscc::decode_file_information reads. InvalidLevel / InvalidInfoClass for other levels,
// InvalidNetworkResponse for malformed data.
Result<FileInfo> decode_file_info_level(uint16_t level, Bytes data, bool unicode);
// SMB_INFO_ALLOCATION, SMB_QUERY_FS_VOLUME_INFO, SIZE, DEVICE and ATTRIBUTE levels, and the
// pass-through classes fscc::decode_fs_information reads.
Result<FsInfo> decode_fs_info_level(uint16_t level, Bytes data, bool unicode);

}  // namespace smbkit::smb1
