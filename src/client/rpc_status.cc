#include "client/rpc_status.h"

#include "rpc/pdu.h"

namespace smbkit::client {
namespace {

// MS-ERREF 2.3.1 values with no name in smbkit's status table.
constexpr uint32_t kRpcNtUnknownIf = 0xC0020012;
constexpr uint32_t kRpcNtCallFailed = 0xC002001B;
constexpr uint32_t kRpcNtProtocolError = 0xC002001D;
constexpr uint32_t kRpcNtProcnumOutOfRange = 0xC002002E;
constexpr uint32_t kRpcNtBadStubData = 0xC003000C;
constexpr uint32_t kNtStatusFromWin32 = 0xC0070000;  // FACILITY_NTWIN32 with severity error

constexpr uint32_t kErrorAccessDenied = 5;
constexpr uint32_t kErrorNotEnoughMemory = 8;
constexpr uint32_t kErrorNotSupported = 50;
constexpr uint32_t kErrorInvalidParameter = 87;
constexpr uint32_t kErrorInvalidLevel = 124;
constexpr uint32_t kNerrNetNameNotFound = 2310;

}  // namespace

NtStatus status_from_werror(uint32_t werror) {
  switch (werror) {
    case kErrorAccessDenied: return NtStatus::AccessDenied;
    case kErrorNotEnoughMemory: return NtStatus::NoMemory;
    case kErrorNotSupported: return NtStatus::NotSupported;
    case kErrorInvalidParameter: return NtStatus::InvalidParameter;
    case kErrorInvalidLevel: return NtStatus::InvalidLevel;
    case kNerrNetNameNotFound: return NtStatus::BadNetworkName;
    default: return static_cast<NtStatus>(kNtStatusFromWin32 | (werror & 0xFFFF));
  }
}

NtStatus status_from_rpc_fault(uint32_t fault) {
  switch (fault) {
    case kErrorAccessDenied: return NtStatus::AccessDenied;  // nca_s_fault_access_denied
    case rpc::kFaultRemoteNoMemory: return NtStatus::NoMemory;
    case rpc::kFaultOpRangeError: return static_cast<NtStatus>(kRpcNtProcnumOutOfRange);
    case rpc::kFaultUnknownInterface: return static_cast<NtStatus>(kRpcNtUnknownIf);
    case rpc::kFaultProtocolError: return static_cast<NtStatus>(kRpcNtProtocolError);
    case rpc::kFaultBadStubData: return static_cast<NtStatus>(kRpcNtBadStubData);
    default: return static_cast<NtStatus>(kRpcNtCallFailed);
  }
}

}  // namespace smbkit::client
