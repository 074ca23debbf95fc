#include "server/park.h"

namespace smbkit::server {

void Wake::then(std::function<void()> resume) {
  std::unique_lock lock(mu_);
  if (!done_) {
    resume_ = std::move(resume);
    return;
  }
  lock.unlock();
  resume();
}

void Wake::complete() {
  std::unique_lock lock(mu_);
  if (done_) return;
  done_ = true;
  auto resume = std::move(resume_);
  lock.unlock();
  if (resume) resume();
}

}  // namespace smbkit::server
