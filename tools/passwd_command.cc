// `smbkit passwd`: adds, changes or deletes an account in a Samba smbpasswd file, as Samba's
// `smbpasswd` does for `passdb backend = smbpasswd`: the password kept only as its NT hash, the
// account tied to the Unix account of the same name (its uid), the other lines left as they
// were, the file replaced atomically with mode 0600.
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "auth/user_db.h"
#include "crypto/secure.h"
#include "tools/commands.h"

namespace smbkit::tools {
namespace {

struct PasswdOptions {
  std::string user;
  std::string file = "/var/lib/samba/private/smbpasswd";  // Samba's default
  bool add = false;
  bool remove = false;
  bool from_stdin = false;
};

int error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return kExitFailed;
}

// One line from stdin, or from the terminal with echo off after `prompt`.
bool read_secret(bool from_stdin, const char* prompt, std::string& out) {
  bool tty = !from_stdin && isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  bool got = static_cast<bool>(std::getline(std::cin, out));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return got;
}

void wipe(std::string& s) {
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(s.data()), s.size()});
  s.clear();
}

// Writes `lines` to `path` through a temporary file in the same directory, mode 0600.
bool replace_file(const std::string& path, const std::vector<std::string>& lines,
                  std::string& why) {
  std::string temp = path + ".smbkit-new";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    why = "cannot write " + temp + ": " + std::strerror(errno);
    return false;
  }
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(text.data()), text.size()});
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    why = "cannot replace " + path + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

int run_passwd(const PasswdOptions& o) {
  if (o.add && o.remove) return error("-a and -x exclude each other");
  if (o.user.empty() || o.user.find_first_of(":\n\r") != std::string::npos)
    return error("not a user name: '" + o.user + "'");

  std::vector<std::string> lines;
  if (std::ifstream in(o.file); in) {
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  } else if (!o.add) {
    return error("cannot read " + o.file);
  }
  // The user's line, matched case-insensitively as logons match names.
  auto same = [&](const std::string& line) {
    auto name = auth::UserDb::smbpasswd_line_name(line);
    if (!name || name->size() != o.user.size()) return false;
    for (size_t i = 0; i < name->size(); ++i)
      if (std::toupper(static_cast<unsigned char>((*name)[i])) !=
          std::toupper(static_cast<unsigned char>(o.user[i])))
        return false;
    return true;
  };
  auto found = std::find_if(lines.begin(), lines.end(), same);

  if (o.remove) {
    if (found == lines.end()) return error("no account " + o.user + " in " + o.file);
    lines.erase(found);
    std::string why;
    if (!replace_file(o.file, lines, why)) return error(why);
    std::cout << "Deleted user " << o.user << ".\n";
    return kExitOk;
  }
  if (found == lines.end() && !o.add)
    return error("no account " + o.user + " in " + o.file + " (-a adds it)");
  // As Samba: an SMB account stands for the Unix account of the same name.
  const passwd* unix_account = getpwnam(o.user.c_str());
  if (!unix_account) return error("no Unix account " + o.user + ": add it first (useradd)");

  std::string password, again;
  if (!read_secret(o.from_stdin, "New SMB password:", password))
    return error("no password given");
  bool second = read_secret(o.from_stdin, "Retype new SMB password:", again);
  if (second && again != password) {
    wipe(password);
    wipe(again);
    return error("the passwords do not match");
  }
  wipe(again);
  auth::NtHash hash = auth::nt_hash(password);
  wipe(password);
  std::string line = auth::UserDb::smbpasswd_line(o.user, unix_account->pw_uid, hash,
                                                  static_cast<uint32_t>(std::time(nullptr)));
  crypto::secure_wipe(hash);
  bool added = found == lines.end();
  if (added)
    lines.push_back(line);
  else
    *found = line;
  std::string why;
  bool written = replace_file(o.file, lines, why);
  for (auto& l : lines) wipe(l);
  if (!written) return error(why);
  std::cout << (added ? "Added user " : "Changed the password of ") << o.user << ".\n";
  return kExitOk;
}

}  // namespace

void add_passwd_command(CLI::App& app, CommandRunner& run) {
  auto o = std::make_shared<PasswdOptions>();
  CLI::App* cmd = app.add_subcommand(
      "passwd", "add, change or delete an account in a Samba smbpasswd file");
  cmd->add_option("USER", o->user, "the account (a Unix account of that name must exist)")
      ->required();
  cmd->add_flag("-a,--add", o->add, "add the account (or change it if it is there)");
  cmd->add_flag("-x,--delete", o->remove, "delete the account");
  cmd->add_flag("-s,--stdin", o->from_stdin,
                "read the password from standard input (a line, optionally a second to confirm)");
  cmd->add_option("--users-file", o->file, "the smbpasswd file")->capture_default_str();
  cmd->callback([&run, o] { run = [o] { return run_passwd(*o); }; });
}

}  // namespace smbkit::tools
