#include "config/smb_conf.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "config/lines.h"
#include "config/options.h"
#include "config/values.h"

namespace smbkit::config {

namespace {

namespace fs = std::filesystem;

constexpr uintmax_t kMaxFileSize = 16 * 1024 * 1024;

struct Assignment {
  const OptionDef* def;
  std::string value;
  Location where;
};

// A section's assignments are kept in order and applied once the whole file is read, so that
// every share can start from all of [global] (smb.conf(5) "THE GLOBAL SECTION").
struct Section {
  enum class Kind { Global, Share, Homes, Printers } kind = Kind::Share;
  std::string name;
  Location header;
  std::vector<Assignment> assignments;
};

class Parser {
 public:
  explicit Parser(const FileReader& reader) : reader_(reader) {}

  tl::expected<void, std::string> read(std::string_view text, const std::string& file,
                                       const std::string& id, int depth);
  tl::expected<Config, std::string> finish();

 private:
  void start_section(const std::string& name, const Location& where);
  tl::expected<void, std::string> parameter(const Line& line, const Location& where, int depth);
  tl::expected<void, std::string> include(const std::string& value, const Location& where,
                                          int depth);

  const FileReader& reader_;
  Section global_{Section::Kind::Global, "global", {}, {}};
  std::deque<Section> shares_;  // [homes] and [printers] too, in file order (stable addresses)
  Section* current_ = &global_;
  std::vector<std::string> reading_;  // identities of the files being read, outermost first
  int included_ = 0;
  std::set<std::string> unknown_;
  std::vector<std::string> warnings_;
  Global scratch_global_;  // values are checked against these as they are read
  Share scratch_share_;
};

tl::unexpected<std::string> error_at(const Location& where, const std::string& message) {
  return tl::unexpected(where.str() + ": " + message);
}

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

tl::expected<void, std::string> Parser::read(std::string_view text, const std::string& file,
                                             const std::string& id, int depth) {
  reading_.push_back(id);
  LineReader lines(text);
  for (;;) {
    auto next = lines.next();
    if (!next) return error_at(Location{file, next.error().number}, next.error().message);
    if (!*next) break;
    const Line& line = **next;
    Location where{file, line.number};
    if (line.kind == Line::Kind::Section) {
      start_section(line.name, where);
    } else if (auto done = parameter(line, where, depth); !done) {
      return done;
    }
  }
  reading_.pop_back();
  return {};
}

void Parser::start_section(const std::string& name, const Location& where) {
  if (same_word(name, "global") || same_word(name, "globals")) {
    current_ = &global_;
    return;
  }
  // A section named again continues the first one, as in Samba.
  for (auto& section : shares_) {
    if (same_word(section.name, name)) {
      current_ = &section;
      return;
    }
  }
  Section section;
  section.name = name;
  section.header = where;
  if (same_word(name, "homes")) section.kind = Section::Kind::Homes;
  if (same_word(name, "printers")) section.kind = Section::Kind::Printers;
  shares_.push_back(std::move(section));
  current_ = &shares_.back();
}

tl::expected<void, std::string> Parser::parameter(const Line& line, const Location& where,
                                                  int depth) {
  Lookup found = lookup_option(line.name);
  switch (found.kind) {
    case Lookup::Kind::Include: return include(line.value, where, depth);
    case Lookup::Kind::Ignored: return {};
    case Lookup::Kind::Unknown:
      if (unknown_.insert(normalize_name(line.name)).second)
        warnings_.push_back(where.str() + ": unknown parameter " + quote_text(line.name) +
                            ", ignored");
      return {};
    case Lookup::Kind::Option: break;
  }
  const OptionDef* def = found.option;
  if (def->scope == Scope::Global && current_ != &global_) {
    warnings_.push_back(where.str() + ": global parameter " + quote_text(line.name) +
                        " in section [" + current_->name + "], ignored");
    return {};
  }
  std::string value = line.value;
  if (found.inverted) {  // "writeable = yes" is "read only = no"
    auto flag = parse_bool(value);
    if (!flag)
      return error_at(where, "bad value for " + quote_text(line.name) + ": " + quote_text(value) +
                                 " is not a boolean (yes, no, true, false, 1, 0, on, off)");
    value = bool_name(!*flag);
  }
  std::string why = def->scope == Scope::Global ? def->set_global(scratch_global_, value)
                                                : def->set_share(scratch_share_, value);
  if (!why.empty()) return error_at(where, "bad value for " + quote_text(line.name) + ": " + why);
  current_->assignments.push_back({def, std::move(value), where});
  return {};
}

tl::expected<void, std::string> Parser::include(const std::string& value, const Location& where,
                                                int depth) {
  if (value.empty()) return error_at(where, "include names no file");
  if (value.find('%') != std::string::npos) {
    warnings_.push_back(where.str() + ": include " + quote_text(value) +
                        " uses %-substitutions, which are not expanded; skipped");
    return {};
  }
  // Relative to the including file's directory.
  fs::path path(value);
  if (path.is_relative()) path = fs::path(where.file).parent_path() / path;
  std::string name = path.lexically_normal().string();
  if (depth + 1 > kMaxIncludeDepth)
    return error_at(where, "include " + quote_text(name) + ": includes nested deeper than " +
                               std::to_string(kMaxIncludeDepth));
  if (++included_ > kMaxIncludedFiles)
    return error_at(where, "include " + quote_text(name) + ": more than " +
                               std::to_string(kMaxIncludedFiles) + " included files");
  std::optional<SourceText> source;
  if (reader_) {
    auto got = reader_(name);
    if (!got) return error_at(where, "include " + quote_text(name) + ": " + got.error());
    source = std::move(*got);
  }
  if (!source) {  // Samba skips an include that does not exist
    warnings_.push_back(where.str() + ": include file " + quote_text(name) + " not found, skipped");
    return {};
  }
  if (std::find(reading_.begin(), reading_.end(), source->id) != reading_.end())
    return error_at(where, "include loop: " + quote_text(name) + " is already being read");
  return read(source->text, name, source->id, depth + 1);
}

// Applies a section's assignments; they were checked when read, so none fails here.
tl::expected<void, std::string> apply(const Section& section, Global* global, Share& share,
                                      bool from_global) {
  for (const auto& a : section.assignments) {
    std::string why;
    if (a.def->scope == Scope::Global) {
      why = a.def->set_global(*global, a.value);
      global->origins[std::string(a.def->name)] = a.where;
    } else {
      why = a.def->set_share(share, a.value);
      share.origins[std::string(a.def->name)] = Origin{a.where, from_global};
    }
    if (!why.empty())
      return error_at(a.where, "bad value for " + quote_text(a.def->name) + ": " + why);
  }
  return {};
}

tl::expected<Config, std::string> Parser::finish() {
  Config config;
  config.warnings = std::move(warnings_);
  Global& global = config.global;
  global.defaults.name = "global";
  global.defaults.section = global_.header;
  if (auto done = apply(global_, &global, global.defaults, true); !done)
    return tl::unexpected(done.error());
  if (global.server_min_protocol > global.server_max_protocol) {
    auto at = global.origins.find("server min protocol");
    if (at == global.origins.end()) at = global.origins.find("server max protocol");
    return error_at(at->second, "server min protocol " + protocol_name(global.server_min_protocol) +
                                    " is above server max protocol " +
                                    protocol_name(global.server_max_protocol));
  }
  for (const auto& section : shares_) {
    Share share = global.defaults;
    share.name = section.name;
    share.section = section.header;
    if (auto done = apply(section, nullptr, share, false); !done)
      return tl::unexpected(done.error());
    if (section.kind == Section::Kind::Homes) {
      config.homes = std::move(share);
    } else if (section.kind == Section::Kind::Printers) {
      config.printers = std::move(share);
    } else if (share.printable) {
      config.warnings.push_back(share.origins["printable"].where.str() + ": printable share [" +
                                share.name + "] is not supported, skipped");
    } else {
      config.shares.push_back(std::move(share));
    }
  }
  return config;
}

}  // namespace

const Share* Config::find_share(std::string_view name) const {
  for (const auto& share : shares)
    if (same_word(share.name, name)) return &share;
  return nullptr;
}

FileReader filesystem_reader() {
  return [](const std::string& path) -> tl::expected<std::optional<SourceText>, std::string> {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return std::nullopt;
    if (ec) return tl::unexpected(ec.message());
    if (status.type() != fs::file_type::regular)
      return tl::unexpected(std::string("not a regular file"));
    if (fs::file_size(path, ec) > kMaxFileSize)
      return tl::unexpected(std::string("larger than 16 MiB"));
    std::ifstream in(path, std::ios::binary);
    if (!in) return tl::unexpected(std::string("cannot be read"));
    SourceText source;
    source.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return tl::unexpected(std::string("cannot be read"));
    source.id = fs::weakly_canonical(path, ec).string();
    if (ec || source.id.empty()) source.id = fs::path(path).lexically_normal().string();
    return source;
  };
}

tl::expected<Config, std::string> parse_smb_conf(std::string_view text,
                                                 const std::string& file_name,
                                                 const FileReader& reader) {
  Parser parser(reader);
  auto done = parser.read(text, file_name, fs::path(file_name).lexically_normal().string(), 0);
  if (!done) return tl::unexpected(done.error());
  return parser.finish();
}

tl::expected<Config, std::string> load_smb_conf(const std::string& path, const FileReader& reader) {
  auto got = reader(path);
  if (!got) return tl::unexpected(path + ": " + got.error());
  if (!*got) return tl::unexpected(path + ": no such file");
  Parser parser(reader);
  auto done = parser.read((*got)->text, path, (*got)->id, 0);
  if (!done) return tl::unexpected(done.error());
  return parser.finish();
}

}  // namespace smbkit::config
