#include <fmt/format.h>

#include "smbkit/client.h"

namespace smbkit::client {

std::string change_action_name(ChangeAction action) {
  switch (action) {
    case ChangeAction::Added: return "added";
    case ChangeAction::Removed: return "removed";
    case ChangeAction::Modified: return "modified";
    case ChangeAction::RenamedOldName: return "renamed-from";
    case ChangeAction::RenamedNewName: return "renamed-to";
    case ChangeAction::AddedStream: return "stream-added";
    case ChangeAction::RemovedStream: return "stream-removed";
    case ChangeAction::ModifiedStream: return "stream-modified";
  }
  return fmt::format("action-0x{:08X}", static_cast<uint32_t>(action));
}

}  // namespace smbkit::client
