#include "auth/passdb_tdb.h"

#include <fcntl.h>
#include <tdb.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace smbkit::auth {
namespace {

int feed(tdb_context*, TDB_DATA key, TDB_DATA value, void* reader) {
  static_cast<TdbsamReader*>(reader)->add(Bytes(key.dptr, key.dsize),
                                          Bytes(value.dptr, value.dsize));
  return 0;  // go on
}

}  // namespace

tl::expected<TdbsamContents, std::string> load_tdbsam(const std::string& path) {
  auto failed = [&](const std::string& why) {
    return tl::unexpected("tdbsam " + path + ": " + why);
  };
  errno = 0;
  std::unique_ptr<tdb_context, int (*)(tdb_context*)> db(
      tdb_open(path.c_str(), 0, TDB_DEFAULT, O_RDONLY, 0), tdb_close);
  if (!db)
    return failed(errno != 0 ? std::strerror(errno)
                             : std::string("cannot be opened as a TDB file"));
  TdbsamReader reader;
  if (tdb_traverse_read(db.get(), feed, &reader) < 0)
    return failed(std::string("cannot be read: ") + tdb_errorstr(db.get()));
  auto contents = std::move(reader).finish();
  if (!contents) return failed(contents.error());
  return contents;
}

}  // namespace smbkit::auth
