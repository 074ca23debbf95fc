#!/usr/bin/env bash
# Samba's smbtorture SMB1 tests (raw.*, base.*) against `smbkit serve`: every subtest marked
# `pass` in tests/smbtorture/smb1.txt must print "success: NAME" (smbtorture_list.sh); smb1.txt
# says why each other subtest fails.
. "$(dirname "$0")/lib.sh"

TORTURE_LIST=$REPO_ROOT/tests/smbtorture/smb1.txt
TORTURE_OPTIONS=(--option='client min protocol=NT1')
. "$IT_DIR/smbtorture_list.sh"
