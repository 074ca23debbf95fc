#include "fscc/access.h"
#include "smbkit/client.h"

namespace smbkit::client {
namespace {

constexpr uint32_t kFileGenericRead = 0x00120089;   // MS-SMB2 2.2.13.1.1 FILE_GENERIC_READ
constexpr uint32_t kFileGenericWrite = 0x00120116;  // and FILE_GENERIC_WRITE
constexpr uint32_t kShareAll = kFileShareRead | kFileShareWrite | kFileShareDelete;

}  // namespace

OpenOptions OpenOptions::replace_file(bool write_through) {
  OpenOptions o;
  o.desired_access = kFileGenericRead | kFileGenericWrite;
  o.share_access = kShareAll;
  o.create_disposition = kFileOverwriteIf;
  o.create_options = kFileNonDirectoryFile;
  if (write_through) o.create_options |= kFileWriteThrough;
  return o;
}

OpenOptions OpenOptions::existing_directory() {
  OpenOptions o;
  o.desired_access = kFileListDirectory | kFileReadAttributes | kSynchronize;
  o.share_access = kShareAll;
  o.create_disposition = kFileOpen;
  o.create_options = kFileDirectoryFile;
  return o;
}

OpenOptions OpenOptions::named_pipe() {
  OpenOptions o;
  o.desired_access = kFileReadData | kFileWriteData | kFileAppendData | kFileReadEa |
                     kFileWriteEa | kFileReadAttributes | kFileWriteAttributes | kReadControl;
  o.share_access = kFileShareRead | kFileShareWrite;
  o.create_disposition = kFileOpen;
  o.create_options = 0;
  return o;
}

}  // namespace smbkit::client
