#include "client/smb1_session.h"

#include <algorithm>

#include "client/tcp_transport.h"
#include "smb1/header.h"

namespace smbkit::client {
namespace {

constexpr uint32_t kLargeReadSize = 1024 * 1024;
constexpr uint32_t kSmallTransferSize = 60 * 1024;
// A READ_ANDX reply around its data: header, WordCount, 12 words, ByteCount, one pad byte.
constexpr uint32_t kReadReplyOverhead = smb1::kHeaderSize + 1 + 24 + 2 + 1;
// A WRITE_ANDX request around its data: header, WordCount, 14 words, ByteCount, one pad byte.
constexpr uint32_t kWriteRequestOverhead = smb1::kHeaderSize + 1 + 28 + 2 + 1;
// MS-CIFS 2.2.4.52.2: MaxBufferSize is at least 1024 for NT LM 0.12.
constexpr uint32_t kMinMaxBufferSize = 1024;
// Frame lengths: RFC 1002's 17 bits on the NetBIOS session service, 24 on direct TCP.
constexpr uint32_t kNetbiosMaxFrame = 0x1FFFF;
constexpr uint32_t kDirectMaxFrame = 0xFFFFFF;
constexpr uint64_t kMaxBytesInFlight = 8 * 1024 * 1024;
constexpr size_t kMaxReadsInFlight = 16;

}  // namespace

Smb1Session::Smb1Session(std::unique_ptr<Transport> transport, Tracer& tracer,
                         ClientOptions options)
    : options_(std::move(options)), conn_(std::move(transport), tracer, options_.reply_timeout) {
  if (options_.workstation.empty()) options_.workstation = local_netbios_name();
}

asio::awaitable<Result<std::unique_ptr<Smb1Session>>> Smb1Session::start(ClientOptions options,
                                                                         Tracer& tracer) {
  if (options.dialect != "NT1" && options.dialect != "nt1") co_return fail(NtStatus::NotSupported);
  if (options.workstation.empty()) options.workstation = local_netbios_name();
  TcpTarget target{options.host, options.port, options.netbios, options.workstation,
                   options.reply_timeout};
  auto transport = co_await connect_tcp(target, tracer);
  if (!transport) co_return fail(transport.error());
  auto session = std::make_unique<Smb1Session>(std::move(*transport), tracer, std::move(options));
  if (auto negotiated = co_await session->negotiate(); !negotiated)
    co_return fail(negotiated.error());
  if (auto logged_on = co_await session->logon(); !logged_on) co_return fail(logged_on.error());
  co_return std::move(session);
}

uint32_t Smb1Session::max_read_size() const {
  if (server_.capabilities & smb1::kCapLargeReadX) {
    // Whole 64 KiB units that fit the transport's frame with the reply around them: 64 KiB on
    // the NetBIOS session service (as Samba's smbclient reads there).
    uint32_t frame = options_.netbios ? kNetbiosMaxFrame : kDirectMaxFrame;
    return std::min(kLargeReadSize, (frame - kReadReplyOverhead) & ~uint32_t{0xFFFF});
  }
  uint32_t buffer = std::max(server_.max_buffer_size, kMinMaxBufferSize);
  return std::min(kSmallTransferSize, buffer - kReadReplyOverhead);
}

uint32_t Smb1Session::max_write_size() const {
  if (server_.capabilities & smb1::kCapLargeWriteX) {
    // Whole 64 KiB units within the NetBIOS session service's 17-bit length, whatever the
    // transport: servers hold SMB1 requests to it (Samba 4.17 drops the connection on a larger
    // one, while it sends larger READ_ANDX replies).
    return (kNetbiosMaxFrame - kWriteRequestOverhead) & ~uint32_t{0xFFFF};
  }
  uint32_t buffer = std::max(server_.max_buffer_size, kMinMaxBufferSize);
  return std::min(kSmallTransferSize, buffer - kWriteRequestOverhead);
}

size_t Smb1Session::transfer_window(uint32_t size) const {
  size_t by_bytes = static_cast<size_t>(kMaxBytesInFlight / std::max<uint32_t>(size, 1));
  size_t by_mpx = std::max<size_t>(server_.max_mpx_count, 1);
  return std::clamp<size_t>(std::min(by_bytes, by_mpx), 1, kMaxReadsInFlight);
}

bool Smb1Session::unicode() const { return conn_.flags2() & smb1::kFlags2Unicode; }

}  // namespace smbkit::client
