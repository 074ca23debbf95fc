// SMB2 OPLOCK_BREAK messages: oplock break notification (MS-SMB2 2.2.23.1), acknowledgment
// (2.2.24.1) and response (2.2.25.1); lease break notification (2.2.23.2), acknowledgment
// (2.2.24.2) and response (2.2.25.2).
//
// All six share the command code SMB2_OPLOCK_BREAK. Their bodies are told apart by StructureSize
// (oplock_break_kind): 24 for the three oplock forms, 44 for a lease break notification, 36 for a
// lease break acknowledgment and its response; then by the header: a notification comes from the
// server with MessageId 0xFFFFFFFFFFFFFFFF, an acknowledgment from the client, a response from the
// server in answer to it.
#pragma once

#include <array>
#include <cstdint>

#include "smb2/header.h"
#include "smb2/oplock_levels.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.23.2 / 2.2.24.2 lease states (SMB2_LEASE_*) and the notification's Flags.
namespace lease {
inline constexpr uint32_t kNone = 0x00;
inline constexpr uint32_t kReadCaching = 0x01;
inline constexpr uint32_t kHandleCaching = 0x02;
inline constexpr uint32_t kWriteCaching = 0x04;
inline constexpr uint32_t kBreakFlagAckRequired = 0x01;  // SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED
}  // namespace lease

inline constexpr uint16_t kOplockBreakStructureSize = 24;
inline constexpr uint16_t kLeaseBreakNotificationStructureSize = 44;
inline constexpr uint16_t kLeaseBreakAckStructureSize = 36;

enum class OplockBreakKind {
  Oplock,             // StructureSize 24: notification, acknowledgment or response
  LeaseNotification,  // StructureSize 44
  LeaseAck,           // StructureSize 36: acknowledgment or response
};

// The kind of an SMB2_OPLOCK_BREAK body by its StructureSize; kBadRequest for a message too short
// to hold one, or another StructureSize.
Result<OplockBreakKind> oplock_break_kind(Bytes message);

// MS-SMB2 2.2.23.1, 2.2.24.1, 2.2.25.1 (StructureSize 24): OplockLevel, Reserved, Reserved2,
// FileId. The notification carries the highest level the server accepts, the acknowledgment the
// level the client lowered to, the response the level granted.
struct OplockBreak {
  uint8_t oplock_level = kOplockLevelNone;
  FileId file_id;

  static Result<OplockBreak> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};
using OplockBreakNotification = OplockBreak;
using OplockBreakAck = OplockBreak;
using OplockBreakResponse = OplockBreak;

// MS-SMB2 2.2.23.2 (StructureSize 44): NewEpoch, Flags, LeaseKey, CurrentLeaseState,
// NewLeaseState, BreakReason, AccessMaskHint, ShareMaskHint (the last three reserved: 0).
struct LeaseBreakNotification {
  uint16_t new_epoch = 0;
  uint32_t flags = 0;
  std::array<uint8_t, 16> lease_key{};
  uint32_t current_lease_state = 0;
  uint32_t new_lease_state = 0;
  uint32_t break_reason = 0;
  uint32_t access_mask_hint = 0;
  uint32_t share_mask_hint = 0;

  static Result<LeaseBreakNotification> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.24.2 and 2.2.25.2 (StructureSize 36): Reserved, Flags (reserved), LeaseKey,
// LeaseState, LeaseDuration (reserved).
struct LeaseBreakAck {
  uint32_t flags = 0;
  std::array<uint8_t, 16> lease_key{};
  uint32_t lease_state = 0;
  uint64_t lease_duration = 0;

  static Result<LeaseBreakAck> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};
using LeaseBreakResponse = LeaseBreakAck;

}  // namespace smbkit::smb2
