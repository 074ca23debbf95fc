// Samba passdb.tdb user records (tdbsam_record.h), whole files fed record by record
// (tdbsam_reader.h), and files read through libtdb (passdb_tdb.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "auth/passdb_tdb.h"
#include "auth/tdbsam_reader.h"
#include "auth/tdbsam_record.h"
#include "auth_test_util.h"
#include "tdb_scratch.h"
#include "tdbsam_vectors.h"

namespace smbkit::auth {
namespace {

namespace v = test::tdbsam;
using test::hex;
using test::vec;

using test::tdb_key;
std::vector<uint8_t> key(std::string_view text) { return tdb_key(text); }

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

const std::vector<uint8_t> kVersion4 = hex("04000000");

// --- one record ---

TEST(TdbsamRecord, DecodesANormalUser) {
  auto user = decode_tdbsam_user(hex(v::kAlice));
  ASSERT_TRUE(user) << user.error();
  EXPECT_EQ(user->account.name, "tdbalice");
  ASSERT_TRUE(user->account.nt_hash);
  EXPECT_EQ(*user->account.nt_hash, nt_hash("Secret1"));
  EXPECT_EQ(vec(*user->account.nt_hash), hex("ed50bdc9faa370e31ac4ee119fd51f48"));
  EXPECT_EQ(user->account_control, 0x10u);
  EXPECT_FALSE(user->account.disabled);
  EXPECT_FALSE(user->account.no_password_required);
}

TEST(TdbsamRecord, DecodesADisabledUserWithEveryStringSet) {
  auto user = decode_tdbsam_user(hex(v::kBob));
  ASSERT_TRUE(user) << user.error();
  EXPECT_EQ(user->account.name, "tdbbob");
  EXPECT_EQ(*user->account.nt_hash, nt_hash("Other2"));
  EXPECT_EQ(user->account_control, 0x11u);
  EXPECT_TRUE(user->account.disabled);
}

TEST(TdbsamRecord, DecodesPasswordNotRequiredAndSkipsThePasswordHistory) {
  auto user = decode_tdbsam_user(hex(v::kCarol));
  ASSERT_TRUE(user) << user.error();
  EXPECT_EQ(user->account.name, "tdbcarol");
  EXPECT_EQ(*user->account.nt_hash, nt_hash("Fourth4"));
  EXPECT_EQ(user->account_control, 0x14u);
  EXPECT_TRUE(user->account.no_password_required);
  EXPECT_FALSE(user->account.disabled);
}

TEST(TdbsamRecord, AutoLockedIsRefusedAsDisabled) {
  auto record = hex(v::kAlice);
  put_u32(record, v::kAliceAccountControl, 0x0410);
  auto user = decode_tdbsam_user(record);
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->account.disabled);
}

TEST(TdbsamRecord, NoNtHashIsNone) {
  auto record = hex(v::kAlice);
  put_u32(record, v::kAliceNtLength, 0);
  record.erase(record.begin() + v::kAliceNtLength + 4, record.begin() + v::kAliceNtLength + 20);
  auto user = decode_tdbsam_user(record);
  ASSERT_TRUE(user) << user.error();
  EXPECT_FALSE(user->account.nt_hash);
}

TEST(TdbsamRecord, EveryTruncationFailsAndSaysWhere) {
  const auto whole = hex(v::kAlice);
  for (size_t n = 0; n < whole.size(); ++n) {
    auto user = decode_tdbsam_user(Bytes(whole).first(n));
    ASSERT_FALSE(user) << n;
    EXPECT_TRUE(user.error().starts_with("record ends inside the ")) << n << ": " << user.error();
  }
  EXPECT_EQ(decode_tdbsam_user(Bytes(whole).first(20)).error(), "record ends inside the times");
  EXPECT_EQ(decode_tdbsam_user(Bytes(whole).first(115)).error(), "record ends inside the NT hash");
}

TEST(TdbsamRecord, RefusesWhatIsNotTheLayout) {
  auto longer = hex(v::kAlice);
  longer.push_back(0);
  EXPECT_EQ(decode_tdbsam_user(longer).error(), "1 bytes after the record's last field");

  auto short_hash = hex(v::kAlice);
  put_u32(short_hash, v::kAliceNtLength, 8);
  EXPECT_EQ(decode_tdbsam_user(short_hash).error(), "NT hash is 8 bytes, not 16 or none");

  auto lm = hex(v::kAlice);
  put_u32(lm, v::kAliceLmLength, 4);
  EXPECT_EQ(decode_tdbsam_user(lm).error(), "LM hash is 4 bytes, not 16 or none");

  auto no_nul = hex(v::kAlice);
  no_nul[v::kAliceNameLength + 4 + 8] = 'x';  // "tdbalicex"
  EXPECT_EQ(decode_tdbsam_user(no_nul).error(), "user name does not end in NUL");

  auto inner_nul = hex(v::kAlice);
  inner_nul[v::kAliceNameLength + 4 + 3] = 0;  // "tdb\0lice"
  EXPECT_EQ(decode_tdbsam_user(inner_nul).error(), "user name holds a NUL");

  auto empty = hex(v::kAlice);  // the name shrunk to a lone NUL
  put_u32(empty, v::kAliceNameLength, 1);
  empty.erase(empty.begin() + v::kAliceNameLength + 4, empty.begin() + v::kAliceNameLength + 12);
  EXPECT_EQ(decode_tdbsam_user(empty).error(), "user name is empty");

  auto huge = hex(v::kAlice);
  put_u32(huge, v::kAliceNameLength, 0xFFFFFFFF);
  EXPECT_EQ(decode_tdbsam_user(huge).error(), "record ends inside the user name");
}

// --- a whole file ---

TEST(TdbsamReader, ReadsTheUsersAndIgnoresTheOtherKeys) {
  TdbsamReader reader;
  reader.add(key("USER_tdbbob"), hex(v::kBob));
  reader.add(key("RID_000003e8"), key("tdbalice"));
  reader.add(key("INFO/version"), kVersion4);
  reader.add(key("INFO/minor_version"), hex("00000000"));
  reader.add(key("NEXT_RID"), hex("e9030000"));
  reader.add(key("USER_tdbalice"), hex(v::kAlice));
  reader.add(key("USER_tdbcarol"), hex(v::kCarol));
  auto contents = std::move(reader).finish();
  ASSERT_TRUE(contents) << contents.error();
  ASSERT_EQ(contents->accounts.size(), 3u);
  EXPECT_EQ(contents->accounts[0].name, "tdbbob");
  EXPECT_TRUE(contents->accounts[0].disabled);
  EXPECT_EQ(contents->accounts[1].name, "tdbalice");
  EXPECT_EQ(contents->accounts[2].name, "tdbcarol");
  EXPECT_TRUE(contents->skipped.empty());
}

TEST(TdbsamReader, SkipsUnreadableUsersAndKeepsTheOthers) {
  TdbsamReader reader;
  reader.add(key("INFO/version"), kVersion4);
  reader.add(key("USER_tdbalice"), hex(v::kAlice));
  reader.add(key("USER_broken"), Bytes(hex(v::kBob)).first(100));
  reader.add(key("USER_someoneelse"), hex(v::kCarol));
  auto machine = hex(v::kAlice);
  put_u32(machine, v::kAliceAccountControl, 0x80);  // a workstation trust account
  reader.add(key("USER_tdbalice$"), machine);
  auto contents = std::move(reader).finish();
  ASSERT_TRUE(contents) << contents.error();
  ASSERT_EQ(contents->accounts.size(), 1u);
  EXPECT_EQ(contents->accounts[0].name, "tdbalice");
  EXPECT_EQ(contents->skipped, (std::vector<std::string>{
                                   "USER_broken: record ends inside the logon script",
                                   "USER_someoneelse: the record is for the user \"tdbcarol\"",
                                   "USER_tdbalice$: the record is for the user \"tdbalice\"",
                               }));
}

TEST(TdbsamReader, SkipsAccountsThatAreNotUsers) {
  TdbsamReader reader;
  reader.add(key("INFO/version"), kVersion4);
  auto machine = hex(v::kAlice);
  put_u32(machine, v::kAliceAccountControl, 0x80);
  reader.add(key("USER_TDBALICE"), machine);  // the key's case does not matter
  auto contents = std::move(reader).finish();
  ASSERT_TRUE(contents);
  EXPECT_TRUE(contents->accounts.empty());
  EXPECT_EQ(contents->skipped,
            (std::vector<std::string>{
                "USER_TDBALICE: not a normal user account (account control 0x80)"}));
}

TEST(TdbsamReader, TheVersionDecidesWhetherTheFileIsRead) {
  TdbsamReader none;
  none.add(key("USER_tdbalice"), hex(v::kAlice));
  EXPECT_EQ(std::move(none).finish().error(),
            "it has no INFO/version record: not a Samba passdb.tdb");
  TdbsamReader old;
  old.add(key("INFO/version"), hex("03000000"));
  EXPECT_EQ(std::move(old).finish().error(), "its records are version 3; smbkit reads version 4");
  TdbsamReader odd;
  odd.add(key("INFO/version"), hex("0400"));
  EXPECT_EQ(std::move(odd).finish().error(), "its INFO/version record is 2 bytes, not 4");
  TdbsamReader no_nul;  // a key without Samba's NUL is read the same
  no_nul.add(hex("494e464f2f76657273696f6e"), kVersion4);
  EXPECT_TRUE(std::move(no_nul).finish());
}

// --- a file, through libtdb ---

class TdbsamFile : public test::TdbScratch {
 protected:
  void SetUp() override {
    TdbScratch::SetUp();
    path_ = path("passdb.tdb");
  }
  void write(const test::TdbRecords& records) { write_tdb(path_, records); }

  std::string path_;
};

TEST_F(TdbsamFile, ReadsEveryUser) {
  write({{key("INFO/version"), kVersion4},
         {key("USER_tdbalice"), hex(v::kAlice)},
         {key("USER_tdbbob"), hex(v::kBob)},
         {key("RID_000003e8"), key("tdbalice")}});
  auto contents = load_tdbsam(path_);
  ASSERT_TRUE(contents) << contents.error();
  ASSERT_EQ(contents->accounts.size(), 2u);
  std::vector<std::string> names{contents->accounts[0].name, contents->accounts[1].name};
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"tdbalice", "tdbbob"}));
}

TEST_F(TdbsamFile, ReadingChangesNothingInTheFile) {
  write({{key("INFO/version"), kVersion4}, {key("USER_tdbalice"), hex(v::kAlice)}});
  auto bytes = [&] {
    std::ifstream in(path_, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
  };
  auto before = bytes();
  auto mtime = std::filesystem::last_write_time(path_);
  auto contents = load_tdbsam(path_);
  ASSERT_TRUE(contents) << contents.error();
  EXPECT_EQ(contents->accounts.size(), 1u);
  EXPECT_EQ(bytes(), before);
  EXPECT_EQ(std::filesystem::last_write_time(path_), mtime);
}

TEST_F(TdbsamFile, FailsNamingTheFile) {
  EXPECT_EQ(load_tdbsam(path_).error(), "tdbsam " + path_ + ": No such file or directory");
  std::ofstream(path_) << "tdbalice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:...\n";
  auto text = load_tdbsam(path_);
  ASSERT_FALSE(text);
  EXPECT_TRUE(text.error().starts_with("tdbsam " + path_ + ": ")) << text.error();
  path_ = path("no-version.tdb");
  write({{key("USER_tdbalice"), hex(v::kAlice)}});
  EXPECT_EQ(load_tdbsam(path_).error(),
            "tdbsam " + path_ + ": it has no INFO/version record: not a Samba passdb.tdb");
}

}  // namespace
}  // namespace smbkit::auth
