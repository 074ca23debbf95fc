// The sizes NEGOTIATE offers (MS-SMB2 2.2.4: MaxTransactSize, MaxReadSize, MaxWriteSize) and the
// handlers then hold requests to (3.3.5.12 READ, 3.3.5.13 WRITE: larger is
// STATUS_INVALID_PARAMETER). 2.0.2 has no multi-credit requests and carries at most 64 KiB.
#pragma once

#include <cstdint>

#include "smb2/negotiate.h"

namespace smbkit::server {

inline constexpr uint32_t kMaxIoSize202 = 64 * 1024;
// Reads and transactions: 8 MiB, as Windows Server 2016+ and Samba. An unsigned read leaves the
// page cache by sendfile, so its size costs nothing per byte.
inline constexpr uint32_t kMaxReadSize = 8 * 1024 * 1024;
inline constexpr uint32_t kMaxTransactSize = 8 * 1024 * 1024;
// Writes: 1 MiB. An 8 MiB WRITE's data is larger than the CPU caches, so the copy into the page
// cache reads it back from memory: on this project's 2-core test machine smbclient put 1 GiB over
// SMB 3.1.1 cost the server 1.1-1.4 CPU-s with 8 MiB writes and 0.33-0.39 with 1 MiB (Samba
// with its 8 MiB default: 1.07, with 1 MiB: 0.43), and went 1.7x faster
// (bench/results/2026-12-06-*.md).
inline constexpr uint32_t kMaxWriteSize = 1024 * 1024;

inline bool multi_credit(uint16_t dialect) {
  return dialect >= smb2::kDialect210 && dialect != smb2::kDialectWildcard;
}
inline uint32_t max_read_size(uint16_t dialect) {
  return multi_credit(dialect) ? kMaxReadSize : kMaxIoSize202;
}
inline uint32_t max_write_size(uint16_t dialect) {
  return multi_credit(dialect) ? kMaxWriteSize : kMaxIoSize202;
}
inline uint32_t max_transact_size(uint16_t dialect) {
  return multi_credit(dialect) ? kMaxTransactSize : kMaxIoSize202;
}

}  // namespace smbkit::server
