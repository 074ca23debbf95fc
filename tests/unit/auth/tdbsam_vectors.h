// User records of a passdb.tdb written by Samba 4.17 (Debian 12), captured so:
//   smb.conf: passdb backend = tdbsam:/tmp/x/passdb.tdb, private dir = /tmp/x/priv (and the
//   other state directories under /tmp/x)
//   printf 'Secret1\nSecret1\n' | pdbedit -s smb.conf -a -u tdbalice -t
//   printf 'Other2\nOther2\n' | pdbedit -s smb.conf -a -u tdbbob -t -f "Full Name"
//       -h '\\srv\home' -D 'H:' -S 'logon.cmd' -p '\\srv\prof'   (one command)
//   pdbedit -s smb.conf -r -u tdbbob -c '[D]'
//   printf 'Third3\nThird3\n' | pdbedit -s smb.conf -a -u tdbcarol -t
//   pdbedit -s smb.conf -P "password history" -C 3
//   printf 'Fourth4\nFourth4\n' | smbpasswd -c smb.conf -s tdbcarol
//   smbpasswd -c smb.conf -n tdbcarol
//   tdbdump passdb.tdb   (each USER_ record's data, unescaped; the file also held
//   INFO/version = 04000000, INFO/minor_version, NEXT_RID and RID_000003e8 -> "tdbalice\0")
#pragma once

namespace smbkit::test::tdbsam {

// tdbalice, password "Secret1", account control 0x10 (normal user), RID 1000.
inline constexpr char kAlice[] =
    "000000007fa9547c7fa9547c00000000aa6f156b000000007fa9547c09000000746462616c69636500030000"
    "00564d0001000000000100000000000000000000000000000000000000000100000000010000000001000000"
    "000100000000e8030000010200000000000010000000ed50bdc9faa370e31ac4ee119fd51f48000000001000"
    "0000a8001500000020000000ffffffffffffffffffffffffffffffffffffffffff0000000000000000000000"
    "00000000ec040000";

// tdbbob, password "Other2", account control 0x11 (disabled normal user), with full name, home
// directory, drive, logon script and profile path set.
inline constexpr char kBob[] =
    "000000007fa9547c7fa9547c00000000c06f156b000000007fa9547c07000000746462626f62000300000056"
    "4d0001000000000a00000046756c6c204e616d65000b0000005c5c7372765c686f6d650003000000483a000a"
    "0000006c6f676f6e2e636d64000b0000005c5c7372765c70726f660001000000000100000000010000000001"
    "00000000e9030000010200000000000010000000be03e3c5f0d52f1bcdbefd4e1ba344cf0000000011000000"
    "a8001500000020000000ffffffffffffffffffffffffffffffffffffffffff00000000000000000000000000"
    "0000ec040000";

// tdbcarol, password "Fourth4" then `smbpasswd -n`: account control 0x14 (no password
// required), the hash kept, and a password history of 3 entries (96 bytes).
inline constexpr char kCarol[] =
    "000000007fa9547c7fa9547c000000000470156b000000007fa9547c090000007464626361726f6c00030000"
    "00564d0001000000000100000000000000000000000000000000000000000100000000010000000001000000"
    "000100000000ea03000001020000000000001000000039649889e25c20a3743b8fbbd1a197e0600000000000"
    "000000000000000000000000000039649889e25c20a3743b8fbbd1a197e00000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000014000000a8001500000020000000ffffffffffffffffffffffffffffffffffffffffff000000"
    "000000000000000000000000ec040000";

// Offsets in kAlice: the user name's length, the LM hash's length (the NT hash's follows it),
// and the account control field.
inline constexpr size_t kAliceNameLength = 28;
inline constexpr size_t kAliceLmLength = 102;
inline constexpr size_t kAliceNtLength = 106;
inline constexpr size_t kAliceAccountControl = 130;

}  // namespace smbkit::test::tdbsam
