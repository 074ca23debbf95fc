// The embeddable smbkit server: serves directories over SMB 2.0.2-3.1.1 and SMB1 (NT LM 0.12) on
// direct TCP and the NetBIOS session service.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smbkit/status.h"

namespace smbkit {

struct ShareConfig {
  std::string name;  // as clients name it in \\server\NAME (matched case-insensitively)
  std::string path;  // directory served
  // Accounts allowed to connect (matched case-insensitively); empty: every account. In these
  // lists, as in smb.conf, "@group" and "+group" name the members of a Unix group (the Unix
  // account of the same name has it as primary or supplementary group).
  std::vector<std::string> valid_users;
  // Accounts refused even when valid_users names them (smb.conf's "invalid users").
  std::vector<std::string> invalid_users{};
  // Whether clients may change the share (smb.conf's "read only", whose Samba default is yes;
  // here no, as shares named on the command line have always been writable). "read list" makes
  // the share read-only for the users it names, "write list" writable (and wins over both).
  bool read_only = false;
  std::vector<std::string> read_list{};
  std::vector<std::string> write_list{};
  // Client addresses that may connect to the share (smb.conf's "hosts allow" / "hosts deny":
  // addresses, "10.1.2." prefixes, ADDRESS/LENGTH, ADDRESS/MASK, ALL, EXCEPT); refused at tree
  // connect with STATUS_ACCESS_DENIED. Both empty: every address.
  std::vector<std::string> hosts_allow{};
  std::vector<std::string> hosts_deny{};
  // SMB3 encryption on this share, as smb.conf's per-share "smb encrypt": off, if_required,
  // desired or required; empty: as the server's. The stricter of the two applies.
  std::string smb_encrypt{};
  // What share lists (srvsvc NetrShareEnum, `smbclient -L`) show: the share's comment (smb.conf's
  // "comment"), and whether it is listed at all ("browseable"; a share left out is still found
  // by name).
  std::string comment{};
  bool browseable = true;
  // Whether guest sessions (ServerConfig::guest) may connect (smb.conf's "guest ok", whose
  // default is no; here yes, as --guest has always opened every share).
  bool guest_ok = true;
  // Unix modes of what clients create, as smb.conf's: a new file's mode is ANDed with
  // create_mask and ORed with force_create_mode, a new directory's with directory_mask and
  // force_directory_mode. The defaults leave the process umask in charge, as before; smb.conf's
  // defaults are 0744 and 0755 (and Samba sets no umask).
  uint32_t create_mask = 07777;
  uint32_t directory_mask = 07777;
  uint32_t force_create_mode = 0;
  uint32_t force_directory_mode = 0;
  // With ServerConfig::unix_accounts: the Unix account (and group) every user of the share acts
  // as, instead of their own (smb.conf's "force user" / "force group").
  std::string force_user{};
  std::string force_group{};
  // Names neither listed nor opened (smb.conf's "veto files": each entry a name pattern with *
  // and ?, matched case-insensitively against every component of a path).
  std::vector<std::string> veto_files{};
  // Whether names starting with a dot carry the HIDDEN attribute (smb.conf's "hide dot files",
  // whose default is yes).
  bool hide_dot_files = false;
};

struct UserConfig {
  std::string name;
  std::string password;
};

// What one client may take of the server. A connection that breaks a limit is closed (or, for
// open files, refused with STATUS_TOO_MANY_OPENED_FILES); the others are served meanwhile.
struct ServerLimits {
  // Connections served at once; further ones are closed as soon as they are accepted.
  uint32_t max_connections = 10000;
  // Largest message (after the 4-byte frame header) accepted from a logged-on client. The
  // default is the most a direct-TCP header can state, so that large WRITE_ANDX requests fit.
  // Before logon a frame may not exceed the MaxBufferSize smbkit negotiates (65535). Buffers
  // grow with the bytes that arrive, never with the length a header announces.
  uint32_t max_pdu_size = 0xFFFFFF;
  // Seconds a connection has to complete a logon (SESSION_SETUP success), counted from accept,
  // NetBIOS session request and partial frames included; 0 = no limit.
  uint32_t logon_timeout_seconds = 60;
  // Requests of one connection read but not yet answered; announced to SMB1 clients as
  // MaxMpxCount (so at most 65535). When that many are pending the server stops reading the
  // connection, and TCP flow control holds the client back.
  uint32_t max_outstanding_requests = 50;
  uint32_t max_open_files_per_session = 16384;
  // Seconds a connection with no open file and no request in progress may stay silent before it
  // is closed (smb.conf's "deadtime", in minutes there); 0 = no limit.
  uint32_t idle_timeout_seconds = 0;
};

struct ServerConfig {
  std::vector<ShareConfig> shares;
  std::vector<UserConfig> users;
  std::string users_file;  // Samba smbpasswd format; empty for none
  // Samba's passdb.tdb (smb.conf's "passdb backend = tdbsam:FILE"), whose users log on as they
  // do with smbd; empty for none.
  std::string tdbsam_file;
  // smb.conf's "username map" file: the name a client logs on with is mapped through it before
  // its password is checked and its Unix account looked up; empty for none.
  std::string username_map;
  // Addresses to listen on; empty: every address, IPv6 and IPv4 alike (IPv4 only where the host
  // has no IPv6).
  std::vector<std::string> listen_addresses;
  uint16_t port = 445;          // direct TCP
  uint16_t netbios_port = 139;  // NetBIOS session service; 0 = off
  // The dialects served, by smb.conf's names: NT1 (SMB1), SMB2_02, SMB2_10, SMB3_00, SMB3_02,
  // SMB3_11 (SMB2 and SMB3 for the highest of each). SMB1 stays on by default for legacy
  // devices; min_protocol = "SMB2_02" turns it off, as Samba's default does.
  std::string min_protocol = "NT1";
  std::string max_protocol = "SMB3_11";
  // SMB2/3 signing: "auto" signs what the client asks to have signed; "mandatory" requires every
  // session to sign (SMB2_NEGOTIATE_SIGNING_REQUIRED), as smb.conf's "server signing".
  std::string server_signing = "auto";
  // SMB3 encryption, as smb.conf's "server smb encrypt": off (not offered), if_required
  // (offered; clients that encrypt are answered encrypted), desired (turned on for every client
  // that can), required (clients that cannot, and plaintext requests, are refused).
  std::string smb_encrypt = "if_required";
  // The ciphers offered to 3.1.1 clients, most preferred first (smb.conf's "server smb3
  // encryption algorithms"); 3.0 and 3.0.2 encrypt with AES-128-CCM.
  std::string smb3_encryption_algorithms = "AES-128-GCM AES-128-CCM AES-256-GCM AES-256-CCM";
  bool guest = false;          // allow anonymous / guest logons
  // With guest: a logon with a name no account has becomes a guest logon (smb.conf's "map to
  // guest = bad user"); a wrong password for an account that exists still fails.
  bool map_unknown_users_to_guest = false;
  // Each logged-on user does its file work as the Unix account of the same name (after
  // username_map): with its uid, gid and groups, so that what it creates is owned by it and the
  // kernel checks its permissions. Needs the server started as root, which then keeps no
  // capability but those needed for that switch and the ports; a user with no Unix account is
  // refused logon, as smbd refuses one. Guests act as guest_account. Off: everyone acts as the
  // account the server runs as.
  bool unix_accounts = false;
  std::string guest_account = "nobody";
  bool allow_ntlmv1 = false;   // accept NTLMv1 (and LM) responses
  std::string server_name = "SMBKIT";  // NetBIOS name
  std::string domain = "WORKGROUP";
  // The server's comment in share lists and server information (smb.conf's "server string");
  // IPC$ is listed as "IPC Service (<server string>)".
  std::string server_string = "smbkit";
  // Client addresses that may connect at all (as ShareConfig's); a refused client is sent a
  // NetBIOS negative session response and the connection is closed, as smbd does.
  std::vector<std::string> hosts_allow;
  std::vector<std::string> hosts_deny;
  // smb.conf's [homes]: a user connecting to a share named as themselves, when no share has that
  // name, gets this one with "%S", "%U" and "%u" in its path replaced by their name ("%H" by their
  // home directory; an empty path is the home directory), as smbd serves it.
  std::optional<ShareConfig> homes;
  unsigned threads = 0;  // event loops; 0 = one per core
  ServerLimits limits;
};

class Server {
 public:
  // Validates the configuration (shares exist, users parse); binds nothing yet.
  static Result<std::unique_ptr<Server>> create(const ServerConfig& config, std::string* error);
  virtual ~Server() = default;

  // Binds the listening ports; on failure `error` says which and why.
  virtual bool listen(std::string* error) = 0;
  // The ports actually bound (useful when 0 was asked for).
  virtual uint16_t bound_port() const = 0;
  virtual uint16_t bound_netbios_port() const = 0;
  // Serves until stop(); returns after every connection is closed.
  virtual void run() = 0;
  // Takes a new configuration while serving (SIGHUP in the CLI): new shares are served, removed
  // ones refuse new tree connects while the trees already connected keep working, and changed
  // accounts apply from their next logon. Listening addresses, ports, threads and limits stay as
  // started. On failure `error` says why and the old configuration stays.
  virtual bool reload(const ServerConfig& config, std::string* error) = 0;
  // Thread-safe and signal-safe to call through a self-pipe in the CLI; stops accepting and closes
  // every connection (open files are closed cleanly).
  virtual void stop() = 0;
};

}  // namespace smbkit
