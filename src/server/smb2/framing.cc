#include "server/smb2/framing.h"

#include <algorithm>
#include <span>

namespace smbkit::server {

std::vector<uint8_t> frame_smb2(std::vector<uint8_t> frame, crypto::SessionCipher* seal,
                                uint64_t tail_length) {
  if (seal)
    seal->seal(std::span<uint8_t>(frame.data() + netbios::kHeaderSize,
                                  frame.size() - netbios::kHeaderSize));
  auto transport = netbios::message_header(
      static_cast<uint32_t>(frame.size() - netbios::kHeaderSize + tail_length));
  std::copy(transport.begin(), transport.end(), frame.begin());
  return frame;
}

}  // namespace smbkit::server
