#include "fscc/fs_info_classes.h"

namespace smbkit::fscc {

void encode_fs_volume_information(ByteWriter& w, const FsInfo& fs, NameCoding coding) {
  w.u64(fs.volume_creation_time);
  w.u32(fs.serial_number);
  size_t len_at = w.offset();
  w.u32(0);  // VolumeLabelLength, patched below
  w.u8(0);   // SupportsObjects
  w.u8(0);   // Reserved
  size_t n = write_name(w, fs.volume_label, coding);
  w.patch_u32(len_at, static_cast<uint32_t>(n));
}

void encode_fs_size_information(ByteWriter& w, const FsInfo& fs) {
  w.u64(fs.total_allocation_units);
  w.u64(fs.available_allocation_units);
  w.u32(fs.sectors_per_allocation_unit);
  w.u32(fs.bytes_per_sector);
}

void encode_fs_full_size_information(ByteWriter& w, const FsInfo& fs) {
  w.u64(fs.total_allocation_units);
  w.u64(fs.available_allocation_units);  // CallerAvailableAllocationUnits
  w.u64(fs.free_allocation_units);       // ActualAvailableAllocationUnits
  w.u32(fs.sectors_per_allocation_unit);
  w.u32(fs.bytes_per_sector);
}

void encode_fs_device_information(ByteWriter& w, const FsInfo& fs) {
  w.u32(fs.device_type);
  w.u32(fs.device_characteristics);
}

void encode_fs_attribute_information(ByteWriter& w, const FsInfo& fs, NameCoding coding) {
  w.u32(fs.file_system_attributes);
  w.u32(fs.max_name_length);
  size_t len_at = w.offset();
  w.u32(0);  // FileSystemNameLength, patched below
  size_t n = write_name(w, fs.file_system_name, coding);
  w.patch_u32(len_at, static_cast<uint32_t>(n));
}

void encode_fs_sector_size_information(ByteWriter& w, const FsInfo& fs) {
  w.u32(fs.bytes_per_sector);  // LogicalBytesPerSector
  w.u32(fs.bytes_per_sector);  // PhysicalBytesPerSectorForAtomicity
  w.u32(fs.bytes_per_sector);  // PhysicalBytesPerSectorForPerformance
  w.u32(fs.bytes_per_sector);  // FileSystemEffectivePhysicalBytesPerSectorForAtomicity
  w.u32(kSsinfoFlagsAlignedDevice | kSsinfoFlagsPartitionAlignedOnDevice);
  w.u32(0);  // ByteOffsetForSectorAlignment
  w.u32(0);  // ByteOffsetForPartitionAlignment
}

void encode_fs_object_id_information(ByteWriter& w, const FsInfo& fs) {
  w.bytes(fs.object_id);
  w.zeros(48);  // ExtendedInfo
}

void encode_fs_control_information(ByteWriter& w) {
  w.u64(0);  // FreeSpaceStartFiltering
  w.u64(0);  // FreeSpaceThreshold
  w.u64(0);  // FreeSpaceStopFiltering
  w.u64(UINT64_MAX);  // DefaultQuotaThreshold: none
  w.u64(UINT64_MAX);  // DefaultQuotaLimit: none
  w.u32(0);  // FileSystemControlFlags
  w.u32(0);  // Padding
}

Result<std::vector<uint8_t>> encode_fs_information(FsInfoClass cls, const FsInfo& fs) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  switch (cls) {
    case FsInfoClass::Volume: encode_fs_volume_information(w, fs); break;
    case FsInfoClass::Size: encode_fs_size_information(w, fs); break;
    case FsInfoClass::Device: encode_fs_device_information(w, fs); break;
    case FsInfoClass::Attribute: encode_fs_attribute_information(w, fs); break;
    case FsInfoClass::FullSize: encode_fs_full_size_information(w, fs); break;
    case FsInfoClass::ObjectId: encode_fs_object_id_information(w, fs); break;
    case FsInfoClass::SectorSize: encode_fs_sector_size_information(w, fs); break;
    case FsInfoClass::Control: encode_fs_control_information(w); break;
    default: return fail(NtStatus::InvalidInfoClass);
  }
  return out;
}

bool decode_fs_volume_information(ByteReader& r, FsInfo& into, NameCoding coding) {
  into.volume_creation_time = r.u64();
  into.serial_number = r.u32();
  uint32_t len = r.u32();
  r.skip(2);  // SupportsObjects, Reserved
  into.volume_label = read_name(r, len, coding);
  return r.ok();
}

bool decode_fs_size_information(ByteReader& r, FsInfo& into) {
  into.total_allocation_units = r.u64();
  into.available_allocation_units = r.u64();
  into.sectors_per_allocation_unit = r.u32();
  into.bytes_per_sector = r.u32();
  return r.ok();
}

bool decode_fs_full_size_information(ByteReader& r, FsInfo& into) {
  into.total_allocation_units = r.u64();
  into.available_allocation_units = r.u64();
  into.free_allocation_units = r.u64();
  into.sectors_per_allocation_unit = r.u32();
  into.bytes_per_sector = r.u32();
  return r.ok();
}

bool decode_fs_attribute_information(ByteReader& r, FsInfo& into, NameCoding coding) {
  into.file_system_attributes = r.u32();
  into.max_name_length = r.u32();
  uint32_t len = r.u32();
  into.file_system_name = read_name(r, len, coding);
  return r.ok();
}

Result<FsInfo> decode_fs_information(FsInfoClass cls, Bytes data) {
  ByteReader r(data, NtStatus::InvalidNetworkResponse);
  FsInfo fs;
  switch (cls) {
    case FsInfoClass::Volume: decode_fs_volume_information(r, fs); break;
    case FsInfoClass::Size: decode_fs_size_information(r, fs); break;
    case FsInfoClass::FullSize: decode_fs_full_size_information(r, fs); break;
    case FsInfoClass::Device:
      fs.device_type = r.u32();
      fs.device_characteristics = r.u32();
      break;
    case FsInfoClass::Attribute: decode_fs_attribute_information(r, fs); break;
    default: return fail(NtStatus::InvalidInfoClass);
  }
  if (!r.ok()) return fail(r.status());
  return fs;
}

}  // namespace smbkit::fscc
