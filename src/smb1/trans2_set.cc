#include "smb1/trans2_set.h"

#include <optional>
#include <type_traits>

#include "fscc/info_classes.h"
#include "smb1/codec_support.h"
#include "smb1/trans2.h"
#include "smb1/trans2_dos_time.h"

namespace smbkit::smb1 {
namespace {

using fscc::FileInfoClass;
using fscc::NameInfoForm;

// The MS-FSCC class a pass-through level names (MS-SMB 2.2.2.3.5), or nullopt below 1000.
std::optional<FileInfoClass> passthrough_class(uint16_t level) {
  if (level < kSmbInfoPassthrough || level - kSmbInfoPassthrough > 0xFF) return std::nullopt;
  return static_cast<FileInfoClass>(level - kSmbInfoPassthrough);
}

// MS-CIFS 2.2.8.4.1: three SMB_DATE/SMB_TIME pairs; a zero pair leaves that time alone.
Result<fscc::FileBasicInformation> decode_smb_info_standard_set(Bytes data) {
  if (data.size() < kSmbInfoStandardSetSize) return fail(NtStatus::InfoLengthMismatch);
  ByteReader r(data);
  fscc::FileBasicInformation info;
  for (uint64_t* t : {&info.creation_time, &info.last_access_time, &info.last_write_time}) {
    DosDateTime dt;
    dt.date = r.u16();
    dt.time = r.u16();
    *t = filetime_from_dos_date_time(dt);
  }
  return info;
}

void encode_smb_info_standard_set(ByteWriter& w, const fscc::FileBasicInformation& info) {
  for (uint64_t t : {info.creation_time, info.last_access_time, info.last_write_time}) {
    DosDateTime dt = dos_date_time_from_filetime(t);
    w.u16(dt.date);
    w.u16(dt.time);
  }
  w.zeros(kSmbInfoStandardSetSize - 12);  // Reserved[10]
}

template <class T>
Result<FileSetInformation> widen(Result<T> r) {
  if (!r) return fail(r.error());
  return FileSetInformation(std::move(*r));
}

Result<FileSetInformation> decode_passthrough(FileInfoClass cls, Bytes data) {
  return fscc::decode_set_information(cls, data, NameInfoForm::kSmb);
}

// The SMB1 levels with an MS-FSCC twin.
std::optional<FileInfoClass> smb1_level_class(uint16_t level) {
  switch (level) {
    case kSmbSetFileBasicInfo: return FileInfoClass::Basic;
    case kSmbSetFileDispositionInfo: return FileInfoClass::Disposition;
    case kSmbSetFileAllocationInfo: return FileInfoClass::Allocation;
    case kSmbSetFileEndOfFileInfo: return FileInfoClass::EndOfFile;
    default: return std::nullopt;
  }
}

}  // namespace

Result<SetFileInformationRequest> SetFileInformationRequest::decode(Bytes parameters) {
  ByteReader r(parameters, kBadRequest);
  SetFileInformationRequest req;
  req.fid = r.u16();
  req.information_level = r.u16();
  r.skip(2);  // Reserved
  if (!r.ok()) return fail(r.status());
  return req;
}

std::vector<uint8_t> SetFileInformationRequest::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(fid);
  w.u16(information_level);
  w.u16(0);  // Reserved
  return out;
}

Result<FileSetInformation> decode_set_info_level(uint16_t level, Bytes data) {
  if (level == kSmbInfoStandard) return widen(decode_smb_info_standard_set(data));
  if (auto cls = smb1_level_class(level)) return decode_passthrough(*cls, data);
  if (auto cls = passthrough_class(level)) return decode_passthrough(*cls, data);
  return fail(NtStatus::InvalidLevel);
}

Result<std::vector<uint8_t>> encode_set_info_level(uint16_t level,
                                                   const FileSetInformation& info) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  if (level == kSmbInfoStandard) {
    auto* basic = std::get_if<fscc::FileBasicInformation>(&info);
    if (!basic) return fail(NtStatus::InvalidParameter);
    encode_smb_info_standard_set(w, *basic);
    return out;
  }
  std::optional<FileInfoClass> cls = smb1_level_class(level);
  if (!cls) {
    cls = passthrough_class(level);
    if (!cls) return fail(NtStatus::InvalidLevel);
    if (!fscc::is_served_set_class(*cls)) return fail(NtStatus::InvalidInfoClass);
  }
  if (!fscc::holds_class(info, *cls)) return fail(NtStatus::InvalidParameter);
  fscc::encode_set_information(w, info, NameInfoForm::kSmb);
  return out;
}

}  // namespace smbkit::smb1
