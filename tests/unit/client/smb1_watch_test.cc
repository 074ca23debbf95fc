// Watching a directory: the directory open, the NOTIFY_CHANGE request's fields, reports handed
// to the sink (in parts, lost track, refused), and stopping with NT_CANCEL.
#include <atomic>

#include <asio/co_spawn.hpp>
#include <asio/post.hpp>
#include <gtest/gtest.h>

#include "logged_on_session.h"
#include "smb1/close.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_create.h"
#include "smb1/nt_transact_notify.h"

namespace smbkit::client {
namespace {

using smb1::Command;
using testing::LoggedOnSessionTest;
using testing::one;
using testing::Replies;
using testing::run;

constexpr uint16_t kDirFid = 0x0042;

struct Report {
  std::vector<Change> changes;
  bool overflow = false;
};

class WatchTest : public LoggedOnSessionTest {
 protected:
  void SetUp() override {
    connect();
    server_.handlers[Command::NtCreateAndX] = [this](const smb1::Message& m) {
      auto req = smb1::NtCreateAndXRequest::decode(m.blocks[0]);
      if (req) opened_ = *req;
      smb1::NtCreateAndXResponse resp;
      resp.fid = kDirFid;
      resp.directory = 1;
      resp.ext_file_attributes = kFileAttributeDirectory;
      return one(reply(Command::NtCreateAndX, NtStatus::Success,
                       [&](smb1::MessageWriter& mw) { resp.encode(mw); }));
    };
    server_.handlers[Command::Close] = [this](const smb1::Message& m) {
      auto req = smb1::CloseRequest::decode(m.blocks[0]);
      closed_fid_ = req ? req->fid : 0;
      return one(reply(Command::Close, NtStatus::Success,
                       [](smb1::MessageWriter& mw) { smb1::CloseResponse{}.encode(mw); }));
    };
  }

  // Answers the n-th NOTIFY_CHANGE with `replies_[n]` (none when past the end: held).
  void serve_notify() {
    server_.handlers[Command::NtTransact] = [this](const smb1::Message& m) -> Replies {
      auto req = smb1::NtTransactRequest::decode(m.blocks[0]);
      if (req) notifies_.push_back(*req);
      size_t n = notifies_.size() - 1;
      if (n < replies_.size()) return replies_[n];
      return {};
    };
  }

  std::vector<uint8_t> notify_reply(const std::vector<fscc::FileNotifyEntry>& entries) {
    smb1::NtTransactResponse resp;
    resp.parameters = fscc::encode_notify_entries(entries);
    resp.total_parameter_count = static_cast<uint32_t>(resp.parameters.size());
    return reply(Command::NtTransact, NtStatus::Success,
                 [&](smb1::MessageWriter& mw) { resp.encode(mw); });
  }

  // Watches until the sink has seen `reports` reports.
  Result<void> watch(size_t reports, WatchOptions options = {}) {
    ChangeSink sink = [this, reports](const std::vector<Change>& changes, bool overflow) {
      seen_.push_back({changes, overflow});
      return seen_.size() < reports;
    };
    return run(io_, session_->watch(testing::kTid, "dir/sub", options, sink, stop_));
  }

  std::atomic<bool> stop_{false};
  std::optional<smb1::NtCreateAndXRequest> opened_;
  uint16_t closed_fid_ = 0;
  std::vector<smb1::NtTransactRequest> notifies_;
  std::vector<Replies> replies_;
  std::vector<Report> seen_;
  uint16_t notify_mid_ = 0;
  uint16_t cancel_mid_ = 1;
  bool cancel_valid_ = false;
};

TEST_F(WatchTest, OpensTheDirectoryAndAsksForItsChanges) {
  serve_notify();
  replies_ = {one(notify_reply({{fscc::kFileActionAdded, "a.txt"},
                                {fscc::kFileActionRenamedOldName, "x\\old"},
                                {fscc::kFileActionRenamedNewName, "x\\new"}}))};
  WatchOptions options;
  options.recursive = true;
  options.buffer_size = 4096;
  auto watched = watch(1, options);
  ASSERT_TRUE(watched) << status_name(watched.error());

  ASSERT_TRUE(opened_);
  EXPECT_EQ(opened_->file_name, "\\dir\\sub");
  EXPECT_EQ(opened_->create_options, kFileDirectoryFile);
  EXPECT_EQ(opened_->create_disposition, kFileOpen);
  EXPECT_EQ(opened_->desired_access, kFileListDirectory | kFileReadAttributes | kSynchronize);

  ASSERT_EQ(notifies_.size(), 1u);
  const auto& req = notifies_[0];
  EXPECT_EQ(req.function, static_cast<uint16_t>(smb1::NtTransactFunction::NotifyChange));
  EXPECT_EQ(req.max_parameter_count, 4096u);
  EXPECT_EQ(req.max_data_count, 0u);
  EXPECT_EQ(req.max_setup_count, 0);
  EXPECT_TRUE(req.parameters.empty());
  EXPECT_TRUE(req.data.empty());
  // Setup: CompletionFilter 0x5F (names, attributes, size, last write, creation), the FID,
  // WatchTree 1.
  EXPECT_EQ(req.setup, (std::vector<uint16_t>{0x005F, 0x0000, kDirFid, 0x0001}));
  EXPECT_EQ(sent(Command::NtTransact).at(0).header.tid, testing::kTid);

  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_FALSE(seen_[0].overflow);
  EXPECT_EQ(seen_[0].changes, (std::vector<Change>{{ChangeAction::Added, "a.txt"},
                                                   {ChangeAction::RenamedOldName, "x/old"},
                                                   {ChangeAction::RenamedNewName, "x/new"}}));
  EXPECT_EQ(closed_fid_, kDirFid);
  EXPECT_EQ(server_.seen, (std::vector<Command>{Command::NtCreateAndX, Command::NtTransact,
                                                Command::Close}));
  auto* event = find_event(Direction::ServerToClient, "SMB_COM_NT_TRANSACT");
  EXPECT_EQ(field(event, "changes"), "3");
}

TEST_F(WatchTest, ReissuesTheRequestAfterEachReport) {
  serve_notify();
  replies_ = {one(notify_reply({{fscc::kFileActionAdded, "1"}})),
              one(notify_reply({{fscc::kFileActionRemoved, "1"}}))};
  ASSERT_TRUE(watch(2));
  EXPECT_EQ(notifies_.size(), 2u);
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[1].changes, (std::vector<Change>{{ChangeAction::Removed, "1"}}));
  EXPECT_EQ(session_->connection().outstanding(), 0u);
}

TEST_F(WatchTest, LostTrackIsAnOverflow) {
  serve_notify();
  replies_ = {one(reply(Command::NtTransact, NtStatus::NotifyEnumDir)),
              one(notify_reply({}))};  // success with nothing listed: the same
  ASSERT_TRUE(watch(2));
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_TRUE(seen_[0].overflow);
  EXPECT_TRUE(seen_[0].changes.empty());
  EXPECT_TRUE(seen_[1].overflow);
}

TEST_F(WatchTest, AReplyInTwoPartsIsAssembled) {
  serve_notify();
  auto whole = fscc::encode_notify_entries({{fscc::kFileActionModified, "long-name.txt"},
                                            {fscc::kFileActionAdded, "b"}});
  Replies parts;
  for (uint32_t displacement : {0u, 20u}) {
    smb1::NtTransactResponse part;
    part.total_parameter_count = static_cast<uint32_t>(whole.size());
    part.parameter_displacement = displacement;
    auto end = displacement == 0 ? whole.begin() + 20 : whole.end();
    part.parameters.assign(whole.begin() + displacement, end);
    parts.push_back(reply(Command::NtTransact, NtStatus::Success,
                          [&](smb1::MessageWriter& mw) { part.encode(mw); }));
  }
  replies_ = {parts};
  ASSERT_TRUE(watch(1));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].changes, (std::vector<Change>{{ChangeAction::Modified, "long-name.txt"},
                                                   {ChangeAction::Added, "b"}}));
}

TEST_F(WatchTest, MoreThanAskedForIsInvalid) {
  serve_notify();
  std::vector<fscc::FileNotifyEntry> many;
  for (int i = 0; i < 10; ++i) many.push_back({fscc::kFileActionAdded, std::string(40, 'x')});
  replies_ = {one(notify_reply(many))};
  WatchOptions options;
  options.buffer_size = 256;
  auto watched = watch(1, options);
  ASSERT_FALSE(watched);
  EXPECT_EQ(watched.error(), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(closed_fid_, kDirFid);  // the directory is closed all the same
}

TEST_F(WatchTest, AMalformedChainIsInvalid) {
  serve_notify();
  auto bytes = fscc::encode_notify_entries({{fscc::kFileActionAdded, "abc"}});
  bytes[8] = 0x7F;  // FileNameLength past the buffer
  smb1::NtTransactResponse resp;
  resp.total_parameter_count = static_cast<uint32_t>(bytes.size());
  resp.parameters = bytes;
  replies_ = {one(reply(Command::NtTransact, NtStatus::Success,
                        [&](smb1::MessageWriter& mw) { resp.encode(mw); }))};
  auto watched = watch(1);
  ASSERT_FALSE(watched);
  EXPECT_EQ(watched.error(), NtStatus::InvalidNetworkResponse);
}

TEST_F(WatchTest, AServerErrorEndsTheWatch) {
  serve_notify();
  replies_ = {one(reply(Command::NtTransact, NtStatus::AccessDenied))};
  auto watched = watch(1);
  ASSERT_FALSE(watched);
  EXPECT_EQ(watched.error(), NtStatus::AccessDenied);
  EXPECT_TRUE(seen_.empty());
}

TEST_F(WatchTest, StopCancelsThePendingRequest) {
  serve_notify();  // holds every request
  // NT_CANCEL: the server answers the cancelled request (same MID) with STATUS_CANCELLED.
  server_.handlers[Command::NtCancel] = [this](const smb1::Message& m) {
    cancel_mid_ = m.header.mid;
    cancel_valid_ = static_cast<bool>(smb1::NtCancelRequest::decode(m.blocks[0]));
    return one(reply(Command::NtTransact, NtStatus::Cancelled));
  };
  // Stop once the request is out, as Client::stop_watch does from another thread.
  auto held = server_.handlers[Command::NtTransact];
  server_.handlers[Command::NtTransact] = [this, held](const smb1::Message& m) {
    notify_mid_ = m.header.mid;
    asio::post(io_, [this] {
      stop_.store(true);
      session_->interrupt_watch();
    });
    return held(m);
  };
  auto watched = watch(100);
  ASSERT_TRUE(watched) << status_name(watched.error());
  EXPECT_TRUE(seen_.empty());
  EXPECT_TRUE(cancel_valid_);
  EXPECT_EQ(cancel_mid_, notify_mid_);
  auto cancel = sent(Command::NtCancel).at(0);
  EXPECT_EQ(cancel.header.tid, testing::kTid);
  EXPECT_EQ(cancel.header.uid, testing::kUid);
  EXPECT_EQ(server_.seen, (std::vector<Command>{Command::NtCreateAndX, Command::NtTransact,
                                                Command::NtCancel, Command::Close}));
  EXPECT_EQ(session_->connection().outstanding(), 0u);
  auto* event = find_event(Direction::ClientToServer, "SMB_COM_NT_CANCEL");
  EXPECT_EQ(field(event, "mid"), std::to_string(notify_mid_));
}

TEST_F(WatchTest, StopBeforeTheStartEndsAtOnce) {
  serve_notify();
  stop_.store(true);
  ASSERT_TRUE(watch(100));
  EXPECT_TRUE(notifies_.empty());
  EXPECT_EQ(server_.seen, (std::vector<Command>{Command::NtCreateAndX, Command::Close}));
}

TEST_F(WatchTest, CancelledWithoutAStopIsAFailure) {
  serve_notify();
  replies_ = {one(reply(Command::NtTransact, NtStatus::Cancelled))};
  auto watched = watch(1);
  ASSERT_FALSE(watched);
  EXPECT_EQ(watched.error(), NtStatus::Cancelled);
}

TEST_F(WatchTest, ChangeActionNames) {
  EXPECT_EQ(change_action_name(ChangeAction::Added), "added");
  EXPECT_EQ(change_action_name(ChangeAction::RenamedOldName), "renamed-from");
  EXPECT_EQ(change_action_name(ChangeAction::RenamedNewName), "renamed-to");
  EXPECT_EQ(change_action_name(static_cast<ChangeAction>(0x42)), "action-0x00000042");
}

}  // namespace
}  // namespace smbkit::client
