#include "crypto/session_cipher.h"

#include <algorithm>
#include <stdexcept>

#include "crypto/secure.h"

namespace smbkit::crypto {
namespace {

// MS-SMB2 2.2.41 TRANSFORM_HEADER field offsets.
constexpr size_t kSignatureAt = 4;
constexpr size_t kNonceAt = 20;
constexpr size_t kNonceField = 16;
constexpr size_t kOriginalSizeAt = 36;
constexpr size_t kFlagsAt = 42;
constexpr size_t kSessionIdAt = 44;
constexpr uint8_t kProtocolId[4] = {0xFD, 'S', 'M', 'B'};
constexpr uint16_t kFlagEncrypted = 0x0001;

void put_le(std::span<uint8_t> at, uint64_t v, size_t width) {
  for (size_t i = 0; i < width; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le(std::span<const uint8_t> at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{at[i]} << (8 * i);
  return v;
}

}  // namespace

SessionCipher::SessionCipher(AeadAlgorithm algorithm, Bytes encryption_key, Bytes decryption_key,
                             uint64_t session_id)
    : algorithm_(algorithm),
      session_id_(session_id),
      sealer_(algorithm, encryption_key),
      opener_(algorithm, decryption_key) {
  random_fill(nonce_suffix_);
}

void SessionCipher::seal(std::span<uint8_t> frame) {
  if (frame.size() <= kSmb2TransformHeaderSize ||
      frame.size() - kSmb2TransformHeaderSize > UINT32_MAX)
    throw std::invalid_argument("smbkit: nothing, or too much, to seal");
  std::span<uint8_t> header = frame.first(kSmb2TransformHeaderSize);
  std::span<uint8_t> message = frame.subspan(kSmb2TransformHeaderSize);
  std::fill(header.begin(), header.end(), 0);
  std::copy(std::begin(kProtocolId), std::end(kProtocolId), header.begin());
  put_le(header.subspan(kOriginalSizeAt), message.size(), 4);
  put_le(header.subspan(kFlagsAt), kFlagEncrypted, 2);
  put_le(header.subspan(kSessionIdAt), session_id_, 8);
  std::lock_guard lock(seal_mu_);
  // The nonce: the counter (8 bytes), then this session's random suffix up to the cipher's
  // nonce size (11 bytes for CCM, 12 for GCM); the rest of the field stays zero (2.2.41).
  if (next_nonce_ == 0) throw std::runtime_error("smbkit: a session's nonces are used up");
  std::span<uint8_t> nonce = header.subspan(kNonceAt, kNonceField);
  put_le(nonce, next_nonce_++, 8);
  std::copy_n(nonce_suffix_.begin(), sealer_.nonce_size() - 8, nonce.begin() + 8);
  smb3_encrypt_message(sealer_, header, message);
}

bool SessionCipher::open(std::span<uint8_t> frame) {
  if (frame.size() <= kSmb2TransformHeaderSize) return false;
  Bytes header = Bytes(frame).first(kSmb2TransformHeaderSize);
  std::span<uint8_t> message = frame.subspan(kSmb2TransformHeaderSize);
  if (!std::equal(std::begin(kProtocolId), std::end(kProtocolId), header.begin()) ||
      get_le(header.subspan(kOriginalSizeAt), 4) != message.size() ||
      get_le(header.subspan(kFlagsAt), 2) != kFlagEncrypted ||
      get_le(header.subspan(kSessionIdAt), 8) != session_id_)
    return false;
  // The header from Nonce on is the associated data (3.1.4.3): the tag covers it as received.
  std::lock_guard lock(open_mu_);
  return smb3_decrypt_message(opener_, header, message);
}

}  // namespace smbkit::crypto
