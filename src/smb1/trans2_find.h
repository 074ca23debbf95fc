// Directory searches: TRANS2_FIND_FIRST2 (MS-CIFS 2.2.6.2), TRANS2_FIND_NEXT2 (2.2.6.3), their
// information levels (MS-CIFS 2.2.8.1, MS-SMB 2.2.8.1), and SMB_COM_FIND_CLOSE2 (2.2.4.48).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fscc/file_info.h"
#include "smb1/ea_lists.h"
#include "smb1/message.h"
#include "smbkit/status.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.6.2.1 Flags
enum FindFlags : uint16_t {
  kFindCloseAfterRequest = 0x0001,
  kFindCloseAtEos = 0x0002,
  kFindReturnResumeKeys = 0x0004,
  kFindContinueFromLast = 0x0008,
  kFindWithBackupIntent = 0x0010,
};

// MS-CIFS 2.2.2.3.1 and MS-SMB 2.2.2.3.1 FIND information levels.
enum FindLevel : uint16_t {
  kFindInfoStandard = 0x0001,
  kFindInfoQueryEaSize = 0x0002,
  kFindInfoQueryEasFromList = 0x0003,
  kFindFileDirectoryInfo = 0x0101,
  kFindFileFullDirectoryInfo = 0x0102,
  kFindFileNamesInfo = 0x0103,
  kFindFileBothDirectoryInfo = 0x0104,
  kFindFileIdFullDirectoryInfo = 0x0105,
  kFindFileIdBothDirectoryInfo = 0x0106,
};

// MS-CIFS 2.2.6.2.1 Trans2_Parameters. (The Trans2_Data, an EA name list, only matters for
// SMB_INFO_QUERY_EAS_FROM_LIST: decode_gea_list in ea_lists.h.)
struct FindFirst2Request {
  uint16_t search_attributes = 0;  // SMB_FILE_ATTRIBUTES, with SMB_SEARCH_ATTRIBUTE_* bits
  uint16_t search_count = 0;       // the most entries to return
  uint16_t flags = 0;              // FindFlags
  uint16_t information_level = 0;
  uint32_t search_storage_type = 0;
  std::string file_name;  // the pattern, e.g. "\\dir\\*"

  // InvalidSmb when short or when the name is not valid UTF-16 (so for FindNext2Request);
  // the response decoders fail with InvalidNetworkResponse.
  static Result<FindFirst2Request> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

// MS-CIFS 2.2.6.2.2 Trans2_Parameters of the response.
struct FindFirst2ResponseParameters {
  uint16_t sid = 0;
  uint16_t search_count = 0;  // entries in this response
  uint16_t end_of_search = 0;
  uint16_t ea_error_offset = 0;
  uint16_t last_name_offset = 0;  // into Trans2_Data; 0 if the search cannot resume

  static Result<FindFirst2ResponseParameters> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// MS-CIFS 2.2.6.3.1 Trans2_Parameters.
struct FindNext2Request {
  uint16_t sid = 0;
  uint16_t search_count = 0;
  uint16_t information_level = 0;
  uint32_t resume_key = 0;
  uint16_t flags = 0;
  std::string file_name;  // the name to resume after (when not CONTINUE_FROM_LAST)

  static Result<FindNext2Request> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

// MS-CIFS 2.2.6.3.2 Trans2_Parameters of the response.
struct FindNext2ResponseParameters {
  uint16_t search_count = 0;
  uint16_t end_of_search = 0;
  uint16_t ea_error_offset = 0;
  uint16_t last_name_offset = 0;

  static Result<FindNext2ResponseParameters> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

struct FindListing {
  size_t count = 0;  // entries written
  size_t bytes = 0;  // bytes appended
  // Where the last entry starts, and where its FileName starts, from the start of the entries.
  // MS-CIFS 2.2.6.2.2 describes LastNameOffset as the name's offset, but Samba sends the
  // entry's, and the Linux CIFS client reads it as the entry's: answer with last_entry_offset.
  size_t last_entry_offset = 0;
  size_t last_name_offset = 0;
};

// Appends the Trans2_Data of a FIND response: `entries` at `level`, in order, while the data
// stays within `max_bytes`; the first entry that does not fit ends it (the search resumes
// there). The NT levels (0x0101-0x0106) are the MS-FSCC directory classes, 8-byte aligned and
// chained by NextEntryOffset; SMB_INFO_STANDARD, SMB_INFO_QUERY_EA_SIZE and
// SMB_INFO_QUERY_EAS_FROM_LIST entries are packed, start with ResumeKey when `resume_keys` is
// given (one per entry, for SMB_FIND_RETURN_RESUME_KEYS), and carry a NUL-terminated name whose
// length byte leaves the NUL out (at SMB_INFO_STANDARD only, Unicode names are 2-byte aligned
// from the start of the data and end with a 2-byte NUL; the EA levels end them with one byte).
// At SMB_INFO_QUERY_EA_SIZE each entry's EaSize is its FileInfo's ea_size; at
// SMB_INFO_QUERY_EAS_FROM_LIST (MS-CIFS 2.2.8.1.3) each entry carries the SMB_FEA_LIST of
// `eas`' list for it (one list per entry; none given: every entry an empty list). Names are
// UTF-16 when `unicode`, else 8-bit. InvalidLevel for another level; InvalidParameter if
// `resume_keys` or `eas` is neither empty nor one per entry, or an EA does not fit an SMB_FEA;
// NameTooLong for a name beyond the packed levels' one-byte FileNameLength.
Result<FindListing> encode_find_entries(uint16_t level, std::span<const FileInfo> entries,
                                        size_t max_bytes, bool unicode, std::vector<uint8_t>& out,
                                        std::span<const uint32_t> resume_keys = {},
                                        std::span<const std::vector<fscc::FullEa>> eas = {});

// MS-CIFS 2.2.1.2.2 SMB_FEA: one extended attribute of a listing.
using FindEa = fscc::FullEa;

struct FindEntries {
  std::vector<FileInfo> files;
  std::vector<uint32_t> resume_keys;  // one per file when resume keys were asked for
  std::vector<std::vector<FindEa>> eas;  // one list per file at SMB_INFO_QUERY_EAS_FROM_LIST
};

// Client side: the entries of a FIND response's Trans2_Data. `search_count` (from the response
// parameters) bounds the packed levels, which have no chaining; `resume_keys` says whether each
// of their entries starts with a ResumeKey. InvalidLevel for a level not listed above,
// InvalidNetworkResponse for malformed data.
Result<FindEntries> decode_find_entries(uint16_t level, Bytes data, uint16_t search_count,
                                        bool unicode, bool resume_keys);

// MS-CIFS 2.2.4.48.1 SMB_COM_FIND_CLOSE2 request: WordCount 1, the SID; no data.
struct FindClose2Request {
  uint16_t sid = 0;

  // InvalidSmb unless WordCount is 1.
  static Result<FindClose2Request> decode(const Block& block);
  void encode(MessageWriter& out) const;
};

// MS-CIFS 2.2.4.48.2 response: WordCount 0, ByteCount 0.
struct FindClose2Response {
  static Result<FindClose2Response> decode(const Block& block);  // InvalidNetworkResponse
  void encode(MessageWriter& out) const;
};

}  // namespace smbkit::smb1
