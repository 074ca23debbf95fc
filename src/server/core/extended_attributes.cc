#include "server/core/extended_attributes.h"

#include <algorithm>

#include "fscc/access.h"
#include "vfs/extended_attributes.h"

namespace smbkit::server {
namespace {

// The short-lived open a request by path stands for: no data access, so it neither conflicts
// with share modes nor needs read or write permission to be opened.
Result<std::unique_ptr<vfs::OpenFile>> open_for_eas(vfs::Vfs& fs, const std::string& path) {
  vfs::OpenRequest request;
  request.disposition = vfs::CreateDisposition::Open;
  return fs.open(path, request);
}

// The bytes an entry takes in a FILE_FULL_EA_INFORMATION buffer after `used` bytes of entries:
// the padding that aligns it, then the entry.
size_t entry_cost(size_t used, const fscc::FullEa& ea) {
  return (4 - used % 4) % 4 + fscc::full_ea_entry_size(ea);
}

// As many of `eas` as fit in `room` (at most one with `single`), encoded; how many.
size_t fit(std::span<const fscc::FullEa> eas, uint32_t room, bool single,
           std::vector<uint8_t>& out) {
  size_t used = 0, count = 0;
  for (const fscc::FullEa& ea : eas) {
    if (single && count == 1) break;
    size_t cost = entry_cost(used, ea);
    if (used + cost > room) break;
    used += cost;
    ++count;
  }
  ByteWriter w(out);
  (void)fscc::encode_full_ea_list(w, eas.first(count));  // stored EAs fit their fields
  return count;
}

}  // namespace

Result<std::vector<fscc::FullEa>> query_eas(const OpenState& open) {
  if (!(open.granted_access & kFileReadEa)) return fail(NtStatus::AccessDenied);
  return open.file->extended_attributes();
}

Result<void> set_eas(OpenState& open, std::span<const fscc::FullEa> eas) {
  if (!(open.granted_access & kFileWriteEa)) return fail(NtStatus::AccessDenied);
  return open.file->set_extended_attributes(eas);
}

Result<std::vector<fscc::FullEa>> query_eas_at(vfs::Vfs& fs, const std::string& path) {
  auto file = open_for_eas(fs, path);
  if (!file) return fail(file.error());
  return (*file)->extended_attributes();
}

Result<void> set_eas_at(vfs::Vfs& fs, const std::string& path,
                        std::span<const fscc::FullEa> eas) {
  // A bad name fails before the file is even looked up, as a bad list changes nothing.
  if (auto ok = vfs::check_eas(eas); !ok) return ok;
  auto file = open_for_eas(fs, path);
  if (!file) return fail(file.error());
  return (*file)->set_extended_attributes(eas);
}

std::vector<fscc::FullEa> select_eas(std::span<const fscc::FullEa> all,
                                     std::span<const std::string> names) {
  std::vector<fscc::FullEa> out;
  out.reserve(names.size());
  for (const std::string& name : names) {
    auto it = std::find_if(all.begin(), all.end(), [&](const fscc::FullEa& ea) {
      return vfs::ea_names_equal(ea.name, name);
    });
    if (it != all.end())
      out.push_back(*it);
    else
      out.push_back(fscc::FullEa{0, name, {}});
  }
  return out;
}

Result<FullEaAnswer> query_full_ea_information(OpenState& open, const FullEaQuery& query) {
  auto all = query_eas(open);
  if (!all) return fail(all.error());
  FullEaAnswer answer;
  if (!query.names.empty()) {
    // A list names what to return; the enumeration point is neither used nor moved.
    std::vector<fscc::FullEa> asked = select_eas(*all, query.names);
    size_t count = fit(asked, query.room, query.single_entry, answer.data);
    if (count == 0) {
      answer.status = NtStatus::BufferTooSmall;
      answer.data.clear();
    } else if (count < asked.size()) {
      answer.status = NtStatus::BufferOverflow;
    }
    return answer;
  }
  if (all->empty()) {
    answer.status = NtStatus::NoEasOnFile;
    return answer;
  }
  if (query.restart_scan) open.next_ea = 0;
  if (query.index) {
    // 1-based (MS-SMB2 3.2.4.8); past the last EA there is nothing more.
    if (*query.index == 0) return fail(NtStatus::NonexistentEaEntry);
    open.next_ea = *query.index - 1;
  }
  if (open.next_ea >= all->size()) {
    answer.status = NtStatus::NoMoreEas;
    return answer;
  }
  std::span<const fscc::FullEa> rest = std::span<const fscc::FullEa>(*all).subspan(open.next_ea);
  size_t count = fit(rest, query.room, query.single_entry, answer.data);
  if (count == 0) {
    answer.status = NtStatus::BufferTooSmall;
    answer.data.clear();
    return answer;
  }
  open.next_ea += static_cast<uint32_t>(count);
  if (open.next_ea < all->size()) answer.status = NtStatus::BufferOverflow;
  return answer;
}

}  // namespace smbkit::server
