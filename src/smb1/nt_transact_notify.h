// NT_TRANSACT_NOTIFY_CHANGE (MS-CIFS 2.2.7.4): the request's setup words, and the response's
// parameters, a chain of FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1). The request carries
// no parameters and no data; the response no data. The entries' codec is fscc/notify_information.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fscc/notify_information.h"
#include "smb1/nt_transact.h"

namespace smbkit::smb1 {

inline constexpr uint8_t kNotifyChangeSetupWords = 4;

// MS-CIFS 2.2.7.4.1 Setup: CompletionFilter (4 bytes), FID, WatchTree (1 byte), Reserved.
struct NotifyChangeSetup {
  uint32_t completion_filter = 0;
  uint16_t fid = 0;
  bool watch_tree = false;

  // InvalidSmb unless there are exactly four setup words.
  static Result<NotifyChangeSetup> decode(const std::vector<uint16_t>& setup);
  std::vector<uint16_t> encode() const;
};

// The whole request: MaxSetupCount 0, MaxDataCount 0, no parameters, no data; the server keeps
// up to `max_parameter_count` bytes of changes between requests (MS-CIFS 2.2.7.4).
NtTransactRequest make_notify_change_request(const NotifyChangeSetup& setup,
                                             uint32_t max_parameter_count);

}  // namespace smbkit::smb1
