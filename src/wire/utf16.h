// UTF-8 <-> UTF-16LE conversion for names and strings on the wire.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit {

// Fails with ObjectNameInvalid on unpaired surrogates or an odd byte count.
Result<std::string> utf16le_to_utf8(Bytes utf16);
// Invalid UTF-8 sequences become U+FFFD.
std::vector<uint8_t> utf8_to_utf16le(std::string_view utf8);
// Upper-cases the ASCII letters and the Basic Multilingual Plane letters the C library knows
// (NTLM upper-cases user and domain names before hashing).
std::string to_upper(std::string_view utf8);

}  // namespace smbkit
