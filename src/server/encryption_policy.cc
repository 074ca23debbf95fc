#include "server/encryption_policy.h"

#include <strings.h>

#include <algorithm>
#include <cstring>

namespace smbkit::server {
namespace {

struct Spelling {
  const char* name;
  EncryptPolicy policy;
};

constexpr Spelling kSpellings[] = {
    {"off", EncryptPolicy::Off},           {"no", EncryptPolicy::Off},
    {"false", EncryptPolicy::Off},         {"disabled", EncryptPolicy::Off},
    {"if_required", EncryptPolicy::IfRequired}, {"default", EncryptPolicy::IfRequired},
    {"desired", EncryptPolicy::Desired},   {"yes", EncryptPolicy::Desired},
    {"true", EncryptPolicy::Desired},      {"on", EncryptPolicy::Desired},
    {"enabled", EncryptPolicy::Desired},   {"auto", EncryptPolicy::Desired},
    {"required", EncryptPolicy::Required}, {"mandatory", EncryptPolicy::Required},
    {"force", EncryptPolicy::Required},
};

struct Cipher {
  const char* name;
  uint16_t id;  // MS-SMB2 2.2.3.1.2
};

constexpr Cipher kCiphers[] = {
    {"AES-128-CCM", 0x0001}, {"AES-128-GCM", 0x0002}, {"AES-256-CCM", 0x0003}, {"AES-256-GCM", 0x0004}};

bool same(std::string_view a, const char* b) {
  return a.size() == strlen(b) && strncasecmp(a.data(), b, a.size()) == 0;
}

}  // namespace

std::optional<EncryptPolicy> parse_encrypt_policy(std::string_view text) {
  for (const Spelling& s : kSpellings)
    if (same(text, s.name)) return s.policy;
  return std::nullopt;
}

const char* encrypt_policy_name(EncryptPolicy policy) {
  switch (policy) {
    case EncryptPolicy::Off: return "off";
    case EncryptPolicy::IfRequired: return "if_required";
    case EncryptPolicy::Desired: return "desired";
    case EncryptPolicy::Required: return "required";
  }
  return "?";
}

EncryptPolicy effective_share_policy(EncryptPolicy server, EncryptPolicy share) {
  if (server == EncryptPolicy::Off) return EncryptPolicy::Off;
  return std::max(server, share);
}

std::optional<std::vector<uint16_t>> parse_cipher_list(std::string_view text) {
  std::vector<uint16_t> ids;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of(" ,\t", at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view name = text.substr(at, end - at);
    at = end + 1;
    if (name.empty()) continue;
    auto cipher = std::find_if(std::begin(kCiphers), std::end(kCiphers),
                               [&](const Cipher& c) { return same(name, c.name); });
    if (cipher == std::end(kCiphers) ||
        std::find(ids.begin(), ids.end(), cipher->id) != ids.end())
      return std::nullopt;
    ids.push_back(cipher->id);
  }
  if (ids.empty()) return std::nullopt;
  return ids;
}

}  // namespace smbkit::server
