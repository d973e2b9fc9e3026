#pragma once
// Splits one fuzzer input into a few independent strings, so a target can vary several
// arguments (a page and its scope, a finding's fields) from one byte buffer. The separator
// is a byte pattern rare in real text; what is missing reads as empty.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace freshcheck::fuzz {

inline std::vector<std::string_view> split_input(const std::uint8_t* data, std::size_t size,
                                                 std::size_t parts) {
  constexpr std::string_view k_separator = "\n--8<--\n";
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < parts) {
    const auto cut = rest.find(k_separator);
    if (cut == std::string_view::npos) break;
    fields.push_back(rest.substr(0, cut));
    rest.remove_prefix(cut + k_separator.size());
  }
  fields.push_back(rest);
  fields.resize(parts);
  return fields;
}

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
inline bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = byte < 0x80           ? 1
                         : (byte >> 5) == 0x6  ? 2
                         : (byte >> 4) == 0xE  ? 3
                         : (byte >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t k_smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < k_smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

}  // namespace freshcheck::fuzz
