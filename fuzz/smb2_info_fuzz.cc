// SMB2 information codecs (MS-SMB2 2.2.33-2.2.40): QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO
// (with SMB2_QUERY_QUOTA_INFO) and SET_INFO requests and responses. Input: one selector byte
// (which decoder, modulo the count below), then a whole SMB2 message (64-byte header and body)
// or, for the quota decoder, its bytes.
#include "fuzz_support_smb2_file.h"
#include "smb2/change_notify.h"
#include "smb2/query_directory.h"
#include "smb2/query_info.h"
#include "smb2/set_info.h"

using namespace smbkit;
using namespace smbkit::smb2;

namespace {

// A response's output built in place (begin, append, finish) must equal its copying encode().
template <class T>
void in_place_matches(Bytes in) {
  auto resp = T::decode(in);
  if (!resp) return;
  std::vector<uint8_t> whole = fuzz::encode_smb2(in.first(kHeaderSize), *resp, 5);
  std::vector<uint8_t> built(5, 0xA5);
  built.insert(built.end(), in.begin(), in.begin() + kHeaderSize);
  ByteWriter w(built);
  T::begin(w);
  w.bytes(resp->output);
  T::finish(w, 5);
  FUZZ_CHECK(std::vector<uint8_t>(built.begin() + 5, built.end()) == whole);
}

template <class T>
void output_response(Bytes in) {
  fuzz::roundtrip_smb2<T>(in, [](const T& resp, Bytes message) {
    FUZZ_CHECK(fuzz::inside(resp.output, message));
  });
  in_place_matches<T>(in);
}

void query_info_request(Bytes in) {
  fuzz::roundtrip_smb2<QueryInfoRequest>(in, [](const QueryInfoRequest& req, Bytes message) {
    FUZZ_CHECK(fuzz::inside(req.input, message));
    fuzz::roundtrip_payload<QueryQuotaInfo>(req.input);
  });
}

void set_info_request(Bytes in) {
  fuzz::roundtrip_smb2<SetInfoRequest>(in, [](const SetInfoRequest& req, Bytes message) {
    FUZZ_CHECK(fuzz::inside(req.buffer, message));
  });
}

void query_quota_info(Bytes in) {
  fuzz::roundtrip_payload<QueryQuotaInfo>(in);
  if (auto q = QueryQuotaInfo::decode(in)) {
    FUZZ_CHECK(fuzz::inside(q->sid_list, in) && fuzz::inside(q->start_sid, in));
    FUZZ_CHECK(q->sid_list.empty() || q->start_sid.empty());
  }
}

constexpr fuzz::Smb2Check kChecks[] = {
    fuzz::roundtrip_smb2<QueryDirectoryRequest>,   // 0
    output_response<QueryDirectoryResponse>,       // 1
    fuzz::roundtrip_smb2<ChangeNotifyRequest>,     // 2
    output_response<ChangeNotifyResponse>,         // 3
    query_info_request,                            // 4
    output_response<QueryInfoResponse>,            // 5
    set_info_request,                              // 6
    fuzz::roundtrip_smb2<SetInfoResponse>,         // 7
    query_quota_info,                              // 8
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_smb2_checks(data, size, kChecks);
  return 0;
}
