// NTLMSSP messages (MS-NLMP 2.2.1: NEGOTIATE, CHALLENGE, AUTHENTICATE) and AV_PAIR lists
// (2.2.2.1). The first byte picks the decoder; each decoded message must encode and decode to a
// fixed point.
#include "auth/av_pairs.h"
#include "auth/ntlmssp.h"
#include "fuzz_support.h"

using namespace smbkit;
using namespace smbkit::auth;

namespace {

template <class T>
void roundtrip(Bytes in) {
  auto first = T::decode(in);
  if (!first) return;
  auto bytes1 = first->encode();
  if (!bytes1) return;  // a value the encoder refuses (e.g. a field too long for 16 bits)
  auto type = ntlmssp_message_type(*bytes1);
  FUZZ_CHECK(type);
  auto second = T::decode(*bytes1);
  FUZZ_CHECK(second);
  auto bytes2 = second->encode();
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

void av_pairs(Bytes in) {
  auto pairs = AvPairs::decode(in);
  if (!pairs) return;
  for (const AvPair& p : pairs->items) FUZZ_CHECK(p.id != AvId::Eol);
  auto bytes = pairs->encode();
  auto again = AvPairs::decode(bytes);
  FUZZ_CHECK(again && *again == *pairs);
  (void)pairs->timestamp();
  (void)pairs->flags();
  (void)pairs->string(AvId::NbComputerName);
  (void)pairs->string(AvId::DnsDomainName);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  (void)ntlmssp_message_type(in.rest);
  switch (in.selector % 4) {
    case 0: roundtrip<NegotiateMessage>(in.rest); break;
    case 1: roundtrip<ChallengeMessage>(in.rest); break;
    case 2: roundtrip<AuthenticateMessage>(in.rest); break;
    case 3: av_pairs(in.rest); break;
  }
  return 0;
}
