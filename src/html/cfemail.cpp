#include "html/cfemail.hpp"

#include "util/text.hpp"

namespace freshcheck::html {
namespace {}  // namespace

std::optional<std::string> decode_cfemail(std::string_view hex) {
  if (hex.size() < 4 || hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = util::hex_digit_value(hex[i]);
    const int low = util::hex_digit_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes += static_cast<char>(high * 16 + low);
  }
  const char key = bytes[0];
  std::string address;
  for (std::size_t i = 1; i < bytes.size(); ++i) address += static_cast<char>(bytes[i] ^ key);
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
      address.find_first_of(" \t\r\n<>\"") != std::string::npos ||
      !util::is_valid_utf8(address))  // any byte can come out of the XOR; text must be UTF-8
    return std::nullopt;
  return address;
}

std::optional<std::string_view> cfemail_payload_in_href(std::string_view href) {
  static constexpr std::string_view k_marker = "/cdn-cgi/l/email-protection#";
  const auto at = href.find(k_marker);
  if (at == std::string_view::npos) return std::nullopt;
  return href.substr(at + k_marker.size());
}

}  // namespace freshcheck::html
