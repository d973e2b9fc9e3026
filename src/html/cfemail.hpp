#pragma once
// Cloudflare e-mail address obfuscation ("Email Address Obfuscation"): the address is
// served as hex, XORed with its first byte, in `data-cfemail="…"` or after
// `/cdn-cgi/l/email-protection#` in a link, with "[email protected]" as visible text.

#include <optional>
#include <string>
#include <string_view>

namespace freshcheck::html {

// Decodes the hex payload. Empty when it is not valid hex or does not decode to
// something shaped like an address.
std::optional<std::string> decode_cfemail(std::string_view hex);

// The payload of an href such as "/cdn-cgi/l/email-protection#6b0c0e...", if it is one.
std::optional<std::string_view> cfemail_payload_in_href(std::string_view href);

}  // namespace freshcheck::html
