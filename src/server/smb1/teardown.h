// Closing what hangs off a tree or a session, in one place for TREE_DISCONNECT, LOGOFF_ANDX and
// the end of a connection.
#pragma once

#include "server/smb1/state.h"

namespace smbkit::server {

inline void disconnect_tree(Smb1State& st, uint16_t tid) {
  if (st.notify) st.notify->forget_tree(tid);
  for (auto& [fid, file] : st.files)
    if (file.tid == tid && file.pipe) file.pipe->close();
  st.files.erase_if([tid](const Smb1File& f) { return f.tid == tid; });
  st.searches.erase_if([tid](const Smb1Search& s) { return s.tid == tid; });
  st.trees.erase(tid);
}

inline void logoff_session(Smb1State& st, uint16_t uid) {
  std::vector<uint16_t> tids;
  for (auto& [tid, tree] : st.trees)
    if (tree.uid == uid) tids.push_back(tid);
  for (uint16_t tid : tids) disconnect_tree(st, tid);
  st.sessions.erase(uid);
}

}  // namespace smbkit::server
