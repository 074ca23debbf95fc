// NT_TRANSACT_QUERY_SECURITY_DESC (MS-CIFS 2.2.7.6) and NT_TRANSACT_SET_SECURITY_DESC (2.2.7.3):
// their parameters, and the descriptor carried as data, through the NT_TRANSACT framing.
#include "smb1/nt_transact_security.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;

fscc::SecurityDescriptor sample_descriptor() {
  fscc::SecurityDescriptor sd;
  sd.owner = fscc::Sid{22, {1, 1000}};
  sd.group = fscc::Sid{22, {2, 1000}};
  fscc::Acl dacl;
  dacl.aces.push_back(fscc::Ace{fscc::kAccessAllowedAceType, 0, 0x120089, fscc::Sid::everyone(),
                                {}});
  sd.dacl = dacl;
  return sd;
}

TEST(QuerySecurityDesc, RequestParametersHaveTheSpecifiedLayout) {
  QuerySecurityDescRequest req{0x4002, fscc::kOwnerSecurityInformation |
                                           fscc::kGroupSecurityInformation |
                                           fscc::kDaclSecurityInformation};
  EXPECT_EQ(req.encode(), (std::vector<uint8_t>{0x02, 0x40, 0, 0, 0x07, 0, 0, 0}));

  auto bytes = build(Command::NtTransact, req.to_transaction(0x10000));
  auto framed = decode_first<NtTransactRequest>(bytes);
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->function, static_cast<uint16_t>(NtTransactFunction::QuerySecurityDesc));
  EXPECT_TRUE(framed->setup.empty());
  EXPECT_EQ(framed->max_parameter_count, 4u);
  EXPECT_EQ(framed->max_data_count, 0x10000u);
  auto back = QuerySecurityDescRequest::decode(framed->parameters);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4002);
  EXPECT_EQ(back->security_information, 7u);
}

TEST(QuerySecurityDesc, ShortParametersAreInvalidSmb) {
  std::vector<uint8_t> seven{0x02, 0x40, 0, 0, 0x07, 0, 0};
  auto req = QuerySecurityDescRequest::decode(seven);
  ASSERT_FALSE(req);
  EXPECT_EQ(req.error(), NtStatus::InvalidSmb);
}

TEST(QuerySecurityDesc, ResponseCarriesLengthNeededAndTheDescriptor) {
  QuerySecurityDescResponse resp;
  resp.descriptor = sample_descriptor();
  resp.length_needed = static_cast<uint32_t>(resp.descriptor->wire_size());
  std::vector<uint8_t> params = resp.encode_parameters();
  std::vector<uint8_t> data = resp.encode_data();
  EXPECT_EQ(params, (std::vector<uint8_t>{static_cast<uint8_t>(data.size()), 0, 0, 0}));

  NtTransactResponse framed;
  framed.parameters = params;
  framed.data = data;
  framed.total_parameter_count = 4;
  framed.total_data_count = static_cast<uint32_t>(data.size());
  auto bytes = build(Command::NtTransact, framed, true, true);
  auto part = decode_first<NtTransactResponse>(bytes);
  ASSERT_TRUE(part);
  auto back = QuerySecurityDescResponse::decode(part->parameters, part->data);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->length_needed, data.size());
  ASSERT_TRUE(back->descriptor);
  EXPECT_EQ(*back->descriptor, sample_descriptor());
}

TEST(QuerySecurityDesc, TooSmallAnswerHasOnlyLengthNeeded) {
  QuerySecurityDescResponse resp;
  resp.length_needed = 0x54;
  EXPECT_TRUE(resp.encode_data().empty());
  auto back = QuerySecurityDescResponse::decode(resp.encode_parameters(), {});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->length_needed, 0x54u);
  EXPECT_FALSE(back->descriptor);
}

TEST(QuerySecurityDesc, MalformedResponsesAreInvalidNetworkResponse) {
  std::vector<uint8_t> three{1, 2, 3};
  auto short_params = QuerySecurityDescResponse::decode(three, {});
  ASSERT_FALSE(short_params);
  EXPECT_EQ(short_params.error(), NtStatus::InvalidNetworkResponse);
  std::vector<uint8_t> params{20, 0, 0, 0};
  std::vector<uint8_t> junk(20, 0xFF);
  auto bad_sd = QuerySecurityDescResponse::decode(params, junk);
  ASSERT_FALSE(bad_sd);
  EXPECT_EQ(bad_sd.error(), NtStatus::InvalidNetworkResponse);
}

TEST(SetSecurityDesc, RequestRoundTripsThroughTheFraming) {
  SetSecurityDescRequest req{0x4003, fscc::kDaclSecurityInformation, sample_descriptor()};
  auto bytes = build(Command::NtTransact, req.to_transaction());
  auto framed = decode_first<NtTransactRequest>(bytes);
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->function, static_cast<uint16_t>(NtTransactFunction::SetSecurityDesc));
  EXPECT_EQ(framed->parameters, (std::vector<uint8_t>{0x03, 0x40, 0, 0, 0x04, 0, 0, 0}));
  EXPECT_EQ(framed->data, sample_descriptor().encode());
  EXPECT_EQ(framed->max_parameter_count, 0u);
  EXPECT_EQ(framed->max_data_count, 0u);
  auto back = SetSecurityDescRequest::decode(*framed);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4003);
  EXPECT_EQ(back->security_information, 4u);
  EXPECT_EQ(back->descriptor, sample_descriptor());
}

TEST(SetSecurityDesc, MalformedPartsFailCleanly) {
  SetSecurityDescRequest req{0x4003, fscc::kDaclSecurityInformation, sample_descriptor()};
  NtTransactRequest framed = req.to_transaction();
  NtTransactRequest short_params = framed;
  short_params.parameters.resize(6);
  auto a = SetSecurityDescRequest::decode(short_params);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), NtStatus::InvalidSmb);
  NtTransactRequest cut = framed;
  cut.data.resize(cut.data.size() - 1);
  auto b = SetSecurityDescRequest::decode(cut);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error(), NtStatus::InvalidParameter);
  NtTransactRequest none = framed;
  none.data.clear();
  EXPECT_FALSE(SetSecurityDescRequest::decode(none));
}

}  // namespace
}  // namespace smbkit::smb1
