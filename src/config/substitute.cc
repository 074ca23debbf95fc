#include "config/substitute.h"

#include <ctime>

namespace smbkit::config {

namespace {

std::string now() {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y/%m/%d %H:%M:%S", &local);
  return text;
}

// The value of %c, or nullptr for a letter that is no variable.
const std::string* variable(char c, const SubstitutionContext& ctx) {
  switch (c) {
    case 'U': return &ctx.session_user;
    case 'u': return &ctx.unix_user;
    case 'G':
    case 'g': return &ctx.primary_group;
    case 'H': return &ctx.home_directory;
    case 'S': return &ctx.share_name;
    case 'P': return &ctx.share_path;
    case 'h': return &ctx.dns_host_name;
    case 'L': return &ctx.netbios_name;
    case 'm': return &ctx.client_netbios_name;
    case 'I': return &ctx.client_ip;
    case 'T': return &ctx.date_time;
    case 'D': return &ctx.workgroup;
    default: return nullptr;
  }
}

}  // namespace

std::string substitute(std::string_view value, const SubstitutionContext& context) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%' || i + 1 == value.size()) {
      out += value[i];
      continue;
    }
    char c = value[++i];
    if (c == '%') {
      out += '%';
    } else if (c == 'T' && context.date_time.empty()) {
      out += now();
    } else if (const std::string* v = variable(c, context)) {
      out += *v;
    } else {
      out += '%';
      out += c;
    }
  }
  return out;
}

bool needs_session(std::string_view value) {
  for (size_t i = 0; i + 1 < value.size(); ++i) {
    if (value[i] != '%') continue;
    char c = value[++i];
    if (std::string_view("UuGgHmIT").find(c) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace smbkit::config
