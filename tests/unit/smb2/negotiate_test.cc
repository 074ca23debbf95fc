#include "smb2/negotiate.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> hex(std::string_view s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

// An SMB2 header for `command` (MS-SMB2 2.2.1.2), then `body`.
std::vector<uint8_t> message(std::initializer_list<uint8_t> body, bool response = false) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Negotiate);
  h.flags = response ? uint32_t{kFlagsServerToRedir} : 0u;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

void append(std::vector<uint8_t>& v, std::initializer_list<uint8_t> bytes) {
  v.insert(v.end(), bytes);
}

// `value` encoded after the header of `original` (which it was decoded from).
template <class T>
std::vector<uint8_t> reencode(const std::vector<uint8_t>& original, const T& value) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header::decode(original)->encode(w);
  value.encode(w, 0);
  return out;
}

template <class T>
std::vector<uint8_t> encode_message(const T& value, bool response = false) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Negotiate);
  h.flags = response ? uint32_t{kFlagsServerToRedir} : 0u;
  h.encode(w);
  value.encode(w, 0);
  return out;
}

// The Windows 10 NEGOTIATE request of the Microsoft Open Specifications blog "SMB 3.1.1
// Pre-authentication integrity in Windows 10" (test vectors): five dialects, a
// PREAUTH_INTEGRITY context (SHA-512, 32-byte salt) and an ENCRYPTION context (GCM, CCM).
constexpr std::string_view kWindowsRequest =
    "FE534D4240000100000000000000800000000000000000000100000000000000FFFE000000000000"
    "00000000000000000000000000000000000000000000000024000500000000003F000000ECD86F32"
    "6276024F9F7752B89BB33F3A70000000020000000202100200030203110300000100260000000000"
    "010020000100FA49E6578F1F3A9F4CD3E9CC14A67AA884B3D05844E0E5A118225C15887F32FF0000"
    "0200060000000000020002000100";

// The server's answer in the same blog: 3.1.1, a 320-byte SPNEGO token, two contexts.
constexpr std::string_view kWindowsResponse =
    "FE534D4240000100000000000000010001000000000000000100000000000000FFFE000000000000"
    "000000000000000000000000000000000000000000000000410001001103020039CBCAF329714942"
    "BDCE5D60F09AB3FB2F000000000080000000800000008000D8DAE5ADCBAED00109094AB095AED001"
    "80004001C00100006082013C06062B0601050502A08201303082012CA01A3018060A2B0601040182"
    "3702021E060A2B06010401823702020AA282010C048201084E45474F455854530100000000000000"
    "60000000700000007C7CC0FD06D6362D02DDE1CF343BFE292900F49750B4AA97934D9C4296B26E51"
    "FD370471B235E15A50DAE15BD5489C87000000000000000060000000010000000000000000000000"
    "5C33530DEAF90D4DB2EC4AE3786EC3084E45474F4558545303000000010000004000000098000000"
    "7C7CC0FD06D6362D02DDE1CF343BFE295C33530DEAF90D4DB2EC4AE3786EC3084000000058000000"
    "3056A05430523027802530233121301F06035504031318546F6B656E205369676E696E6720507562"
    "6C6963204B65793027802530233121301F06035504031318546F6B656E205369676E696E67205075"
    "626C6963204B6579010026000000000001002000010060A3C3B95C3C7CCD51EC536648D9B3AC74C4"
    "83CA5B65385A251117BEB30712E50000020004000000000001000200";

TEST(Smb2Negotiate, WindowsRequestDecodesAndEncodesToTheSameBytes) {
  auto bytes = hex(kWindowsRequest);
  auto req = NegotiateRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->dialects, (std::vector<uint16_t>{0x0202, 0x0210, 0x0300, 0x0302, 0x0311}));
  EXPECT_EQ(req->security_mode, 0);
  EXPECT_EQ(req->capabilities, 0x3Fu);
  EXPECT_EQ(req->client_guid[0], 0xEC);
  EXPECT_EQ(req->client_guid[15], 0x3A);
  ASSERT_EQ(req->contexts.size(), 2u);
  auto* preauth = find_context<PreauthIntegrityCapabilities>(req->contexts);
  ASSERT_NE(preauth, nullptr);
  EXPECT_EQ(preauth->hash_algorithms, (std::vector<uint16_t>{kHashAlgorithmSha512}));
  ASSERT_EQ(preauth->salt.size(), 32u);
  EXPECT_EQ(preauth->salt[0], 0xFA);
  EXPECT_EQ(preauth->salt[31], 0xFF);
  auto* enc = find_context<EncryptionCapabilities>(req->contexts);
  ASSERT_NE(enc, nullptr);
  EXPECT_EQ(enc->ciphers, (std::vector<uint16_t>{kCipherAes128Gcm, kCipherAes128Ccm}));
  // Same bytes back: the list at 0x70 after 2 bytes of padding, the second context 8-aligned.
  EXPECT_EQ(reencode(bytes, *req), bytes);
}

TEST(Smb2Negotiate, WindowsResponseDecodesAndEncodesToTheSameBytes) {
  auto bytes = hex(kWindowsResponse);
  auto resp = NegotiateResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->security_mode, kNegotiateSigningEnabled);
  EXPECT_EQ(resp->dialect_revision, kDialect311);
  EXPECT_EQ(resp->capabilities, 0x2Fu);
  EXPECT_EQ(resp->max_transact_size, 0x800000u);
  EXPECT_EQ(resp->max_read_size, 0x800000u);
  EXPECT_EQ(resp->max_write_size, 0x800000u);
  EXPECT_EQ(resp->system_time, 0x01D0AECBADE5DAD8ull);
  EXPECT_EQ(resp->server_start_time, 0x01D0AE95B04A0909ull);
  ASSERT_EQ(resp->security_buffer.size(), 320u);
  EXPECT_EQ(resp->security_buffer[0], 0x60);  // the SPNEGO NegTokenInit's APPLICATION 0 tag
  ASSERT_EQ(resp->contexts.size(), 2u);
  auto* preauth = find_context<PreauthIntegrityCapabilities>(resp->contexts);
  ASSERT_NE(preauth, nullptr);
  EXPECT_EQ(preauth->hash_algorithms.size(), 1u);
  EXPECT_EQ(preauth->salt.size(), 32u);
  auto* enc = find_context<EncryptionCapabilities>(resp->contexts);
  ASSERT_NE(enc, nullptr);
  EXPECT_EQ(enc->ciphers, (std::vector<uint16_t>{kCipherAes128Gcm}));
  EXPECT_EQ(reencode(bytes, *resp), bytes);
}

// Every context type of MS-SMB2 2.2.3.1, in an unusual order, with an unknown one, laid out field
// by field: the list at offset 0x68 right after two dialects (no padding needed: 64 + 36 + 4).
std::vector<uint8_t> all_contexts_request() {
  auto m = message({
      36, 0,                    // StructureSize (2.2.3)
      2, 0,                     // DialectCount
      0x02, 0x00,               // SecurityMode: SIGNING_REQUIRED
      0, 0,                     // Reserved
      0x44, 0, 0, 0,            // Capabilities: LARGE_MTU | ENCRYPTION
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,  // ClientGuid
      0x68, 0, 0, 0,            // NegotiateContextOffset = 104
      8, 0,                     // NegotiateContextCount
      0, 0,                     // Reserved2
      0x11, 0x03, 0x02, 0x03,   // Dialects: 3.1.1, 3.0.2
  });
  append(m, {0x08, 0, 6, 0, 0, 0, 0, 0,   // SIGNING_CAPABILITIES (2.2.3.1.7), DataLength 6
             2, 0, 0x02, 0, 0x01, 0});    // count 2: AES-GMAC, AES-CMAC
  append(m, {0, 0});                      // padding to 8
  append(m, {0x05, 0, 8, 0, 0, 0, 0, 0,   // NETNAME (2.2.3.1.4), DataLength 8
             's', 0, 'r', 0, 'v', 0, '1', 0});
  append(m, {0x06, 0, 4, 0, 0, 0, 0, 0,   // TRANSPORT_CAPABILITIES (2.2.3.1.5)
             0x01, 0, 0, 0});             // SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY
  append(m, {0, 0, 0, 0});
  append(m, {0x03, 0, 12, 0, 0, 0, 0, 0,  // COMPRESSION_CAPABILITIES (2.2.3.1.3)
             2, 0, 0, 0,                  // count 2, Padding
             0x01, 0, 0, 0,               // Flags: CHAINED
             0x05, 0, 0x04, 0});          // LZ4, Pattern_V1
  append(m, {0, 0, 0, 0});
  append(m, {0x07, 0, 12, 0, 0, 0, 0, 0,  // RDMA_TRANSFORM_CAPABILITIES (2.2.3.1.6)
             2, 0, 0, 0, 0, 0, 0, 0,      // count 2, Reserved1, Reserved2
             0x01, 0, 0x02, 0});          // ENCRYPTION, SIGNING
  append(m, {0, 0, 0, 0});
  append(m, {0x42, 0x42, 3, 0, 0, 0, 0, 0,  // an unknown type: kept raw
             0xAA, 0xBB, 0xCC});
  append(m, {0, 0, 0, 0, 0});
  append(m, {0x02, 0, 4, 0, 0, 0, 0, 0,   // ENCRYPTION_CAPABILITIES (2.2.3.1.2)
             1, 0, 0x04, 0});             // AES-256-GCM
  append(m, {0, 0, 0, 0});
  append(m, {0x01, 0, 8, 0, 0, 0, 0, 0,   // PREAUTH_INTEGRITY_CAPABILITIES (2.2.3.1.1)
             1, 0, 2, 0, 0x01, 0,         // 1 algorithm, 2 salt bytes, SHA-512
             0x5A, 0xA5});                // Salt
  return m;
}

TEST(Smb2Negotiate, EveryContextTypeInAnyOrder) {
  auto bytes = all_contexts_request();
  auto req = NegotiateRequest::decode(bytes);
  ASSERT_TRUE(req) << status_name(req.error());
  EXPECT_EQ(req->security_mode, kNegotiateSigningRequired);
  EXPECT_EQ(req->capabilities, kGlobalCapLargeMtu | kGlobalCapEncryption);
  EXPECT_TRUE(req->offers(kDialect311));
  EXPECT_FALSE(req->offers(kDialect202));
  ASSERT_EQ(req->contexts.size(), 8u);
  EXPECT_EQ(std::get<SigningCapabilities>(req->contexts[0]).algorithms,
            (std::vector<uint16_t>{kSigningAesGmac, kSigningAesCmac}));
  EXPECT_EQ(std::get<NetnameContext>(req->contexts[1]).net_name, "srv1");
  EXPECT_EQ(std::get<TransportCapabilities>(req->contexts[2]).flags, kAcceptTransportLevelSecurity);
  const auto& comp = std::get<CompressionCapabilities>(req->contexts[3]);
  EXPECT_EQ(comp.flags, kCompressionCapabilitiesFlagChained);
  EXPECT_EQ(comp.algorithms, (std::vector<uint16_t>{kCompressionLz4, kCompressionPatternV1}));
  EXPECT_EQ(std::get<RdmaTransformCapabilities>(req->contexts[4]).transform_ids,
            (std::vector<uint16_t>{kRdmaTransformEncryption, kRdmaTransformSigning}));
  const auto& raw = std::get<RawNegotiateContext>(req->contexts[5]);
  EXPECT_EQ(raw.type, 0x4242);
  EXPECT_EQ(raw.data, (std::vector<uint8_t>{0xAA, 0xBB, 0xCC}));
  EXPECT_FALSE(is_malformed(req->contexts[5]));
  EXPECT_EQ(std::get<EncryptionCapabilities>(req->contexts[6]).ciphers,
            (std::vector<uint16_t>{kCipherAes256Gcm}));
  const auto& pre = std::get<PreauthIntegrityCapabilities>(req->contexts[7]);
  EXPECT_EQ(pre.salt, (std::vector<uint8_t>{0x5A, 0xA5}));
  EXPECT_EQ(count_contexts(req->contexts, kNegotiateContextPreauthIntegrity), 1u);
  EXPECT_EQ(count_contexts(req->contexts, 0x4242), 1u);
  EXPECT_EQ(context_type(req->contexts[3]), kNegotiateContextCompression);
  // Re-encoded the same way, byte for byte (the hand layout pads exactly as the encoder does).
  EXPECT_EQ(encode_message(*req), bytes);
}

TEST(Smb2Negotiate, DialectCountZeroIsInvalidParameter) {
  // MS-SMB2 3.3.5.4: the server fails DialectCount 0 with STATUS_INVALID_PARAMETER.
  auto m = message({36, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                    13, 14, 15, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x02});
  auto req = NegotiateRequest::decode(m);
  ASSERT_FALSE(req);
  EXPECT_EQ(req.error(), NtStatus::InvalidParameter);
}

TEST(Smb2Negotiate, WithoutDialect311TheContextFieldsAreClientStartTime) {
  // MS-SMB2 2.2.3: without 0x0311 the 8 bytes are ClientStartTime, reserved: garbage is ignored.
  auto m = message({36, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                    13, 14, 15, 16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                    0x02, 0x02, 0x10, 0x02});
  auto req = NegotiateRequest::decode(m);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->dialects, (std::vector<uint16_t>{kDialect202, kDialect210}));
  EXPECT_TRUE(req->contexts.empty());
  EXPECT_EQ(req->security_mode, kNegotiateSigningEnabled);
  auto again = encode_message(*req);
  EXPECT_EQ(again.size(), m.size());
  EXPECT_EQ(again[kHeaderSize + 28], 0);  // written as 0
  auto back = NegotiateRequest::decode(again);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dialects, req->dialects);
}

TEST(Smb2Negotiate, RequestRefusesShortOrWrongBodies) {
  auto good = all_contexts_request();
  // Wrong StructureSize.
  auto bad = good;
  bad[kHeaderSize] = 37;
  EXPECT_EQ(NegotiateRequest::decode(bad).error(), NtStatus::InvalidParameter);
  // Body cut inside the fixed part.
  std::vector<uint8_t> cut(good.begin(), good.begin() + kHeaderSize + 30);
  EXPECT_FALSE(NegotiateRequest::decode(cut));
  // Header only.
  std::vector<uint8_t> header_only(good.begin(), good.begin() + kHeaderSize);
  EXPECT_FALSE(NegotiateRequest::decode(header_only));
  // DialectCount past the end of the message.
  bad = good;
  bad[kHeaderSize + 2] = 0xFF;
  bad[kHeaderSize + 3] = 0xFF;
  EXPECT_FALSE(NegotiateRequest::decode(bad));
}

TEST(Smb2Negotiate, ContextListOutsideTheMessageFails) {
  auto good = all_contexts_request();
  const size_t offset_at = kHeaderSize + 28;
  const size_t count_at = kHeaderSize + 32;
  // NegotiateContextOffset past the end.
  auto bad = good;
  bad[offset_at] = 0xF8;
  bad[offset_at + 1] = 0x0F;
  EXPECT_EQ(NegotiateRequest::decode(bad).error(), NtStatus::InvalidParameter);
  // 0xFFFFFFFF: no overflow in the bounds arithmetic.
  bad = good;
  bad[offset_at] = bad[offset_at + 1] = bad[offset_at + 2] = bad[offset_at + 3] = 0xFF;
  EXPECT_FALSE(NegotiateRequest::decode(bad));
  // Pointing into the Dialects (before their end).
  bad = good;
  bad[offset_at] = 0x60;
  EXPECT_FALSE(NegotiateRequest::decode(bad));
  // One more context than the message holds.
  bad = good;
  bad[count_at] = 9;
  EXPECT_FALSE(NegotiateRequest::decode(bad));
  // The last context's DataLength runs past the end.
  bad = good;
  bad[bad.size() - 8 + 2 - 8] = 9;  // PREAUTH DataLength 8 -> 9
  EXPECT_FALSE(NegotiateRequest::decode(bad));
  // The message ends inside a context header.
  std::vector<uint8_t> cut(good.begin(), good.end() - 12);
  EXPECT_FALSE(NegotiateRequest::decode(cut));
  // The message ends where the padding before the next context should be.
  auto m = message({36, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                    13, 14, 15, 16, 0x68, 0, 0, 0, 2, 0, 0, 0, 0x11, 0x03, 0, 0,
                    0x02, 0, 2, 0, 0, 0, 0, 0, 0, 0});  // an ENCRYPTION context with 0 ciphers
  EXPECT_FALSE(NegotiateRequest::decode(m));
  m.resize(m.size() - 2);  // ... whose DataLength now runs past the end
  EXPECT_FALSE(NegotiateRequest::decode(m));
}

TEST(Smb2Negotiate, MalformedKnownContextsStayRaw) {
  // A PREAUTH context claiming 4 algorithms in 6 bytes of Data, a NETNAME of odd length, and an
  // ENCRYPTION context with CipherCount 0 (well formed: "no common cipher", 3.3.5.4).
  auto m = message({36, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                    13, 14, 15, 16, 0x68, 0, 0, 0, 3, 0, 0, 0, 0x11, 0x03, 0, 0});
  append(m, {0x01, 0, 6, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1, 0});
  append(m, {0, 0});
  append(m, {0x05, 0, 3, 0, 0, 0, 0, 0, 'a', 0, 'b'});
  append(m, {0, 0, 0, 0, 0});
  append(m, {0x02, 0, 2, 0, 0, 0, 0, 0, 0, 0});
  auto req = NegotiateRequest::decode(m);
  ASSERT_TRUE(req) << status_name(req.error());
  ASSERT_EQ(req->contexts.size(), 3u);
  EXPECT_TRUE(is_malformed(req->contexts[0]));
  EXPECT_EQ(context_type(req->contexts[0]), kNegotiateContextPreauthIntegrity);
  EXPECT_TRUE(is_malformed(req->contexts[1]));
  EXPECT_EQ(context_type(req->contexts[1]), kNegotiateContextNetname);
  ASSERT_FALSE(is_malformed(req->contexts[2]));
  EXPECT_TRUE(std::get<EncryptionCapabilities>(req->contexts[2]).ciphers.empty());
  // Raw contexts are written back as they came.
  EXPECT_EQ(encode_message(*req), m);
  EXPECT_EQ(find_context<PreauthIntegrityCapabilities>(req->contexts), nullptr);
}

TEST(Smb2Negotiate, ContextDataParsers) {
  const std::vector<uint8_t> rdma_short = {1, 0, 0, 0};  // TransformCount without its reserves
  EXPECT_TRUE(is_malformed(parse_negotiate_context(kNegotiateContextRdmaTransform, rdma_short)));
  const std::vector<uint8_t> transport_short = {1, 0};
  EXPECT_TRUE(is_malformed(parse_negotiate_context(kNegotiateContextTransport, transport_short)));
  const std::vector<uint8_t> signing = {1, 0, 0, 0, 0xEE};  // a trailing byte is ignored
  auto s = parse_negotiate_context(kNegotiateContextSigning, signing);
  ASSERT_FALSE(is_malformed(s));
  EXPECT_EQ(std::get<SigningCapabilities>(s).algorithms, (std::vector<uint16_t>{kSigningHmacSha256}));
  const std::vector<uint8_t> surrogate = {0x00, 0xD8};
  EXPECT_TRUE(is_malformed(parse_negotiate_context(kNegotiateContextNetname, surrogate)));
  auto reserved = parse_negotiate_context(kNegotiateContextReserved, signing);
  EXPECT_FALSE(is_malformed(reserved));
  EXPECT_EQ(context_type(reserved), kNegotiateContextReserved);
}

TEST(Smb2Negotiate, RequestRoundTripWithoutContexts) {
  NegotiateRequest req;
  req.security_mode = kNegotiateSigningEnabled;
  req.capabilities = kGlobalCapLargeMtu;
  req.client_guid[3] = 9;
  req.dialects = {kDialect311};
  auto bytes = encode_message(req);
  EXPECT_EQ(bytes.size(), kHeaderSize + 36 + 2);
  auto back = NegotiateRequest::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dialects, req.dialects);
  EXPECT_EQ(back->client_guid, req.client_guid);
  EXPECT_TRUE(back->contexts.empty());
}

TEST(Smb2Negotiate, ResponseFor202WithEmptyBuffer) {
  NegotiateResponse resp;
  resp.security_mode = kNegotiateSigningEnabled | kNegotiateSigningRequired;
  resp.dialect_revision = kDialect202;
  resp.max_transact_size = resp.max_read_size = resp.max_write_size = 65536;
  resp.system_time = 0x01D9000000000000ull;
  resp.contexts.push_back(EncryptionCapabilities{{kCipherAes128Ccm}});  // ignored below 3.1.1
  auto bytes = encode_message(resp, true);
  ASSERT_EQ(bytes.size(), kHeaderSize + 64 + 1);  // one Buffer byte: StructureSize 65
  EXPECT_EQ(bytes[kHeaderSize + 56], 128);          // SecurityBufferOffset
  EXPECT_EQ(bytes[kHeaderSize + 58], 0);            // SecurityBufferLength
  EXPECT_EQ(bytes[kHeaderSize + 6], 0);             // NegotiateContextCount: reserved
  auto back = NegotiateResponse::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dialect_revision, kDialect202);
  EXPECT_EQ(back->security_mode, resp.security_mode);
  EXPECT_EQ(back->max_read_size, 65536u);
  EXPECT_EQ(back->system_time, resp.system_time);
  EXPECT_TRUE(back->security_buffer.empty());
  EXPECT_TRUE(back->contexts.empty());
  // The 64-byte fixed part alone (no Buffer byte) is accepted too.
  bytes.pop_back();
  EXPECT_TRUE(NegotiateResponse::decode(bytes));
}

TEST(Smb2Negotiate, ResponseRefusesBadOffsets) {
  auto good = hex(kWindowsResponse);
  const size_t buffer_offset_at = kHeaderSize + 56;
  const size_t buffer_length_at = kHeaderSize + 58;
  const size_t context_offset_at = kHeaderSize + 60;
  auto bad = good;
  bad[buffer_length_at + 1] = 0x7F;  // SecurityBufferLength past the end
  EXPECT_EQ(NegotiateResponse::decode(bad).error(), NtStatus::InvalidParameter);
  bad = good;
  bad[buffer_offset_at] = 0x40;  // SecurityBuffer inside the fixed part
  EXPECT_FALSE(NegotiateResponse::decode(bad));
  bad = good;
  bad[context_offset_at] = 0xB8;  // the context list inside the security buffer
  EXPECT_FALSE(NegotiateResponse::decode(bad));
  bad = good;
  bad[context_offset_at + 2] = 1;  // past the end
  EXPECT_FALSE(NegotiateResponse::decode(bad));
  bad = good;
  bad[kHeaderSize] = 64;  // StructureSize
  EXPECT_FALSE(NegotiateResponse::decode(bad));
  std::vector<uint8_t> cut(good.begin(), good.begin() + kHeaderSize + 63);
  EXPECT_FALSE(NegotiateResponse::decode(cut));
  // Not 3.1.1: the context fields are reserved and not looked at.
  bad = good;
  bad[kHeaderSize + 4] = 0x02;  // DialectRevision 0x0302
  bad[context_offset_at + 3] = 0xFF;
  auto resp = NegotiateResponse::decode(bad);
  ASSERT_TRUE(resp);
  EXPECT_TRUE(resp->contexts.empty());
}

}  // namespace
}  // namespace smbkit::smb2
