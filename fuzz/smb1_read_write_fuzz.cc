// SMB_COM_READ_ANDX (MS-CIFS 2.2.4.42, MS-SMB 2.2.4.2) and SMB_COM_WRITE_ANDX (MS-CIFS
// 2.2.4.43, MS-SMB 2.2.4.3) codecs, and the zero-copy READ_ANDX response prefix.
#include "fuzz_support.h"
#include "smb1/read_write.h"

using namespace smbkit;

namespace {

// A response decoded, then written the server's way (prefix, then the data appended), must
// decode to the same data.
void read_response(const smb1::Header& h, const smb1::Block& b) {
  fuzz::roundtrip_block<smb1::ReadAndXResponse, smb1::Command::ReadAndX>(h, b);
  auto resp = smb1::ReadAndXResponse::decode(b);
  if (!resp) return;
  smb1::Header rh = h;
  rh.command = static_cast<uint8_t>(smb1::Command::ReadAndX);
  std::vector<uint8_t> out;
  smb1::MessageWriter mw(out, rh);
  smb1::encode_read_andx_response_prefix(mw, resp->available,
                                         static_cast<uint32_t>(resp->data.size()));
  out.insert(out.end(), resp->data.begin(), resp->data.end());
  auto parsed = smb1::parse_message(out);
  FUZZ_CHECK(parsed);
  auto again = smb1::ReadAndXResponse::decode(parsed->blocks.at(0));
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->available == resp->available);
  FUZZ_CHECK(std::equal(again->data.begin(), again->data.end(), resp->data.begin(),
                        resp->data.end()));
}

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::ReadAndXRequest, smb1::Command::ReadAndX>,
    read_response,
    fuzz::roundtrip_block<smb1::WriteAndXRequest, smb1::Command::WriteAndX>,
    fuzz::roundtrip_block<smb1::WriteAndXResponse, smb1::Command::WriteAndX>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
