#include "crypto/providers.h"

#include <openssl/err.h>
#include <openssl/provider.h>

#include <stdexcept>
#include <string>

namespace smbkit::crypto {
namespace {

[[noreturn]] void provider_failure(const char* name) {
  char detail[256] = "no OpenSSL error queued";
  if (unsigned long e = ERR_get_error()) ERR_error_string_n(e, detail, sizeof detail);
  throw std::runtime_error(std::string("smbkit: cannot load the OpenSSL \"") + name +
                           "\" provider (needed for MD4/DES/RC4 in NTLM; check OPENSSL_MODULES "
                           "and that legacy.so is installed): " +
                           detail);
}

struct Providers {
  // Loading any provider explicitly stops OpenSSL from loading "default" implicitly, so both are
  // loaded. The handles are kept for the life of the process.
  Providers() {
    legacy = OSSL_PROVIDER_load(nullptr, "legacy");
    if (!legacy) provider_failure("legacy");
    deflt = OSSL_PROVIDER_load(nullptr, "default");
    if (!deflt) provider_failure("default");
  }
  OSSL_PROVIDER* legacy = nullptr;
  OSSL_PROVIDER* deflt = nullptr;
};

}  // namespace

void ensure_providers() {
  static const Providers providers;  // C++ guarantees one thread-safe initialisation
  (void)providers;
}

}  // namespace smbkit::crypto
