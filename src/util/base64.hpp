#pragma once
// Base64 (RFC 4648, with padding): binary pages (a PDF) kept in a JSON snapshot.

#include <optional>
#include <string>
#include <string_view>

namespace freshcheck::util {

std::string base64_encode(std::string_view bytes);

// Nothing when `text` holds a character outside the alphabet or is cut short.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace freshcheck::util
