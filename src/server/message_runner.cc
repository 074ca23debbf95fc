#include "server/message_runner.h"

namespace smbkit::server {

void MessageRunner::submit(MessageBuffer message, Place place, const asio::any_io_executor& loop,
                           const Handler& handle, OutcomeSink done) {
  if (on_worker_ == 0 && place != Place::Pool) {
    if (auto outcome = handle(message, place == Place::TryLoop)) {
      done(std::move(*outcome));
      return;
    }
  }
  ++on_worker_;
  // A tracked executor: the loop's run() does not return while a message is on the pool, so the
  // connection (and its open files) ends on the loop before the server says it has stopped.
  auto tracked = asio::prefer(loop, asio::execution::outstanding_work.tracked);
  auto work = [this, tracked, handle, message = std::move(message),
               done = std::move(done)]() mutable {
    Outcome result = std::move(*handle(message, false));
    auto deliver = [this, result = std::move(result), done = std::move(done)]() mutable {
      --on_worker_;
      done(std::move(result));
    };
    asio::post(tracked, std::move(deliver));
  };
  asio::post(worker_, std::move(work));
}

}  // namespace smbkit::server
