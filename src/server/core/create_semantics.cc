#include "server/core/create_semantics.h"

#include "fscc/access.h"

namespace smbkit::server {
namespace {

using vfs::CreateAction;
using vfs::CreateDisposition;

constexpr uint32_t kKeptAttributes = kFileAttributeHidden | kFileAttributeSystem;
constexpr uint32_t kCreateAttributes = kFileAttributeReadonly | kKeptAttributes;

bool may_create(CreateDisposition d) {
  return d == CreateDisposition::Supersede || d == CreateDisposition::Create ||
         d == CreateDisposition::OpenIf || d == CreateDisposition::OverwriteIf;
}

bool overwrites(CreateDisposition d) {
  return d == CreateDisposition::Overwrite || d == CreateDisposition::OverwriteIf;
}

std::string_view leaf(const std::string& path) {
  size_t cut = path.find_last_of('\\');
  return cut == std::string::npos ? std::string_view(path) : std::string_view(path).substr(cut + 1);
}

// HIDDEN that the share gives a dot file is no attribute of the file's own: an overwrite
// neither needs to ask for it nor loses it.
uint32_t own_attributes(const std::string& path, uint32_t attributes) {
  if (leaf(path).starts_with('.')) attributes &= ~uint32_t{kFileAttributeHidden};
  return attributes;
}

}  // namespace

Result<void> check_create(vfs::Vfs& fs, const std::string& path, const CreateAsked& asked) {
  if (asked.delete_on_close && !(asked.granted & kDelete)) return fail(NtStatus::InvalidParameter);
  bool overwrite = overwrites(asked.disposition);
  if (!asked.delete_on_close && !overwrite) return {};
  auto info = fs.stat(path);
  if (!info) {
    // A create makes the file as asked; anything else about the name the open reports.
    if (asked.delete_on_close && may_create(asked.disposition) &&
        (asked.attributes & kFileAttributeReadonly))
      return fail(NtStatus::CannotDelete);
    return {};
  }
  if (info->is_directory || asked.disposition == CreateDisposition::Create) return {};
  if (asked.delete_on_close && (info->attributes & kFileAttributeReadonly))
    return fail(NtStatus::CannotDelete);
  if (overwrite && (own_attributes(path, info->attributes) & kKeptAttributes & ~asked.attributes))
    return fail(NtStatus::AccessDenied);
  return {};
}

Result<void> apply_create_attributes(vfs::OpenFile& file, CreateAction action,
                                     uint32_t attributes, const std::string& path,
                                     FileInfo& info) {
  if (info.is_directory || action == CreateAction::Opened) return {};
  if (action == CreateAction::Created && !(attributes & kCreateAttributes)) return {};
  uint32_t wanted = (attributes & kCreateAttributes) | kFileAttributeArchive;
  wanted |= info.attributes & ~own_attributes(path, info.attributes);  // a dot file's HIDDEN
  constexpr uint32_t kSettable = kCreateAttributes | kFileAttributeArchive;
  if ((info.attributes & kSettable) == wanted) return {};
  if (auto set = file.set_attributes(wanted); !set) return set;
  auto now = file.stat();
  if (!now) return fail(now.error());
  now->name = std::move(info.name);
  info = std::move(*now);
  return {};
}

}  // namespace smbkit::server
