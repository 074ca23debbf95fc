// Extended attributes of a file, as NtQueryEaFile and NtSetEaFile see them (MS-FSA 2.1.5.12.12,
// 2.1.5.15.5), for both dialects: SMB2 QUERY_INFO/SET_INFO FileFullEaInformation and the ExtA
// create context, SMB1's EA levels (SMB_INFO_QUERY_EA_SIZE, _EAS_FROM_LIST, _ALL_EAS,
// SMB_INFO_SET_EAS), FIND's EA levels, TRANS2_OPEN2, TRANS2_CREATE_DIRECTORY and
// NT_TRANSACT_CREATE. What a name may be and how EAs are kept is vfs/extended_attributes.h;
// this adds the access each operation needs, the selection of EAs by name, and the enumeration
// an open keeps between queries.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fscc/ea_information.h"
#include "server/core/open_state.h"

namespace smbkit::server {

// The EAs of the open's file; FILE_READ_EA needed (MS-FSA 2.1.5.12.12).
Result<std::vector<fscc::FullEa>> query_eas(const OpenState& open);
// Applies `eas` to the open's file (vfs::write_eas: all names checked first, an empty value
// removes); FILE_WRITE_EA needed (MS-FSA 2.1.5.15.5).
Result<void> set_eas(OpenState& open, std::span<const fscc::FullEa> eas);

// The same by path, through a short-lived open that asks for no data access (SMB1's
// TRANS2_QUERY/SET_PATH_INFORMATION, find listings). The name is resolved as any open's is.
Result<std::vector<fscc::FullEa>> query_eas_at(vfs::Vfs& fs, const std::string& path);
Result<void> set_eas_at(vfs::Vfs& fs, const std::string& path,
                        std::span<const fscc::FullEa> eas);

// The EAs `names` asks for, in its order: each stored one under its stored spelling (names
// compare without regard to case), each missing one under the name asked with an empty value,
// as Windows answers a FILE_GET_EA_INFORMATION list (and SMB_INFO_QUERY_EAS_FROM_LIST).
std::vector<fscc::FullEa> select_eas(std::span<const fscc::FullEa> all,
                                     std::span<const std::string> names);

// A FileFullEaInformation query (MS-SMB2 2.2.37 and 3.3.5.20.1, MS-FSA 2.1.5.12.12).
struct FullEaQuery {
  std::vector<std::string> names;  // a FILE_GET_EA_INFORMATION list; empty: enumerate
  bool restart_scan = false;        // SL_RESTART_SCAN
  bool single_entry = false;        // SL_RETURN_SINGLE_ENTRY
  std::optional<uint32_t> index;    // SL_INDEX_SPECIFIED: the 1-based EA to start at
  uint32_t room = 0;                // OutputBufferLength
};

struct FullEaAnswer {
  NtStatus status = NtStatus::Success;
  std::vector<uint8_t> data;  // FILE_FULL_EA_INFORMATION entries
};

// Answers `query` for the open: with names, those EAs (select_eas), as many as fit
// (STATUS_BUFFER_OVERFLOW when some do not); without, the file's EAs from the open's
// enumeration point (OpenState::next_ea, which this moves on), as many whole entries as fit.
// STATUS_NO_EAS_ON_FILE when the file has none, STATUS_NO_MORE_EAS at the end of the
// enumeration, STATUS_BUFFER_TOO_SMALL when not even the next entry fits, STATUS_BUFFER_OVERFLOW
// when entries are left. Errors of reading them (access) come as the Result's error.
Result<FullEaAnswer> query_full_ea_information(OpenState& open, const FullEaQuery& query);

}  // namespace smbkit::server
