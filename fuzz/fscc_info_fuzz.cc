// MS-FSCC decoders: file information classes (2.4), file-system information classes (2.5),
// directory-enumeration lists (2.4, chained by NextEntryOffset) and the EA lists
// (FILE_FULL_EA_INFORMATION, FILE_GET_EA_INFORMATION, 2.4.15: class bytes 0xF0 and up of the
// single-structure selector). Each decoded value must encode
// and decode to a fixed point.
//
// Input: a selector byte (which decoder; 0x80: OEM names instead of UTF-16; 0x40: a security
// descriptor, whose bytes follow at once), a class byte, then the structure's bytes.
#include "fscc/directory_info.h"
#include "fscc/ea_information.h"
#include "fscc/fs_info_classes.h"
#include "fscc/info_classes.h"
#include "fscc/security_descriptor.h"
#include "fuzz_support.h"

using namespace smbkit;
using namespace smbkit::fscc;

namespace {

void file_information(uint8_t cls_byte, Bytes data) {
  auto cls = static_cast<FileInfoClass>(cls_byte);
  auto info = decode_file_information(cls, data);
  if (!info) return;
  auto bytes1 = encode_file_information(cls, *info);
  if (!bytes1) return;  // classes read but never answered
  auto again = decode_file_information(cls, *bytes1);
  FUZZ_CHECK(again);
  auto bytes2 = encode_file_information(cls, *again);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void fs_information(uint8_t cls_byte, Bytes data) {
  auto cls = static_cast<FsInfoClass>(cls_byte);
  auto info = decode_fs_information(cls, data);
  if (!info) return;
  auto bytes1 = encode_fs_information(cls, *info);
  if (!bytes1) return;
  auto again = decode_fs_information(cls, *bytes1);
  FUZZ_CHECK(again);
  auto bytes2 = encode_fs_information(cls, *again);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void directory_list(uint8_t cls_byte, Bytes data, NameCoding coding) {
  auto cls = static_cast<FileInfoClass>(cls_byte);
  auto files = decode_directory_list(cls, data, coding);
  if (!files) return;
  FUZZ_CHECK(is_directory_class(cls));
  std::vector<uint8_t> bytes1;
  auto listing = encode_directory_list(cls, *files, SIZE_MAX, bytes1, coding);
  FUZZ_CHECK(listing && listing->count == files->size() && listing->bytes == bytes1.size());
  auto again = decode_directory_list(cls, bytes1, coding);
  FUZZ_CHECK(again && again->size() == files->size());
  std::vector<uint8_t> bytes2;
  FUZZ_CHECK(encode_directory_list(cls, *again, SIZE_MAX, bytes2, coding));
  FUZZ_CHECK(bytes2 == bytes1);
}

// MS-FSCC 2.4.15 / 2.4.15.1: the EA lists of SMB2 QUERY_INFO/SET_INFO, the ExtA create context
// and NT_TRANSACT_CREATE; what decodes encodes back to a list that decodes the same.
void ea_lists(uint8_t which, Bytes data) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  if (which % 2 == 0) {
    auto eas = decode_full_ea_list(data);
    if (!eas) return;
    FUZZ_CHECK(encode_full_ea_list(w, *eas));
    auto again = decode_full_ea_list(out);
    FUZZ_CHECK(again && *again == *eas);
  } else {
    auto names = decode_get_ea_list(data);
    if (!names) return;
    FUZZ_CHECK(encode_get_ea_list(w, *names));
    auto again = decode_get_ea_list(out);
    FUZZ_CHECK(again && *again == *names);
  }
}

// The readers that take a coding or an OpenInfo, which the class dispatchers do not reach.
void single_structures(uint8_t which, Bytes data, NameCoding coding) {
  if (which >= 0xF0) return ea_lists(which, data);
  ByteReader r(data);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  switch (which % 4) {
    case 0: {
      FileInfo f;
      OpenInfo o;
      if (!decode_file_all_information(r, f, &o)) return;
      encode_file_all_information(w, f, o);
      ByteReader again(out);
      FileInfo f2;
      OpenInfo o2;
      FUZZ_CHECK(decode_file_all_information(again, f2, &o2));
      std::vector<uint8_t> out2;
      ByteWriter w2(out2);
      encode_file_all_information(w2, f2, o2);
      FUZZ_CHECK(out2 == out);
      break;
    }
    case 1: {
      std::string name;
      if (!decode_file_name_information(r, name, coding)) return;
      encode_file_name_information(w, name, coding);
      ByteReader again(out);
      std::string name2;
      FUZZ_CHECK(decode_file_name_information(again, name2, coding) && name2 == name);
      break;
    }
    case 2: {
      FsInfo fs;
      if (!decode_fs_volume_information(r, fs, coding)) return;
      encode_fs_volume_information(w, fs, coding);
      ByteReader again(out);
      FsInfo fs2;
      FUZZ_CHECK(decode_fs_volume_information(again, fs2, coding));
      FUZZ_CHECK(fs2.volume_label == fs.volume_label && fs2.serial_number == fs.serial_number);
      break;
    }
    case 3: {
      FsInfo fs;
      if (!decode_fs_attribute_information(r, fs, coding)) return;
      encode_fs_attribute_information(w, fs, coding);
      ByteReader again(out);
      FsInfo fs2;
      FUZZ_CHECK(decode_fs_attribute_information(again, fs2, coding));
      FUZZ_CHECK(fs2.file_system_name == fs.file_system_name &&
                 fs2.file_system_attributes == fs.file_system_attributes &&
                 fs2.max_name_length == fs.max_name_length);
      break;
    }
  }
}

// MS-DTYP 2.4.6: a self-relative security descriptor (NT_TRANSACT_SET_SECURITY_DESC's data).
void security_descriptor(Bytes data) {
  auto sd = SecurityDescriptor::decode(data);
  if (!sd) return;
  std::vector<uint8_t> bytes1 = sd->encode();
  auto again = SecurityDescriptor::decode(bytes1);
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->encode() == bytes1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint8_t selector = data[0], cls = data[1];
  Bytes rest(data + 2, size - 2);
  if (selector & 0x40) {  // the class byte is the descriptor's first byte
    security_descriptor(Bytes(data + 1, size - 1));
    return 0;
  }
  NameCoding coding = (selector & 0x80) ? NameCoding::kOem : NameCoding::kUtf16;
  switch (selector & 0x03) {
    case 0: file_information(cls, rest); break;
    case 1: fs_information(cls, rest); break;
    case 2: directory_list(cls, rest, coding); break;
    case 3: single_structures(cls, rest, coding); break;
  }
  return 0;
}
