#include "smb1/nt_transact_notify.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
Result<NotifyChangeSetup> NotifyChangeSetup::decode(const std::vector<uint16_t>& setup) {
  if (setup.size() != kNotifyChangeSetupWords) return fail(kBadRequest);
  NotifyChangeSetup s;
  s.completion_filter = setup[0] | (uint32_t{setup[1]} << 16);
  s.fid = setup[2];
  s.watch_tree = (setup[3] & 0xFF) != 0;  // the high byte is Reserved
  return s;
}

std::vector<uint16_t> NotifyChangeSetup::encode() const {
  return {static_cast<uint16_t>(completion_filter), static_cast<uint16_t>(completion_filter >> 16),
          fid, static_cast<uint16_t>(watch_tree ? 1 : 0)};
}

NtTransactRequest make_notify_change_request(const NotifyChangeSetup& setup,
                                             uint32_t max_parameter_count) {
  return NtTransactRequest::make(NtTransactFunction::NotifyChange, setup.encode(), {}, {},
                                 max_parameter_count, 0);
}

}  // namespace smbkit::smb1
