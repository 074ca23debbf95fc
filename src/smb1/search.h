// The core protocol's directory searches: SMB_COM_SEARCH (0x81, MS-CIFS 2.2.4.58), SMB_COM_FIND
// (0x82, 2.2.4.59), SMB_COM_FIND_UNIQUE (0x83, 2.2.4.60) and SMB_COM_FIND_CLOSE (0x84,
// 2.2.4.61). The four share one request and one response layout: a search continues from the
// 21-byte resume key of an entry it returned, and every entry is a fixed 43-byte
// SMB_Directory_Information with an 8.3 name in the OEM character set.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smb1/message.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.1.1: the BufferFormat byte before a variable block (the resume key, the entries).
inline constexpr uint8_t kBufferFormatVariableBlock = 0x05;

// MS-CIFS 2.2.4.58.1 SMB_Resume_Key. ServerState is the server's to define (smbkit's layout is
// in search_handler.cc); ClientState belongs to the client and comes back as it sent it.
struct ResumeKey {
  static constexpr size_t kSize = 21;
  uint8_t reserved = 0;
  std::array<uint8_t, 16> server_state{};
  std::array<uint8_t, 4> client_state{};

  static ResumeKey decode(ByteReader& r);  // a short reader fails (sticky)
  void encode(ByteWriter& w) const;
  bool operator==(const ResumeKey&) const = default;
};

// MS-CIFS 2.2.4.58.2 SMB_Directory_Information: 43 bytes.
struct DirectoryInformation {
  static constexpr size_t kSize = 43;
  static constexpr size_t kMaxNameLength = 12;  // "8.3": FileName is 12 bytes and a NUL
  ResumeKey resume_key;
  uint8_t file_attributes = 0;  // SMB_FILE_ATTRIBUTES, low byte
  uint16_t last_write_time = 0;  // SMB_TIME
  uint16_t last_write_date = 0;  // SMB_DATE
  uint32_t file_size = 0;        // the low 32 bits of larger sizes
  std::string file_name;         // OEM bytes, at most kMaxNameLength

  // The name is padded with NULs, not with the spaces MS-CIFS describes: smbd does so, and
  // Samba's client (smbtorture) keeps trailing spaces as part of the name. The decoder takes
  // the name up to its first NUL and drops trailing spaces, so it reads both forms.
  static DirectoryInformation decode(ByteReader& r);
  void encode(ByteWriter& w) const;  // a longer name is cut to kMaxNameLength
};

// MS-CIFS 2.2.4.58.1 request, also of FIND (2.2.4.59.1), FIND_UNIQUE (2.2.4.60.1) and
// FIND_CLOSE (2.2.4.61.1): WordCount 2 (MaxCount, SearchAttributes); BufferFormat1 0x04 and
// FileName (an SMB_STRING: UTF-16LE under FLAGS2_UNICODE), BufferFormat2 0x05, ResumeKeyLength
// (0 for a new search, else 21) and the ResumeKey.
struct SearchRequest {
  Command command = Command::Search;  // the block's command: which of the four it is
  uint16_t max_count = 0;
  uint16_t search_attributes = 0;  // SMB_FILE_ATTRIBUTES with SMB_SEARCH_ATTRIBUTE_* bits
  std::string file_name;           // UTF-8; empty in a continuation
  std::optional<ResumeKey> resume_key;

  // InvalidSmb when the block is none of the four commands, WordCount is not 2, ByteCount runs past the message, a BufferFormat is
  // wrong, FileName is unterminated, ResumeKeyLength is neither 0 nor 21 or the key is cut
  // short; ObjectNameInvalid for a name that is not valid UTF-16.
  static Result<SearchRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.58.2 response (2.2.4.59.2, 2.2.4.60.2; FIND_CLOSE's, 2.2.4.61.2, has no
// entries): WordCount 1 (Count); BufferFormat 0x05, DataLength = 43 * Count, the entries.
struct SearchResponse {
  Command command = Command::Search;
  std::vector<DirectoryInformation> entries;

  // InvalidNetworkResponse when the block is none of the four commands, WordCount is not 1, BufferFormat is not 0x05, or DataLength is
  // not 43 * Count or runs past the data.
  static Result<SearchResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// Bytes of a SEARCH response around its entries: the header, WordCount, Count, ByteCount,
// BufferFormat and DataLength. A reply of n entries takes kSearchResponseOverhead + 43 n bytes.
inline constexpr size_t kSearchResponseOverhead = kHeaderSize + 1 + 2 + 2 + 1 + 2;

// Whether `name` can stand as it is in a FileName of SMB_Directory_Information: "." or "..", or
// an 8.3 name (MS-FSCC 2.1.5.2.1) of printable ASCII: a base of 1 to 8 characters and an
// optional extension of 1 to 3 after a single period, none of the characters
// " * + , / : ; < = > ? [ \ ] | or a space.
bool is_8dot3_name(std::string_view name);

}  // namespace smbkit::smb1
