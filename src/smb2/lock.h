// SMB2 LOCK (0x000A): MS-SMB2 2.2.26 request (with 2.2.26.1 SMB2_LOCK_ELEMENT), 2.2.27 response.
#pragma once

#include <cstdint>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.26.1 Flags.
enum LockFlags : uint32_t {
  kLockFlagSharedLock = 0x00000001,      // SMB2_LOCKFLAG_SHARED_LOCK
  kLockFlagExclusiveLock = 0x00000002,   // SMB2_LOCKFLAG_EXCLUSIVE_LOCK
  kLockFlagUnlock = 0x00000004,          // SMB2_LOCKFLAG_UNLOCK
  kLockFlagFailImmediately = 0x00000010,  // SMB2_LOCKFLAG_FAIL_IMMEDIATELY
};

// True for the five combinations MS-SMB2 2.2.26.1 allows: SHARED, EXCLUSIVE, either with
// FAIL_IMMEDIATELY, or UNLOCK alone. (The codec carries any value; the handler checks.)
constexpr bool lock_flags_valid(uint32_t flags) {
  switch (flags) {
    case kLockFlagSharedLock:
    case kLockFlagExclusiveLock:
    case kLockFlagSharedLock | kLockFlagFailImmediately:
    case kLockFlagExclusiveLock | kLockFlagFailImmediately:
    case kLockFlagUnlock:
      return true;
    default:
      return false;
  }
}

// MS-SMB2 2.2.26.1: Offset, Length, Flags, Reserved (4): 24 bytes.
struct LockElement {
  static constexpr size_t kSize = 24;

  uint64_t offset = 0;
  uint64_t length = 0;
  uint32_t flags = 0;  // LockFlags

  bool operator==(const LockElement&) const = default;
};

// MS-SMB2 2.2.26: StructureSize 48 (the size with one element, whatever the count), LockCount
// (2), LockSequenceNumber/LockSequenceIndex (4), FileId, Locks[LockCount]. A LockCount of 0 or
// one whose elements run past the message is refused.
struct LockRequest {
  static constexpr uint16_t kStructureSize = 48;
  static constexpr size_t kFixedSize = 24;  // up to the first element

  // LockSequenceNumber in the low 4 bits, LockSequenceIndex in the high 28 (not 2.0.2, where
  // the field is reserved).
  uint32_t lock_sequence = 0;
  FileId file_id;
  std::vector<LockElement> locks;  // 1..65535 elements

  uint8_t lock_sequence_number() const { return lock_sequence & 0xF; }
  uint32_t lock_sequence_index() const { return lock_sequence >> 4; }
  void set_lock_sequence(uint8_t number, uint32_t index) {
    lock_sequence = (number & 0xFu) | (index << 4);
  }

  static Result<LockRequest> decode(Bytes message);
  // `locks` must hold 1..65535 elements.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.27: StructureSize 4, Reserved (2).
struct LockResponse {
  static constexpr uint16_t kStructureSize = 4;

  static Result<LockResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
