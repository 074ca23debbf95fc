#include <gtest/gtest.h>

#include "client/tracer.h"
#include "smbkit/client.h"

namespace smbkit::client {
namespace {

TEST(TraceLine, AlignedAsTheScenarioShowsIt) {
  TraceEvent e{4, Direction::ServerToClient, "SMB_COM_NEGOTIATE", "STATUS_SUCCESS",
               {{"dialect", "NT LM 0.12"}, {"index", "0"}, {"challenge", "0011223344556677"}}};
  EXPECT_EQ(format_trace_line(e),
            "  4  S>C  SMB_COM_NEGOTIATE            STATUS_SUCCESS              "
            "dialect=\"NT LM 0.12\" index=0 challenge=0011223344556677");
}

TEST(TraceLine, RequestWithoutFieldsHasNoTrailingSpace) {
  TraceEvent e{12, Direction::ClientToServer, "SMB_COM_TREE_DISCONNECT", "-", {}};
  EXPECT_EQ(format_trace_line(e), " 12  C>S  SMB_COM_TREE_DISCONNECT      -");
}

TEST(TraceLine, LongNamesPushTheColumnsButKeepSeparated) {
  TraceEvent e{123, Direction::ServerToClient, "SMB_COM_SESSION_SETUP_ANDX",
               "STATUS_MORE_PROCESSING_REQUIRED", {{"uid", "0x0800"}}};
  EXPECT_EQ(format_trace_line(e),
            "123  S>C  SMB_COM_SESSION_SETUP_ANDX   STATUS_MORE_PROCESSING_REQUIRED  uid=0x0800");
}

TEST(TraceLine, ValuesAreQuotedWhenTheyWouldBreakTheLine) {
  TraceEvent e{1, Direction::ClientToServer, "SMB_COM_NT_CREATE_ANDX", "-",
               {{"name", "\\a b\\\"c\".txt"}, {"domain", ""}, {"x", "a=b"}, {"nl", "l1\nl2"},
                {"path", "\\\\HOST\\SHARE"}, {"utf8", "Gr\xC3\xBC\xC3\x9F" "e"}}};
  EXPECT_EQ(format_trace_line(e),
            "  1  C>S  SMB_COM_NT_CREATE_ANDX       -                           "
            "name=\"\\\\a b\\\\\\\"c\\\".txt\" domain=\"\" x=\"a=b\" nl=\"l1\\x0al2\" "
            "path=\\\\HOST\\SHARE utf8=Gr\xC3\xBC\xC3\x9F" "e");
}

TEST(TraceFieldValues, Hex) {
  EXPECT_EQ(trace_hex16(0x0800), "0x0800");
  EXPECT_EQ(trace_hex32(0x8000E27C), "0x8000E27C");
  std::vector<uint8_t> bytes{0x00, 0x11, 0xAB, 0xFF};
  EXPECT_EQ(trace_hex_bytes(bytes), "0011abff");
}

TEST(Tracer, NumbersPacketsInWireOrderAndReportsLater) {
  std::vector<TraceEvent> seen;
  Tracer t([&](const TraceEvent& e) { seen.push_back(e); });
  uint32_t first = t.take_sequence();
  uint32_t second = t.take_sequence();
  t.emit(second, Direction::ServerToClient, "B", "STATUS_SUCCESS");
  t.emit(first, Direction::ClientToServer, "A", "-", {{"k", "v"}});
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].sequence, 2u);
  EXPECT_EQ(seen[1].sequence, 1u);
  EXPECT_EQ(seen[1].fields, (TraceFields{{"k", "v"}}));
  Tracer silent;
  EXPECT_FALSE(silent.enabled());
  silent.emit(silent.take_sequence(), Direction::ClientToServer, "A", "-");  // no sink: nothing
}

}  // namespace
}  // namespace smbkit::client
