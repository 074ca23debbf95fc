// A framed reply as a connection sends it: bytes in memory, then optionally a range of a file
// sent from the page cache with sendfile() (READ_ANDX's data, never copied through the server's
// memory). The frame's length field counts both.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "vfs/share_fs.h"

namespace smbkit::server {

struct FileTail {
  std::shared_ptr<vfs::OpenFile> file;  // kept open until sent, whatever the client closes
  uint64_t offset = 0;
  uint64_t length = 0;  // 0: no tail
};

struct Reply {
  std::vector<uint8_t> frame;
  FileTail tail;
  size_t size() const { return frame.size() + tail.length; }
};

// Queues a framed reply for a request answered after its handler returned (or a message of the
// server's own, such as an oplock break); callable from any thread.
using ReplySink = std::function<void(std::vector<uint8_t>)>;

}  // namespace smbkit::server
