#include "smb2/oplock_break.h"

#include <algorithm>

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

void read_key(ByteReader& r, std::array<uint8_t, 16>& key) {
  Bytes b = r.bytes(key.size());
  if (r.ok()) std::copy(b.begin(), b.end(), key.begin());
}

}  // namespace

Result<OplockBreakKind> oplock_break_kind(Bytes message) {
  ByteReader r(message, kBadRequest);
  r.seek(kHeaderSize);
  uint16_t structure_size = r.u16();
  if (!r.ok()) return fail(kBadRequest);
  switch (structure_size) {
    case kOplockBreakStructureSize:
      return OplockBreakKind::Oplock;
    case kLeaseBreakNotificationStructureSize:
      return OplockBreakKind::LeaseNotification;
    case kLeaseBreakAckStructureSize:
      return OplockBreakKind::LeaseAck;
    default:
      return fail(kBadRequest);
  }
}

Result<OplockBreak> OplockBreak::decode(Bytes message) {
  // MS-SMB2 2.2.23.1 / 2.2.24.1 / 2.2.25.1
  ByteReader r = body_reader(message, kOplockBreakStructureSize);
  OplockBreak b;
  b.oplock_level = r.u8();
  r.skip(1);  // Reserved
  r.skip(4);  // Reserved2
  b.file_id = FileId::read(r);
  if (!r.ok()) return fail(kBadRequest);
  return b;
}

void OplockBreak::encode(ByteWriter& w, size_t) const {
  w.u16(kOplockBreakStructureSize);
  w.u8(oplock_level);
  w.u8(0);   // Reserved
  w.u32(0);  // Reserved2
  file_id.write(w);
}

Result<LeaseBreakNotification> LeaseBreakNotification::decode(Bytes message) {
  // MS-SMB2 2.2.23.2
  ByteReader r = body_reader(message, kLeaseBreakNotificationStructureSize);
  LeaseBreakNotification n;
  n.new_epoch = r.u16();
  n.flags = r.u32();
  read_key(r, n.lease_key);
  n.current_lease_state = r.u32();
  n.new_lease_state = r.u32();
  n.break_reason = r.u32();
  n.access_mask_hint = r.u32();
  n.share_mask_hint = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  return n;
}

void LeaseBreakNotification::encode(ByteWriter& w, size_t) const {
  w.u16(kLeaseBreakNotificationStructureSize);
  w.u16(new_epoch);
  w.u32(flags);
  w.bytes(lease_key);
  w.u32(current_lease_state);
  w.u32(new_lease_state);
  w.u32(break_reason);
  w.u32(access_mask_hint);
  w.u32(share_mask_hint);
}

Result<LeaseBreakAck> LeaseBreakAck::decode(Bytes message) {
  // MS-SMB2 2.2.24.2 / 2.2.25.2
  ByteReader r = body_reader(message, kLeaseBreakAckStructureSize);
  LeaseBreakAck a;
  r.skip(2);  // Reserved
  a.flags = r.u32();
  read_key(r, a.lease_key);
  a.lease_state = r.u32();
  a.lease_duration = r.u64();
  if (!r.ok()) return fail(kBadRequest);
  return a;
}

void LeaseBreakAck::encode(ByteWriter& w, size_t) const {
  w.u16(kLeaseBreakAckStructureSize);
  w.u16(0);  // Reserved
  w.u32(flags);
  w.bytes(lease_key);
  w.u32(lease_state);
  w.u64(lease_duration);
}

}  // namespace smbkit::smb2
