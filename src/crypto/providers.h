// OpenSSL 3 provider set-up. MD4, single DES and RC4 live in OpenSSL's "legacy" provider, which is
// not loaded by default; NTLM cannot work without them.
#pragma once

namespace smbkit::crypto {

// Loads the "legacy" and "default" providers into the default library context, once and
// thread-safely. Throws std::runtime_error (naming the provider) if either cannot be loaded, so a
// misconfigured host fails at start-up rather than at the first logon. Every wrapper in this
// layer calls it; a program may call it early to fail fast.
void ensure_providers();

}  // namespace smbkit::crypto
