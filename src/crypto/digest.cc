#include "crypto/digest.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "crypto/providers.h"

namespace smbkit::crypto {
namespace {

// Fetched once per algorithm; EVP_MD objects are immutable and safe to share between threads.
const EVP_MD* fetch(const char* name) {
  ensure_providers();
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw std::runtime_error(std::string("smbkit: OpenSSL has no digest ") + name);
  return md;
}

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// `first`, when not empty, is hashed before `parts`. `ctx`: a context to run in (re-initialised
// here), or null for one made and freed by this call.
template <size_t N>
std::array<uint8_t, N> digest(const EVP_MD* md, std::initializer_list<Bytes> parts,
                              Bytes first = {}, EVP_MD_CTX* ctx = nullptr) {
  MdCtx own(ctx ? nullptr : EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx) ctx = own.get();
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  bool ok = ctx && EVP_DigestInit_ex2(ctx, md, nullptr) == 1;
  ok = ok && EVP_DigestUpdate(ctx, first.data(), first.size()) == 1;
  for (Bytes part : parts) ok = ok && EVP_DigestUpdate(ctx, part.data(), part.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == N;
  if (!ok) throw std::runtime_error("smbkit: OpenSSL digest failed");
  return out;
}

const EVP_MD* md4_md() {
  static const EVP_MD* md = fetch("MD4");
  return md;
}
const EVP_MD* md5_md() {
  static const EVP_MD* md = fetch("MD5");
  return md;
}
const EVP_MD* sha256_md() {
  static const EVP_MD* md = fetch("SHA256");
  return md;
}
const EVP_MD* sha512_md() {
  static const EVP_MD* md = fetch("SHA512");
  return md;
}

}  // namespace

Md4Digest md4(Bytes data) { return digest<16>(md4_md(), {data}); }
Md5Digest md5(Bytes data) { return digest<16>(md5_md(), {data}); }
Md5Digest md5(std::initializer_list<Bytes> parts) { return digest<16>(md5_md(), parts); }
Sha256Digest sha256(Bytes data) { return digest<32>(sha256_md(), {data}); }
Sha512Digest sha512(Bytes data) { return digest<64>(sha512_md(), {data}); }
Sha512Digest sha512(std::initializer_list<Bytes> parts) { return digest<64>(sha512_md(), parts); }

void PreauthHash::update(Bytes message) { update({message}); }

void PreauthHash::update(std::initializer_list<Bytes> message_parts) {
  // The pre-authentication hash covers public messages only, so its SHA-512 context can be kept
  // per thread and re-initialised each time: 5 updates per SMB 3.1.1 logon each made and freed
  // a context (and its digest state) before.
  thread_local MdCtx ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx) throw std::runtime_error("smbkit: OpenSSL digest failed");
  // The result goes to a temporary first: value_ is also the input.
  value_ = digest<64>(sha512_md(), message_parts, value_, ctx.get());
}

}  // namespace smbkit::crypto
