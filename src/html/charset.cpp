#include "html/charset.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>

#include "util/text.hpp"

namespace freshcheck::html {
namespace {

std::string_view after_key(std::string_view text, std::string_view key) {
  const std::string lower = util::ascii_lower(text);
  const auto at = lower.find(key);
  if (at == std::string::npos) return {};
  std::string_view rest = text.substr(at + key.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=' || rest.front() == '"' ||
                           rest.front() == '\''))
    rest.remove_prefix(1);
  const auto end = rest.find_first_of("\"'; \t\r\n>/");
  return rest.substr(0, end);
}

struct IconvCloser {
  void operator()(iconv_t* handle) const {
    iconv_close(*handle);
    delete handle;
  }
};

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  return util::ascii_lower(after_key(content_type, "charset"));
}

std::string sniff_meta_charset(std::string_view bytes) {
  const std::string head = util::ascii_lower(bytes.substr(0, 1024));
  for (std::size_t at = head.find("<meta"); at != std::string::npos;
       at = head.find("<meta", at + 5)) {
    const auto end = head.find('>', at);
    const std::string_view tag =
        std::string_view(head).substr(at, end == std::string::npos ? std::string::npos : end - at);
    // Covers <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html;
    // charset=x">.
    if (const auto label = after_key(tag, "charset"); !label.empty()) return std::string(label);
  }
  return {};
}

std::string canonical_charset(std::string_view label) {
  const std::string name = util::ascii_lower(util::trim(label));
  if (name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "l1" ||
      name == "us-ascii" || name == "ascii" || name == "windows-1252" || name == "cp1252" ||
      name == "x-cp1252" || name == "iso_8859-1")
    return "windows-1252";
  if (name == "iso-8859-15" || name == "latin9" || name == "iso8859-15") return "iso-8859-15";
  // A charset name is an ASCII token; glibc's iconv would also open mangled names
  // ("\xF4utf-8" as UTF-8), which would then travel as the page's charset (found by
  // fuzz_document).
  if (name.empty() || name.size() > 40 || !std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
      }))
    return {};
  // Anything else iconv knows (utf-16le, koi8-r, shift_jis, ...).
  const iconv_t probe = iconv_open("UTF-8", name.c_str());
  if (probe == reinterpret_cast<iconv_t>(-1)) return {};
  iconv_close(probe);
  return name;
}

namespace {

core::Result<DecodedText> convert(std::string_view bytes, DecodedText decoded) {
  if (decoded.charset == "utf-8") {
    // Keep valid text byte for byte; replace each malformed sequence with U+FFFD.
    decoded.utf8 = util::to_valid_utf8(bytes, &decoded.invalid_sequences);
    return decoded;
  }

  const std::string from = decoded.charset == "windows-1252" ? "CP1252" : decoded.charset;
  const iconv_t opened = iconv_open("UTF-8", from.c_str());
  if (opened == reinterpret_cast<iconv_t>(-1))
    return core::fail(
        fmt::format("cannot decode charset \"{}\": iconv does not know it", decoded.charset));
  std::unique_ptr<iconv_t, IconvCloser> handle(new iconv_t(opened));

  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::array<char, 16384> buffer;
  while (in_left > 0) {
    char* out = buffer.data();
    std::size_t out_left = buffer.size();
    const std::size_t rc = iconv(*handle, &in, &in_left, &out, &out_left);
    decoded.utf8.append(buffer.data(), buffer.size() - out_left);
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL: a byte with no mapping (0x81 in windows-1252) or a cut sequence.
    util::append_utf8(decoded.utf8, util::k_replacement_character);
    ++decoded.invalid_sequences;
    ++in;
    --in_left;
  }
  // iconv's own decoders are not a guarantee: glibc takes loose charset names ("utf-\xff8"
  // opened its UTF-8 converter) and passed malformed input through (found by fuzz_charset).
  std::size_t still_invalid = 0;
  decoded.utf8 = util::to_valid_utf8(decoded.utf8, &still_invalid);
  decoded.invalid_sequences += still_invalid;
  return decoded;
}

}  // namespace

core::Result<DecodedText> decode_to_utf8(std::string_view bytes, std::string_view http_charset) {
  DecodedText decoded;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    decoded.charset = "utf-8";
    decoded.source = "bom";
    bytes.remove_prefix(3);
  } else if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    decoded.charset = bytes[0] == '\xFF' ? "utf-16le" : "utf-16be";
    decoded.source = "bom";
    bytes.remove_prefix(2);
  } else if (auto from_http = canonical_charset(http_charset); !from_http.empty()) {
    decoded.charset = from_http;
    decoded.source = "http";
  } else if (auto from_meta = canonical_charset(sniff_meta_charset(bytes)); !from_meta.empty()) {
    decoded.charset = from_meta;
    decoded.source = "meta";
  } else if (util::is_valid_utf8(bytes)) {
    decoded.charset = "utf-8";
    decoded.source = "detected";
  } else {
    decoded.charset = "windows-1252";
    decoded.source = "default";
  }
  return convert(bytes, std::move(decoded));
}

std::string undecodable_warning(const DecodedText& decoded) {
  if (decoded.invalid_sequences == 0) return {};
  return fmt::format("{} byte sequences are not valid {} ({} said so) and were replaced by U+FFFD",
                     decoded.invalid_sequences, decoded.charset, decoded.source);
}

}  // namespace freshcheck::html
