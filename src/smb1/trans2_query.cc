#include "smb1/trans2_query.h"

#include <algorithm>

#include "fscc/fs_info_classes.h"
#include "fscc/info_classes.h"
#include "smb1/codec_support.h"
#include "smb1/trans2.h"
#include "smb1/trans2_dos_time.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {
namespace {

fscc::NameCoding coding_for(bool unicode) {
  return unicode ? fscc::NameCoding::kUtf16 : fscc::NameCoding::kOem;
}

uint32_t clamp32(uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, 0xFFFFFFFF)); }

// MS-SMB 2.2.2.3.5: a level of 1000 and up names MS-FSCC class `level - 1000`.
bool passthrough_class(uint16_t level, uint8_t& cls) {
  if (level < kSmbInfoPassthrough || level - kSmbInfoPassthrough > 0xFF) return false;
  cls = static_cast<uint8_t>(level - kSmbInfoPassthrough);
  return true;
}

// MS-CIFS 2.2.8.3.10 SMB_QUERY_FILE_ALL_INFO: unlike MS-FSCC FileAllInformation it stops after
// the EA size (no internal, access, position, mode or alignment information) before the name.
void encode_smb_query_file_all_info(ByteWriter& w, const FileInfo& f, bool unicode) {
  fscc::encode_file_basic_information(w, f);     // through Reserved1
  fscc::encode_file_standard_information(w, f);  // through Reserved2
  w.u32(f.ea_size);
  fscc::encode_file_name_information(w, f.name, coding_for(unicode));
}

bool decode_smb_query_file_all_info(ByteReader& r, FileInfo& f, bool unicode) {
  fscc::decode_file_basic_information(r, f);
  fscc::decode_file_standard_information(r, f);
  f.ea_size = r.u32();
  return fscc::decode_file_name_information(r, f.name, coding_for(unicode));
}

// MS-CIFS 2.2.8.2.1 SMB_INFO_ALLOCATION
void encode_smb_info_allocation(ByteWriter& w, const FsInfo& fs) {
  w.u32(0);  // idFileSystem: no meaning to NT file systems
  w.u32(fs.sectors_per_allocation_unit);
  w.u32(clamp32(fs.total_allocation_units));
  w.u32(clamp32(fs.available_allocation_units));
  w.u16(static_cast<uint16_t>(std::min<uint32_t>(fs.bytes_per_sector, 0xFFFF)));
}

// MS-CIFS 2.2.8.2.2 SMB_INFO_VOLUME: cCharCount characters of label, then a terminator; the
// label is not padded to an even offset (the 5 bytes before it are fixed).
void encode_smb_info_volume(ByteWriter& w, const FsInfo& fs, bool unicode) {
  w.u32(fs.serial_number);
  std::vector<uint8_t> label;
  ByteWriter lw(label);
  fscc::write_name(lw, fs.volume_label, coding_for(unicode));
  const size_t unit = unicode ? 2 : 1;
  label.resize(std::min(label.size(), 255 * unit));
  w.u8(static_cast<uint8_t>(label.size() / unit));
  w.bytes(label);
  w.zeros(unit);  // terminator
}

}  // namespace

void encode_smb_info_standard(ByteWriter& w, const FileInfo& f) {
  for (uint64_t ft : {f.creation_time, f.last_access_time, f.last_write_time}) {
    DosDateTime dt = dos_date_time_from_filetime(ft);
    w.u16(dt.date);
    w.u16(dt.time);
  }
  w.u32(clamp32(f.end_of_file));      // FileDataSize (in bytes, as Windows sends it)
  w.u32(clamp32(f.allocation_size));  // AllocationSize
  w.u16(smb_file_attributes(f.attributes));
}

bool decode_smb_info_standard(ByteReader& r, FileInfo& f) {
  uint64_t* times[] = {&f.creation_time, &f.last_access_time, &f.last_write_time};
  for (uint64_t* t : times) {
    DosDateTime dt;
    dt.date = r.u16();
    dt.time = r.u16();
    *t = filetime_from_dos_date_time(dt);
  }
  f.end_of_file = r.u32();
  f.allocation_size = r.u32();
  f.attributes = fscc_attributes_from_smb(r.u16());
  f.is_directory = f.attributes & kFileAttributeDirectory;
  return r.ok();
}

Result<QueryPathInformationRequest> QueryPathInformationRequest::decode(Bytes parameters,
                                                                        bool unicode) {
  ByteReader r(parameters, kBadRequest);
  QueryPathInformationRequest req;
  req.information_level = r.u16();
  r.skip(4);  // Reserved
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

std::vector<uint8_t> QueryPathInformationRequest::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(information_level);
  w.u32(0);  // Reserved
  write_parameter_string(w, file_name, unicode);
  return out;
}

Result<QueryFileInformationRequest> QueryFileInformationRequest::decode(Bytes parameters) {
  ByteReader r(parameters, kBadRequest);
  QueryFileInformationRequest req;
  req.fid = r.u16();
  req.information_level = r.u16();
  if (!r.ok()) return fail(r.status());
  return req;
}

std::vector<uint8_t> QueryFileInformationRequest::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(fid);
  w.u16(information_level);
  return out;
}

Result<QueryFsInformationRequest> QueryFsInformationRequest::decode(Bytes parameters) {
  ByteReader r(parameters, kBadRequest);
  QueryFsInformationRequest req;
  req.information_level = r.u16();
  if (!r.ok()) return fail(r.status());
  return req;
}

std::vector<uint8_t> QueryFsInformationRequest::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(information_level);
  return out;
}

Result<QueryInformationResponseParameters> QueryInformationResponseParameters::decode(
    Bytes parameters) {
  ByteReader r(parameters, kBadResponse);
  QueryInformationResponseParameters p;
  p.ea_error_offset = r.u16();
  if (!r.ok()) return fail(r.status());
  return p;
}

std::vector<uint8_t> QueryInformationResponseParameters::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(ea_error_offset);
  return out;
}

Result<std::vector<uint8_t>> encode_file_info_level(uint16_t level, const FileInfo& f, bool unicode,
                                                    const OpenInfo& open) {
  uint8_t cls = 0;
  if (passthrough_class(level, cls)) {
    if (cls != static_cast<uint8_t>(fscc::FileInfoClass::All))
      return fscc::encode_file_information(static_cast<fscc::FileInfoClass>(cls), f, open);
    // FileAllInformation through SMB1 has SMB_QUERY_FILE_ALL_INFO's layout (name length at
    // offset 68): smbd sends it so and Samba's clients read it so (smbtorture raw.rename).
    std::vector<uint8_t> out;
    ByteWriter w(out);
    encode_smb_query_file_all_info(w, f, /*unicode=*/true);
    return out;
  }
  std::vector<uint8_t> out;
  ByteWriter w(out);
  switch (level) {
    case kSmbInfoStandard: encode_smb_info_standard(w, f); break;
    case kSmbInfoQueryEaSize:
      encode_smb_info_standard(w, f);
      w.u32(f.ea_size);
      break;
    case kSmbQueryFileBasicInfo: fscc::encode_file_basic_information(w, f); break;
    // MS-CIFS lists 22 bytes; Windows sends FileStandardInformation whole, with its 2 reserved
    // bytes, and so does smbkit.
    case kSmbQueryFileStandardInfo: fscc::encode_file_standard_information(w, f); break;
    case kSmbQueryFileEaInfo: fscc::encode_file_ea_information(w, f); break;
    case kSmbQueryFileNameInfo:
      fscc::encode_file_name_information(w, f.name, coding_for(unicode));
      break;
    case kSmbQueryFileAllInfo: encode_smb_query_file_all_info(w, f, unicode); break;
    case kSmbQueryFileAltNameInfo:
      fscc::encode_file_name_information(w, f.short_name, coding_for(unicode));
      break;
    case kSmbQueryFileStreamInfo: fscc::encode_file_stream_information(w, f); break;
    case kSmbQueryFileCompressionInfo: fscc::encode_file_compression_information(w, f); break;
    default: return fail(NtStatus::InvalidLevel);
  }
  return out;
}

Result<std::vector<uint8_t>> encode_fs_info_level(uint16_t level, const FsInfo& fs, bool unicode) {
  uint8_t cls = 0;
  if (passthrough_class(level, cls))
    return fscc::encode_fs_information(static_cast<fscc::FsInfoClass>(cls), fs);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  switch (level) {
    case kSmbInfoAllocation: encode_smb_info_allocation(w, fs); break;
    case kSmbInfoVolume: encode_smb_info_volume(w, fs, unicode); break;
    case kSmbQueryFsVolumeInfo:
      fscc::encode_fs_volume_information(w, fs, coding_for(unicode));
      break;
    case kSmbQueryFsSizeInfo: fscc::encode_fs_size_information(w, fs); break;
    case kSmbQueryFsDeviceInfo: fscc::encode_fs_device_information(w, fs); break;
    case kSmbQueryFsAttributeInfo:
      fscc::encode_fs_attribute_information(w, fs, coding_for(unicode));
      break;
    default: return fail(NtStatus::InvalidLevel);
  }
  return out;
}

Result<FileInfo> decode_file_info_level(uint16_t level, Bytes data, bool unicode) {
  uint8_t cls = 0;
  bool all = passthrough_class(level, cls) && cls == static_cast<uint8_t>(fscc::FileInfoClass::All);
  if (!all && passthrough_class(level, cls))
    return fscc::decode_file_information(static_cast<fscc::FileInfoClass>(cls), data);
  ByteReader r(data, NtStatus::InvalidNetworkResponse);
  FileInfo f;
  if (all) {  // as encode_file_info_level sends it
    level = kSmbQueryFileAllInfo;
    unicode = true;
  }
  switch (level) {
    case kSmbInfoStandard: decode_smb_info_standard(r, f); break;
    case kSmbInfoQueryEaSize:
      decode_smb_info_standard(r, f);
      f.ea_size = r.u32();
      break;
    case kSmbQueryFileBasicInfo: fscc::decode_file_basic_information(r, f); break;
    case kSmbQueryFileStandardInfo:
      // The 22 bytes MS-CIFS lists; the 2 reserved bytes Windows adds may or may not follow.
      f.allocation_size = r.u64();
      f.end_of_file = r.u64();
      f.number_of_links = r.u32();
      f.delete_pending = r.u8() != 0;
      f.is_directory = r.u8() != 0;
      break;
    case kSmbQueryFileEaInfo: f.ea_size = r.u32(); break;
    case kSmbQueryFileNameInfo:
      fscc::decode_file_name_information(r, f.name, coding_for(unicode));
      break;
    case kSmbQueryFileAllInfo: decode_smb_query_file_all_info(r, f, unicode); break;
    case kSmbQueryFileAltNameInfo:
      fscc::decode_file_name_information(r, f.short_name, coding_for(unicode));
      break;
    default: return fail(NtStatus::InvalidLevel);
  }
  if (!r.ok()) return fail(r.status());
  return f;
}

Result<FsInfo> decode_fs_info_level(uint16_t level, Bytes data, bool unicode) {
  uint8_t cls = 0;
  if (passthrough_class(level, cls))
    return fscc::decode_fs_information(static_cast<fscc::FsInfoClass>(cls), data);
  ByteReader r(data, NtStatus::InvalidNetworkResponse);
  FsInfo fs;
  switch (level) {
    case kSmbInfoAllocation:
      r.skip(4);  // idFileSystem
      fs.sectors_per_allocation_unit = r.u32();
      fs.total_allocation_units = r.u32();
      fs.available_allocation_units = r.u32();
      fs.bytes_per_sector = r.u16();
      break;
    case kSmbInfoVolume: {
      fs.serial_number = r.u32();
      uint8_t chars = r.u8();
      fs.volume_label = fscc::read_name(r, chars * (unicode ? 2u : 1u), coding_for(unicode));
      break;
    }
    case kSmbQueryFsVolumeInfo:
      fscc::decode_fs_volume_information(r, fs, coding_for(unicode));
      break;
    case kSmbQueryFsSizeInfo: fscc::decode_fs_size_information(r, fs); break;
    case kSmbQueryFsDeviceInfo:
      fs.device_type = r.u32();
      fs.device_characteristics = r.u32();
      break;
    case kSmbQueryFsAttributeInfo:
      fscc::decode_fs_attribute_information(r, fs, coding_for(unicode));
      break;
    default: return fail(NtStatus::InvalidLevel);
  }
  if (!r.ok()) return fail(r.status());
  return fs;
}

}  // namespace smbkit::smb1
