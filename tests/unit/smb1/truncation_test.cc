// Every command message cut short at every byte must fail cleanly (a status, no crash, no read
// outside the buffer): each cut leaves a ByteCount, DataOffset or WordCount pointing past the end.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "codec_test_util.h"
#include "smb1/close.h"
#include "smb1/echo.h"
#include "smb1/logoff.h"
#include "smb1/negotiate.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/read_write.h"
#include "smb1/session_setup.h"
#include "smb1/tree.h"

namespace smbkit::smb1 {
namespace {

using testing::build;

struct Sample {
  std::string name;
  std::vector<uint8_t> bytes;
  std::function<bool(const Block&)> decodes;
};

template <class T>
Sample sample(std::string name, Command command, const T& body, bool reply) {
  return {std::move(name), build(command, body, true, reply),
          [](const Block& b) { return T::decode(b).has_value(); }};
}

std::vector<Sample> samples() {
  static const std::vector<uint8_t> payload(300, 0x5A);
  NegotiateResponse neg;
  neg.challenge.assign(8, 1);
  neg.domain_name = "WORKGROUP";
  neg.server_name = "SERVER";
  NegotiateResponse neg_ext;
  neg_ext.capabilities = kCapExtendedSecurity;
  neg_ext.security_blob = {1, 2, 3, 4};
  SessionSetupRequest setup;
  setup.oem_password.assign(24, 1);
  setup.unicode_password.assign(24, 2);
  setup.account_name = "user";
  setup.primary_domain = "DOM";
  setup.native_os = "Unix";
  setup.native_lan_man = "smbkit";
  SessionSetupExtRequest setup_ext;
  setup_ext.security_blob.assign(40, 3);
  setup_ext.native_os = "Unix";
  setup_ext.native_lan_man = "smbkit";
  SessionSetupExtResponse setup_ext_resp;
  setup_ext_resp.security_blob.assign(20, 4);
  setup_ext_resp.native_os = "Unix";
  setup_ext_resp.native_lan_man = "smbkit";
  TreeConnectRequest tree;
  tree.password = {0};
  tree.path = "\\\\S\\share";
  tree.service = "?????";
  TreeConnectResponse tree_resp;
  tree_resp.extended = true;
  tree_resp.service = "A:";
  tree_resp.native_file_system = "NTFS";
  OpenAndXRequest open;
  open.file_name = "a\\b.txt";
  OpenAndXResponse open_resp;
  open_resp.extended = true;
  NtCreateAndXRequest create;
  create.file_name = "dir\\file.txt";
  NtCreateAndXResponse create_resp;
  NtCreateAndXResponse create_ext = create_resp;
  create_ext.extended = true;
  WriteAndXRequest write;
  write.data = payload;
  ReadAndXResponse read_resp;
  read_resp.data = payload;

  return {
      sample("negotiate request", Command::Negotiate, NegotiateRequest{{"NT LM 0.12"}}, false),
      sample("negotiate response", Command::Negotiate, neg, true),
      sample("negotiate ext response", Command::Negotiate, neg_ext, true),
      sample("session setup", Command::SessionSetupAndX, setup, false),
      sample("session setup ext", Command::SessionSetupAndX, setup_ext, false),
      sample("session setup response", Command::SessionSetupAndX,
             SessionSetupResponse{0, "Unix", "smbkit", "DOM"}, true),
      sample("session setup ext response", Command::SessionSetupAndX, setup_ext_resp, true),
      sample("logoff", Command::LogoffAndX, LogoffRequest{}, false),
      sample("tree connect", Command::TreeConnectAndX, tree, false),
      sample("tree connect response", Command::TreeConnectAndX, tree_resp, true),
      sample("echo", Command::Echo, EchoRequest{1, {1, 2, 3}}, false),
      sample("close", Command::Close, CloseRequest{5, 0}, false),
      sample("open", Command::OpenAndX, open, false),
      sample("open response", Command::OpenAndX, open_resp, true),
      sample("nt create", Command::NtCreateAndX, create, false),
      sample("nt create response", Command::NtCreateAndX, create_resp, true),
      sample("nt create ext response", Command::NtCreateAndX, create_ext, true),
      sample("read", Command::ReadAndX, ReadAndXRequest{}, false),
      sample("read response", Command::ReadAndX, read_resp, true),
      sample("write", Command::WriteAndX, write, false),
      sample("write response", Command::WriteAndX, WriteAndXResponse{10, 0}, true),
  };
}

TEST(Truncation, EveryCutFails) {
  for (const auto& s : samples()) {
    auto whole = parse_message(s.bytes);
    ASSERT_TRUE(whole) << s.name;
    EXPECT_TRUE(s.decodes(whole->blocks[0])) << s.name;
    for (size_t len = 0; len < s.bytes.size(); ++len) {
      // A copy of exactly `len` bytes, so that a read past the cut is a heap overflow that the
      // sanitizer build reports.
      std::vector<uint8_t> cut(s.bytes.begin(), s.bytes.begin() + len);
      auto m = parse_message(cut);
      if (!m) continue;
      EXPECT_FALSE(s.decodes(m->blocks[0])) << s.name << " cut at " << len;
    }
  }
}

}  // namespace
}  // namespace smbkit::smb1
