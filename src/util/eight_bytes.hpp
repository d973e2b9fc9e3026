#pragma once
// Eight bytes of text read as one 64-bit word, for the scanners that pass over most of a page
// without looking at each byte. They mark the bytes they look for by each byte's high bit
// (0x80), with the tricks of "Bit Twiddling Hacks", then find the first byte marked.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace freshcheck::util::eight_bytes {

inline constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t k_low7 = k_ones * 0x7F;
inline constexpr std::uint64_t k_highs = k_ones * 0x80;

inline std::uint64_t load(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

inline void store(char* bytes, std::uint64_t word) {
  std::memcpy(bytes, &word, sizeof word);
}

// Each byte not ASCII.
inline std::uint64_t high(std::uint64_t word) {
  return word & k_highs;
}

// Each byte whose top two bits are set: the lead bytes of UTF-8 sequences, and 0xF8 up.
inline std::uint64_t lead(std::uint64_t word) {
  return word & word << 1 & k_highs;
}

// Each byte equal to c, exactly: t = word ^ c is zero there, and ((t & 0x7F) + 0x7F) | t
// leaves the high bit of every other byte set, with no carry between bytes.
inline std::uint64_t equal(std::uint64_t word, unsigned char c) {
  const std::uint64_t t = word ^ (k_ones * c);
  return ~(((t & k_low7) + k_low7) | t) & k_highs;
}

// Each byte below n (1 to 0x80), and perhaps bytes after the first of them, whose
// subtraction a borrow reached; never a byte before the first.
inline std::uint64_t below(std::uint64_t word, unsigned char n) {
  return (word - k_ones * n) & ~word & k_highs;
}

// The index, in memory order, of the first byte `marks` marks (not 0). On little-endian
// order, where a borrow runs on to later bytes only, it is always a byte truly marked.
static_assert(std::endian::native == std::endian::little, "eight-byte readers need little-endian");
inline std::size_t first_marked(std::uint64_t marks) {
  return static_cast<std::size_t>(std::countr_zero(marks)) / 8;
}

}  // namespace freshcheck::util::eight_bytes
