#include "auth/ntlmssp.h"

#include <algorithm>
#include <string_view>

#include "wire/byte_writer.h"
#include "wire/utf16.h"

namespace smbkit::auth {
namespace {

constexpr std::array<uint8_t, 8> kSignature = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
constexpr size_t kNegotiateHeader = 32;
constexpr size_t kChallengeHeader = 48;
constexpr size_t kAuthenticateHeader = 64;
constexpr size_t kVersionSize = 8;
constexpr size_t kMicSize = 16;

// A payload field descriptor (Len, MaxLen, BufferOffset), as read.
struct Field {
  uint16_t len = 0;
  uint32_t offset = 0;
};

Field read_field(ByteReader& r) {
  Field f;
  f.len = r.u16();
  r.u16();  // MaxLen: "MUST be ignored on receipt"
  f.offset = r.u32();
  return f;
}

// The field's bytes; an empty field may point anywhere (senders write 0 or the payload end), a
// non-empty one must lie inside the message after the fixed header.
Result<Bytes> field_bytes(Bytes message, const Field& f, size_t header) {
  if (f.len == 0) return Bytes{};
  if (f.offset < header || f.offset > message.size() || f.len > message.size() - f.offset)
    return fail(NtStatus::InvalidParameter);
  return message.subspan(f.offset, f.len);
}

// Where the payload starts: the lowest offset of the non-empty fields (or the message end).
size_t payload_start(Bytes message, std::initializer_list<Field> fields) {
  size_t start = message.size();
  for (const auto& f : fields)
    if (f.len) start = std::min<size_t>(start, f.offset);
  return start;
}

Result<std::string> decode_string(Bytes b, bool unicode) {
  if (unicode)
    return utf16le_to_utf8(b).map_error([](NtStatus) { return NtStatus::InvalidParameter; });
  return std::string(b.begin(), b.end());
}

std::vector<uint8_t> encode_string(std::string_view s, bool unicode) {
  if (unicode) return utf8_to_utf16le(s);
  return {s.begin(), s.end()};
}

Result<ByteReader> open_message(Bytes message, NtlmMessageType type, size_t header) {
  auto t = ntlmssp_message_type(message);
  if (!t) return fail(t.error());
  if (*t != type || message.size() < header) return fail(NtStatus::InvalidParameter);
  ByteReader r(message);
  r.skip(12);
  return r;
}

Version read_version(Bytes message, size_t at) {
  ByteReader r(message.subspan(at, kVersionSize));
  Version v;
  v.major = r.u8();
  v.minor = r.u8();
  v.build = r.u16();
  r.skip(3);
  v.revision = r.u8();
  return v;
}

void write_version(ByteWriter& w, const Version& v) {
  w.u8(v.major);
  w.u8(v.minor);
  w.u16(v.build);
  w.zeros(3);
  w.u8(v.revision);
}

// Lays out payload fields: descriptors are written in the header as placeholders and patched
// once the payload is appended after the fixed part.
class PayloadWriter {
 public:
  explicit PayloadWriter(ByteWriter& w) : w_(w) {}
  // Reserves a descriptor at the current position.
  size_t reserve() {
    size_t at = w_.offset();
    w_.zeros(8);
    return at;
  }
  // Appends `data` to the payload and fills in its descriptor.
  bool put(size_t descriptor, Bytes data) {
    if (data.size() > 0xFFFF || w_.offset() > 0xFFFFFFFFu) return false;
    w_.patch_u16(descriptor, static_cast<uint16_t>(data.size()));
    w_.patch_u16(descriptor + 2, static_cast<uint16_t>(data.size()));
    w_.patch_u32(descriptor + 4, static_cast<uint32_t>(w_.offset()));
    w_.bytes(data);
    return true;
  }

 private:
  ByteWriter& w_;
};

void write_start(ByteWriter& w, NtlmMessageType type) {
  w.bytes(kSignature);
  w.u32(static_cast<uint32_t>(type));
}

}  // namespace

Result<NtlmMessageType> ntlmssp_message_type(Bytes message) {
  ByteReader r(message);
  Bytes sig = r.bytes(8);
  uint32_t type = r.u32();
  if (!r.ok() || !std::equal(sig.begin(), sig.end(), kSignature.begin()))
    return fail(NtStatus::InvalidParameter);
  if (type < 1 || type > 3) return fail(NtStatus::InvalidParameter);
  return static_cast<NtlmMessageType>(type);
}

// ---- NEGOTIATE ----

Result<NegotiateMessage> NegotiateMessage::decode(Bytes message) {
  auto r = open_message(message, NtlmMessageType::Negotiate, kNegotiateHeader - 16);
  if (!r) return fail(r.error());
  NegotiateMessage m;
  m.flags = r->u32();
  // Early clients end the message after the flags; the two fields are then absent.
  Field domain, workstation;
  if (message.size() >= kNegotiateHeader) {
    domain = read_field(*r);
    workstation = read_field(*r);
  }
  if (!r->ok()) return fail(NtStatus::InvalidParameter);
  auto d = field_bytes(message, domain, kNegotiateHeader);
  auto ws = field_bytes(message, workstation, kNegotiateHeader);
  if (!d || !ws) return fail(NtStatus::InvalidParameter);
  m.domain.assign(d->begin(), d->end());
  m.workstation.assign(ws->begin(), ws->end());
  if ((m.flags & kNegotiateVersion) &&
      payload_start(message, {domain, workstation}) >= kNegotiateHeader + kVersionSize)
    m.version = read_version(message, kNegotiateHeader);
  return m;
}

Result<std::vector<uint8_t>> NegotiateMessage::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  PayloadWriter p(w);
  write_start(w, NtlmMessageType::Negotiate);
  w.u32(flags);
  size_t domain_at = p.reserve();
  size_t workstation_at = p.reserve();
  if (version) write_version(w, *version);
  if (!p.put(domain_at, encode_string(domain, false)) ||
      !p.put(workstation_at, encode_string(workstation, false)))
    return fail(NtStatus::InvalidParameter);
  return out;
}

// ---- CHALLENGE ----

Result<ChallengeMessage> ChallengeMessage::decode(Bytes message) {
  auto r = open_message(message, NtlmMessageType::Challenge, kChallengeHeader);
  if (!r) return fail(r.error());
  ChallengeMessage m;
  Field target_name = read_field(*r);
  m.flags = r->u32();
  Bytes challenge = r->bytes(8);
  r->skip(8);  // Reserved
  Field target_info = read_field(*r);
  if (!r->ok()) return fail(NtStatus::InvalidParameter);
  std::copy(challenge.begin(), challenge.end(), m.server_challenge.begin());

  auto name = field_bytes(message, target_name, kChallengeHeader);
  auto info = field_bytes(message, target_info, kChallengeHeader);
  if (!name || !info) return fail(NtStatus::InvalidParameter);
  auto name_str = decode_string(*name, m.flags & kNegotiateUnicode);
  if (!name_str) return fail(name_str.error());
  m.target_name = std::move(*name_str);
  if (!info->empty()) {
    auto pairs = AvPairs::decode(*info);
    if (!pairs) return fail(pairs.error());
    m.target_info = std::move(*pairs);
  }
  if ((m.flags & kNegotiateVersion) &&
      payload_start(message, {target_name, target_info}) >= kChallengeHeader + kVersionSize)
    m.version = read_version(message, kChallengeHeader);
  return m;
}

Result<std::vector<uint8_t>> ChallengeMessage::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  PayloadWriter p(w);
  write_start(w, NtlmMessageType::Challenge);
  size_t name_at = p.reserve();
  w.u32(flags);
  w.bytes(server_challenge);
  w.zeros(8);  // Reserved
  size_t info_at = p.reserve();
  if (version) write_version(w, *version);
  std::vector<uint8_t> info;
  if (flags & kNegotiateTargetInfo) info = target_info.encode();
  if (!p.put(name_at, encode_string(target_name, flags & kNegotiateUnicode)) ||
      !p.put(info_at, info))
    return fail(NtStatus::InvalidParameter);
  return out;
}

// ---- AUTHENTICATE ----

Result<AuthenticateMessage> AuthenticateMessage::decode(Bytes message) {
  auto r = open_message(message, NtlmMessageType::Authenticate, kAuthenticateHeader);
  if (!r) return fail(r.error());
  AuthenticateMessage m;
  Field lm = read_field(*r);
  Field nt = read_field(*r);
  Field domain = read_field(*r);
  Field user = read_field(*r);
  Field workstation = read_field(*r);
  Field session_key = read_field(*r);
  m.flags = r->u32();
  if (!r->ok()) return fail(NtStatus::InvalidParameter);

  auto lm_b = field_bytes(message, lm, kAuthenticateHeader);
  auto nt_b = field_bytes(message, nt, kAuthenticateHeader);
  auto domain_b = field_bytes(message, domain, kAuthenticateHeader);
  auto user_b = field_bytes(message, user, kAuthenticateHeader);
  auto ws_b = field_bytes(message, workstation, kAuthenticateHeader);
  auto key_b = field_bytes(message, session_key, kAuthenticateHeader);
  if (!lm_b || !nt_b || !domain_b || !user_b || !ws_b || !key_b)
    return fail(NtStatus::InvalidParameter);
  bool unicode = m.flags & kNegotiateUnicode;
  auto domain_s = decode_string(*domain_b, unicode);
  auto user_s = decode_string(*user_b, unicode);
  auto ws_s = decode_string(*ws_b, unicode);
  if (!domain_s || !user_s || !ws_s) return fail(NtStatus::InvalidParameter);
  m.lm_response.assign(lm_b->begin(), lm_b->end());
  m.nt_response.assign(nt_b->begin(), nt_b->end());
  m.domain = std::move(*domain_s);
  m.user = std::move(*user_s);
  m.workstation = std::move(*ws_s);
  m.encrypted_random_session_key.assign(key_b->begin(), key_b->end());

  size_t start = payload_start(message, {lm, nt, domain, user, workstation, session_key});
  if ((m.flags & kNegotiateVersion) && start >= kAuthenticateHeader + kVersionSize)
    m.version = read_version(message, kAuthenticateHeader);
  if (start >= kMicOffset + kMicSize) {
    m.mic.emplace();
    std::copy_n(message.begin() + kMicOffset, kMicSize, m.mic->begin());
  }
  return m;
}

Result<std::vector<uint8_t>> AuthenticateMessage::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  PayloadWriter p(w);
  write_start(w, NtlmMessageType::Authenticate);
  size_t lm_at = p.reserve();
  size_t nt_at = p.reserve();
  size_t domain_at = p.reserve();
  size_t user_at = p.reserve();
  size_t ws_at = p.reserve();
  size_t key_at = p.reserve();
  w.u32(flags);
  if (version || mic) write_version(w, version.value_or(Version{0, 0, 0, 0}));
  if (mic) w.bytes(*mic);
  bool unicode = flags & kNegotiateUnicode;
  bool ok = p.put(domain_at, encode_string(domain, unicode)) &&
            p.put(user_at, encode_string(user, unicode)) &&
            p.put(ws_at, encode_string(workstation, unicode)) && p.put(lm_at, lm_response) &&
            p.put(nt_at, nt_response) && p.put(key_at, encrypted_random_session_key);
  if (!ok) return fail(NtStatus::InvalidParameter);
  return out;
}

}  // namespace smbkit::auth
