#include "tools/credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace smbkit::tools {
namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

std::variant<client::Credentials, std::string> parse_auth_file(std::string_view text) {
  client::Credentials c;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) return fmt::format("line {}: no '=' in \"{}\"", line_no, line);
    std::string key = trim(std::string_view(line).substr(0, eq));
    std::string value = trim(std::string_view(line).substr(eq + 1));
    if (key == "username") {
      // smbclient takes DOMAIN\user (or DOMAIN/user) here too.
      auto parsed = client::parse_credentials(value);
      c.user = parsed.user;
      if (!parsed.domain.empty()) c.domain = parsed.domain;
    } else if (key == "password") {
      c.password = value;
    } else if (key == "domain") {
      c.domain = value;
    } else {
      return fmt::format("line {}: unknown key \"{}\" (username, password or domain)", line_no,
                         key);
    }
  }
  return c;
}

std::variant<client::Credentials, int> resolve_credentials(const ClientArgs& a,
                                                           const client::Target& target) {
  if (!a.credentials.empty()) {
    auto c = client::parse_credentials(a.credentials);
    if (a.credentials.find('%') == std::string::npos) c.password = env("PASSWD");
    return c;
  }
  if (!target.user.empty()) {
    return client::Credentials{target.domain, target.user, env("PASSWD")};
  }
  if (!a.auth_file.empty()) {
    std::ifstream in(a.auth_file);
    if (!in) return usage_error("-A " + a.auth_file + ": cannot read it");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parse_auth_file(text.str());
    if (auto* why = std::get_if<std::string>(&parsed)) return usage_error("-A " + a.auth_file + ": " + *why);
    return std::get<client::Credentials>(parsed);
  }
  std::string user = env("USER");
  auto c = client::parse_credentials(user);
  if (user.find('%') == std::string::npos) c.password = env("PASSWD");
  if (c.user.empty() || c.password.empty()) return client::Credentials{};  // anonymous
  return c;
}

}  // namespace smbkit::tools
