// What a failed DCE/RPC call becomes for the client's caller: an NTSTATUS, as Windows' own RPC
// runtime and NetApi client report them.
#pragma once

#include <cstdint>

#include "smbkit/status.h"

namespace smbkit::client {

// A NET_API_STATUS / WERROR a call returned (not 0): the NTSTATUS of the same meaning where
// there is one (ERROR_ACCESS_DENIED: STATUS_ACCESS_DENIED, ERROR_INVALID_LEVEL:
// STATUS_INVALID_LEVEL, NERR_NetNameNotFound: STATUS_BAD_NETWORK_NAME, ...), else
// NTSTATUS_FROM_WIN32 (0xC007xxxx).
NtStatus status_from_werror(uint32_t werror);

// A FAULT PDU's status (C706 appendix E, MS-RPCE 2.2.2.13): the RPC_NT_* status Windows
// reports for it (nca_s_op_rng_error: RPC_NT_PROCNUM_OUT_OF_RANGE, nca_s_unk_if:
// RPC_NT_UNKNOWN_IF, RPC_X_BAD_STUB_DATA: RPC_NT_BAD_STUB_DATA, nca_proto_error:
// RPC_NT_PROTOCOL_ERROR, access denied: STATUS_ACCESS_DENIED), RPC_NT_CALL_FAILED for others.
NtStatus status_from_rpc_fault(uint32_t fault);

}  // namespace smbkit::client
