// What the SET side of TRANSACTION2 and NT_TRANSACT's NOTIFY_CHANGE, CREATE and RENAME carry:
// the SET_PATH / SET_FILE_INFORMATION parameter blocks (MS-CIFS 2.2.6.7.1, 2.2.6.9.1), every SET
// information level with its MS-FSCC pass-through twin (fscc/set_info_classes.h), the
// NOTIFY_CHANGE setup words (MS-CIFS 2.2.7.4.1) and FILE_NOTIFY_INFORMATION chains (MS-FSCC
// 2.7.1), NT_TRANSACT_CREATE's request and response parameters (2.2.7.1) and
// NT_TRANSACT_RENAME's (MS-CIFS 2.2.7.5).
//
// Input: a selector byte (low 3 bits: what to decode; 0x80: Unicode), then for the SET levels a
// 16-bit level, then the bytes.
#include "fuzz_support.h"
#include "smb1/nt_transact_create.h"
#include "smb1/nt_transact_notify.h"
#include "smb1/nt_transact_rename.h"
#include "smb1/trans2_set.h"

using namespace smbkit;

namespace {

// A level's data that the server accepts must be what the client side writes for the same value.
void set_info_level(Bytes in) {
  ByteReader r(in);
  uint16_t level = r.u16();
  Bytes data = r.rest();
  if (!r.ok()) return;
  auto info = smb1::decode_set_info_level(level, data);
  if (!info) return;
  auto bytes1 = smb1::encode_set_info_level(level, *info);
  if (!bytes1) return;  // e.g. a DOS-dated level cannot carry every FILETIME
  auto again = smb1::decode_set_info_level(level, *bytes1);
  FUZZ_CHECK(again);
  auto bytes2 = smb1::encode_set_info_level(level, *again);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void notify_setup(Bytes in) {
  std::vector<uint16_t> words;
  ByteReader r(in);
  while (r.remaining() >= 2 && words.size() < 8) words.push_back(r.u16());
  auto setup = smb1::NotifyChangeSetup::decode(words);
  if (!setup) return;
  auto again = smb1::NotifyChangeSetup::decode(setup->encode());
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->encode() == setup->encode());
}

void notify_entries(Bytes in) {
  auto entries = fscc::decode_notify_entries(in);
  if (!entries) return;
  std::vector<uint8_t> bytes1 = fscc::encode_notify_entries(*entries);
  auto again = fscc::decode_notify_entries(bytes1);
  FUZZ_CHECK(again && *again == *entries);
  FUZZ_CHECK(fscc::encode_notify_entries(*again) == bytes1);
}

void create_response(Bytes in) {
  auto resp = smb1::decode_nt_transact_create_response(in);
  if (!resp) return;
  std::vector<uint8_t> bytes1 = smb1::encode_nt_transact_create_response(*resp);
  FUZZ_CHECK(bytes1.size() == smb1::kNtTransactCreateResponseSize);
  auto again = smb1::decode_nt_transact_create_response(bytes1);
  FUZZ_CHECK(again);
  FUZZ_CHECK(smb1::encode_nt_transact_create_response(*again) == bytes1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  bool unicode = in.selector & 0x80;
  switch (in.selector & 0x07) {
    case 0: fuzz::roundtrip_parameters<smb1::SetPathInformationRequest>(in.rest, unicode); break;
    case 1: fuzz::roundtrip_parameters<smb1::SetFileInformationRequest>(in.rest); break;
    case 2: set_info_level(in.rest); break;
    case 3: notify_setup(in.rest); break;
    case 4: notify_entries(in.rest); break;
    case 5: fuzz::roundtrip_parameters<smb1::NtTransactCreateRequest>(in.rest, unicode); break;
    case 6: create_response(in.rest); break;
    case 7: fuzz::roundtrip_parameters<smb1::NtTransactRenameRequest>(in.rest, unicode); break;
  }
  return 0;
}
