#include "config/dump.h"

#include "config/options.h"

namespace smbkit::config {

namespace {

void line(std::string& out, std::string_view name, const std::string& value) {
  out += "\t";
  out += name;
  out += " = ";
  out += value;
  out += "\n";
}

void dump_share(std::string& out, const Share& share, bool verbose, bool own_only) {
  for (const auto& def : all_options()) {
    if (def.scope != Scope::Share) continue;
    auto origin = share.origins.find(def.name);
    bool set = origin != share.origins.end() && !(own_only && origin->second.from_global);
    if (verbose || set) line(out, def.name, def.get_share(share));
  }
}

}  // namespace

std::string dump_config(const Config& config, bool verbose) {
  std::string out = "# Global parameters\n[global]\n";
  const Global& global = config.global;
  for (const auto& def : all_options())
    if (def.scope == Scope::Global && (verbose || global.is_set(def.name)))
      line(out, def.name, def.get_global(global));
  dump_share(out, global.defaults, verbose, false);
  auto section = [&](const Share& share) {
    out += "\n[" + share.name + "]\n";
    dump_share(out, share, verbose, true);
  };
  if (config.homes) section(*config.homes);
  if (config.printers) section(*config.printers);
  for (const auto& share : config.shares) section(share);
  return out;
}

}  // namespace smbkit::config
