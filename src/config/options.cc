#include "config/options.h"

#include <type_traits>

#include "config/values.h"

namespace smbkit::config {

namespace {

// The struct a member pointer belongs to, so one template serves Global and Share members.
template <class C, class F>
C owner_of(F C::*);
template <auto M>
using Owner = decltype(owner_of(M));

// Value kinds: how a raw value becomes a member and how testparm prints it.
struct Text {
  static std::string parse(std::string_view raw, std::string& out) {
    out = raw;
    return {};
  }
  static std::string show(const std::string& v) { return v; }
};
struct Bool {
  static std::string parse(std::string_view raw, bool& out) { return parse_bool_into(raw, out); }
  static std::string show(bool v) { return bool_name(v); }
};
struct Count {
  static std::string parse(std::string_view raw, uint32_t& out) { return parse_count(raw, out); }
  static std::string show(uint32_t v) { return std::to_string(v); }
};
struct Mode {
  static std::string parse(std::string_view raw, uint32_t& out) { return parse_mode(raw, out); }
  static std::string show(uint32_t v) { return mode_name(v); }
};
struct Words {
  static std::string parse(std::string_view raw, std::vector<std::string>& out) {
    out = split_list(raw);
    return {};
  }
  static std::string show(const std::vector<std::string>& v) { return join_list(v); }
};
struct Ports {
  static std::string parse(std::string_view raw, std::vector<uint16_t>& out) {
    return parse_ports(raw, out);
  }
  static std::string show(const std::vector<uint16_t>& v) { return ports_name(v); }
};
struct Principals {
  static std::string parse(std::string_view raw, std::vector<Principal>& out) {
    return parse_principals(raw, out);
  }
  static std::string show(const std::vector<Principal>& v) { return principals_name(v); }
};
struct SlashList {
  static std::string parse(std::string_view raw, std::vector<std::string>& out) {
    out = parse_slash_list(raw);
    return {};
  }
  static std::string show(const std::vector<std::string>& v) { return slash_list_name(v); }
};
struct Ciphers {
  static std::string parse(std::string_view raw, std::vector<std::string>& out) {
    return parse_ciphers(raw, out);
  }
  static std::string show(const std::vector<std::string>& v) { return join_list(v); }
};
template <bool Min>
struct ProtocolKind {
  static std::string parse(std::string_view raw, Protocol& out) {
    return parse_protocol(raw, Min, out);
  }
  static std::string show(Protocol v) { return protocol_name(v); }
};
struct SigningKind {
  static std::string parse(std::string_view raw, Signing& out) { return parse_signing(raw, out); }
  static std::string show(Signing v) { return signing_name(v); }
};
struct EncryptKind {
  static std::string parse(std::string_view raw, Encrypt& out) { return parse_encrypt(raw, out); }
  static std::string show(Encrypt v) { return encrypt_name(v); }
};
struct MapToGuestKind {
  static std::string parse(std::string_view raw, MapToGuest& out) {
    return parse_map_to_guest(raw, out);
  }
  static std::string show(MapToGuest v) { return map_to_guest_name(v); }
};
struct PassdbKind {
  static std::string parse(std::string_view raw, Passdb& out) { return parse_passdb(raw, out); }
  static std::string show(const Passdb& v) { return passdb_name(v); }
};

template <class Kind, auto M>
std::string set(Owner<M>& target, std::string_view raw) {
  return Kind::parse(raw, target.*M);
}
template <class Kind, auto M>
std::string get(const Owner<M>& target) {
  return Kind::show(target.*M);
}

template <class Kind, auto M>
constexpr OptionDef option(std::string_view name) {
  OptionDef def;
  def.name = name;
  if constexpr (std::is_same_v<Owner<M>, Global>) {
    def.scope = Scope::Global;
    def.set_global = &set<Kind, M>;
    def.get_global = &get<Kind, M>;
  } else {
    def.scope = Scope::Share;
    def.set_share = &set<Kind, M>;
    def.get_share = &get<Kind, M>;
  }
  return def;
}

const OptionDef kOptions[] = {
    // [global] only (smb.conf(5) "(G)")
    option<Text, &Global::netbios_name>("netbios name"),
    option<Text, &Global::workgroup>("workgroup"),
    option<Text, &Global::server_string>("server string"),
    option<Words, &Global::interfaces>("interfaces"),
    option<Bool, &Global::bind_interfaces_only>("bind interfaces only"),
    option<Ports, &Global::smb_ports>("smb ports"),
    option<Bool, &Global::disable_netbios>("disable netbios"),
    option<ProtocolKind<true>, &Global::server_min_protocol>("server min protocol"),
    option<ProtocolKind<false>, &Global::server_max_protocol>("server max protocol"),
    option<SigningKind, &Global::server_signing>("server signing"),
    option<MapToGuestKind, &Global::map_to_guest>("map to guest"),
    option<Text, &Global::guest_account>("guest account"),
    option<PassdbKind, &Global::passdb_backend>("passdb backend"),
    // smb.conf(5) lists "max connections" per share; smbkit limits the whole server.
    option<Count, &Global::max_connections>("max connections"),
    option<Count, &Global::deadtime>("deadtime"),
    option<Text, &Global::log_level>("log level"),
    option<Text, &Global::log_file>("log file"),
    option<Text, &Global::username_map>("username map"),
    option<Ciphers, &Global::smb3_encryption_algorithms>("server smb3 encryption algorithms"),
    // per share; in [global] they are every share's default (smb.conf(5) "(S)")
    option<Text, &Share::path>("path"),
    option<Text, &Share::comment>("comment"),
    option<Bool, &Share::available>("available"),
    option<Bool, &Share::browseable>("browseable"),
    option<Bool, &Share::read_only>("read only"),
    option<Bool, &Share::guest_ok>("guest ok"),
    option<Principals, &Share::valid_users>("valid users"),
    option<Principals, &Share::invalid_users>("invalid users"),
    option<Principals, &Share::read_list>("read list"),
    option<Principals, &Share::write_list>("write list"),
    option<Words, &Share::hosts_allow>("hosts allow"),
    option<Words, &Share::hosts_deny>("hosts deny"),
    option<Mode, &Share::create_mask>("create mask"),
    option<Mode, &Share::directory_mask>("directory mask"),
    option<Mode, &Share::force_create_mode>("force create mode"),
    option<Mode, &Share::force_directory_mode>("force directory mode"),
    option<Text, &Share::force_user>("force user"),
    option<Text, &Share::force_group>("force group"),
    option<SlashList, &Share::veto_files>("veto files"),
    option<Bool, &Share::hide_dot_files>("hide dot files"),
    option<EncryptKind, &Share::smb_encrypt>("server smb encrypt"),
    option<Bool, &Share::printable>("printable"),
};

// Samba's synonyms (smb.conf(5) "Synonyms"), by normalized name.
struct Synonym {
  std::string_view name;
  std::string_view canonical;
  bool inverted = false;
};
const Synonym kSynonyms[] = {
    {"writeable", "read only", true},
    {"writable", "read only", true},
    {"write ok", "read only", true},
    {"browsable", "browseable"},
    {"public", "guest ok"},
    {"allow hosts", "hosts allow"},
    {"deny hosts", "hosts deny"},
    {"create mode", "create mask"},
    {"directory mode", "directory mask"},
    {"min protocol", "server min protocol"},
    {"protocol", "server max protocol"},
    {"max protocol", "server max protocol"},
    {"smb encrypt", "server smb encrypt"},
    {"directory", "path"},
    {"group", "force group"},
    {"print ok", "printable"},
    {"debuglevel", "log level"},
};

}  // namespace

std::span<const OptionDef> all_options() { return kOptions; }

const OptionDef* find_option(std::string_view canonical) {
  for (const auto& def : kOptions)
    if (def.name == canonical) return &def;
  return nullptr;
}

Lookup lookup_option(std::string_view name) {
  std::string key = normalize_name(name);
  if (key == "include") return {Lookup::Kind::Include};
  // Accepted and ignored: smbkit keeps only NT hashes anyway, and client options are for the
  // client side of Samba's tools.
  if (key == "encryptpasswords" || key.starts_with("client")) return {Lookup::Kind::Ignored};
  for (const auto& def : kOptions)
    if (normalize_name(def.name) == key) return {Lookup::Kind::Option, &def};
  for (const auto& syn : kSynonyms)
    if (normalize_name(syn.name) == key)
      return {Lookup::Kind::Option, find_option(syn.canonical), syn.inverted};
  return {};
}

}  // namespace smbkit::config
