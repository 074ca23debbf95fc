// A byte buffer for messages read off the network: growing it leaves the new bytes as they are
// instead of zeroing them, since a receive overwrites them at once (zeroing a 64 KiB write's
// buffer cost as much CPU as receiving it).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace smbkit {

template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  // resize() constructs new elements with no arguments: leave them uninitialised.
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using MessageBuffer = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

}  // namespace smbkit
