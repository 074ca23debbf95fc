// MS-FSCC 2.4 file information classes that describe one file (the query side), shared by SMB1's
// pass-through levels and SMB2 QUERY_INFO. Directory-listing classes are in directory_info.h,
// file-system classes in fs_info_classes.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fscc/file_info.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::fscc {

// MS-FSCC 2.4 FILE_INFORMATION_CLASS values.
enum class FileInfoClass : uint8_t {
  Directory = 1,
  FullDirectory = 2,
  BothDirectory = 3,
  Basic = 4,
  Standard = 5,
  Internal = 6,
  Ea = 7,
  Access = 8,
  Name = 9,
  Rename = 10,
  Link = 11,
  Names = 12,
  Disposition = 13,
  Position = 14,
  FullEa = 15,
  Mode = 16,
  Alignment = 17,
  All = 18,
  Allocation = 19,
  EndOfFile = 20,
  AlternateName = 21,
  Stream = 22,
  Pipe = 23,
  Compression = 28,
  NetworkOpen = 34,
  AttributeTag = 35,
  IdBothDirectory = 37,
  IdFullDirectory = 38,
};

// How names are written: UTF-16LE, as MS-FSCC says, or 8-bit for SMB1 sessions that did not
// negotiate Unicode (smbkit passes its UTF-8 bytes through).
enum class NameCoding : uint8_t { kUtf16, kOem };

// Appends `name` in the coding; returns the bytes written (no terminator).
size_t write_name(ByteWriter& w, std::string_view name, NameCoding coding);
// Reads `nbytes` of name in the coding (UTF-8 out). Fails the reader on invalid UTF-16.
std::string read_name(ByteReader& r, size_t nbytes, NameCoding coding);

inline constexpr size_t kFileBasicInformationSize = 40;
inline constexpr size_t kFileStandardInformationSize = 24;
inline constexpr size_t kFileNetworkOpenInformationSize = 56;
inline constexpr size_t kFileAllInformationFixedSize = 100;  // up to FileNameInformation's name
inline constexpr size_t kFileCompressionInformationSize = 16;

// Each encoder appends one structure.
// MS-FSCC 2.4.7 FileBasicInformation
void encode_file_basic_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC 2.4.41 FileStandardInformation
void encode_file_standard_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC FileInternalInformation: the 64-bit IndexNumber
void encode_file_internal_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC FileEaInformation
void encode_file_ea_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC FileAccessInformation, FilePositionInformation, FileModeInformation,
// FileAlignmentInformation: per-open state
void encode_file_access_information(ByteWriter& w, const OpenInfo& o);
void encode_file_position_information(ByteWriter& w, const OpenInfo& o);
void encode_file_mode_information(ByteWriter& w, const OpenInfo& o);
void encode_file_alignment_information(ByteWriter& w, const OpenInfo& o);
// MS-FSCC 2.1.7 FILE_NAME_INFORMATION (FileNameInformation, FileAlternateNameInformation):
// FileNameLength, then the name without a terminator.
void encode_file_name_information(ByteWriter& w, std::string_view name,
                                  NameCoding coding = NameCoding::kUtf16);
// MS-FSCC 2.4.2 FileAllInformation: basic, standard, internal, EA, access, position, mode,
// alignment and name information, back to back.
void encode_file_all_information(ByteWriter& w, const FileInfo& f, const OpenInfo& o);
// MS-FSCC 2.4.29 FileNetworkOpenInformation
void encode_file_network_open_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC 2.4.43 FileStreamInformation: one "::$DATA" entry for a file, none for a directory
// (smbkit has no named streams).
void encode_file_stream_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC 2.4.6 FileAttributeTagInformation
void encode_file_attribute_tag_information(ByteWriter& w, const FileInfo& f);
// MS-FSCC 2.4.9 FileCompressionInformation: an uncompressed file
void encode_file_compression_information(ByteWriter& w, const FileInfo& f);

// The query classes above by number (Name answers f.name, AlternateName f.short_name).
// InvalidInfoClass for any other class.
Result<std::vector<uint8_t>> encode_file_information(FileInfoClass cls, const FileInfo& f,
                                                     const OpenInfo& open = {});

// Client side: fills `into` with the fields one structure carries. Return false (with the reader
// failed) on a short buffer or a bad name.
bool decode_file_basic_information(ByteReader& r, FileInfo& into);
bool decode_file_standard_information(ByteReader& r, FileInfo& into);
bool decode_file_name_information(ByteReader& r, std::string& name,
                                  NameCoding coding = NameCoding::kUtf16);
bool decode_file_all_information(ByteReader& r, FileInfo& into, OpenInfo* open = nullptr);
bool decode_file_network_open_information(ByteReader& r, FileInfo& into);

// Decodes Basic, Standard, Internal, Ea, Name, AlternateName, All, NetworkOpen or AttributeTag
// into a FileInfo (fields the class lacks stay default). InvalidInfoClass for another class,
// InvalidNetworkResponse for a malformed buffer.
Result<FileInfo> decode_file_information(FileInfoClass cls, Bytes data);

}  // namespace smbkit::fscc
