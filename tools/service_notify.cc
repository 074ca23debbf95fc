#include "tools/service_notify.h"

#include <systemd/sd-daemon.h>

namespace smbkit::tools {

void notify_ready(const std::string& status) {
  std::string message = "READY=1\nSTATUS=" + status;
  // Not under systemd: 0; an error is no reason to stop serving.
  (void)sd_notify(0, message.c_str());
}

void notify_reloading() { (void)sd_notify(0, "RELOADING=1"); }

void notify_stopping() { (void)sd_notify(0, "STOPPING=1"); }

}  // namespace smbkit::tools
