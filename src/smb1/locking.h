// SMB_COM_LOCKING_ANDX (0x24): MS-CIFS 2.2.4.32 — byte-range locks and unlocks on one FID.
#pragma once

#include <cstdint>
#include <vector>

#include "smb1/header.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.32.1 TypeOfLock.
enum LockType : uint8_t {
  kLockingSharedLock = 0x01,     // the Locks are shared (read) locks; exclusive otherwise
  kLockingOplockRelease = 0x02,  // an OpLock break acknowledgement
  kLockingChangeLockType = 0x04,
  kLockingCancelLock = 0x08,  // cancel the pending lock request named by Locks[0]
  kLockingLargeFiles = 0x10,  // the ranges are LOCKING_ANDX_RANGE64
};

// MS-CIFS 2.2.4.32.1 Timeout values with a meaning of their own (others are milliseconds).
inline constexpr uint32_t kLockNoWait = 0x00000000;
inline constexpr uint32_t kLockWaitForever = 0xFFFFFFFF;

// MS-CIFS 2.2.4.32.1 LOCKING_ANDX_RANGE32 (PID, ByteOffset, LengthInBytes: 10 bytes) or
// LOCKING_ANDX_RANGE64 (PID, Pad, ByteOffsetHigh, ByteOffsetLow, LengthInBytesHigh,
// LengthInBytesLow: 20 bytes), whichever kLockingLargeFiles selects.
struct LockingRange {
  uint16_t pid = 0;
  uint64_t offset = 0;
  uint64_t length = 0;

  friend bool operator==(const LockingRange&, const LockingRange&) = default;
};

// MS-CIFS 2.2.4.32.1 request (WordCount 8): FID, TypeOfLock, NewOpLockLevel, Timeout, the two
// counts; data Unlocks[NumberOfRequestedUnlocks] then Locks[NumberOfRequestedLocks]. Ranges
// sent in the 32-bit form must fit in 32 bits when encoded.
struct LockingAndXRequest {
  uint16_t fid = 0;
  uint8_t type_of_lock = 0;
  uint8_t new_oplock_level = 0;
  uint32_t timeout = kLockNoWait;
  std::vector<LockingRange> unlocks;
  std::vector<LockingRange> locks;

  bool large_files() const { return type_of_lock & kLockingLargeFiles; }
  bool shared() const { return type_of_lock & kLockingSharedLock; }

  // Fails with InvalidSmb when the data block is shorter than the counts say.
  static Result<LockingAndXRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.32.2 response: WordCount 2 (the AndX block), ByteCount 0.
struct LockingAndXResponse {
  static Result<LockingAndXResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.32.1 NewOpLockLevel of an OpLock Break request.
enum BreakOplockLevel : uint8_t {
  kBreakToNone = 0x00,
  kBreakToLevelII = 0x01,
};

// MS-CIFS 3.3.4.2 (layout 2.2.4.32.1): the OpLock Break a server sends to the client holding an
// oplock, the protocol's one request sent by a server: a LOCKING_ANDX request (SMB_FLAGS_REPLY
// clear) with MID 0xFFFF, on the holder's TID and UID, TypeOfLock OPLOCK_RELEASE, the new level,
// Timeout 0 and no ranges. The client's acknowledgement without ranges has no reply (3.3.5.30).
struct OplockBreakRequest {
  static constexpr uint16_t kMid = 0xFFFF;
  static constexpr uint16_t kPid = 0xFFFF;

  uint16_t tid = 0;
  uint16_t uid = 0;
  uint16_t fid = 0;
  uint8_t new_oplock_level = kBreakToNone;

  // The whole SMB message, header and block (no transport framing).
  std::vector<uint8_t> encode() const;
  // Recognises a break among the messages a client receives; InvalidSmb when `message` is not
  // one.
  static Result<OplockBreakRequest> decode(Bytes message);
};

}  // namespace smbkit::smb1
