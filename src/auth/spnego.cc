#include "auth/spnego.h"

#include "auth/der.h"

namespace smbkit::auth {
namespace {

using der::Node;

Result<std::vector<uint8_t>> encode_oid(std::string_view dotted) {
  auto content = der::oid_content(dotted);
  if (!content) return fail(content.error());
  return der::tlv(der::kOid, *content);
}

// [n] { element } appended to `out` when the element is present.
void put_explicit(std::vector<uint8_t>& out, uint8_t n, Bytes element) {
  auto wrapped = der::tlv(der::context(n), element);
  out.insert(out.end(), wrapped.begin(), wrapped.end());
}

// The single element inside an explicit [n] wrapper, checked for its expected tag.
Result<const Node*> unwrap(const Node& wrapper, uint8_t expected_tag) {
  if (wrapper.children.size() != 1 || wrapper.children[0].tag != expected_tag)
    return fail(NtStatus::InvalidParameter);
  return &wrapper.children[0];
}

Result<std::vector<uint8_t>> octets(const Node& wrapper) {
  auto inner = unwrap(wrapper, der::kOctetString);
  if (!inner) return fail(inner.error());
  return std::vector<uint8_t>((*inner)->content.begin(), (*inner)->content.end());
}

Result<std::string> oid(const Node& node) {
  if (node.tag != der::kOid) return fail(NtStatus::InvalidParameter);
  return der::oid_text(node.content);
}

Result<NegTokenInit> decode_init(const Node& seq) {
  if (seq.tag != der::kSequence) return fail(NtStatus::InvalidParameter);
  NegTokenInit init;
  for (const Node& field : seq.children) {
    switch (field.tag) {
      case der::context(0): {
        auto list = unwrap(field, der::kSequence);
        if (!list) return fail(list.error());
        for (const Node& mech : (*list)->children) {
          auto text = oid(mech);
          if (!text) return fail(text.error());
          init.mech_types.push_back(std::move(*text));
        }
        break;
      }
      case der::context(1): {
        auto flags = unwrap(field, der::kBitString);
        if (!flags) return fail(flags.error());
        init.req_flags.emplace((*flags)->content.begin(), (*flags)->content.end());
        break;
      }
      case der::context(2): {
        auto token = octets(field);
        if (!token) return fail(token.error());
        init.mech_token = std::move(*token);
        break;
      }
      case der::context(3): {
        if (field.children.size() == 1 && field.children[0].tag == der::kSequence) {
          // negHints { hintName [0] GeneralString, hintAddress [1] OCTET STRING }
          for (const Node& hint : field.children[0].children) {
            if (hint.tag != der::context(0)) continue;
            auto name = unwrap(hint, der::kGeneralString);
            if (!name) return fail(name.error());
            init.hint_name.emplace((*name)->content.begin(), (*name)->content.end());
          }
        } else {
          auto mic = octets(field);
          if (!mic) return fail(mic.error());
          init.mech_list_mic = std::move(*mic);
        }
        break;
      }
      case der::context(4): {
        auto mic = octets(field);
        if (!mic) return fail(mic.error());
        init.mech_list_mic = std::move(*mic);
        break;
      }
      default:
        break;  // extension marker "...": later fields are ignored
    }
  }
  return init;
}

Result<NegTokenResp> decode_resp(const Node& seq) {
  if (seq.tag != der::kSequence) return fail(NtStatus::InvalidParameter);
  NegTokenResp resp;
  for (const Node& field : seq.children) {
    switch (field.tag) {
      case der::context(0): {
        auto state = unwrap(field, der::kEnumerated);
        if (!state) return fail(state.error());
        Bytes v = (*state)->content;
        if (v.size() != 1 || v[0] > 3) return fail(NtStatus::InvalidParameter);
        resp.neg_state = static_cast<NegState>(v[0]);
        break;
      }
      case der::context(1): {
        if (field.children.size() != 1) return fail(NtStatus::InvalidParameter);
        auto text = oid(field.children[0]);
        if (!text) return fail(text.error());
        resp.supported_mech = std::move(*text);
        break;
      }
      case der::context(2): {
        auto token = octets(field);
        if (!token) return fail(token.error());
        resp.response_token = std::move(*token);
        break;
      }
      case der::context(3): {
        auto mic = octets(field);
        if (!mic) return fail(mic.error());
        resp.mech_list_mic = std::move(*mic);
        break;
      }
      default:
        break;
    }
  }
  return resp;
}

Result<NegotiationToken> decode_choice(const Node& choice) {
  if (choice.children.size() != 1) return fail(NtStatus::InvalidParameter);
  if (choice.tag == der::context(0)) {
    auto init = decode_init(choice.children[0]);
    if (!init) return fail(init.error());
    return NegotiationToken(std::move(*init));
  }
  if (choice.tag == der::context(1)) {
    auto resp = decode_resp(choice.children[0]);
    if (!resp) return fail(resp.error());
    return NegotiationToken(std::move(*resp));
  }
  return fail(NtStatus::InvalidParameter);
}

}  // namespace

Result<std::vector<uint8_t>> mech_type_list_der(const std::vector<std::string>& mech_types) {
  std::vector<uint8_t> mechs;
  for (const auto& m : mech_types) {
    auto o = encode_oid(m);
    if (!o) return fail(o.error());
    mechs.insert(mechs.end(), o->begin(), o->end());
  }
  return der::tlv(der::kSequence, mechs);
}

Result<std::vector<uint8_t>> NegTokenInit::encode() const {
  auto mechs = mech_type_list_der(mech_types);
  if (!mechs) return fail(mechs.error());
  std::vector<uint8_t> fields;
  put_explicit(fields, 0, *mechs);
  if (req_flags) put_explicit(fields, 1, der::tlv(der::kBitString, *req_flags));
  if (mech_token) put_explicit(fields, 2, der::tlv(der::kOctetString, *mech_token));
  if (hint_name) {
    std::vector<uint8_t> name(hint_name->begin(), hint_name->end());
    auto hints = der::tlv(der::context(0), der::tlv(der::kGeneralString, name));
    put_explicit(fields, 3, der::tlv(der::kSequence, hints));
  }
  if (mech_list_mic)
    put_explicit(fields, hint_name ? 4 : 3, der::tlv(der::kOctetString, *mech_list_mic));

  auto spnego = encode_oid(kOidSpnego);
  auto choice = der::tlv(der::context(0), der::tlv(der::kSequence, fields));
  return der::tlv(der::kApplication0, der::concat({*spnego, choice}));
}

Result<std::vector<uint8_t>> NegTokenResp::encode() const {
  std::vector<uint8_t> fields;
  if (neg_state) {
    const uint8_t state[] = {static_cast<uint8_t>(*neg_state)};
    put_explicit(fields, 0, der::tlv(der::kEnumerated, state));
  }
  if (supported_mech) {
    auto o = encode_oid(*supported_mech);
    if (!o) return fail(o.error());
    put_explicit(fields, 1, *o);
  }
  if (response_token) put_explicit(fields, 2, der::tlv(der::kOctetString, *response_token));
  if (mech_list_mic) put_explicit(fields, 3, der::tlv(der::kOctetString, *mech_list_mic));
  return der::tlv(der::context(1), der::tlv(der::kSequence, fields));
}

Result<NegotiationToken> decode_spnego(Bytes token) {
  auto root = der::parse(token);
  if (!root) return fail(root.error());
  if (root->tag != der::kApplication0) return decode_choice(*root);
  // InitialContextToken: thisMech, then the inner token.
  if (root->children.size() != 2) return fail(NtStatus::InvalidParameter);
  auto mech = oid(root->children[0]);
  if (!mech || *mech != kOidSpnego) return fail(NtStatus::InvalidParameter);
  return decode_choice(root->children[1]);
}

std::vector<uint8_t> spnego_server_init() {
  NegTokenInit init;
  init.mech_types = {std::string(kOidNtlmssp)};
  init.hint_name = std::string(kNegHintName);
  return *init.encode();  // constant OIDs: cannot fail
}

std::vector<uint8_t> spnego_client_init(Bytes ntlm_negotiate) {
  NegTokenInit init;
  init.mech_types = {std::string(kOidNtlmssp)};
  init.mech_token.emplace(ntlm_negotiate.begin(), ntlm_negotiate.end());
  return *init.encode();
}

std::vector<uint8_t> spnego_response(std::optional<NegState> state, Bytes ntlm_message,
                                     bool name_mech) {
  NegTokenResp resp;
  resp.neg_state = state;
  if (name_mech) resp.supported_mech = std::string(kOidNtlmssp);
  if (!ntlm_message.empty()) resp.response_token.emplace(ntlm_message.begin(), ntlm_message.end());
  return *resp.encode();
}

}  // namespace smbkit::auth
