// SMB2 file-command codecs (MS-SMB2 2.2.13-2.2.32): CREATE with its create context chain and
// typed contexts, CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL with VALIDATE_NEGOTIATE_INFO and
// NETWORK_INTERFACE_INFO. Input: one selector byte (which decoder, modulo the count below), then
// a whole SMB2 message (64-byte header and body) or, for the payload decoders, their bytes.
#include "fuzz_support_smb2_file.h"
#include "smb2/close.h"
#include "smb2/create.h"
#include "smb2/flush.h"
#include "smb2/ioctl.h"
#include "smb2/lock.h"
#include "smb2/read.h"
#include "smb2/write.h"

using namespace smbkit;
using namespace smbkit::smb2;

namespace {

void contexts_inside(const std::vector<CreateContext>& contexts, Bytes message) {
  for (const CreateContext& c : contexts) {
    FUZZ_CHECK(fuzz::inside(c.name, message) && fuzz::inside(c.data, message));
    FUZZ_CHECK(c.name.size() >= 4);
    // The typed contexts a server answers: their data codecs round-trip too.
    if (c.is(kCreateQueryMaximalAccess)) {
      fuzz::roundtrip_payload<MaximalAccessRequest>(c.data);
      fuzz::roundtrip_payload<MaximalAccessResponse>(c.data);
    } else if (c.is(kCreateQueryOnDiskId)) {
      fuzz::roundtrip_payload<QueryOnDiskIdResponse>(c.data);
    } else if (c.is(kCreateAllocationSize)) {
      (void)decode_allocation_size(c.data);
    }
  }
}

void create_request(Bytes in) {
  fuzz::roundtrip_smb2<CreateRequest>(in, [](const CreateRequest& req, Bytes message) {
    contexts_inside(req.contexts, message);
  });
}

void create_response(Bytes in) {
  fuzz::roundtrip_smb2<CreateResponse>(in, [](const CreateResponse& resp, Bytes message) {
    contexts_inside(resp.contexts, message);
  });
}

void create_context_chain(Bytes in) {
  fuzz::roundtrip_list(in, decode_create_contexts,
                       [](ByteWriter& w, const std::vector<CreateContext>& contexts) {
                         encode_create_contexts(w, contexts);
                       });
  if (auto contexts = decode_create_contexts(in)) contexts_inside(*contexts, in);
}

void read_request(Bytes in) {
  fuzz::roundtrip_smb2<ReadRequest>(in, [](const ReadRequest& req, Bytes message) {
    FUZZ_CHECK(fuzz::inside(req.read_channel_info, message));
  });
}

void read_response(Bytes in) {
  fuzz::roundtrip_smb2<ReadResponse>(in, [](const ReadResponse& resp, Bytes message) {
    FUZZ_CHECK(fuzz::inside(resp.data, message));
  });
  // The body-only encoder (for sendfile) followed by the data must equal the whole encoding.
  if (auto resp = ReadResponse::decode(in)) {
    std::vector<uint8_t> whole = fuzz::encode_smb2(in.first(kHeaderSize), *resp);
    std::vector<uint8_t> split(in.begin(), in.begin() + kHeaderSize);
    ByteWriter w(split);
    encode_read_response_body(w, static_cast<uint32_t>(resp->data.size()), resp->data_remaining,
                              resp->flags);
    if (resp->data.empty())
      w.u8(0);
    else
      w.bytes(resp->data);
    FUZZ_CHECK(split == whole);
  }
}

void write_request(Bytes in) {
  fuzz::roundtrip_smb2<WriteRequest>(in, [](const WriteRequest& req, Bytes message) {
    FUZZ_CHECK(fuzz::inside(req.data, message) && fuzz::inside(req.write_channel_info, message));
  });
}

void lock_request(Bytes in) {
  fuzz::roundtrip_smb2<LockRequest>(in, [](const LockRequest& req, Bytes message) {
    FUZZ_CHECK(!req.locks.empty());
    FUZZ_CHECK(req.locks.size() * LockElement::kSize <= message.size());
  });
}

void ioctl_request(Bytes in) {
  fuzz::roundtrip_smb2<IoctlRequest>(in, [](const IoctlRequest& req, Bytes message) {
    FUZZ_CHECK(fuzz::inside(req.input, message) && fuzz::inside(req.output, message));
    fuzz::roundtrip_payload<ValidateNegotiateInfoRequest>(req.input);
  });
}

void ioctl_response(Bytes in) {
  fuzz::roundtrip_smb2<IoctlResponse>(in, [](const IoctlResponse& resp, Bytes message) {
    FUZZ_CHECK(fuzz::inside(resp.input, message) && fuzz::inside(resp.output, message));
    fuzz::roundtrip_payload<ValidateNegotiateInfoResponse>(resp.output);
    fuzz::roundtrip_list(resp.output, decode_network_interface_info,
                         [](ByteWriter& w, const std::vector<NetworkInterfaceInfo>& list) {
                           encode_network_interface_info(w, list);
                         });
  });
}

void network_interface_info(Bytes in) {
  fuzz::roundtrip_list(in, decode_network_interface_info,
                       [](ByteWriter& w, const std::vector<NetworkInterfaceInfo>& list) {
                         encode_network_interface_info(w, list);
                       });
}

constexpr fuzz::Smb2Check kChecks[] = {
    create_request,                                                  // 0
    create_response,                                                 // 1
    create_context_chain,                                            // 2
    fuzz::roundtrip_smb2<CloseRequest>,                              // 3
    fuzz::roundtrip_smb2<CloseResponse>,                             // 4
    fuzz::roundtrip_smb2<FlushRequest>,                              // 5
    fuzz::roundtrip_smb2<FlushResponse>,                             // 6
    read_request,                                                    // 7
    read_response,                                                   // 8
    write_request,                                                   // 9
    fuzz::roundtrip_smb2<WriteResponse>,                             // 10
    lock_request,                                                    // 11
    fuzz::roundtrip_smb2<LockResponse>,                              // 12
    ioctl_request,                                                   // 13
    ioctl_response,                                                  // 14
    fuzz::roundtrip_payload<ValidateNegotiateInfoRequest>,           // 15
    fuzz::roundtrip_payload<ValidateNegotiateInfoResponse>,          // 16
    network_interface_info,                                          // 17
    fuzz::roundtrip_payload<MaximalAccessRequest>,                   // 18
    fuzz::roundtrip_payload<MaximalAccessResponse>,                  // 19
    fuzz::roundtrip_payload<QueryOnDiskIdResponse>,                  // 20
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_smb2_checks(data, size, kChecks);
  return 0;
}
