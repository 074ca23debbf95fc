// The SMB2 command table: one row per command with the policy the gate enforces before any
// handler runs (MS-SMB2 2.2 layouts; 3.3.5.2.5 credit charges; 3.3.5.2.9 sessions;
// 3.3.5.2.11 trees). Offsets are from the start of the body (after the 64-byte header).
#include <algorithm>
#include <array>

#include "server/smb2/handler.h"

namespace smbkit::server {
namespace {

using smb2::Command;

uint32_t u32_at(Bytes body, size_t at) {
  if (at + 4 > body.size()) return 0;
  return uint32_t{body[at]} | uint32_t{body[at + 1]} << 8 | uint32_t{body[at + 2]} << 16 |
         uint32_t{body[at + 3]} << 24;
}

// READ: Length (its response carries that much); WRITE: Length; QUERY_DIRECTORY and
// CHANGE_NOTIFY: OutputBufferLength; QUERY_INFO: the larger of InputBufferLength and
// OutputBufferLength; SET_INFO: BufferLength; IOCTL: the larger of what it sends (InputCount +
// OutputCount) and what it may receive (MaxInputResponse + MaxOutputResponse).
uint64_t read_payload(Bytes body) { return u32_at(body, 4); }
uint64_t write_payload(Bytes body) { return u32_at(body, 4); }
uint64_t notify_payload(Bytes body) { return u32_at(body, 4); }
uint64_t query_directory_payload(Bytes body) { return u32_at(body, 28); }
uint64_t query_info_payload(Bytes body) { return std::max(u32_at(body, 4), u32_at(body, 12)); }
uint64_t set_info_payload(Bytes body) { return u32_at(body, 4); }
uint64_t ioctl_payload(Bytes body) {
  uint64_t sent = uint64_t{u32_at(body, 28)} + u32_at(body, 40);
  uint64_t received = uint64_t{u32_at(body, 32)} + u32_at(body, 44);
  return std::max(sent, received);
}

constexpr BufferField kNone{};

// clang-format off
constexpr Smb2CommandSpec kTable[] = {
  // command                 handler                          size  sess   tree   fid  block  buffers                                   payload
  {Command::Negotiate,      handle_smb2_negotiate,            36, false, false, -1, false, {kNone, kNone},                           nullptr},
  {Command::SessionSetup,   handle_smb2_session_setup,        25, false, false, -1, false, {{12, 2, 14, 2}, kNone},                  nullptr},
  {Command::Logoff,         handle_smb2_logoff,                4, true,  false, -1, false, {kNone, kNone},                           nullptr},
  {Command::TreeConnect,    handle_smb2_tree_connect,          9, true,  false, -1, false, {{4, 2, 6, 2}, kNone},                    nullptr},
  {Command::TreeDisconnect, handle_smb2_tree_disconnect,       4, true,  true,  -1, false, {kNone, kNone},                           nullptr},
  {Command::Create,         handle_smb2_create,               57, true,  true,  -1, true,  {{44, 2, 46, 2}, {48, 4, 52, 4}},         nullptr},
  {Command::Close,          handle_smb2_close,                24, true,  true,   8, false, {kNone, kNone},                           nullptr},
  {Command::Flush,          handle_smb2_flush,                24, true,  true,   8, true,  {kNone, kNone},                           nullptr},
  {Command::Read,           handle_smb2_read,                 49, true,  true,  16, true,  {{44, 2, 46, 2}, kNone},                  read_payload},
  {Command::Write,          handle_smb2_write,                49, true,  true,  16, true,  {{2, 2, 4, 4}, {40, 2, 42, 2}},           write_payload},
  {Command::Lock,           handle_smb2_lock,                 48, true,  true,   8, false, {kNone, kNone},                           nullptr},
  {Command::Ioctl,          handle_smb2_ioctl,                57, true,  true,  -1, true,  {{24, 4, 28, 4}, {36, 4, 40, 4}},         ioctl_payload},
  {Command::Cancel,         nullptr,                           4, false, false, -1, false, {kNone, kNone},                           nullptr},
  {Command::Echo,           handle_smb2_echo,                  4, false, false, -1, false, {kNone, kNone},                           nullptr},
  {Command::QueryDirectory, handle_smb2_query_directory,      33, true,  true,   8, true,  {{24, 2, 26, 2}, kNone},                  query_directory_payload},
  {Command::ChangeNotify,   handle_smb2_change_notify,        32, true,  true,   8, false, {kNone, kNone},                           notify_payload},
  {Command::QueryInfo,      handle_smb2_query_info,           41, true,  true,  24, true,  {{8, 2, 12, 4}, kNone},                   query_info_payload},
  {Command::SetInfo,        handle_smb2_set_info,             33, true,  true,  16, true,  {{8, 2, 4, 4}, kNone},                    set_info_payload},
  // OPLOCK_BREAK's acknowledgement is 24 bytes, a lease's 36 (refused: no leases are granted).
  {Command::OplockBreak,    handle_smb2_oplock_break,         24, true,  true,   8, false, {kNone, kNone},                           nullptr},
};
// clang-format on

static_assert(std::size(kTable) == smb2::kCommandCount);

constexpr bool rows_in_order() {
  for (size_t i = 0; i < std::size(kTable); ++i)
    if (static_cast<size_t>(kTable[i].command) != i) return false;
  return true;
}
static_assert(rows_in_order(), "kTable is indexed by command code");

}  // namespace

const Smb2CommandSpec* find_smb2_command(uint16_t command) {
  return command < std::size(kTable) ? &kTable[command] : nullptr;
}

}  // namespace smbkit::server
