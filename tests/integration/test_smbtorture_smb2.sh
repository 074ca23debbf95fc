#!/usr/bin/env bash
# Samba's smbtorture SMB2 tests (smb2.*) against `smbkit serve` with its default protocol range:
# every subtest marked `pass` in tests/smbtorture/smb2.txt must print "success: NAME"
# (smbtorture_list.sh); smb2.txt says why each other subtest fails, and Samba's result beside.
. "$(dirname "$0")/lib.sh"
TORTURE_LIST=$REPO_ROOT/tests/smbtorture/smb2.txt
TORTURE_OPTIONS=()
. "$IT_DIR/smbtorture_list.sh"
