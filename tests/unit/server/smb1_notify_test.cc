// Requests answered later (doc/architecture.md "A request's path", step 5), through
// NT_TRANSACT_NOTIFY_CHANGE: the processor gives no frame for the pending request, and the reply
// sink receives its answer when a change comes, when NT_CANCEL cancels it, or when its handle is
// closed; changes between two requests are kept for the next.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "smb1/close.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_create.h"
#include "smb1/nt_transact_notify.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;

class Smb1NotifyTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    fs::create_directory(root_ + "/dir");
    processor_->set_reply_sink(io_.get_executor(), [this](std::vector<uint8_t> frame) {
      late_.push_back(std::move(frame));
    });
    negotiate_and_logon();
    tree_connect();
    open_dir();
  }

  smb1::Header header(uint8_t command) { return request_header(command); }

  void open_dir() {
    auto create = exchange(header(0xA2), [](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = kGenericRead;
      req.share_access = kFileShareRead | kFileShareWrite | kFileShareDelete;
      req.create_disposition = kFileOpen;
      req.create_options = kFileDirectoryFile;
      req.file_name = "\\dir";
      req.encode(w);
    });
    ASSERT_EQ(create.header.status, NtStatus::Success);
    fid_ = smb1::NtCreateAndXResponse::decode(create.blocks[0])->fid;
  }

  // A NOTIFY_CHANGE request on the directory; the frame handle() returned.
  std::vector<uint8_t> notify(uint16_t mid, uint32_t filter = fscc::kFileNotifyChangeName,
                              uint32_t max_bytes = 4096) {
    smb1::Header h = header(0xA0);
    h.mid = mid;
    return send(h, [&](smb1::MessageWriter& w) {
      smb1::make_notify_change_request({filter, fid_, false}, max_bytes).encode(w);
    });
  }

  // Runs the loop until the sink holds a frame (or two seconds pass).
  void wait_for_late_reply() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (late_.empty() && std::chrono::steady_clock::now() < until) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(20));
    }
  }

  static std::vector<fscc::FileNotifyEntry> entries_of(const smb1::Message& m) {
    auto resp = smb1::NtTransactResponse::decode(m.blocks[0]);
    EXPECT_TRUE(resp);
    if (!resp) return {};
    auto entries = fscc::decode_notify_entries(resp->parameters);
    EXPECT_TRUE(entries);
    return entries ? *entries : std::vector<fscc::FileNotifyEntry>{};
  }

  asio::io_context io_;
  std::vector<std::vector<uint8_t>> late_;
  uint16_t fid_ = 0;
};

TEST_F(Smb1NotifyTest, PendingUntilAChangeThenAnsweredThroughTheSink) {
  EXPECT_TRUE(notify(100).empty());
  EXPECT_EQ(processor_->last_answer(), Answer::Later);
  std::ofstream(root_ + "/dir/new.txt") << "";
  wait_for_late_reply();
  ASSERT_EQ(late_.size(), 1u);
  auto m = parse(late_[0]);
  EXPECT_EQ(m.header.mid, 100);
  EXPECT_EQ(m.header.status, NtStatus::Success);
  std::vector<fscc::FileNotifyEntry> want{{fscc::kFileActionAdded, "new.txt"}};
  EXPECT_EQ(entries_of(m), want);
}

TEST_F(Smb1NotifyTest, ChangesBetweenRequestsComeAtOnceAndOverflowIsEnumDir) {
  EXPECT_TRUE(notify(100).empty());
  std::ofstream(root_ + "/dir/a") << "";
  wait_for_late_reply();
  ASSERT_EQ(late_.size(), 1u);
  fs::rename(root_ + "/dir/a", root_ + "/dir/b");
  io_.restart();
  io_.run_for(std::chrono::milliseconds(100));
  frames_.push_back(notify(101));
  auto now = parse(frames_.back());
  EXPECT_EQ(now.header.mid, 101);
  std::vector<fscc::FileNotifyEntry> want{{fscc::kFileActionRenamedOldName, "a"},
                                          {fscc::kFileActionRenamedNewName, "b"}};
  EXPECT_EQ(entries_of(now), want);
  // 16 bytes of room: one short name fits; two kept before the next request do not, so the
  // client is told to list the directory (STATUS_NOTIFY_ENUM_DIR).
  late_.clear();
  EXPECT_TRUE(notify(102, fscc::kFileNotifyChangeName, 16).empty());
  std::ofstream(root_ + "/dir/c") << "";
  wait_for_late_reply();
  ASSERT_EQ(late_.size(), 1u);
  std::vector<fscc::FileNotifyEntry> one{{fscc::kFileActionAdded, "c"}};
  EXPECT_EQ(entries_of(parse(late_[0])), one);
  std::ofstream(root_ + "/dir/d") << "";
  std::ofstream(root_ + "/dir/e") << "";
  io_.restart();
  io_.run_for(std::chrono::milliseconds(100));
  frames_.push_back(notify(103, fscc::kFileNotifyChangeName, 16));
  EXPECT_EQ(parse(frames_.back()).header.status, NtStatus::NotifyEnumDir);
}

TEST_F(Smb1NotifyTest, NtCancelAnswersThePendingRequestWithCancelled) {
  EXPECT_TRUE(notify(200).empty());
  smb1::Header h = header(0xA4);
  h.mid = 200;
  EXPECT_TRUE(send(h, [](smb1::MessageWriter& w) { smb1::NtCancelRequest{}.encode(w); }).empty());
  EXPECT_EQ(processor_->last_answer(), Answer::Never);
  wait_for_late_reply();
  ASSERT_EQ(late_.size(), 1u);
  auto m = parse(late_[0]);
  EXPECT_EQ(m.header.mid, 200);
  EXPECT_EQ(m.header.command, 0xA0);
  EXPECT_EQ(m.header.status, NtStatus::Cancelled);
}

TEST_F(Smb1NotifyTest, ClosingTheHandleAnswersNotifyCleanup) {
  EXPECT_TRUE(notify(300).empty());
  auto closed = exchange(header(0x04), [&](smb1::MessageWriter& w) {
    smb1::CloseRequest req;
    req.fid = fid_;
    req.encode(w);
  });
  EXPECT_EQ(closed.header.status, NtStatus::Success);
  ASSERT_EQ(late_.size(), 1u);
  auto m = parse(late_[0]);
  EXPECT_EQ(m.header.mid, 300);
  EXPECT_EQ(m.header.status, NtStatus::NotifyCleanup);
}

TEST_F(Smb1NotifyTest, OtherFunctionsAreNotSupported) {
  auto other = exchange(header(0xA0), [&](smb1::MessageWriter& w) {
    smb1::NtTransactRequest::make(smb1::NtTransactFunction::Ioctl, {0, 0, 0, 0}, {}, {}, 0, 0)
        .encode(w);
  });
  EXPECT_EQ(other.header.status, NtStatus::NotSupported);
}

}  // namespace
}  // namespace smbkit::server
