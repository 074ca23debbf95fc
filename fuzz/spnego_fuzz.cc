// SPNEGO (RFC 4178, MS-SPNG) tokens and the DER underneath them. A decoded token must encode and
// decode to a fixed point; every element der::parse accepts must re-encode through der::tlv to
// the same element, and every OID to the same content octets (the parser admits minimal
// encodings only, which mechListMIC relies on).
#include <variant>

#include "auth/der.h"
#include "auth/spnego.h"
#include "fuzz_support.h"

using namespace smbkit;
using namespace smbkit::auth;

namespace {

void check_tree(const der::Node& node) {
  std::vector<uint8_t> encoded = der::tlv(node.tag, node.content);
  auto again = der::parse(encoded);
  FUZZ_CHECK(again && again->tag == node.tag);
  FUZZ_CHECK(std::equal(again->content.begin(), again->content.end(), node.content.begin(),
                        node.content.end()));
  if (node.tag == der::kOid) {
    auto text = der::oid_text(node.content);
    if (text) {
      auto content = der::oid_content(*text);
      FUZZ_CHECK(content);
      FUZZ_CHECK(std::equal(content->begin(), content->end(), node.content.begin(),
                            node.content.end()));
    }
  }
  for (const der::Node& child : node.children) check_tree(child);
}

Result<std::vector<uint8_t>> encode(const NegotiationToken& token) {
  return std::visit([](const auto& t) { return t.encode(); }, token);
}

void check_token(Bytes in) {
  auto token = decode_spnego(in);
  if (!token) return;
  if (auto* init = std::get_if<NegTokenInit>(&*token)) {
    auto list = mech_type_list_der(init->mech_types);
    if (list) FUZZ_CHECK(der::parse(*list));
  }
  auto bytes1 = encode(*token);
  if (!bytes1) return;
  auto again = decode_spnego(*bytes1);
  FUZZ_CHECK(again && again->index() == token->index());
  auto bytes2 = encode(*again);
  FUZZ_CHECK(bytes2 && *bytes2 == *bytes1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  auto root = der::parse(in);
  if (root) check_tree(*root);
  check_token(in);
  return 0;
}
