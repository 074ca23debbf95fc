// Windows security descriptors in their self-relative wire form (MS-DTYP 2.4): SIDs, ACLs with
// their ACEs, and the descriptor that holds them. Shared by SMB1's NT_TRANSACT_QUERY/SET_
// SECURITY_DESC and SMB2's QUERY_INFO/SET_INFO of SMB2_0_INFO_SECURITY. Pure codecs: every offset
// and size read from the wire is checked against the bytes it points into.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::fscc {

// MS-DTYP 2.4.7 SECURITY_INFORMATION: which parts of a descriptor a query or set is about.
enum SecurityInformation : uint32_t {
  kOwnerSecurityInformation = 0x00000001,
  kGroupSecurityInformation = 0x00000002,
  kDaclSecurityInformation = 0x00000004,
  kSaclSecurityInformation = 0x00000008,
};

// MS-DTYP 2.4.6 SECURITY_DESCRIPTOR Control bits.
enum SecurityDescriptorControl : uint16_t {
  kSeOwnerDefaulted = 0x0001,
  kSeGroupDefaulted = 0x0002,
  kSeDaclPresent = 0x0004,
  kSeDaclDefaulted = 0x0008,
  kSeSaclPresent = 0x0010,
  kSeSaclDefaulted = 0x0020,
  kSeDaclAutoInherited = 0x0400,
  kSeSaclAutoInherited = 0x0800,
  kSeDaclProtected = 0x1000,
  kSeSaclProtected = 0x2000,
  kSeSelfRelative = 0x8000,
};

// MS-DTYP 2.4.4.1 ACE_HEADER AceType values smbkit reads into mask and SID.
enum AceType : uint8_t {
  kAccessAllowedAceType = 0x00,
  kAccessDeniedAceType = 0x01,
  kSystemAuditAceType = 0x02,
};

// MS-DTYP 2.4.4.1 ACE_HEADER AceFlags.
enum AceFlags : uint8_t {
  kObjectInheritAce = 0x01,
  kContainerInheritAce = 0x02,
  kNoPropagateInheritAce = 0x04,
  kInheritOnlyAce = 0x08,
  kInheritedAce = 0x10,
  kSuccessfulAccessAceFlag = 0x40,
  kFailedAccessAceFlag = 0x80,
};

// MS-DTYP 2.4.2.2 SID: Revision 1, SubAuthorityCount (at most 15), a 48-bit big-endian
// IdentifierAuthority and that many 32-bit little-endian SubAuthority values.
struct Sid {
  static constexpr size_t kMaxSubAuthorities = 15;

  uint64_t authority = 0;  // 48 bits
  std::vector<uint32_t> sub_authorities;

  // S-1-1-0, "Everyone" (MS-DTYP 2.4.2.4).
  static Sid everyone() { return {1, {0}}; }

  size_t wire_size() const { return 8 + 4 * sub_authorities.size(); }
  // The SID at the start of `bytes` (more may follow); InvalidParameter when it is cut short,
  // its revision is not 1, or it has more than 15 sub-authorities.
  static Result<Sid> decode(Bytes bytes);
  void encode(std::vector<uint8_t>& out) const;
  // "S-1-5-32-544" (MS-DTYP 2.4.2.1; an authority of 2^32 or more in hexadecimal).
  std::string to_string() const;

  bool operator==(const Sid&) const = default;
};

// MS-DTYP 2.4.4.2 ACCESS_ALLOWED_ACE, 2.4.4.4 ACCESS_DENIED_ACE and 2.4.4.10 SYSTEM_AUDIT_ACE
// share one body: Mask then SID. Other ACE types are kept as their body bytes, so a descriptor
// goes back out as it came in.
struct Ace {
  uint8_t type = kAccessAllowedAceType;
  uint8_t flags = 0;
  uint32_t mask = 0;  // for the mask-and-SID types
  Sid sid;            // for the mask-and-SID types
  std::vector<uint8_t> other_body;  // for every other type: the bytes after the ACE_HEADER

  bool has_mask_and_sid() const { return type <= kSystemAuditAceType; }
  size_t wire_size() const;
  bool operator==(const Ace&) const = default;
};

// MS-DTYP 2.4.5 ACL: AclRevision (2, or 4 with object ACEs), Sbz1, AclSize, AceCount, Sbz2, then
// the ACEs. Decoding accepts revisions 2 to 4, as Windows does (MIN_ACL_REVISION to
// MAX_ACL_REVISION): Samba's smbcacls sends the ACLs it builds with revision 3.
struct Acl {
  static constexpr uint8_t kRevision = 2;
  static constexpr uint8_t kRevisionDs = 4;

  uint8_t revision = kRevision;
  std::vector<Ace> aces;

  size_t wire_size() const;
  // The ACL at the start of `bytes`; InvalidParameter unless the revision is 2 to 4, AclSize
  // covers the header and lies inside `bytes`, and every ACE (AceSize at least its header, a
  // multiple of 4) with its SID lies inside AclSize.
  static Result<Acl> decode(Bytes bytes);
  void encode(std::vector<uint8_t>& out) const;

  bool operator==(const Acl&) const = default;
};

// MS-DTYP 2.4.6 SECURITY_DESCRIPTOR, self-relative: Revision 1, Sbz1, Control, then the offsets
// (from the descriptor's start, 0 for absent) of OwnerSid, GroupSid, Sacl and Dacl.
struct SecurityDescriptor {
  static constexpr size_t kHeaderSize = 20;

  // The Control bits other than SelfRelative, SaclPresent and DaclPresent, which encode derives
  // from the fields below.
  uint16_t control = 0;
  std::optional<Sid> owner;
  std::optional<Sid> group;
  // A present ACL with no ACEs and an absent one differ: an empty DACL grants nothing, a NULL
  // DACL (DaclPresent with offset 0, `null_dacl`) everything (MS-DTYP 2.4.6).
  std::optional<Acl> sacl;
  std::optional<Acl> dacl;
  bool null_dacl = false;

  size_t wire_size() const;
  // InvalidParameter unless Revision is 1, SelfRelative is set, and each non-zero offset points
  // past the header at a SID or ACL that lies inside `bytes`. An ACL is read only when its
  // Present bit is set; DaclPresent with offset 0 is a NULL DACL.
  static Result<SecurityDescriptor> decode(Bytes bytes);
  // Header, then owner, group, SACL and DACL in that order (the layout of MS-DTYP 2.4.6).
  std::vector<uint8_t> encode() const;

  bool operator==(const SecurityDescriptor&) const = default;
};

}  // namespace smbkit::fscc
