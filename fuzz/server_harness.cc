#include "server_harness.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "auth/ntlm_client.h"
#include "fuzz_support.h"
#include "smb1/close.h"
#include "smb1/echo.h"
#include "smb1/empty_response.h"
#include "smb1/locking.h"
#include "smb1/logoff.h"
#include "smb1/negotiate.h"
#include "smb1/nt_create.h"
#include "smb1/nt_transact.h"
#include "smb1/open.h"
#include "smb1/query_information.h"
#include "smb1/read_write.h"
#include "smb1/session_setup.h"
#include "smb1/trans.h"
#include "smb1/trans2.h"
#include "smb1/trans2_find.h"
#include "smb1/tree.h"
#include "wire/netbios.h"

namespace smbkit::fuzz {
namespace {

namespace fs = std::filesystem;

// The share's seed content: path -> bytes ("/" at the end: a directory).
struct SeedFile {
  const char* path;
  std::string content;
};

const std::vector<SeedFile>& seed_files() {
  static const std::vector<SeedFile> files = {
      {"hello.txt", "hello, world\n"},
      {"empty.txt", ""},
      {"Mixed Case.TXT", std::string(300, 'x')},
      {"big.bin", std::string(70000, 'b')},
      {"sub/", ""},
      {"sub/inner.txt", "inner\n"},
      {"sub/deeper/", ""},
      {"sub/deeper/leaf.dat", std::string(5000, '\x01')},
  };
  return files;
}

constexpr timespec kSeedTime{1700000000, 0};

void write_seed(const fs::path& root, const SeedFile& f) {
  std::string p = f.path;
  if (p.back() == '/') {
    fs::create_directories(root / p);
  } else {
    std::ofstream(root / p, std::ios::binary | std::ios::trunc) << f.content;
  }
  timespec times[2] = {kSeedTime, kSeedTime};
  utimensat(AT_FDCWD, (root / p).c_str(), times, 0);
}

// Directories last: writing the files inside them changed their times.
void set_directory_times(const fs::path& root) {
  timespec times[2] = {kSeedTime, kSeedTime};
  for (const auto& f : seed_files())
    if (std::string(f.path).back() == '/') utimensat(AT_FDCWD, (root / f.path).c_str(), times, 0);
  utimensat(AT_FDCWD, root.c_str(), times, 0);
}

}  // namespace

ServerFixture::ServerFixture() {
  spdlog::set_level(spdlog::level::off);
  char tmpl[] = "/tmp/smbkit-fuzz-share-XXXXXX";
  root_ = mkdtemp(tmpl);
  for (const auto& f : seed_files()) write_seed(root_, f);
  set_directory_times(root_);
  ServerConfig config;
  config.shares.push_back({"data", root_, {}});
  config.users.push_back({kUser, kPassword});
  std::string error;
  shared_ = server::SharedState::create(config, &error);
  if (!shared_) {
    std::fprintf(stderr, "fuzz fixture: %s\n", error.c_str());
    std::abort();
  }
  // The directory goes when the process ends (libFuzzer leaves through exit()).
  static std::string root_copy = root_;
  std::atexit([] { std::error_code ec; fs::remove_all(root_copy, ec); });
}

ServerFixture& ServerFixture::get() {
  static ServerFixture* fixture = new ServerFixture();
  return *fixture;
}

void ServerFixture::restore_share() {
  // Entries added or removed change their directory's time: walk only when one did.
  bool dirs_changed = false;
  for (const auto& f : seed_files()) {
    std::string p = f.path;
    if (p.back() != '/') continue;
    struct stat st;
    dirs_changed |= ::stat((root_ + "/" + p).c_str(), &st) != 0 ||
                    st.st_mtim.tv_sec != kSeedTime.tv_sec;
  }
  struct stat root_st;
  dirs_changed |=
      ::stat(root_.c_str(), &root_st) != 0 || root_st.st_mtim.tv_sec != kSeedTime.tv_sec;
  if (dirs_changed) {
    std::set<fs::path> known;
    for (const auto& f : seed_files()) {
      std::string p = f.path;
      if (p.back() == '/') p.pop_back();
      known.insert(fs::path(root_) / p);
    }
    std::vector<fs::path> extra;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (!known.count(it->path())) {
        extra.push_back(it->path());
        it.disable_recursion_pending();
      }
    }
    for (const auto& p : extra) fs::remove_all(p, ec);
  }
  // Files truncated or given new times by an input get their seed content and times back.
  for (const auto& f : seed_files()) {
    if (std::string(f.path).back() == '/') continue;
    struct stat st;
    if (::stat((root_ + "/" + f.path).c_str(), &st) != 0 ||
        static_cast<size_t>(st.st_size) != f.content.size() ||
        st.st_mtim.tv_sec != kSeedTime.tv_sec)
      write_seed(root_, f);
  }
  if (dirs_changed) set_directory_times(root_);
}

namespace {

smb1::Header request_header(uint8_t command, uint16_t uid, uint16_t mid) {
  smb1::Header h;
  h.command = command;
  h.flags = smb1::kFlagsCaseInsensitive | smb1::kFlagsCanonicalizedPaths;
  h.flags2 = smb1::kFlags2Unicode | smb1::kFlags2NtStatus | smb1::kFlags2LongNames;
  h.pid_low = 0x1234;
  h.uid = uid;
  h.mid = mid;
  return h;
}

template <class Body>
std::vector<uint8_t> request(server::Smb1Processor& p, smb1::Header h, Body body) {
  std::vector<uint8_t> msg;
  smb1::MessageWriter w(msg, h);
  body(w);
  std::vector<uint8_t> reply = p.handle(msg);
  FUZZ_CHECK(reply.size() > netbios::kHeaderSize);
  return std::vector<uint8_t>(reply.begin() + netbios::kHeaderSize, reply.end());
}

template <class T>
void must_decode(const smb1::Block& b) {
  auto decoded = T::decode(b);
  if (!decoded) {
    std::fprintf(stderr, "reply block %s (WordCount %u, ByteCount %u) does not decode: %s\n",
                 smb1::command_name(b.command), b.word_count, b.byte_count,
                 status_name(decoded.error()).c_str());
    std::abort();
  }
}

// A reply block as a client reads it, by command.
void check_reply_block(const smb1::Block& b) {
  using smb1::Command;
  bool empty = b.word_count == 0 && b.byte_count == 0;
  switch (static_cast<Command>(b.command)) {
    case Command::Negotiate:
      if (!empty) must_decode<smb1::NegotiateResponse>(b);
      break;
    case Command::SessionSetupAndX:
      if (b.word_count == 3) must_decode<smb1::SessionSetupResponse>(b);
      else if (!empty) must_decode<smb1::SessionSetupExtResponse>(b);
      break;
    case Command::LogoffAndX:
      if (!empty) must_decode<smb1::LogoffResponse>(b);
      break;
    case Command::TreeConnectAndX:
      if (!empty) must_decode<smb1::TreeConnectResponse>(b);
      break;
    case Command::TreeDisconnect: must_decode<smb1::TreeDisconnectResponse>(b); break;
    case Command::Echo:
      if (!empty) must_decode<smb1::EchoResponse>(b);
      break;
    case Command::OpenAndX:
      if (!empty) must_decode<smb1::OpenAndXResponse>(b);
      break;
    case Command::NtCreateAndX:
      if (!empty) must_decode<smb1::NtCreateAndXResponse>(b);
      break;
    case Command::Close: must_decode<smb1::CloseResponse>(b); break;
    case Command::ReadAndX:
      if (!empty) must_decode<smb1::ReadAndXResponse>(b);
      break;
    case Command::Transaction:
      if (!empty) must_decode<smb1::TransResponse>(b);
      break;
    case Command::Transaction2:
      if (!smb1::is_interim_response(b)) must_decode<smb1::Trans2Response>(b);
      break;
    case Command::FindClose2: must_decode<smb1::FindClose2Response>(b); break;
    case Command::WriteAndX:
      if (!empty) must_decode<smb1::WriteAndXResponse>(b);
      break;
    case Command::LockingAndX:
      if (!empty) must_decode<smb1::LockingAndXResponse>(b);
      break;
    case Command::QueryInformation:
      if (!empty) must_decode<smb1::QueryInformationResponse>(b);
      break;
    case Command::QueryInformationDisk:
      if (!empty) must_decode<smb1::QueryInformationDiskResponse>(b);
      break;
    case Command::NtTransact:
      if (!empty) must_decode<smb1::NtTransactResponse>(b);
      break;
    // Commands whose success reply is the empty block, as their error reply is.
    case Command::CreateDirectory:
    case Command::DeleteDirectory:
    case Command::CheckDirectory:
    case Command::Delete:
    case Command::Rename:
    case Command::NtRename:
    case Command::SetInformation:
    case Command::Flush:
      must_decode<smb1::EmptyResponse<Command::Flush>>(b);
      break;
    default:
      // A command smbkit does not serve gets the empty error block.
      FUZZ_CHECK(b.word_count == 0);
      break;
  }
}

// The framed reply to `request` (whose header decoded).
void check_reply(Bytes request, const std::vector<uint8_t>& framed) {
  FUZZ_CHECK(framed.size() >= netbios::kHeaderSize + smb1::kHeaderSize);
  uint8_t raw[netbios::kHeaderSize];
  std::copy(framed.begin(), framed.begin() + netbios::kHeaderSize, raw);
  netbios::FrameHeader frame = netbios::decode_header(raw);
  FUZZ_CHECK(frame.type == netbios::PacketType::SessionMessage);
  FUZZ_CHECK(frame.length == framed.size() - netbios::kHeaderSize);
  Bytes reply = Bytes(framed).subspan(netbios::kHeaderSize);
  auto parsed = smb1::parse_message(reply);
  if (!parsed) {
    std::fprintf(stderr, "reply does not parse: %s\n", status_name(parsed.error()).c_str());
    std::abort();
  }
  ByteReader rr(request);
  auto req = smb1::Header::decode(rr);
  FUZZ_CHECK(req);
  const smb1::Header& h = parsed->header;
  FUZZ_CHECK(h.is_reply());
  FUZZ_CHECK(h.command == req->command && h.mid == req->mid && h.pid() == req->pid());
  for (const smb1::Block& b : parsed->blocks) check_reply_block(b);
}

}  // namespace

void log_on(server::Smb1Processor& p) {
  uint16_t mid = 1;
  auto neg = request(p, request_header(0x72, 0, mid++), [](smb1::MessageWriter& w) {
    smb1::NegotiateRequest{{"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12"}}.encode(w);
  });
  auto negm = smb1::parse_message(neg);
  FUZZ_CHECK(negm && negm->header.status == NtStatus::Success);
  auto resp = smb1::NegotiateResponse::decode(negm->blocks.at(0));
  FUZZ_CHECK(resp && resp->challenge.size() == 8);
  auth::Challenge challenge;
  std::copy(resp->challenge.begin(), resp->challenge.end(), challenge.begin());
  auto responses =
      auth::ntlmv2_responses_for_raw_challenge(kUser, kPassword, "WORKGROUP", challenge);
  auto setup = request(p, request_header(0x73, 0, mid++), [&](smb1::MessageWriter& w) {
    smb1::SessionSetupRequest req;
    req.max_buffer_size = 16644;
    req.max_mpx_count = 50;
    req.capabilities = smb1::kCapUnicode | smb1::kCapNtSmbs | smb1::kCapLargeReadX |
                       smb1::kCapStatus32 | smb1::kCapLargeFiles | smb1::kCapNtFind;
    req.oem_password = responses.lm_response;
    req.unicode_password = responses.nt_response;
    req.account_name = kUser;
    req.primary_domain = "WORKGROUP";
    req.native_os = "fuzz";
    req.encode(w);
  });
  auto setupm = smb1::parse_message(setup);
  FUZZ_CHECK(setupm && setupm->header.status == NtStatus::Success && setupm->header.uid == 1);
}

void run_messages(server::Smb1Processor& p, Bytes input) {
  // SMBKIT_FUZZ_TRACE=1: one line per exchange, to see how deep a corpus input gets.
  static const bool trace = std::getenv("SMBKIT_FUZZ_TRACE") != nullptr;
  for (Bytes message : split_prefixed(input)) {
    std::vector<uint8_t> reply = p.handle(message);
    if (trace && message.size() > 4 && reply.size() >= netbios::kHeaderSize + 9) {
      ByteReader rr(Bytes(reply).subspan(netbios::kHeaderSize + 5));
      std::fprintf(stderr, "  %s -> 0x%08X\n", smb1::command_name(message[4]), rr.u32());
    }
    // A request answered later (NOTIFY_CHANGE pending) or never (NT_CANCEL) has no frame now.
    if (reply.empty() && p.last_answer() != server::Answer::Now) continue;
    if (reply.empty()) {
      // The processor closes a connection only on a message that is not an SMB1 request.
      ByteReader r(message);
      auto h = smb1::Header::decode(r);
      FUZZ_CHECK(!h || h->is_reply());
      return;
    }
    check_reply(message, reply);
  }
}

}  // namespace smbkit::fuzz
