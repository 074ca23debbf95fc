#include "rpc/ndr.h"

#include <gtest/gtest.h>

#include "rpc_test_util.h"

namespace smbkit::rpc {
namespace {

using test::hex;

TEST(RpcNdr, PrimitivesAreAlignedToTheirSizeFromTheStubStart) {
  // C706 14.2.2: u8 at 0, u16 at 2, u32 at 4, u64 at 8, u8 at 16, u32 at 20.
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.u8(0x11);
  w.u16(0x2222);
  w.u32(0x33333333);
  w.u64(0x4444444444444444);
  w.u8(0x55);
  w.u32(0x66666666);
  EXPECT_EQ(out, hex("11 00 2222 33333333 4444444444444444 55 000000 66666666"));

  NdrReader r(out);
  EXPECT_EQ(r.u8(), 0x11);
  EXPECT_EQ(r.u16(), 0x2222);
  EXPECT_EQ(r.u32(), 0x33333333u);
  EXPECT_EQ(r.u64(), 0x4444444444444444u);
  EXPECT_EQ(r.u8(), 0x55);
  EXPECT_EQ(r.u32(), 0x66666666u);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(RpcNdr, WriterAlignsFromItsOwnStartNotTheBuffers) {
  std::vector<uint8_t> out = {0xAA};  // a header before the stub
  NdrWriter w(out);
  w.u8(1);
  w.u32(2);
  EXPECT_EQ(out, hex("AA 01 000000 02000000"));
}

TEST(RpcNdr, StringIsConformantVaryingWithTheNulCounted) {
  // C706 14.3.4.2: max_count 3, offset 0, actual_count 3, "ab" and a NUL unit.
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.wstring("ab");
  EXPECT_EQ(out, hex("03000000 00000000 03000000 6100 6200 0000"));
  NdrReader r(out);
  EXPECT_EQ(r.wstring(), "ab");
  EXPECT_TRUE(r.ok());

  std::vector<uint8_t> empty;
  NdrWriter we(empty);
  we.wstring("");
  EXPECT_EQ(empty, hex("01000000 00000000 01000000 0000"));
  NdrReader re(empty);
  EXPECT_EQ(re.wstring(), "");
  EXPECT_TRUE(re.ok());
}

TEST(RpcNdr, StringAcceptsMaxCountAboveActualCount) {
  auto in = hex("08000000 00000000 02000000 5800 0000");
  NdrReader r(in);
  EXPECT_EQ(r.wstring(), "X");
  EXPECT_TRUE(r.ok());
}

TEST(RpcNdr, MalformedStringsAreRefused) {
  const char* bad[] = {
      "03000000 01000000 02000000 6100 0000",  // offset not 0
      "01000000 00000000 02000000 6100 0000",  // actual_count > max_count
      "00000000 00000000 00000000",            // no NUL at all
      "02000000 00000000 02000000 6100 6200",  // last unit not NUL
      "ffffffff 00000000 ffffff7f 6100 0000",  // actual_count past the data
      "03000000 00000000 03000000 6100",       // cut short
      "02000000 00000000 02000000 00d8 0000",  // unpaired surrogate
  };
  for (const char* h : bad) {
    auto in = hex(h);
    NdrReader r(in);
    EXPECT_EQ(r.wstring(), "") << h;
    EXPECT_FALSE(r.ok()) << h;
  }
}

TEST(RpcNdr, EmbeddedPointerReferentsFollowTheStructureInOrder) {
  // struct { [unique] wchar* a; DWORD x; [unique] wchar* b; [unique] wchar* c (NULL) }:
  // referent ids 0x20000, 0x20004, then the strings after the structure (C706 14.3.12.3).
  std::optional<std::string> a = "A", b = "BC", c;
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring(a);
  w.u32(7);
  w.unique_wstring(b);
  w.unique_wstring(c);
  w.flush();
  EXPECT_EQ(out, hex("00000200 07000000 04000200 00000000"
                     "02000000 00000000 02000000 4100 0000"
                     "03000000 00000000 03000000 4200 4300 0000"));

  std::optional<std::string> ra, rb, rc = "x";
  NdrReader r(out);
  r.unique_wstring(ra);
  EXPECT_EQ(r.u32(), 7u);
  r.unique_wstring(rb);
  r.unique_wstring(rc);
  EXPECT_FALSE(ra.has_value());  // deferred: not read yet
  r.flush();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(ra, "A");
  EXPECT_EQ(rb, "BC");
  EXPECT_EQ(rc, std::nullopt);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(RpcNdr, NestedReferentsAreWrittenDepthFirst) {
  // S { ptr -> A { ptr -> X }, ptr -> B }: S, A, X, B.
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique(true, [](NdrWriter& w) {
    w.u32(0xA);
    w.unique(true, [](NdrWriter& w) { w.u32(0xF); });
  });
  w.unique(true, [](NdrWriter& w) { w.u32(0xB); });
  w.flush();
  EXPECT_EQ(out, hex("00000200 04000200 0A000000 08000200 0F000000 0B000000"));

  std::vector<uint32_t> seen;
  NdrReader r(out);
  r.unique([&](NdrReader& r) {
    seen.push_back(r.u32());
    r.unique([&](NdrReader& r) { seen.push_back(r.u32()); });
  });
  r.unique([&](NdrReader& r) { seen.push_back(r.u32()); });
  r.flush();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(seen, (std::vector<uint32_t>{0xA, 0xF, 0xB}));
}

TEST(RpcNdr, TopLevelPointerReferentFollowsAtOnce) {
  std::optional<std::string> name = "S";
  std::vector<uint8_t> out;
  NdrWriter w(out);
  w.unique_wstring_top(name);
  w.u32(1);
  w.unique_top(false, [](NdrWriter&) {});
  EXPECT_EQ(out, hex("00000200 02000000 00000000 02000000 5300 0000 01000000 00000000"));

  std::optional<std::string> back;
  NdrReader r(out);
  r.unique_wstring_top(back);
  EXPECT_EQ(back, "S");
  EXPECT_EQ(r.u32(), 1u);
  EXPECT_FALSE(r.unique_top([](NdrReader& r) { r.fail(); }));
  EXPECT_TRUE(r.ok());
}

TEST(RpcNdr, ConformanceLargerThanTheDataIsRefusedBeforeAllocating) {
  auto in = hex("10000000 00000000 00000000");  // 16 elements of 4 bytes, 8 bytes there
  NdrReader r(in);
  EXPECT_EQ(r.conformance(4), 0u);
  EXPECT_FALSE(r.ok());

  auto ok = hex("02000000 01000000 02000000");
  NdrReader r2(ok);
  EXPECT_EQ(r2.conformance(4), 2u);
  EXPECT_EQ(r2.u32(), 1u);
  EXPECT_EQ(r2.u32(), 2u);
  EXPECT_TRUE(r2.ok());

  auto huge = hex("ffffffff");
  NdrReader r3(huge);
  EXPECT_EQ(r3.conformance(1), 0u);
  EXPECT_FALSE(r3.ok());
}

TEST(RpcNdr, ErrorsAreStickyAndQueueNothing) {
  auto in = hex("01000000 00000200");  // a u32, then a referent id cut to 2 bytes below
  NdrReader r(Bytes(in).first(6));
  EXPECT_EQ(r.u32(), 1u);
  bool ran = false;
  EXPECT_FALSE(r.unique([&](NdrReader&) { ran = true; }));  // only 2 bytes left
  EXPECT_FALSE(r.ok());
  r.flush();
  EXPECT_FALSE(ran);
  EXPECT_EQ(r.u32(), 0u);
  EXPECT_EQ(r.wstring(), "");
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(RpcNdr, AlignmentPaddingCutOffByTheEndFails) {
  auto in = hex("01 0000");  // a u8, then a u32 whose padding runs out
  NdrReader r(in);
  r.u8();
  r.u32();
  EXPECT_FALSE(r.ok());
}

TEST(RpcNdr, FailedReferentStopsTheRest) {
  auto in = hex("00000200 04000200");
  NdrReader r(in);
  int runs = 0;
  r.unique([&](NdrReader& r) {
    ++runs;
    r.fail();
  });
  r.unique([&](NdrReader&) { ++runs; });
  r.flush();
  EXPECT_EQ(runs, 1);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace smbkit::rpc
