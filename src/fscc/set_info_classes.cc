#include "fscc/set_info_classes.h"

#include <type_traits>

namespace smbkit::fscc {
namespace {

// The fixed part of a set-side buffer: InfoLengthMismatch when it is short.
Result<ByteReader> fixed_reader(Bytes data, size_t size) {
  if (data.size() < size) return fail(NtStatus::InfoLengthMismatch);
  return ByteReader(data);
}

}  // namespace

Result<FileBasicInformation> FileBasicInformation::decode(Bytes data) {
  auto r = fixed_reader(data, kSize);
  if (!r) return fail(r.error());
  FileBasicInformation info;
  info.creation_time = r->u64();
  info.last_access_time = r->u64();
  info.last_write_time = r->u64();
  info.change_time = r->u64();
  info.file_attributes = r->u32();
  return info;
}

void FileBasicInformation::encode(ByteWriter& w) const {
  w.u64(creation_time);
  w.u64(last_access_time);
  w.u64(last_write_time);
  w.u64(change_time);
  w.u32(file_attributes);
  w.u32(0);  // Reserved
}

Result<FileDispositionInformation> FileDispositionInformation::decode(Bytes data) {
  auto r = fixed_reader(data, kSize);
  if (!r) return fail(r.error());
  return FileDispositionInformation{r->u8() != 0};
}

void FileDispositionInformation::encode(ByteWriter& w) const { w.u8(delete_pending ? 1 : 0); }

Result<FileAllocationInformation> FileAllocationInformation::decode(Bytes data) {
  auto r = fixed_reader(data, kSize);
  if (!r) return fail(r.error());
  return FileAllocationInformation{r->u64()};
}

void FileAllocationInformation::encode(ByteWriter& w) const { w.u64(allocation_size); }

Result<FileEndOfFileInformation> FileEndOfFileInformation::decode(Bytes data) {
  auto r = fixed_reader(data, kSize);
  if (!r) return fail(r.error());
  return FileEndOfFileInformation{r->u64()};
}

void FileEndOfFileInformation::encode(ByteWriter& w) const { w.u64(end_of_file); }

Result<FilePositionInformation> FilePositionInformation::decode(Bytes data) {
  auto r = fixed_reader(data, kSize);
  if (!r) return fail(r.error());
  return FilePositionInformation{r->u64()};
}

void FilePositionInformation::encode(ByteWriter& w) const { w.u64(current_byte_offset); }

Result<FileRenameInformation> FileRenameInformation::decode(Bytes data, NameInfoForm form) {
  auto r = fixed_reader(data, fixed_size(form));
  if (!r) return fail(r.error());
  FileRenameInformation info;
  info.replace_if_exists = r->u8() != 0;
  if (form == NameInfoForm::kSmb) {
    r->skip(3);
    info.root_directory = r->u32();
  } else {
    r->skip(7);
    info.root_directory = r->u64();
  }
  uint32_t length = r->u32();
  if (length % 2 != 0 || length > r->remaining()) return fail(NtStatus::InvalidParameter);
  info.file_name = r->utf16(length);
  if (!r->ok()) return fail(NtStatus::InvalidParameter);
  return info;
}

void FileRenameInformation::encode(ByteWriter& w, NameInfoForm form) const {
  w.u8(replace_if_exists ? 1 : 0);
  if (form == NameInfoForm::kSmb) {
    w.zeros(3);
    w.u32(static_cast<uint32_t>(root_directory));
  } else {
    w.zeros(7);
    w.u64(root_directory);
  }
  size_t length_at = w.offset();
  w.u32(0);
  size_t n = w.utf16(file_name, false);
  w.patch_u32(length_at, static_cast<uint32_t>(n));
  // MS-FSCC 2.4.41.2: the SMB2 form is at least 24 bytes long.
  if (form == NameInfoForm::kSmb2 && fixed_size(form) + n < 24) w.zeros(24 - fixed_size(form) - n);
}

Result<FileLinkInformation> FileLinkInformation::decode(Bytes data, NameInfoForm form) {
  auto r = FileRenameInformation::decode(data, form);
  if (!r) return fail(r.error());
  FileLinkInformation link;
  static_cast<FileRenameInformation&>(link) = std::move(*r);
  return link;
}

namespace {

template <class T>
Result<SetInformation> widen(Result<T> r) {
  if (!r) return fail(r.error());
  return SetInformation(std::move(*r));
}

}  // namespace

bool is_served_set_class(FileInfoClass cls) {
  return cls == FileInfoClass::Basic || cls == FileInfoClass::Rename ||
         cls == FileInfoClass::Link || cls == FileInfoClass::Disposition ||
         cls == FileInfoClass::Allocation || cls == FileInfoClass::EndOfFile ||
         cls == FileInfoClass::Position;
}

Result<SetInformation> decode_set_information(FileInfoClass cls, Bytes data, NameInfoForm form) {
  switch (cls) {
    case FileInfoClass::Basic: return widen(FileBasicInformation::decode(data));
    case FileInfoClass::Rename: return widen(FileRenameInformation::decode(data, form));
    case FileInfoClass::Link: return widen(FileLinkInformation::decode(data, form));
    case FileInfoClass::Disposition: return widen(FileDispositionInformation::decode(data));
    case FileInfoClass::Allocation: return widen(FileAllocationInformation::decode(data));
    case FileInfoClass::EndOfFile: return widen(FileEndOfFileInformation::decode(data));
    case FileInfoClass::Position: return widen(FilePositionInformation::decode(data));
    default: return fail(NtStatus::InvalidInfoClass);
  }
}

bool holds_class(const SetInformation& info, FileInfoClass cls) {
  switch (cls) {
    case FileInfoClass::Basic: return std::holds_alternative<FileBasicInformation>(info);
    case FileInfoClass::Rename: return std::holds_alternative<FileRenameInformation>(info);
    case FileInfoClass::Link: return std::holds_alternative<FileLinkInformation>(info);
    case FileInfoClass::Disposition:
      return std::holds_alternative<FileDispositionInformation>(info);
    case FileInfoClass::Allocation: return std::holds_alternative<FileAllocationInformation>(info);
    case FileInfoClass::EndOfFile: return std::holds_alternative<FileEndOfFileInformation>(info);
    case FileInfoClass::Position: return std::holds_alternative<FilePositionInformation>(info);
    default: return false;
  }
}

void encode_set_information(ByteWriter& w, const SetInformation& info, NameInfoForm form) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_base_of_v<FileRenameInformation, T>)
          v.encode(w, form);
        else
          v.encode(w);
      },
      info);
}

}  // namespace smbkit::fscc
