#pragma once
// Page bytes to UTF-8. gumbo reads UTF-8 only, and Portuguese official sites still serve
// ISO-8859-1 and windows-1252: decoding first keeps "Atendimento à população" from
// turning into U+FFFD, which would look like changed text on every run.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace freshcheck::html {

struct DecodedText {
  std::string utf8;
  std::string charset;  // the encoding used, canonical name ("utf-8", "windows-1252", ...)
  std::string source;   // where it came from: "bom", "http", "meta", "detected", "default"
  std::size_t invalid_sequences = 0;  // bytes replaced by U+FFFD
};

// The charset parameter of a Content-Type header value, lower case; empty if absent.
std::string charset_from_content_type(std::string_view content_type);

// The charset a <meta charset> or <meta http-equiv="Content-Type"> declares in the first
// 1024 bytes, lower case; empty if none.
std::string sniff_meta_charset(std::string_view bytes);

// Maps a label to the encoding a browser would use (WHATWG): "latin1" and "iso-8859-1"
// mean windows-1252. Empty for labels iconv cannot decode.
std::string canonical_charset(std::string_view label);

// Decides the encoding (BOM, then `http_charset`, then <meta>, then valid UTF-8, else
// windows-1252) and converts. Fails only when iconv cannot be set up at all.
core::Result<DecodedText> decode_to_utf8(std::string_view bytes, std::string_view http_charset);

// The warning for bytes that did not decode (how many, in which charset, who declared it),
// or "" when every byte decoded.
std::string undecodable_warning(const DecodedText& decoded);

}  // namespace freshcheck::html
