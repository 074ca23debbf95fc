// The server's accounts from their sources (accounts.h), and logons through the username map:
// the mapped account's password is checked, with the responses computed over the name the
// client typed (MS-NLMP 3.3.2), and the session is the mapped user's.
#include "auth/accounts.h"

#include <gtest/gtest.h>

#include <fstream>

#include "auth/ntlm_client.h"
#include "auth/ntlm_server.h"
#include "auth_test_util.h"
#include "tdb_scratch.h"
#include "tdbsam_vectors.h"

namespace smbkit::auth {
namespace {

namespace v = test::tdbsam;
using test::hex;

const Challenge kChallenge = test::arr<8>("0123456789abcdef");

class Accounts : public test::TdbScratch {
 protected:
  void SetUp() override {
    TdbScratch::SetUp();
    sources_.tdbsam_file = path("passdb.tdb");
    write_tdb(sources_.tdbsam_file,
              {{test::tdb_key("INFO/version"), hex("04000000")},
               {test::tdb_key("USER_tdbalice"), hex(v::kAlice)},  // "Secret1"
               {test::tdb_key("USER_tdbbob"), hex(v::kBob)},      // "Other2", disabled
               {test::tdb_key("USER_broken"), hex(std::string_view(v::kBob).substr(0, 80))}});
  }

  std::string file(const std::string& name, const std::string& text) {
    std::ofstream(path(name)) << text;
    return path(name);
  }
  // A raw NTLMv2 logon (the non-extended SMB1 form) as `user` with `password`.
  static Result<AuthOutcome> logon(const UserDb& db, const std::string& user,
                                   const std::string& password) {
    auto r = ntlmv2_responses_for_raw_challenge(user, password, "WORKGROUP", kChallenge);
    return verify_challenge_response(db, user, "WORKGROUP", kChallenge, r.lm_response,
                                     r.nt_response, false);
  }

  AccountSources sources_;
};

TEST_F(Accounts, TdbsamUsersLogOnAndUnreadableOnesAreReported) {
  auto loaded = load_accounts(sources_);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->users.size(), 2u);
  EXPECT_EQ(loaded->warnings,
            (std::vector<std::string>{"tdbsam " + sources_.tdbsam_file +
                                      ": USER_broken: record ends inside the domain; "
                                      "that user cannot log on"}));
  auto alice = logon(loaded->users, "TDBALICE", "Secret1");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->user, "tdbalice");
  EXPECT_EQ(alice->session_key.size(), 16u);
  EXPECT_EQ(logon(loaded->users, "tdbalice", "Secret2").error(), NtStatus::LogonFailure);
  EXPECT_EQ(logon(loaded->users, "tdbbob", "Other2").error(), NtStatus::AccountDisabled);
  EXPECT_EQ(logon(loaded->users, "tdbbob", "Other3").error(), NtStatus::LogonFailure);
  EXPECT_EQ(logon(loaded->users, "broken", "").error(), NtStatus::LogonFailure);
}

TEST_F(Accounts, TheSmbpasswdFileWinsForAUserInBoth) {
  sources_.smbpasswd_file = file(
      "smbpasswd", UserDb::smbpasswd_line("TDBALICE", 1000, nt_hash("fromsmbpasswd"), 0) + "\n");
  auto loaded = load_accounts(sources_);
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->users.size(), 2u);
  EXPECT_TRUE(logon(loaded->users, "tdbalice", "fromsmbpasswd"));
  EXPECT_EQ(logon(loaded->users, "tdbalice", "Secret1").error(), NtStatus::LogonFailure);
}

TEST_F(Accounts, TheUsernameMapDecidesTheAccountAndTheClientsNameTheHash) {
  sources_.username_map_file =
      file("users.map", "# who is who\ntdbalice = zed \"Zed Two\"\ntdbbob = mallory\nbad line\n");
  auto loaded = load_accounts(sources_);
  ASSERT_TRUE(loaded) << loaded.error();
  ASSERT_EQ(loaded->warnings.size(), 2u);
  EXPECT_EQ(loaded->warnings[1],
            "username map " + sources_.username_map_file +
                " line 4: no '=' between a Unix name and client names; line skipped");
  // zed logs on with tdbalice's password and is tdbalice from then on.
  auto zed = logon(loaded->users, "zed", "Secret1");
  ASSERT_TRUE(zed);
  EXPECT_EQ(zed->user, "tdbalice");
  EXPECT_EQ(logon(loaded->users, "Zed Two", "Secret1")->user, "tdbalice");
  EXPECT_EQ(logon(loaded->users, "zed", "zedspassword").error(), NtStatus::LogonFailure);
  EXPECT_EQ(logon(loaded->users, "mallory", "Other2").error(), NtStatus::AccountDisabled);
  // Names the map leaves alone log on as before.
  EXPECT_EQ(logon(loaded->users, "tdbalice", "Secret1")->user, "tdbalice");

  // NTLMSSP (SPNEGO's inner mechanism) the same way.
  NtlmClientContext client("zed", "Secret1", "WORKGROUP", "WS");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto challenge = server.challenge(client.negotiate());
  ASSERT_TRUE(challenge);
  auto authenticate = client.authenticate(*challenge);
  ASSERT_TRUE(authenticate);
  auto outcome = server.authenticate(*authenticate, loaded->users, false);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->user, "tdbalice");
  EXPECT_EQ(
      std::vector<uint8_t>(outcome->session_key.view().begin(), outcome->session_key.view().end()),
      client.session_key());
}

TEST_F(Accounts, ASourceThatCannotBeReadFailsTheLoad) {
  sources_.username_map_file = path("missing.map");
  EXPECT_EQ(load_accounts(sources_).error(),
            "username map " + sources_.username_map_file + ": cannot be opened");
  sources_.username_map_file.clear();
  sources_.tdbsam_file = path("missing.tdb");
  EXPECT_EQ(load_accounts(sources_).error(),
            "tdbsam " + sources_.tdbsam_file + ": No such file or directory");
  sources_.tdbsam_file.clear();
  sources_.smbpasswd_file = file("smbpasswd", "alice:notanumber:X:Y:\n");
  EXPECT_EQ(load_accounts(sources_).error(), "smbpasswd line 1: uid is not a number");
  EXPECT_EQ(load_accounts({}).value().users.size(), 0u);
}

}  // namespace
}  // namespace smbkit::auth
