// The SMB1 command table: one row per command smbkit serves, with the policy the validator
// enforces before the handler runs.
#include <array>

#include "server/smb1/handler.h"

namespace smbkit::server {
namespace {

using smb1::Command;

// Word counts include the AndX block of AndX commands; FID word indexes count from the first word.
constexpr Smb1CommandSpec kCommands[] = {
    // command                    handler                min  needs           fid  blocking
    {Command::Negotiate,          handle_negotiate,        0, Needs::Nothing, -1, false},
    {Command::SessionSetupAndX,   handle_session_setup,   12, Needs::Nothing, -1, false},
    {Command::LogoffAndX,         handle_logoff,           2, Needs::Session, -1, false},
    {Command::TreeConnectAndX,    handle_tree_connect,     4, Needs::Session, -1, false},
    {Command::TreeDisconnect,     handle_tree_disconnect,  0, Needs::Tree,    -1, false},
    {Command::Echo,               handle_echo,             1, Needs::Nothing, -1, false},
    {Command::OpenAndX,           handle_open_andx,       15, Needs::Tree,    -1, true},
    {Command::NtCreateAndX,       handle_nt_create,       24, Needs::Tree,    -1, true},
    {Command::Close,              handle_close,            3, Needs::Tree,     0, true},
    {Command::ReadAndX,           handle_read_andx,       10, Needs::Tree,     2, true},
    {Command::LockingAndX,        handle_locking_andx,     8, Needs::Tree,     2, false},
    {Command::Transaction,        handle_trans,           14, Needs::Tree,    -1, false},
    {Command::Transaction2,       handle_trans2,          15, Needs::Tree,    -1, true},
    {Command::FindClose2,         handle_find_close2,      1, Needs::Tree,    -1, false},
    {Command::Search,             handle_search,           2, Needs::Tree,    -1, true},
    {Command::Find,               handle_search,           2, Needs::Tree,    -1, true},
    {Command::FindUnique,         handle_search,           2, Needs::Tree,    -1, true},
    {Command::FindClose,          handle_find_close,       2, Needs::Tree,    -1, false},
    {Command::WriteAndX,          handle_write_andx,      12, Needs::Tree,     2, true},
    {Command::Flush,              handle_flush,            1, Needs::Tree,    -1, true},
    {Command::Seek,               handle_seek,             4, Needs::Tree,     0, true},
    {Command::CreateDirectory,    handle_create_directory, 0, Needs::Tree,    -1, true},
    {Command::DeleteDirectory,    handle_delete_directory, 0, Needs::Tree,    -1, true},
    {Command::CheckDirectory,     handle_check_directory,  0, Needs::Tree,    -1, true},
    {Command::Delete,             handle_delete,           1, Needs::Tree,    -1, true},
    {Command::Rename,             handle_rename,           1, Needs::Tree,    -1, true},
    {Command::NtRename,           handle_nt_rename,        4, Needs::Tree,    -1, true},
    {Command::QueryInformation,   handle_query_information, 0, Needs::Tree,   -1, true},
    {Command::SetInformation,     handle_set_information,  8, Needs::Tree,    -1, true},
    {Command::QueryInformationDisk, handle_query_information_disk, 0, Needs::Tree, -1, true},
    {Command::NtTransact,         handle_nt_transact,     19, Needs::Tree,    -1, true},
    {Command::NtCancel,           handle_nt_cancel,        0, Needs::Nothing, -1, false},
    {Command::Open,               handle_core_open,        2, Needs::Tree,    -1, true},
    {Command::Create,             handle_core_create,      3, Needs::Tree,    -1, true},
    {Command::CreateNew,          handle_core_create,      3, Needs::Tree,    -1, true},
    {Command::CreateTemporary,    handle_create_temporary, 3, Needs::Tree,    -1, true},
    {Command::Read,               handle_core_read,        5, Needs::Tree,     0, true},
    {Command::Write,              handle_core_write,       5, Needs::Tree,     0, true},
    {Command::WriteAndClose,      handle_write_and_close,  6, Needs::Tree,     0, true},
    {Command::LockByteRange,      handle_lock_byte_range,  5, Needs::Tree,     0, false},
    {Command::UnlockByteRange,    handle_unlock_byte_range, 5, Needs::Tree,    0, false},
    {Command::ProcessExit,        handle_process_exit,     0, Needs::Session, -1, true},
    {Command::SetInformation2,    handle_set_information2, 7, Needs::Tree,     0, true},
    {Command::QueryInformation2,  handle_query_information2, 1, Needs::Tree,   0, true},
};

constexpr std::array<const Smb1CommandSpec*, 256> build_index() {
  std::array<const Smb1CommandSpec*, 256> index{};
  for (const auto& row : kCommands) index[static_cast<uint8_t>(row.command)] = &row;
  return index;
}

constexpr auto kIndex = build_index();

}  // namespace

const Smb1CommandSpec* find_command(uint8_t command) { return kIndex[command]; }

}  // namespace smbkit::server
