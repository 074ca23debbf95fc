// What TRANSACTION2 subcommands carry in their Trans2_Parameters and Trans2_Data: the QUERY and
// FIND parameter blocks (MS-CIFS 2.2.6.2-2.2.6.8), the FIND entries and QUERY information
// levels (MS-CIFS 2.2.8, MS-SMB pass-through levels), parameter strings and DOS dates.
//
// Input: a selector byte (low 4 bits: what to decode; 0x80: Unicode; 0x40: resume keys), then for
// the level decoders a 16-bit level (and for FIND entries a 16-bit search count), then the bytes.
#include "fuzz_support.h"
#include "smb1/ea_lists.h"
#include "smb1/trans2.h"
#include "smb1/trans2_dos_time.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_open.h"
#include "smb1/trans2_query.h"

using namespace smbkit;

namespace {

void find_entries(Bytes in, bool unicode, bool resume_keys) {
  ByteReader r(in);
  uint16_t level = r.u16();
  uint16_t search_count = r.u16();
  Bytes data = r.rest();
  if (!r.ok()) return;
  auto entries = smb1::decode_find_entries(level, data, search_count, unicode, resume_keys);
  if (!entries) return;
  FUZZ_CHECK(entries->files.size() <= 0x10000);
  if (resume_keys && !entries->resume_keys.empty())
    FUZZ_CHECK(entries->resume_keys.size() == entries->files.size());
  auto encode = [&](const smb1::FindEntries& e, std::vector<uint8_t>& out) {
    return smb1::encode_find_entries(level, e.files, SIZE_MAX, unicode, out, e.resume_keys);
  };
  std::vector<uint8_t> bytes1;
  auto listing = encode(*entries, bytes1);
  if (!listing) return;  // e.g. a name too long for a packed level's length byte
  FUZZ_CHECK(listing->count == entries->files.size() && listing->bytes == bytes1.size());
  auto again = smb1::decode_find_entries(level, bytes1, static_cast<uint16_t>(listing->count),
                                         unicode, resume_keys);
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->files.size() == entries->files.size());
  std::vector<uint8_t> bytes2;
  FUZZ_CHECK(encode(*again, bytes2));
  FUZZ_CHECK(bytes2 == bytes1);
}

void file_info_level(Bytes in, bool unicode) {
  ByteReader r(in);
  uint16_t level = r.u16();
  Bytes data = r.rest();
  if (!r.ok()) return;
  auto info = smb1::decode_file_info_level(level, data, unicode);
  if (!info) return;
  auto bytes1 = smb1::encode_file_info_level(level, *info, unicode);
  if (!bytes1) return;  // levels smbkit reads but does not answer
  auto again = smb1::decode_file_info_level(level, *bytes1, unicode);
  FUZZ_CHECK(again);
  auto bytes2 = smb1::encode_file_info_level(level, *again, unicode);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void fs_info_level(Bytes in, bool unicode) {
  ByteReader r(in);
  uint16_t level = r.u16();
  Bytes data = r.rest();
  if (!r.ok()) return;
  auto info = smb1::decode_fs_info_level(level, data, unicode);
  if (!info) return;
  auto bytes1 = smb1::encode_fs_info_level(level, *info, unicode);
  if (!bytes1) return;
  auto again = smb1::decode_fs_info_level(level, *bytes1, unicode);
  FUZZ_CHECK(again);
  auto bytes2 = smb1::encode_fs_info_level(level, *again, unicode);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void parameter_strings(Bytes in, bool unicode) {
  ByteReader r(in);
  while (r.ok() && r.remaining() > 0) {
    auto s = smb1::read_parameter_string(r, unicode);
    if (!s) break;
    std::vector<uint8_t> out;
    ByteWriter w(out);
    smb1::write_parameter_string(w, *s, unicode);
    ByteReader again(out);
    auto s2 = smb1::read_parameter_string(again, unicode);
    FUZZ_CHECK(s2 && *s2 == *s && again.remaining() == 0);
  }
}

// A DOS date and time that decodes to a FILETIME must encode back to itself.
// MS-CIFS 2.2.1.2: an SMB_FEA_LIST (OPEN2, CREATE_DIRECTORY, SMB_INFO_SET_EAS) and an
// SMB_GEA_LIST (the EA query and find levels): what decodes encodes back to the same list.
void fea_list(Bytes in) {
  if (auto eas = smb1::decode_fea_list(in)) {
    auto bytes = smb1::encode_fea_list(*eas);
    FUZZ_CHECK(bytes);
    auto again = smb1::decode_fea_list(*bytes);
    FUZZ_CHECK(again && *again == *eas);
    FUZZ_CHECK(smb1::fea_list_size(*eas) == bytes->size());
  }
  if (auto names = smb1::decode_gea_list(in)) {
    auto bytes = smb1::encode_gea_list(*names);
    FUZZ_CHECK(bytes);
    auto again = smb1::decode_gea_list(*bytes);
    FUZZ_CHECK(again && *again == *names);
  }
}

void dos_times(Bytes in) {
  ByteReader r(in);
  while (r.remaining() >= 4) {
    smb1::DosDateTime dt{r.u16(), r.u16()};
    uint64_t ft = smb1::filetime_from_dos_date_time(dt);
    if (ft != 0) {
      smb1::DosDateTime back = smb1::dos_date_time_from_filetime(ft);
      FUZZ_CHECK(back.date == dt.date && back.time == dt.time);
    }
    uint64_t any = r.remaining() >= 8 ? r.u64() : 0;
    (void)smb1::dos_date_time_from_filetime(any);
    uint16_t attrs = static_cast<uint16_t>(any);
    (void)smb1::fscc_attributes_from_smb(attrs);
    (void)smb1::smb_file_attributes(static_cast<uint32_t>(any >> 16));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  bool unicode = in.selector & 0x80;
  bool resume_keys = in.selector & 0x40;
  switch (in.selector & 0x0F) {
    case 0: fuzz::roundtrip_parameters<smb1::QueryPathInformationRequest>(in.rest, unicode); break;
    case 1: fuzz::roundtrip_parameters<smb1::QueryFileInformationRequest>(in.rest); break;
    case 2: fuzz::roundtrip_parameters<smb1::QueryFsInformationRequest>(in.rest); break;
    case 3: fuzz::roundtrip_parameters<smb1::QueryInformationResponseParameters>(in.rest); break;
    case 4: fuzz::roundtrip_parameters<smb1::FindFirst2Request>(in.rest, unicode); break;
    case 5: fuzz::roundtrip_parameters<smb1::FindFirst2ResponseParameters>(in.rest); break;
    case 6: fuzz::roundtrip_parameters<smb1::FindNext2Request>(in.rest, unicode); break;
    case 7: fuzz::roundtrip_parameters<smb1::FindNext2ResponseParameters>(in.rest); break;
    case 8: find_entries(in.rest, unicode, resume_keys); break;
    case 9: file_info_level(in.rest, unicode); break;
    case 10: fs_info_level(in.rest, unicode); break;
    case 11: parameter_strings(in.rest, unicode); break;
    case 12: dos_times(in.rest); break;
    case 13:
      fuzz::roundtrip_parameters<smb1::Open2Request>(in.rest, unicode);
      fea_list(in.rest);  // TRANSACTION2_OPEN2's data: an SMB_FEA_LIST
      break;
    case 14: fuzz::roundtrip_parameters<smb1::Open2ResponseParameters>(in.rest); break;
    case 15: fuzz::roundtrip_parameters<smb1::CreateDirectory2Request>(in.rest, unicode); break;
  }
  return 0;
}
