// LOCKING_ANDX requests that wait (doc/architecture.md "Waiting"): the processor gives no frame
// for them, the connection's next requests are handled meanwhile, and the reply sink receives
// the LOCKING_ANDX response (MS-CIFS 2.2.4.32.2) or the status the wait ended with.
#include <gtest/gtest.h>

#include <chrono>

#include "smb1/close.h"
#include "smb1/locking.h"
#include "smb1/nt_create.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

constexpr uint8_t kLockingAndX = 0x24;

class Smb1LockingTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    processor_->set_reply_sink(io_.get_executor(), [this](std::vector<uint8_t> frame) {
      late_.push_back(std::move(frame));
    });
    negotiate_and_logon();
    tree_connect();
    holder_ = open_file();
    waiter_ = open_file();
  }

  uint16_t open_file() {
    auto create = exchange(request_header(0xA2), [](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = kGenericRead | kGenericWrite;
      req.share_access = kFileShareRead | kFileShareWrite | kFileShareDelete;
      req.create_disposition = kFileOpenIf;
      req.file_name = "\\locked.txt";
      req.encode(w);
    });
    EXPECT_EQ(create.header.status, NtStatus::Success);
    auto resp = smb1::NtCreateAndXResponse::decode(create.blocks[0]);
    return resp ? resp->fid : 0;
  }

  // LOCKING_ANDX on `fid` of bytes 0..9 (64-bit ranges, PID 1): the frame handle() returned.
  std::vector<uint8_t> locking(uint16_t fid, uint16_t mid, uint32_t timeout, bool unlock = false,
                               uint8_t extra_type = 0) {
    smb1::Header h = request_header(kLockingAndX);
    h.mid = mid;
    return send(h, [&](smb1::MessageWriter& w) {
      smb1::LockingAndXRequest req;
      req.fid = fid;
      req.type_of_lock = smb1::kLockingLargeFiles | extra_type;
      req.timeout = timeout;
      (unlock ? req.unlocks : req.locks).push_back({1, 0, 10});
      req.encode(w);
    });
  }

  NtStatus status_of(const std::vector<uint8_t>& frame) {
    frames_.push_back(frame);
    return parse(frames_.back()).header.status;
  }

  // Runs the loop until the sink holds a frame (or two seconds pass).
  void wait_for_late_reply() {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (late_.empty() && std::chrono::steady_clock::now() < until) {
      io_.restart();
      io_.run_for(std::chrono::milliseconds(20));
    }
  }

  // The one late reply: its MID and command are the waiting request's.
  NtStatus late_status(uint16_t mid) {
    EXPECT_EQ(late_.size(), 1u);
    if (late_.size() != 1) return NtStatus::Success;
    frames_.push_back(late_[0]);
    auto m = parse(frames_.back());
    EXPECT_EQ(m.header.mid, mid);
    EXPECT_EQ(m.header.command, kLockingAndX);
    EXPECT_EQ(m.blocks.size(), 1u);
    if (m.header.status == NtStatus::Success && !m.blocks.empty())
      EXPECT_TRUE(smb1::LockingAndXResponse::decode(m.blocks[0]));
    return m.header.status;
  }

  asio::io_context io_;
  std::vector<std::vector<uint8_t>> late_;
  uint16_t holder_ = 0, waiter_ = 0;
};

TEST_F(Smb1LockingTest, AWaitingLockIsAnsweredWhenTheHolderUnlocks) {
  ASSERT_EQ(status_of(locking(holder_, 10, 0)), NtStatus::Success);
  EXPECT_TRUE(locking(waiter_, 11, 10000).empty());
  EXPECT_EQ(processor_->last_answer(), Answer::Later);
  EXPECT_TRUE(late_.empty());
  // The connection goes on meanwhile: its own unlock is handled and grants the waiter.
  EXPECT_EQ(status_of(locking(holder_, 12, 0, true)), NtStatus::Success);
  EXPECT_EQ(late_status(11), NtStatus::Success);
  EXPECT_EQ(shared_->opens.waiting(), 0u);
}

TEST_F(Smb1LockingTest, ATimeOutAnswersFileLockConflict) {
  ASSERT_EQ(status_of(locking(holder_, 20, 0)), NtStatus::Success);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(locking(waiter_, 21, 100).empty());
  wait_for_late_reply();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(late_status(21), NtStatus::FileLockConflict);
}

TEST_F(Smb1LockingTest, CancelLockAnswersTheWaiterWithFileLockConflict) {
  ASSERT_EQ(status_of(locking(holder_, 30, 0)), NtStatus::Success);
  EXPECT_TRUE(locking(waiter_, 31, smb1::kLockWaitForever).empty());
  EXPECT_EQ(status_of(locking(waiter_, 32, 0, false, smb1::kLockingCancelLock)),
            NtStatus::Success);
  EXPECT_EQ(late_status(31), NtStatus::FileLockConflict);
}

TEST_F(Smb1LockingTest, ClosingTheWaitersHandleAnswersRangeNotLocked) {
  ASSERT_EQ(status_of(locking(holder_, 40, 0)), NtStatus::Success);
  EXPECT_TRUE(locking(waiter_, 41, 10000).empty());
  auto closed = exchange(request_header(0x04), [&](smb1::MessageWriter& w) {
    smb1::CloseRequest req;
    req.fid = waiter_;
    req.encode(w);
  });
  EXPECT_EQ(closed.header.status, NtStatus::Success);
  EXPECT_EQ(late_status(41), NtStatus::RangeNotLocked);
}

}  // namespace
}  // namespace smbkit::server
