// SMB2 NEGOTIATE request (MS-SMB2 2.2.3) and response (2.2.4), with the SMB 3.1.1 negotiate
// context list (2.2.3.1, 2.2.4.1).
//
// Negotiate contexts: each is an 8-byte header (ContextType, DataLength, Reserved) and its Data;
// the first sits at NegotiateContextOffset (counted from the SMB2 header), every later one at the
// first 8-byte aligned offset after the previous one. They may come in any order (2.2.3.1).
// Decoding checks the list's structure strictly: every context header and its DataLength must lie
// inside the message, past the fixed part (and past the Dialects of a request, the security
// buffer of a response), else the whole message fails with kBadRequest. The Data of a known type
// is parsed into its struct; Data that does not parse (too short for its counts, a NETNAME that is
// not UTF-16) is kept as a RawNegotiateContext, as is every unknown type. A server processing the
// list (3.3.5.4) fails a raw context of a type it supports with STATUS_INVALID_PARAMETER and
// ignores the others, so both decisions stay with it. A count of 0 in a context (no hash
// algorithms, no ciphers...) decodes as an empty list: 3.3.5.4 gives those cases their own
// outcomes (STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP, "no common cipher", INVALID_PARAMETER).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.3 / 2.2.4 SecurityMode (16 bits here, 8 bits in SESSION_SETUP with the same values).
inline constexpr uint16_t kNegotiateSigningEnabled = 0x0001;
inline constexpr uint16_t kNegotiateSigningRequired = 0x0002;

// MS-SMB2 2.2.3 / 2.2.4 Capabilities (SMB2_GLOBAL_CAP_*).
inline constexpr uint32_t kGlobalCapDfs = 0x00000001;
inline constexpr uint32_t kGlobalCapLeasing = 0x00000002;
inline constexpr uint32_t kGlobalCapLargeMtu = 0x00000004;
inline constexpr uint32_t kGlobalCapMultiChannel = 0x00000008;
inline constexpr uint32_t kGlobalCapPersistentHandles = 0x00000010;
inline constexpr uint32_t kGlobalCapDirectoryLeasing = 0x00000020;
inline constexpr uint32_t kGlobalCapEncryption = 0x00000040;
inline constexpr uint32_t kGlobalCapNotifications = 0x00000080;

// MS-SMB2 2.2.3.1 ContextType.
inline constexpr uint16_t kNegotiateContextPreauthIntegrity = 0x0001;
inline constexpr uint16_t kNegotiateContextEncryption = 0x0002;
inline constexpr uint16_t kNegotiateContextCompression = 0x0003;
inline constexpr uint16_t kNegotiateContextNetname = 0x0005;
inline constexpr uint16_t kNegotiateContextTransport = 0x0006;
inline constexpr uint16_t kNegotiateContextRdmaTransform = 0x0007;
inline constexpr uint16_t kNegotiateContextSigning = 0x0008;
inline constexpr uint16_t kNegotiateContextReserved = 0x0100;  // ignored on receipt

// MS-SMB2 2.2.3.1.1 HashAlgorithms.
inline constexpr uint16_t kHashAlgorithmSha512 = 0x0001;
// MS-SMB2 2.2.3.1.2 Ciphers.
inline constexpr uint16_t kCipherAes128Ccm = 0x0001;
inline constexpr uint16_t kCipherAes128Gcm = 0x0002;
inline constexpr uint16_t kCipherAes256Ccm = 0x0003;
inline constexpr uint16_t kCipherAes256Gcm = 0x0004;
// MS-SMB2 2.2.3.1.3 Flags and CompressionAlgorithms.
inline constexpr uint32_t kCompressionCapabilitiesFlagNone = 0x00000000;
inline constexpr uint32_t kCompressionCapabilitiesFlagChained = 0x00000001;
inline constexpr uint16_t kCompressionNone = 0x0000;
inline constexpr uint16_t kCompressionLznt1 = 0x0001;
inline constexpr uint16_t kCompressionLz77 = 0x0002;
inline constexpr uint16_t kCompressionLz77Huffman = 0x0003;
inline constexpr uint16_t kCompressionPatternV1 = 0x0004;
inline constexpr uint16_t kCompressionLz4 = 0x0005;
// MS-SMB2 2.2.3.1.5 Flags.
inline constexpr uint32_t kAcceptTransportLevelSecurity = 0x00000001;
// MS-SMB2 2.2.3.1.6 RDMATransformIds.
inline constexpr uint16_t kRdmaTransformNone = 0x0000;
inline constexpr uint16_t kRdmaTransformEncryption = 0x0001;
inline constexpr uint16_t kRdmaTransformSigning = 0x0002;
// MS-SMB2 2.2.3.1.7 SigningAlgorithms.
inline constexpr uint16_t kSigningHmacSha256 = 0x0000;
inline constexpr uint16_t kSigningAesCmac = 0x0001;
inline constexpr uint16_t kSigningAesGmac = 0x0002;

// MS-SMB2 2.2.3.1.1 SMB2_PREAUTH_INTEGRITY_CAPABILITIES: HashAlgorithmCount, SaltLength,
// HashAlgorithms[], Salt. In a response HashAlgorithmCount is 1 (2.2.4.1.1).
struct PreauthIntegrityCapabilities {
  std::vector<uint16_t> hash_algorithms;
  std::vector<uint8_t> salt;
  bool operator==(const PreauthIntegrityCapabilities&) const = default;
};

// MS-SMB2 2.2.3.1.2 SMB2_ENCRYPTION_CAPABILITIES: CipherCount, Ciphers[] (most preferred first).
struct EncryptionCapabilities {
  std::vector<uint16_t> ciphers;
  bool operator==(const EncryptionCapabilities&) const = default;
};

// MS-SMB2 2.2.3.1.3 SMB2_COMPRESSION_CAPABILITIES: CompressionAlgorithmCount, Padding, Flags,
// CompressionAlgorithms[].
struct CompressionCapabilities {
  uint32_t flags = kCompressionCapabilitiesFlagNone;
  std::vector<uint16_t> algorithms;
  bool operator==(const CompressionCapabilities&) const = default;
};

// MS-SMB2 2.2.3.1.4 SMB2_NETNAME_NEGOTIATE_CONTEXT_ID: the server name, UTF-16 (here UTF-8).
struct NetnameContext {
  std::string net_name;
  bool operator==(const NetnameContext&) const = default;
};

// MS-SMB2 2.2.3.1.5 SMB2_TRANSPORT_CAPABILITIES: Flags.
struct TransportCapabilities {
  uint32_t flags = 0;
  bool operator==(const TransportCapabilities&) const = default;
};

// MS-SMB2 2.2.3.1.6 SMB2_RDMA_TRANSFORM_CAPABILITIES: TransformCount, Reserved1, Reserved2,
// RDMATransformIds[].
struct RdmaTransformCapabilities {
  std::vector<uint16_t> transform_ids;
  bool operator==(const RdmaTransformCapabilities&) const = default;
};

// MS-SMB2 2.2.3.1.7 SMB2_SIGNING_CAPABILITIES: SigningAlgorithmCount, SigningAlgorithms[].
struct SigningCapabilities {
  std::vector<uint16_t> algorithms;
  bool operator==(const SigningCapabilities&) const = default;
};

// A context of an unknown type, or of a known type whose Data did not parse: kept as received.
struct RawNegotiateContext {
  uint16_t type = 0;
  std::vector<uint8_t> data;
  bool operator==(const RawNegotiateContext&) const = default;
};

using NegotiateContext =
    std::variant<PreauthIntegrityCapabilities, EncryptionCapabilities, CompressionCapabilities,
                 NetnameContext, TransportCapabilities, RdmaTransformCapabilities,
                 SigningCapabilities, RawNegotiateContext>;

// The ContextType a context is encoded with.
uint16_t context_type(const NegotiateContext& context);
// True for a RawNegotiateContext of one of the types above (its Data was malformed).
bool is_malformed(const NegotiateContext& context);
// How many contexts of `type` the list holds (3.3.5.4 allows one of most types), raw ones included.
size_t count_contexts(const std::vector<NegotiateContext>& contexts, uint16_t type);
// The first context parsed as T, or nullptr.
template <class T>
const T* find_context(const std::vector<NegotiateContext>& contexts) {
  for (const auto& c : contexts)
    if (const T* p = std::get_if<T>(&c)) return p;
  return nullptr;
}

// Parses the Data of one context (never fails: see RawNegotiateContext).
NegotiateContext parse_negotiate_context(uint16_t type, Bytes data);

// Reads `count` contexts from `message`, the first at `offset` (from the header start), which must
// be at least `min_offset`. kBadRequest if a context header or its Data leaves the message.
Result<std::vector<NegotiateContext>> decode_negotiate_contexts(Bytes message, uint64_t offset,
                                                                uint16_t count, size_t min_offset);
// Pads to 8 from header_start before each context and writes it (no padding after the last).
void encode_negotiate_contexts(ByteWriter& w, size_t header_start,
                               const std::vector<NegotiateContext>& contexts);

// MS-SMB2 2.2.3 (StructureSize 36): DialectCount, SecurityMode, Reserved, Capabilities,
// ClientGuid, then NegotiateContextOffset/NegotiateContextCount/Reserved2 when Dialects holds
// 0x0311 (else ClientStartTime, reserved: written 0, ignored), Dialects[], Padding, contexts.
// Decoding fails with kBadRequest (STATUS_INVALID_PARAMETER) when DialectCount is 0: 3.3.5.4
// says the server fails such a request with STATUS_INVALID_PARAMETER. The context list is read
// only when Dialects holds 0x0311; encode() writes `contexts` only then.
struct NegotiateRequest {
  uint16_t security_mode = 0;
  uint32_t capabilities = 0;
  std::array<uint8_t, 16> client_guid{};
  std::vector<uint16_t> dialects;
  std::vector<NegotiateContext> contexts;

  bool offers(uint16_t dialect) const;

  static Result<NegotiateRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.4 (StructureSize 65): SecurityMode, DialectRevision, NegotiateContextCount,
// ServerGuid, Capabilities, MaxTransactSize, MaxReadSize, MaxWriteSize, SystemTime,
// ServerStartTime, SecurityBufferOffset/Length, NegotiateContextOffset, Buffer, Padding, contexts.
// The context fields mean something only when DialectRevision is 0x0311; otherwise they are
// reserved (written 0, ignored) and `contexts` is neither read nor written.
struct NegotiateResponse {
  uint16_t security_mode = kNegotiateSigningEnabled;
  uint16_t dialect_revision = 0;
  std::array<uint8_t, 16> server_guid{};
  uint32_t capabilities = 0;
  uint32_t max_transact_size = 0;
  uint32_t max_read_size = 0;
  uint32_t max_write_size = 0;
  uint64_t system_time = 0;        // FILETIME
  uint64_t server_start_time = 0;  // FILETIME; servers send 0
  std::vector<uint8_t> security_buffer;  // the GSS (SPNEGO) token, or empty
  std::vector<NegotiateContext> contexts;

  static Result<NegotiateResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
