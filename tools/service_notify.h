// What `smbkit serve` tells the service manager when systemd starts it as a Type=notify service
// (packaging/smbkit.service): ready once its ports listen, stopping once a signal came. Outside
// systemd (no NOTIFY_SOCKET) each call does nothing.
#pragma once

#include <string>

namespace smbkit::tools {

// READY=1 with a status line (`systemctl status` shows it).
void notify_ready(const std::string& status);
// RELOADING=1: a SIGHUP is being taken; notify_ready follows.
void notify_reloading();
// STOPPING=1.
void notify_stopping();

}  // namespace smbkit::tools
