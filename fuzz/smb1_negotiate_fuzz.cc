// SMB_COM_NEGOTIATE request and response codecs (MS-CIFS 2.2.4.52).
#include "fuzz_support.h"
#include "smb1/negotiate.h"

using namespace smbkit;

namespace {

void request(const smb1::Header& h, const smb1::Block& b) {
  fuzz::roundtrip_block<smb1::NegotiateRequest, smb1::Command::Negotiate>(h, b);
  auto req = smb1::NegotiateRequest::decode(b);
  if (!req) return;
  auto picked = smb1::pick_dialect(req->dialects);
  if (picked) FUZZ_CHECK(req->dialects.at(*picked) == smb1::kDialectNtLm012);
}

constexpr fuzz::BlockCheck kChecks[] = {
    request,
    fuzz::roundtrip_block<smb1::NegotiateResponse, smb1::Command::Negotiate>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
