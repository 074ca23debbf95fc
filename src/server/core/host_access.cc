#include "server/core/host_access.h"

#include <strings.h>

#include <optional>

namespace smbkit::server {
namespace {

using asio::ip::address;

// An IPv4 client reached over an IPv6 socket is matched as IPv4.
address plain(const address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

std::optional<address> parse(const std::string& text) {
  asio::error_code ec;
  address a = asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  return plain(a);
}

// The first `bits` bits of two addresses of the same family are equal.
bool same_prefix(const address& a, const address& b, unsigned bits) {
  if (a.is_v4() != b.is_v4()) return false;
  auto bytes = [](const address& x) {
    std::vector<uint8_t> out;
    if (x.is_v4()) {
      auto v = x.to_v4().to_bytes();
      out.assign(v.begin(), v.end());
    } else {
      auto v = x.to_v6().to_bytes();
      out.assign(v.begin(), v.end());
    }
    return out;
  };
  auto x = bytes(a), y = bytes(b);
  if (bits > x.size() * 8) return false;
  for (unsigned i = 0; i < bits; ++i) {
    uint8_t bit = 0x80 >> (i % 8);
    if ((x[i / 8] & bit) != (y[i / 8] & bit)) return false;
  }
  return true;
}

// The prefix length a dotted IPv4 mask stands for; nullopt if its ones are not contiguous.
std::optional<unsigned> mask_length(const asio::ip::address_v4& mask) {
  uint32_t m = mask.to_uint();
  unsigned n = 0;
  while (n < 32 && (m & (0x80000000u >> n))) ++n;
  if (n < 32 && (m << n) != 0) return std::nullopt;
  return n;
}

// Whether one entry matches; nullopt for an entry smbkit cannot match (a name).
std::optional<bool> entry_matches(const std::string& entry, const address& client) {
  if (strcasecmp(entry.c_str(), "ALL") == 0) return true;
  if (auto slash = entry.find('/'); slash != std::string::npos) {
    auto net = parse(entry.substr(0, slash));
    std::string rest = entry.substr(slash + 1);
    if (!net) return std::nullopt;
    std::optional<unsigned> bits;
    if (rest.find('.') != std::string::npos) {
      if (auto mask = parse(rest); mask && mask->is_v4()) bits = mask_length(mask->to_v4());
    } else if (!rest.empty() && rest.find_first_not_of("0123456789") == std::string::npos &&
               rest.size() <= 3) {
      bits = static_cast<unsigned>(std::stoul(rest));
    }
    if (!bits) return std::nullopt;
    return same_prefix(*net, client, *bits);
  }
  // "192.168.1." : every address beginning so.
  if (!entry.empty() && entry.back() == '.' &&
      entry.find_first_not_of("0123456789.") == std::string::npos)
    return client.is_v4() && client.to_string().rfind(entry, 0) == 0;
  if (auto a = parse(entry)) return *a == client;
  return std::nullopt;
}

// A list with EXCEPT: the entries before the first EXCEPT, less what the rest matches.
bool list_matches(const std::vector<std::string>& list, size_t from, const address& client) {
  for (size_t i = from; i < list.size(); ++i) {
    if (strcasecmp(list[i].c_str(), "EXCEPT") == 0) return false;
    if (entry_matches(list[i], client).value_or(false)) {
      for (size_t j = i + 1; j < list.size(); ++j)
        if (strcasecmp(list[j].c_str(), "EXCEPT") == 0) return !list_matches(list, j + 1, client);
      return true;
    }
  }
  return false;
}

}  // namespace

bool host_allowed(const std::vector<std::string>& allow, const std::vector<std::string>& deny,
                  const asio::ip::address& client_address) {
  address client = plain(client_address);
  bool allowed = !allow.empty() && list_matches(allow, 0, client);
  bool denied = !deny.empty() && list_matches(deny, 0, client);
  if (client.is_loopback() && (client.is_v6() || client.to_v4().to_uint() == 0x7F000001))
    return !denied || allowed;
  if (allow.empty()) return !denied;
  if (deny.empty()) return allowed;
  return allowed || !denied;
}

std::vector<std::string> host_entries_skipped(const std::vector<std::string>& list) {
  std::vector<std::string> out;
  const address any = asio::ip::make_address("0.0.0.0");
  for (const auto& entry : list)
    if (strcasecmp(entry.c_str(), "EXCEPT") != 0 && !entry_matches(entry, any))
      out.push_back(entry);
  return out;
}

}  // namespace smbkit::server
