// smb.conf's "hosts allow" / "hosts deny" (smb.conf(5)): whether a client address may connect,
// checked for the server at accept and for a share at tree connect, as smbd checks them.
#pragma once

#include <string>
#include <vector>

#include <asio/ip/address.hpp>

namespace smbkit::server {

// Whether `client` may connect under the two lists, by smbd's rules: with neither list every
// client may; with one, those it allows (or does not deny); with both, a client in "hosts allow"
// may, else one in "hosts deny" may not, else it may. 127.0.0.1 and ::1 may unless "hosts deny"
// names them and "hosts allow" does not.
//
// An entry is ALL, an address, a network as a prefix ("192.168.1."), "ADDRESS/LENGTH" or
// "ADDRESS/MASK"; "A EXCEPT B" matches what A matches unless B does. Other entries (host and
// domain names, @netgroups, LOCAL) match nothing (host_entries_skipped names them).
bool host_allowed(const std::vector<std::string>& allow, const std::vector<std::string>& deny,
                  const asio::ip::address& client);

// The entries of `list` that host_allowed skips, for a notice at startup.
std::vector<std::string> host_entries_skipped(const std::vector<std::string>& list);

}  // namespace smbkit::server
