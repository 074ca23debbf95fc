#include "server_smb2_harness.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "auth/ntlm_client.h"
#include "auth/spnego.h"
#include "crypto/smb_keys.h"
#include "fuzz_support.h"
#include "smb2/change_notify.h"
#include "smb2/close.h"
#include "smb2/compound.h"
#include "smb2/create.h"
#include "smb2/echo.h"
#include "smb2/error.h"
#include "smb2/flush.h"
#include "smb2/ioctl.h"
#include "smb2/lock.h"
#include "smb2/logoff.h"
#include "smb2/negotiate.h"
#include "smb2/oplock_break.h"
#include "smb2/query_directory.h"
#include "smb2/query_info.h"
#include "smb2/read.h"
#include "smb2/session_setup.h"
#include "smb2/set_info.h"
#include "smb2/tree.h"
#include "smb2/write.h"
#include "wire/netbios.h"

namespace smbkit::fuzz {
namespace {

namespace fs = std::filesystem;
using smb2::Command;
using smb2::Header;

bool trace_on() {
  static const bool on = std::getenv("SMBKIT_FUZZ_TRACE") != nullptr;
  return on;
}

// ---------------------------------------------------------------------------------------------
// The share.

// path -> content; "/" at the end: a directory; "@" first in the content: a symlink to the rest.
struct SeedEntry {
  const char* path;
  std::string content;
  bool is_dir() const { return std::string_view(path).ends_with('/'); }
  bool is_link() const { return !content.empty() && content[0] == '@'; }
};

const std::vector<SeedEntry>& seed_entries() {
  static const std::vector<SeedEntry> entries = {
      {"hello.txt", "hello, world\n"},
      {"empty.txt", ""},
      {"Mixed Case.TXT", std::string(300, 'x')},
      {"big.bin", std::string(70000, 'b')},
      {"sub/", ""},
      {"sub/inner.txt", "inner\n"},
      {"sub/deeper/", ""},
      {"sub/deeper/leaf.dat", std::string(5000, '\x01')},
      // Symlinks: one inside the share, and three that point out of it (the server must refuse
      // to follow them: DESIGN.md "Security rules").
      {"link_in", "@hello.txt"},
      {"link_out", "@../outside"},
      {"link_sentinel", "@../sentinel.txt"},
      {"sub/link_up", "@../../../sentinel.txt"},
  };
  return entries;
}

constexpr timespec kSeedTime{1700000000, 0};
constexpr timespec kOldTime{1000000000, 0};  // atime of the outside entries, before their mtime

std::string entry_path(const std::string& root, const SeedEntry& e) {
  std::string p = root + "/" + e.path;
  if (e.is_dir()) p.pop_back();
  return p;
}

void set_times(const std::string& path, timespec atime, timespec mtime) {
  timespec times[2] = {atime, mtime};
  utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

// Removes `path` whatever it is, making directories writable on the way.
void remove_tree(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    ::chmod(path.c_str(), 0700);
    std::error_code ec;
    std::vector<std::string> children;
    for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
      children.push_back(it->path().string());
    for (const auto& c : children) remove_tree(c);
    ::rmdir(path.c_str());
  } else {
    ::unlink(path.c_str());
  }
}

void write_entry(const std::string& root, const SeedEntry& e) {
  std::string p = entry_path(root, e);
  struct stat st;
  bool exists = ::lstat(p.c_str(), &st) == 0;
  if (e.is_dir()) {
    if (exists && !S_ISDIR(st.st_mode)) {
      remove_tree(p);
      exists = false;
    }
    if (!exists) ::mkdir(p.c_str(), 0755);
    ::chmod(p.c_str(), 0755);
    // An ACL a security descriptor may have left.
    ::removexattr(p.c_str(), "system.posix_acl_access");
    ::removexattr(p.c_str(), "system.posix_acl_default");
    return;
  }
  if (exists) remove_tree(p);
  if (e.is_link()) {
    if (::symlink(e.content.c_str() + 1, p.c_str()) != 0) {
      std::fprintf(stderr, "fuzz fixture: symlink %s: %s\n", p.c_str(), std::strerror(errno));
      std::abort();
    }
    set_times(p, kSeedTime, kSeedTime);
    return;
  }
  {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << e.content;
  }
  ::chmod(p.c_str(), 0644);
  set_times(p, kSeedTime, kSeedTime);
}

// Directories last: writing the entries inside them changed their times.
void set_directory_times(const std::string& root) {
  for (const auto& e : seed_entries())
    if (e.is_dir()) set_times(entry_path(root, e), kSeedTime, kSeedTime);
  set_times(root, kSeedTime, kSeedTime);
}

struct Stamp {
  bool exists = false;
  ino_t ino = 0;
  mode_t mode = 0;
  nlink_t nlink = 0;
  off_t size = 0;
  timespec atime{}, mtime{}, ctime{};

  static Stamp of(const std::string& path) {
    Stamp s;
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return s;
    s.exists = true;
    s.ino = st.st_ino;
    s.mode = st.st_mode;
    s.nlink = st.st_nlink;
    s.size = st.st_size;
    s.atime = st.st_atim;
    s.mtime = st.st_mtim;
    s.ctime = st.st_ctim;
    return s;
  }
  bool same_change(const Stamp& o) const {
    return exists == o.exists && ino == o.ino && mode == o.mode && nlink == o.nlink &&
           size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
           mtime.tv_nsec == o.mtime.tv_nsec && ctime.tv_sec == o.ctime.tv_sec &&
           ctime.tv_nsec == o.ctime.tv_nsec;
  }
  bool same(const Stamp& o) const {
    return same_change(o) && atime.tv_sec == o.atime.tv_sec && atime.tv_nsec == o.atime.tv_nsec;
  }
};

}  // namespace

struct Smb2Fixture::Snapshot {
  std::vector<std::pair<std::string, Stamp>> outside;  // entries outside the share
  std::vector<Stamp> seeds;                            // by seed_entries() index
  Stamp root;
};

Smb2Fixture::Smb2Fixture() {
  spdlog::set_level(spdlog::level::off);
  char tmpl[] = "/tmp/smbkit-fuzz-smb2-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::perror("fuzz fixture: mkdtemp");
    std::abort();
  }
  base_ = tmpl;
  std::string outer = base_ + "/outer";
  share_ = outer + "/share";
  ::mkdir(outer.c_str(), 0755);
  ::mkdir((outer + "/outside").c_str(), 0755);
  ::mkdir(share_.c_str(), 0755);
  std::ofstream(base_ + "/sentinel.txt") << "outside the share: never to be touched\n";
  std::ofstream(outer + "/sentinel.txt") << "next to the share: never to be touched\n";
  std::ofstream(outer + "/outside/secret.txt") << "secret\n";
  for (const auto& e : seed_entries()) write_entry(share_, e);
  set_directory_times(share_);
  const std::vector<std::string> outside = {base_,
                                            base_ + "/sentinel.txt",
                                            outer,
                                            outer + "/sentinel.txt",
                                            outer + "/outside",
                                            outer + "/outside/secret.txt"};
  for (const auto& p : outside) set_times(p, kOldTime, kSeedTime);

  auto* snap = new Snapshot;
  for (const auto& p : outside) snap->outside.push_back({p, Stamp::of(p)});
  for (const auto& e : seed_entries()) snap->seeds.push_back(Stamp::of(entry_path(share_, e)));
  snap->root = Stamp::of(share_);
  snapshot_ = snap;

  ServerConfig config;
  config.shares.push_back({"data", share_, {}});
  config.users.push_back({kSmb2User, kSmb2Password});
  config.min_protocol = "SMB2_02";
  std::string error;
  shared_ = server::SharedState::create(config, &error);
  if (!shared_) {
    std::fprintf(stderr, "fuzz fixture: %s\n", error.c_str());
    std::abort();
  }
  // The directory goes when the process ends (libFuzzer leaves through exit()).
  static std::string base_copy = base_;
  std::atexit([] { remove_tree(base_copy); });
}

Smb2Fixture& Smb2Fixture::get() {
  static Smb2Fixture* fixture = new Smb2Fixture();
  return *fixture;
}

void Smb2Fixture::restore_share() {
  Snapshot& snap = *snapshot_;
  const auto& entries = seed_entries();
  bool changed = !Stamp::of(share_).same_change(snap.root);
  bool any_dir_changed = changed;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (Stamp::of(entry_path(share_, entries[i])).same_change(snap.seeds[i])) continue;
    changed = true;
    if (entries[i].is_dir()) any_dir_changed = true;
  }
  if (!changed) return;
  ::chmod(share_.c_str(), 0755);
  ::removexattr(share_.c_str(), "system.posix_acl_access");
  ::removexattr(share_.c_str(), "system.posix_acl_default");
  // Seed directories first (in list order a directory precedes what it holds).
  for (size_t i = 0; i < entries.size(); ++i) {
    const SeedEntry& e = entries[i];
    if (!Stamp::of(entry_path(share_, e)).same_change(snap.seeds[i]) || e.is_dir())
      write_entry(share_, e);
  }
  if (any_dir_changed) {
    // What the input added.
    std::set<std::string> known;
    for (const auto& e : entries) known.insert(entry_path(share_, e));
    std::vector<std::string> extra;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(share_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!known.count(it->path().string())) {
        extra.push_back(it->path().string());
        it.disable_recursion_pending();
      }
    }
    for (const auto& p : extra) remove_tree(p);
  }
  set_directory_times(share_);
  for (size_t i = 0; i < entries.size(); ++i)
    snap.seeds[i] = Stamp::of(entry_path(share_, entries[i]));
  snap.root = Stamp::of(share_);
}

void Smb2Fixture::check_outside() const {
  for (const auto& [path, stamp] : snapshot_->outside) {
    Stamp now = Stamp::of(path);
    if (!now.same(stamp)) {
      std::fprintf(stderr,
                   "outside the share, %s changed (exists %d, size %lld, mtime %lld, ctime %lld, "
                   "atime %lld; was %lld %lld %lld): the server escaped the share\n",
                   path.c_str(), now.exists, static_cast<long long>(now.size),
                   static_cast<long long>(now.mtime.tv_sec),
                   static_cast<long long>(now.ctime.tv_sec),
                   static_cast<long long>(now.atime.tv_sec),
                   static_cast<long long>(stamp.mtime.tv_sec),
                   static_cast<long long>(stamp.ctime.tv_sec),
                   static_cast<long long>(stamp.atime.tv_sec));
      std::abort();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The credit window.

bool CreditModel::can_consume(uint64_t id, uint16_t charge) const {
  uint64_t n = std::max<uint16_t>(charge, 1);
  if (id < low_ || id >= high() || n > high() - id) return false;
  for (uint64_t i = id; i < id + n; ++i)
    if (window_[i - low_]) return false;
  return true;
}

void CreditModel::consume(uint64_t id, uint16_t charge) {
  uint64_t n = std::max<uint16_t>(charge, 1);
  for (uint64_t i = id; i < id + n; ++i) window_[i - low_] = true;
  while (!window_.empty() && window_.front()) {
    window_.pop_front();
    ++low_;
  }
}

void CreditModel::grant(uint16_t n) { window_.insert(window_.end(), n, false); }

uint64_t CreditModel::held() const {
  return static_cast<uint64_t>(std::count(window_.begin(), window_.end(), false));
}

uint16_t CreditModel::predicted_grant(uint16_t requested) const {
  uint64_t n = std::min<uint64_t>(requested, room());
  if (n == 0 && held() == 0 && room() > 0) n = 1;
  return static_cast<uint16_t>(n);
}

uint64_t CreditModel::first_free(uint64_t from) const {
  for (uint64_t id = std::max(from, low_); id < high(); ++id)
    if (!window_[id - low_]) return id;
  return high();
}

// ---------------------------------------------------------------------------------------------
// Checking responses.

namespace {

constexpr size_t kCreditChargeOffset = 6;
constexpr size_t kCommandOffset = 12;

uint16_t rd16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
uint32_t rd32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}
void wr16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void wr64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

[[noreturn]] void fail_response(const Header& h, const char* what, NtStatus error) {
  std::fprintf(stderr, "%s response (status %s, MessageId %llu): %s: %s\n",
               smb2::command_name(h.command), status_name(h.status).c_str(),
               static_cast<unsigned long long>(h.message_id), what, status_name(error).c_str());
  std::abort();
}

template <class T>
T must_decode(const Header& h, Bytes message) {
  auto decoded = T::decode(message);
  if (!decoded) fail_response(h, "body does not decode", decoded.error());
  return std::move(*decoded);
}

// The response body as a client reads it, for its command and status; `request` (empty for a
// late reply) bounds what may come back.
void check_body(const Header& h, Bytes message, Bytes request) {
  if (smb2::is_error_response(h.command, h.status)) {
    must_decode<smb2::ErrorResponse>(h, message);
    return;
  }
  switch (static_cast<Command>(h.command)) {
    case Command::Negotiate: must_decode<smb2::NegotiateResponse>(h, message); break;
    case Command::SessionSetup: must_decode<smb2::SessionSetupResponse>(h, message); break;
    case Command::Logoff: must_decode<smb2::LogoffResponse>(h, message); break;
    case Command::TreeConnect: must_decode<smb2::TreeConnectResponse>(h, message); break;
    case Command::TreeDisconnect: must_decode<smb2::TreeDisconnectResponse>(h, message); break;
    case Command::Create: must_decode<smb2::CreateResponse>(h, message); break;
    case Command::Close: must_decode<smb2::CloseResponse>(h, message); break;
    case Command::Flush: must_decode<smb2::FlushResponse>(h, message); break;
    case Command::Read: {
      auto resp = must_decode<smb2::ReadResponse>(h, message);
      if (auto req = smb2::ReadRequest::decode(request)) FUZZ_CHECK(resp.data.size() <= req->length);
      break;
    }
    case Command::Write: {
      auto resp = must_decode<smb2::WriteResponse>(h, message);
      if (auto req = smb2::WriteRequest::decode(request))
        FUZZ_CHECK(resp.count <= req->data.size());
      break;
    }
    case Command::Lock: must_decode<smb2::LockResponse>(h, message); break;
    case Command::Ioctl: {
      auto resp = must_decode<smb2::IoctlResponse>(h, message);
      if (auto req = smb2::IoctlRequest::decode(request)) {
        FUZZ_CHECK(resp.output.size() <= req->max_output_response);
        FUZZ_CHECK(resp.ctl_code == req->ctl_code);
      }
      break;
    }
    case Command::Echo: must_decode<smb2::EchoResponse>(h, message); break;
    case Command::QueryDirectory: {
      auto resp = must_decode<smb2::QueryDirectoryResponse>(h, message);
      if (auto req = smb2::QueryDirectoryRequest::decode(request))
        FUZZ_CHECK(resp.output.size() <= req->output_buffer_length);
      break;
    }
    case Command::ChangeNotify: {
      auto resp = must_decode<smb2::ChangeNotifyResponse>(h, message);
      if (auto req = smb2::ChangeNotifyRequest::decode(request))
        FUZZ_CHECK(resp.output.size() <= req->output_buffer_length);
      break;
    }
    case Command::QueryInfo: {
      auto resp = must_decode<smb2::QueryInfoResponse>(h, message);
      if (auto req = smb2::QueryInfoRequest::decode(request))
        FUZZ_CHECK(resp.output.size() <= req->output_buffer_length);
      break;
    }
    case Command::SetInfo: must_decode<smb2::SetInfoResponse>(h, message); break;
    case Command::OplockBreak: must_decode<smb2::OplockBreak>(h, message); break;
    default:
      // CANCEL has no response; an unknown command fails (with an ERROR body).
      fail_response(h, "a response no request can have", h.status);
  }
}

// The transport header of a framed reply, and its payload.
Bytes unframe(Bytes framed) {
  FUZZ_CHECK(framed.size() >= netbios::kHeaderSize);
  uint8_t raw[netbios::kHeaderSize];
  std::copy(framed.begin(), framed.begin() + netbios::kHeaderSize, raw);
  netbios::FrameHeader frame = netbios::decode_header(raw);
  FUZZ_CHECK(frame.type == netbios::PacketType::SessionMessage);
  FUZZ_CHECK(frame.length == framed.size() - netbios::kHeaderSize);
  return framed.subspan(netbios::kHeaderSize);
}

bool is_validate_negotiate(const Header& h, Bytes message) {
  return h.command == static_cast<uint16_t>(Command::Ioctl) &&
         message.size() >= smb2::kHeaderSize + 8 &&
         rd32(message.data() + smb2::kHeaderSize + 4) == smb2::kFsctlValidateNegotiateInfo;
}

}  // namespace

struct Smb2Client::LateFrames {
  std::mutex mu;
  std::vector<std::vector<uint8_t>> frames;
};

Smb2Client::Smb2Client(server::SharedState& shared)
    : shared_(shared), late_(std::make_shared<LateFrames>()) {
  processor_ = std::make_shared<server::Smb2Processor>(shared);
  processor_->set_reply_sink(io_.get_executor(), [late = late_](std::vector<uint8_t> frame) {
    std::lock_guard lock(late->mu);
    late->frames.push_back(std::move(frame));
  });
}

Smb2Client::~Smb2Client() { disconnect(); }

void Smb2Client::disconnect() {
  if (!processor_) return;
  processor_.reset();
  check_late_replies();
  // The connection's end ends its waits: no lock request or opener is left waiting on it.
  FUZZ_CHECK(shared_.opens.waiting() == 0);
  FUZZ_CHECK(shared_.oplocks.waiting() == 0);
}

void Smb2Client::check_signature(const Header& h, Bytes message) const {
  if (!h.is_signed() || !signer_ || h.session_id != session_id_) return;
  if (!crypto::smb2_verify(*signer_, message)) {
    std::fprintf(stderr, "%s response (MessageId %llu) carries a bad signature\n",
                 smb2::command_name(h.command), static_cast<unsigned long long>(h.message_id));
    std::abort();
  }
}

void Smb2Client::check_response(Bytes request, const Header& rq, Bytes response, bool last) {
  auto decoded = Header::decode(response);
  FUZZ_CHECK(decoded);
  const Header& h = *decoded;
  if (trace_on())
    std::fprintf(stderr, "  %s mid %llu -> %s%s\n", smb2::command_name(rq.command),
                 static_cast<unsigned long long>(rq.message_id), status_name(h.status).c_str(),
                 h.is_async() ? " (interim)" : "");
  FUZZ_CHECK(h.is_response());
  FUZZ_CHECK(h.command == rq.command);
  FUZZ_CHECK(h.message_id == rq.message_id);
  FUZZ_CHECK(last == (h.next_command == 0));
  if (h.status == NtStatus::Pending) {
    FUZZ_CHECK(h.is_async() && h.async_id != 0);
    FUZZ_CHECK(pending_.insert(h.async_id).second);
  } else {
    FUZZ_CHECK(!h.is_async());
  }
  check_body(h, response, request);
  check_signature(h, response);
  // Credits: never past the window's bound (MS-SMB2 3.3.1.2).
  FUZZ_CHECK(h.credits <= credits_.room());
  credits_.grant(h.credits);
  if (rq.command == static_cast<uint16_t>(Command::Negotiate) && h.status == NtStatus::Success) {
    negotiated_ = true;
    auto resp = smb2::NegotiateResponse::decode(response);
    dialect_ = resp->dialect_revision;
    FUZZ_CHECK(dialect_ == smb2::kDialect202 || dialect_ == smb2::kDialect210 ||
               dialect_ == smb2::kDialect300 || dialect_ == smb2::kDialect302 ||
               dialect_ == smb2::kDialect311);
  }
  if (h.session_id == session_id_ || rq.session_id == session_id_) {
    if (rq.command == static_cast<uint16_t>(Command::Logoff) && h.status == NtStatus::Success)
      session_ended_ = true;
    if (rq.command == static_cast<uint16_t>(Command::SessionSetup) &&
        h.status != NtStatus::Success && h.status != NtStatus::MoreProcessingRequired)
      session_may_have_ended_ = true;
  }
  last_responses_.push_back({h, std::vector<uint8_t>(response.begin(), response.end())});
}

void Smb2Client::encrypt_frames(uint16_t tamper) {
  FUZZ_CHECK(cipher_);
  encrypt_ = true;
  tamper_ = tamper;
}

std::vector<uint8_t> Smb2Client::seal(Bytes message) const {
  std::vector<uint8_t> frame(crypto::kSmb2TransformHeaderSize);
  frame.insert(frame.end(), message.begin(), message.end());
  if (message.empty()) {
    // Nothing to encrypt: a bare header, which the server must refuse.
    const uint8_t protocol[] = {0xFD, 'S', 'M', 'B', 0};
    std::copy(std::begin(protocol), std::end(protocol) - 1, frame.begin());
    return frame;
  }
  cipher_->seal(frame);
  if (tamper_ == 1) {
    frame[44] ^= 0x80;  // SessionId: a session that does not exist
  } else if (tamper_ != 0) {
    size_t at = (size_t{tamper_} * 7919) % frame.size();
    frame[at] ^= static_cast<uint8_t>(1u << (tamper_ % 8));
  }
  return frame;
}

std::vector<uint8_t> Smb2Client::unseal(Bytes framed) const {
  Bytes frame = unframe(framed);
  if (frame.size() < 4 || frame[0] != 0xFD) {
    std::fprintf(stderr, "a reply to an encrypted request is not encrypted\n");
    std::abort();
  }
  std::vector<uint8_t> opened(frame.begin(), frame.end());
  FUZZ_CHECK(cipher_->open(opened));
  // Framed again in plaintext, for the checks that follow.
  std::vector<uint8_t> out(netbios::kHeaderSize);
  out.insert(out.end(), opened.begin() + crypto::kSmb2TransformHeaderSize, opened.end());
  auto transport =
      netbios::message_header(static_cast<uint32_t>(out.size() - netbios::kHeaderSize));
  std::copy(transport.begin(), transport.end(), out.begin());
  return out;
}

void Smb2Client::send_frame(Bytes frame) {
  FUZZ_CHECK(!closed_);
  last_responses_.clear();
  std::vector<uint8_t> reply =
      encrypt_ ? processor_->handle(seal(frame)) : processor_->handle(frame);
  // No reply: the connection closes, or the frame held only CANCELs (which have none).
  const bool closed = reply.empty() && processor_->last_answer() == server::Answer::Now;
  if (encrypt_ && !reply.empty()) reply = unseal(reply);
  std::vector<Bytes> responses;
  if (!reply.empty()) {
    Bytes payload = unframe(reply);
    auto split = smb2::split_compound(payload);
    if (!split) {
      std::fprintf(stderr, "reply of %zu bytes does not split as a compound: %s\n",
                   payload.size(), split.error().what());
      std::abort();
    }
    responses = std::move(*split);
  }
  // Walk the requests as the server must (MS-SMB2 3.3.5.2): which must close the connection,
  // and which get a response.
  bool must_close = false;
  bool may_close = false;  // the model cannot tell (a handler may close, a NEGOTIATE's outcome)
  bool negotiate_unknown = false;
  if (encrypt_ && (tamper_ != 0 || session_ended_)) {
    // A transform that does not open, or names a session that is gone (MS-SMB2 3.3.5.2.1.1).
    must_close = true;
  } else if (frame.size() < 4 || frame[0] != 0xFE) {
    must_close = true;
  } else if (auto split = smb2::split_compound(frame, 64); !split) {
    must_close = true;
  } else {
    size_t next = 0;
    for (size_t i = 0; i < split->size(); ++i) {
      Bytes m = (*split)[i];
      auto h = Header::decode(m);
      if (!h || h->is_response()) {
        must_close = true;
        break;
      }
      bool negotiate = h->command == static_cast<uint16_t>(Command::Negotiate);
      if (encrypt_ && session_may_have_ended_) may_close = true;
      if (negotiate_unknown) {
        may_close = true;
      } else if (negotiated_ == negotiate) {
        must_close = true;
        break;
      }
      if (h->command == static_cast<uint16_t>(Command::Cancel)) continue;
      if (!credits_.can_consume(h->message_id, h->credit_charge)) {
        must_close = true;
        break;
      }
      credits_.consume(h->message_id, h->credit_charge);
      if (is_validate_negotiate(*h, m)) may_close = true;
      if (closed) {
        credits_.grant(credits_.predicted_grant(h->credits));
        if (negotiate) negotiate_unknown = true;
        continue;
      }
      if (next >= responses.size()) {
        std::fprintf(stderr, "no response to request %zu (%s) of the frame\n", i,
                     smb2::command_name(h->command));
        std::abort();
      }
      bool last = next + 1 == responses.size();
      check_response(m, *h, responses[next++], last);
    }
    if (!closed && !must_close) FUZZ_CHECK(next == responses.size());
  }
  if (!closed && must_close) {
    std::fprintf(stderr, "the processor answered a frame it must close the connection on\n");
    std::abort();
  }
  if (closed && !must_close && !may_close) {
    std::fprintf(stderr, "the processor closed the connection on a frame it must answer\n");
    std::abort();
  }
  // The client can always send again.
  if (!closed) FUZZ_CHECK(credits_.held() > 0);
  closed_ = closed;
  if (trace_on() && closed) std::fprintf(stderr, "  (connection closed)\n");
  check_late_replies();
}

void Smb2Client::check_late_replies() {
  io_.restart();
  io_.poll();
  std::vector<std::vector<uint8_t>> frames;
  {
    std::lock_guard lock(late_->mu);
    frames.swap(late_->frames);
  }
  for (const auto& f : frames) check_late(f);
}

void Smb2Client::check_late(Bytes framed_bytes) {
  // An encrypted request's late reply comes encrypted too (3.3.4.1.4), and so do oplock
  // breaks on what an encrypted request opened.
  std::vector<uint8_t> framed = encrypt_ ? unseal(framed_bytes)
                                         : std::vector<uint8_t>(framed_bytes.begin(),
                                                                framed_bytes.end());
  Bytes message = unframe(framed);
  auto h = Header::decode(message);
  FUZZ_CHECK(h);
  if (trace_on())
    std::fprintf(stderr, "  late %s async %llu -> %s\n", smb2::command_name(h->command),
                 static_cast<unsigned long long>(h->async_id), status_name(h->status).c_str());
  FUZZ_CHECK(h->is_response());
  FUZZ_CHECK(h->next_command == 0);
  if (h->command == static_cast<uint16_t>(Command::OplockBreak) && h->message_id == smb2::kAnyId) {
    // A break notification of the server's own (MS-SMB2 2.2.23.1).
    FUZZ_CHECK(!h->is_async());
    must_decode<smb2::OplockBreak>(*h, message);
    return;
  }
  FUZZ_CHECK(h->is_async());
  FUZZ_CHECK(h->status != NtStatus::Pending);
  FUZZ_CHECK(h->credits == 0);
  // Each operation answered once, after its interim response (unless the connection closed
  // on the frame that carried the interim response).
  if (!closed_) FUZZ_CHECK(pending_.erase(h->async_id) == 1);
  check_body(*h, message, {});
  check_signature(*h, message);
}

// ---------------------------------------------------------------------------------------------
// Requests.

std::vector<uint8_t> Smb2Client::header_for(Command command, uint16_t charge) {
  Header h;
  h.command = static_cast<uint16_t>(command);
  h.credit_charge = charge;
  h.credits = 64;
  h.message_id = credits_.first_free();
  h.session_id = session_id_;
  h.tree_id = tree_id_;
  h.process_id = 0xFEFF;
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h.encode(w);
  return out;
}

void Smb2Client::finish_request(std::vector<uint8_t>& message) {
  if (sign_requests_ && signer_) crypto::smb2_sign(*signer_, message);
}

Smb2Response Smb2Client::exchange(std::vector<uint8_t> message, NtStatus expected) {
  send_frame(message);
  FUZZ_CHECK(!closed_);
  FUZZ_CHECK(last_responses_.size() == 1);
  Smb2Response r = last_responses_[0];
  if (r.header.status != expected) {
    std::fprintf(stderr, "harness %s: %s, expected %s\n", smb2::command_name(r.header.command),
                 status_name(r.header.status).c_str(), status_name(expected).c_str());
    std::abort();
  }
  return r;
}

void Smb2Client::smb1_upgrade(bool wildcard) {
  std::vector<uint8_t> framed = processor_->answer_smb1_negotiate(wildcard);
  Bytes message = unframe(framed);
  auto h = Header::decode(message);
  FUZZ_CHECK(h && h->is_response() && h->status == NtStatus::Success);
  FUZZ_CHECK(h->message_id == 0);
  auto resp = must_decode<smb2::NegotiateResponse>(*h, message);
  credits_.consume(0, 1);
  FUZZ_CHECK(h->credits <= credits_.room());
  credits_.grant(h->credits);
  FUZZ_CHECK(resp.dialect_revision == (wildcard ? smb2::kDialectWildcard : smb2::kDialect202));
  negotiated_ = !wildcard;
  if (!wildcard) dialect_ = smb2::kDialect202;
}

void Smb2Client::negotiate(Smb2Dialect which, std::vector<uint16_t> ciphers) {
  smb2::NegotiateRequest req;
  req.security_mode = smb2::kNegotiateSigningEnabled;
  req.capabilities = smb2::kGlobalCapDfs | smb2::kGlobalCapLargeMtu;
  if (which == Smb2Dialect::V302 && !ciphers.empty()) req.capabilities |= smb2::kGlobalCapEncryption;
  for (size_t i = 0; i < req.client_guid.size(); ++i)
    req.client_guid[i] = static_cast<uint8_t>(0xC0 + i);
  uint16_t expected = 0;
  switch (which) {
    case Smb2Dialect::V311:
      req.dialects = {smb2::kDialect202, smb2::kDialect210, smb2::kDialect300,
                      smb2::kDialect302, smb2::kDialect311};
      req.contexts.push_back(smb2::PreauthIntegrityCapabilities{
          {smb2::kHashAlgorithmSha512}, std::vector<uint8_t>(32, 0x5A)});
      if (!ciphers.empty()) req.contexts.push_back(smb2::EncryptionCapabilities{ciphers});
      req.contexts.push_back(
          smb2::SigningCapabilities{{smb2::kSigningAesGmac, smb2::kSigningAesCmac}});
      req.contexts.push_back(smb2::NetnameContext{"fuzzserver"});
      expected = smb2::kDialect311;
      break;
    case Smb2Dialect::V302:
      req.dialects = {smb2::kDialect202, smb2::kDialect210, smb2::kDialect300,
                      smb2::kDialect302};
      expected = smb2::kDialect302;
      break;
    case Smb2Dialect::V210:
      req.dialects = {smb2::kDialect202, smb2::kDialect210};
      expected = smb2::kDialect210;
      break;
    case Smb2Dialect::V202:
      req.dialects = {smb2::kDialect202};
      expected = smb2::kDialect202;
      break;
  }
  std::vector<uint8_t> message = request(Command::Negotiate, req, 0);
  auto r = exchange(message);
  auto resp = smb2::NegotiateResponse::decode(r.message);
  FUZZ_CHECK(resp && resp->dialect_revision == expected);
  dialect_ = expected;
  if (expected == smb2::kDialect311) {
    preauth_ = crypto::PreauthHash();
    preauth_.update(message);
    preauth_.update(r.message);
    signing_algorithm_ = crypto::SigningAlgorithm::AesCmac;
    if (const auto* s = smb2::find_context<smb2::SigningCapabilities>(resp->contexts)) {
      FUZZ_CHECK(s->algorithms.size() == 1);
      signing_algorithm_ = static_cast<crypto::SigningAlgorithm>(s->algorithms[0]);
    }
    // The server's choice is one of the ciphers offered, or 0 (MS-SMB2 3.3.5.4).
    const auto* e = smb2::find_context<smb2::EncryptionCapabilities>(resp->contexts);
    FUZZ_CHECK((e != nullptr) == !ciphers.empty());
    if (e) {
      FUZZ_CHECK(e->ciphers.size() == 1);
      cipher_id_ = e->ciphers[0];
      FUZZ_CHECK(cipher_id_ == 0 ||
                 std::find(ciphers.begin(), ciphers.end(), cipher_id_) != ciphers.end());
    }
  } else if (expected >= smb2::kDialect300) {
    signing_algorithm_ = crypto::SigningAlgorithm::AesCmac;
    bool announced = resp->capabilities & smb2::kGlobalCapEncryption;
    FUZZ_CHECK(announced == !ciphers.empty());
    if (announced) cipher_id_ = smb2::kCipherAes128Ccm;
  } else {
    signing_algorithm_ = crypto::SigningAlgorithm::HmacSha256;
  }
}

void Smb2Client::log_on(bool require_signing, bool sign) {
  auth::NtlmClientContext ntlm(kSmb2User, kSmb2Password, "WORKGROUP", "FUZZ");
  smb2::SessionSetupRequest req;
  req.security_mode = smb2::kNegotiateSigningEnabled |
                      (require_signing ? smb2::kNegotiateSigningRequired : 0);
  req.security_buffer = auth::spnego_client_init(ntlm.negotiate());
  std::vector<uint8_t> first = request(Command::SessionSetup, req);
  crypto::PreauthHash session_preauth = preauth_;
  session_preauth.update(first);
  auto r1 = exchange(first, NtStatus::MoreProcessingRequired);
  session_preauth.update(r1.message);
  session_id_ = r1.header.session_id;
  FUZZ_CHECK(session_id_ != 0);
  auto resp1 = smb2::SessionSetupResponse::decode(r1.message);
  FUZZ_CHECK(resp1);
  auto token = auth::decode_spnego(resp1->security_buffer);
  FUZZ_CHECK(token && std::holds_alternative<auth::NegTokenResp>(*token));
  auto& challenge = std::get<auth::NegTokenResp>(*token);
  FUZZ_CHECK(challenge.response_token);
  auto authenticate = ntlm.authenticate(*challenge.response_token);
  FUZZ_CHECK(authenticate);
  req.security_buffer = auth::spnego_response(std::nullopt, *authenticate, false);
  std::vector<uint8_t> second = request(Command::SessionSetup, req);
  session_preauth.update(second);
  auto r2 = exchange(second);
  FUZZ_CHECK(r2.header.session_id == session_id_);
  bool aes256 = cipher_id_ == smb2::kCipherAes256Ccm || cipher_id_ == smb2::kCipherAes256Gcm;
  auto keys = crypto::derive_smb_session_keys(dialect_, ntlm.session_key(),
                                              Bytes(session_preauth.value()), aes256 ? 32 : 16);
  if (cipher_id_ != 0)
    cipher_ = std::make_unique<crypto::SessionCipher>(
        static_cast<crypto::AeadAlgorithm>(cipher_id_), keys.client_to_server,
        keys.server_to_client, session_id_);
  crypto::SigningAlgorithm algorithm =
      dialect_ >= smb2::kDialect300 ? signing_algorithm_ : crypto::SigningAlgorithm::HmacSha256;
  signer_ = crypto::make_signer(algorithm, keys.signing);
  // The final response is signed on 3.1.1 (it protects the pre-auth hash) and when signing is
  // required; it proves the client's keys are the server's.
  if (dialect_ == smb2::kDialect311 || require_signing) {
    FUZZ_CHECK(r2.header.is_signed());
    FUZZ_CHECK(crypto::smb2_verify(*signer_, r2.message));
  }
  sign_requests_ = sign || require_signing;
}

uint32_t Smb2Client::tree_connect(const std::string& share) {
  smb2::TreeConnectRequest req;
  req.path = "\\\\fuzzserver\\" + share;
  auto r = exchange(request(Command::TreeConnect, req));
  FUZZ_CHECK(r.header.tree_id != 0);
  tree_id_ = r.header.tree_id;
  return tree_id_;
}

smb2::FileId Smb2Client::create(const std::string& name, bool directory) {
  smb2::CreateRequest req;
  req.name = name;
  if (directory) {
    req.desired_access = kFileListDirectory | kFileReadAttributes | kSynchronize;
    req.create_options = kFileDirectoryFile;
  } else {
    req.desired_access = kGenericRead | kGenericWrite | kDelete;
    req.create_options = kFileNonDirectoryFile;
    req.requested_oplock_level = smb2::kOplockLevelBatch;
  }
  req.share_access = kFileShareRead | kFileShareWrite | kFileShareDelete;
  req.create_disposition = kFileOpen;
  req.contexts.push_back(
      smb2::CreateContext{smb2::context_name(smb2::kCreateQueryMaximalAccess), {}});
  auto r = exchange(request(Command::Create, req));
  auto resp = smb2::CreateResponse::decode(r.message);
  FUZZ_CHECK(resp);
  return resp->file_id;
}

// ---------------------------------------------------------------------------------------------
// The fuzz phase.

void Smb2Client::fix_up(std::vector<uint8_t>& frame, bool fix_ids) {
  auto split = smb2::split_compound(frame, 64);
  if (!split) return;
  std::vector<size_t> starts;
  for (Bytes m : *split) starts.push_back(static_cast<size_t>(m.data() - frame.data()));
  uint64_t next = credits_.first_free();
  for (size_t i = 0; i < starts.size(); ++i) {
    uint8_t* h = frame.data() + starts[i];
    if (!fix_ids) break;
    if (h[smb2::kFlagsOffset] & smb2::kFlagsServerToRedir) continue;
    if (rd16(h + kCommandOffset) == static_cast<uint16_t>(Command::Cancel)) {
      // A CANCEL names the request sent last.
      wr64(h + smb2::kMessageIdOffset, last_message_id_);
      continue;
    }
    next = credits_.first_free(next);
    uint16_t charge = rd16(h + kCreditChargeOffset);
    uint64_t high = credits_.high();
    if (next < high && std::max<uint64_t>(charge, 1) > high - next) {
      charge = static_cast<uint16_t>(std::min<uint64_t>(high - next, 0xFFFF));
      wr16(h + kCreditChargeOffset, charge);
    }
    wr64(h + smb2::kMessageIdOffset, next);
    last_message_id_ = next;
    next += std::max<uint16_t>(charge, 1);
  }
  if (!sign_requests_ || !signer_) return;
  for (size_t i = 0; i < starts.size(); ++i) {
    uint8_t* h = frame.data() + starts[i];
    uint64_t session = 0;
    for (int b = 0; b < 8; ++b) session |= uint64_t{h[smb2::kSessionIdOffset + b]} << (8 * b);
    bool related = i > 0 && (h[smb2::kFlagsOffset] & smb2::kFlagsRelatedOperations);
    if (session != session_id_ && !related) continue;
    size_t end = i + 1 < starts.size() ? starts[i + 1] : frame.size();
    crypto::smb2_sign(*signer_, std::span<uint8_t>(frame.data() + starts[i], end - starts[i]));
  }
}

void Smb2Client::run_frames(Bytes input, bool fix_ids) {
  for (Bytes piece : split_prefixed(input)) {
    if (closed_) break;
    std::vector<uint8_t> frame(piece.begin(), piece.end());
    fix_up(frame, fix_ids);
    send_frame(frame);
  }
}

}  // namespace smbkit::fuzz
