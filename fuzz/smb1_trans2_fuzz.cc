// SMB_COM_TRANSACTION2 framing (MS-CIFS 2.2.4.46) and its SECONDARY parts (2.2.4.47), the
// TransactionAssembler that collects a multi-part transaction, and the splitting of a large
// reply into responses that each fit the client's buffer.
#include <optional>

#include "fuzz_support.h"
#include "smb1/trans2.h"
#include "smb1/trans2_parts.h"

using namespace smbkit;
using smb1::Command;
using smb1::TransactionAssembler;

namespace {

struct Snapshot {
  uint32_t total_parameters, total_data;
  bool complete;
  std::vector<uint8_t> parameters, data;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const TransactionAssembler& a) {
  return {a.total_parameter_count(), a.total_data_count(), a.complete(), a.parameters(), a.data()};
}

// A part that fails leaves the assembler as it was; a complete one holds exactly the totals.
template <class Part>
void add_checked(TransactionAssembler& a, const Part& part) {
  Snapshot before = snapshot(a);
  NtStatus st = a.add(part);
  if (st != NtStatus::Success) FUZZ_CHECK(snapshot(a) == before);
  FUZZ_CHECK(a.total_parameter_count() <= before.total_parameters);
  FUZZ_CHECK(a.total_data_count() <= before.total_data);
  if (a.complete()) {
    FUZZ_CHECK(a.parameters().size() == a.total_parameter_count());
    FUZZ_CHECK(a.data().size() == a.total_data_count());
  }
}

smb1::Block first_block(const smb1::Message& m) { return m.blocks.at(0); }

// A server collecting a request: the primary, then SECONDARY parts, one message each.
void assemble_request(Bytes input) {
  auto messages = fuzz::split_prefixed(input);
  if (messages.empty()) return;
  auto m = smb1::parse_message(messages[0]);
  if (!m) return;
  auto primary = smb1::Trans2Request::decode(first_block(*m));
  if (!primary) return;
  TransactionAssembler a(primary->total_parameter_count, primary->total_data_count);
  add_checked(a, *primary);
  for (size_t i = 1; i < messages.size(); ++i) {
    auto sm = smb1::parse_message(messages[i]);
    if (!sm) continue;
    auto part = smb1::Trans2SecondaryRequest::decode(first_block(*sm));
    if (part) add_checked(a, *part);
  }
}

// A client collecting a multi-part reply.
void assemble_reply(Bytes input) {
  std::optional<TransactionAssembler> a;
  for (Bytes message : fuzz::split_prefixed(input)) {
    auto m = smb1::parse_message(message);
    if (!m) continue;
    auto part = smb1::Trans2Response::decode(first_block(*m));
    if (!part) continue;
    if (!a) a.emplace(part->total_parameter_count, part->total_data_count,
                      NtStatus::InvalidNetworkResponse);
    add_checked(*a, *part);
  }
}

// A reply of the sizes the input gives, split for a client buffer it gives: every response must
// fit that buffer, decode, and reassemble to the reply.
void split_reply(Bytes input) {
  ByteReader r(input);
  uint16_t parameter_count = r.u16() % 4096;
  uint16_t data_count = r.u16();
  uint8_t setup_words = r.u8() % 4;
  uint16_t max_buffer = r.u16();
  bool unicode = r.u8() & 1;
  if (!r.ok()) return;
  std::vector<uint8_t> parameters(parameter_count), data(data_count);
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i] = static_cast<uint8_t>(i * 7 + 1);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13 + 5);
  std::vector<uint16_t> setup(setup_words, 0x0001);

  auto parts =
      smb1::split_trans2_response(parameters.size(), data.size(), setup.size(), max_buffer);
  auto responses = smb1::make_trans2_responses(setup, parameters, data, max_buffer);
  FUZZ_CHECK(parts.has_value() == responses.has_value());
  if (!responses) return;
  FUZZ_CHECK(!responses->empty() && responses->size() == parts->size());
  smb1::Header h;
  h.flags = smb1::kFlagsReply;
  h.flags2 = unicode ? smb1::kFlags2Unicode : 0;
  TransactionAssembler a(parameter_count, data_count, NtStatus::InvalidNetworkResponse);
  for (const smb1::Trans2Response& resp : *responses) {
    auto bytes = fuzz::encode_message(h, smb1::Command::Transaction2, resp);
    FUZZ_CHECK(bytes.size() <= std::min<size_t>(max_buffer, 0xFFFF));
    auto m = smb1::parse_message(bytes);
    FUZZ_CHECK(m);
    auto decoded = smb1::Trans2Response::decode(first_block(*m));
    FUZZ_CHECK(decoded);
    FUZZ_CHECK(a.add(*decoded) == NtStatus::Success);
  }
  FUZZ_CHECK(a.complete());
  FUZZ_CHECK(a.parameters() == parameters && a.data() == data);
}

void primary(const smb1::Header& h, const smb1::Block& b) {
  fuzz::roundtrip_block<smb1::Trans2Request, Command::Transaction2>(h, b);
  auto req = smb1::Trans2Request::decode(b);
  if (req) (void)smb1::trans2_subcommand_name(req->subcommand());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  switch (in.selector % 6) {
    case 0: fuzz::for_each_block(in.rest, primary); break;
    case 1:
      fuzz::for_each_block(in.rest,
                           fuzz::roundtrip_block<smb1::Trans2Response, Command::Transaction2>);
      break;
    case 2:
      fuzz::for_each_block(
          in.rest,
          fuzz::roundtrip_block<smb1::Trans2SecondaryRequest, Command::Transaction2Secondary>);
      break;
    case 3: assemble_request(in.rest); break;
    case 4: assemble_reply(in.rest); break;
    case 5: split_reply(in.rest); break;
  }
  return 0;
}
