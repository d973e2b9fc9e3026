#include "util/text.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "util/eight_bytes.hpp"
#include "util/icu_backend.hpp"
#include "util/module.hpp"

namespace freshcheck::util {
namespace {

// Loaded by the first text that needs it, from any thread.
const IcuBackend& icu() {
  return required_table<IcuBackend>(kIcuBackendFile, kIcuBackendEntry);
}

}  // namespace

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  int length = 0;
  char32_t code_point = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    ++pos;
    return k_replacement_character;
  }
  if (pos + length > text.size()) {
    ++pos;
    return k_replacement_character;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char continuation = byte(pos + i);
    if ((continuation & 0xC0) != 0x80) {
      ++pos;
      return k_replacement_character;
    }
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are malformed.
  static constexpr char32_t k_minimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < k_minimum[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    ++pos;
    return k_replacement_character;
  }
  pos += length;
  return code_point;
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

namespace {

// The end of the run of ASCII bytes from `pos`: most of any page, and valid as they are, so
// they are skipped eight at a time.
std::size_t ascii_run_end(std::string_view text, std::size_t pos) {
  for (; pos + 8 <= text.size(); pos += 8)
    if (const std::uint64_t high = eight_bytes::high(eight_bytes::load(text.data() + pos)))
      return pos + eight_bytes::first_marked(high);
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
  return pos;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    pos = ascii_run_end(text, pos);
    if (pos >= text.size()) break;
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead >= 0xC2 && lead <= 0xDF && pos + 1 < text.size() &&
        (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80) {
      pos += 2;  // a well-formed two-byte sequence, most of Latin text's: no need to decode it
      continue;
    }
    const std::size_t before = pos;
    if (next_code_point(text, pos) == k_replacement_character) {
      // A literal U+FFFD (EF BF BD) is valid; a malformed sequence advanced one byte.
      if (pos - before != 3) return false;
    }
  }
  return true;
}

namespace {

// Whether any of the eight bytes at `bytes` is an ASCII digit or a byte from 0xD9 up, the
// lead bytes of code points from U+0640 on, where the decimal digits outside ASCII begin
// (U+0660). Continuation bytes and the leads of Latin, Greek, Cyrillic, Hebrew and the first
// Arabic letters are passed over. has_between and has_more_than from "Bit Twiddling Hacks",
// on the low seven bits of each byte.
bool any_digit_or_late_lead(const char* bytes) {
  using eight_bytes::k_highs, eight_bytes::k_low7, eight_bytes::k_ones;
  const std::uint64_t word = eight_bytes::load(bytes);
  const std::uint64_t low = word & k_low7;
  const std::uint64_t ascii_digit =
      (k_ones * (0x7F + ('9' + 1)) - low) & ~word & (low + k_ones * (0x7F - ('0' - 1)));
  const std::uint64_t late_lead = (low + k_ones * (0x7F - (0xD8 & 0x7F))) & word;
  return ((ascii_digit | late_lead) & k_highs) != 0;
}

}  // namespace

bool has_decimal_digit(std::string_view text) {
  // No decimal digit (Nd) comes before U+0660, ARABIC-INDIC DIGIT ZERO, and every byte from
  // 0xD9 up starts a code point (continuation bytes are below 0xC0): only ASCII digits and
  // those bytes need a look, and most text has neither for many bytes at a time.
  for (std::size_t pos = 0; pos < text.size();) {
    while (pos + 8 <= text.size() && !any_digit_or_late_lead(text.data() + pos)) pos += 8;
    if (pos >= text.size()) break;
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= '0' && byte <= '9') return true;
    if (byte < 0xD9) {
      ++pos;
      continue;
    }
    const char32_t c = next_code_point(text, pos);
    if (c >= 0x660 && icu().is_decimal_digit(c)) return true;
  }
  return false;
}

std::string to_valid_utf8(std::string_view text, std::size_t* replaced) {
  // Most text is valid: checked, then copied whole.
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t ascii_end = ascii_run_end(text, pos);
    out.append(text.substr(pos, ascii_end - pos));
    pos = ascii_end;
    if (pos >= text.size()) break;
    const std::size_t start = pos;
    const char32_t c = next_code_point(text, pos);
    if (c == k_replacement_character && pos - start != 3) {  // malformed, not a literal U+FFFD
      if (replaced) ++*replaced;
      append_utf8(out, c);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

namespace {

bool is_control(char32_t c, bool keep_line_feed) {
  if (c == '\t' || (c == '\n' && keep_line_feed)) return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

}  // namespace

std::string printable(std::string_view text, bool keep_line_feed) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(text, pos);
    const std::string_view bytes = text.substr(start, pos - start);
    if (c == k_replacement_character && bytes != "\xEF\xBF\xBD")
      append_utf8(out, k_replacement_character);  // a malformed sequence
    else if (!is_control(c, keep_line_feed))
      out.append(bytes);
    else if (c < 0x80)
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    else
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
  }
  return out;
}

// unicode_space_length below matches these by their bytes: a change here goes there too (the
// randomized test of collapse_space holds the two together).
bool is_unicode_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

std::string collapse_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_collapsed_space(out, text);
  return out;
}

namespace {

// The bytes a white space character may begin with: ASCII white space, and the first bytes of
// the Unicode spaces is_unicode_space names (U+0085 and U+00A0; U+1680; U+2000..U+200B,
// U+2028, U+2029, U+202F, U+205F, U+2060; U+3000; U+FEFF).
constexpr std::array<bool, 256> k_may_begin_space = [] {
  std::array<bool, 256> may{};
  for (const unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r'}) may[c] = true;
  for (const unsigned char c : {0xC2, 0xE1, 0xE2, 0xE3, 0xEF}) may[c] = true;
  return may;
}();

// The first byte from `pos` on that may begin white space, or one past: eight bytes are
// looked at together for a byte up to ' ' or a lead byte from 0xC0 (every byte
// k_may_begin_space holds is one of these; the few others are looked at again by the
// caller).
std::size_t next_space_candidate(std::string_view text, std::size_t pos) {
  for (; pos + 8 <= text.size(); pos += 8) {
    const std::uint64_t word = eight_bytes::load(text.data() + pos);
    if (const std::uint64_t marks = eight_bytes::below(word, 0x21) | eight_bytes::lead(word))
      return pos + eight_bytes::first_marked(marks);
  }
  while (pos < text.size() && !k_may_begin_space[static_cast<unsigned char>(text[pos])]) ++pos;
  return pos;
}

// The length in bytes of the Unicode white space (outside ASCII) at `pos`, or 0 when there is
// none: is_unicode_space of the code point there, asked of its bytes.
std::size_t unicode_space_length(std::string_view text, std::size_t pos) {
  const auto at = [&](std::size_t i) {
    return pos + i < text.size() ? static_cast<unsigned char>(text[pos + i]) : 0;
  };
  switch (at(0)) {
    case 0xC2:  // U+0085, U+00A0
      return at(1) == 0x85 || at(1) == 0xA0 ? 2 : 0;
    case 0xE1:  // U+1680
      return at(1) == 0x9A && at(2) == 0x80 ? 3 : 0;
    case 0xE2:  // U+2000..U+200B, U+2028, U+2029, U+202F; U+205F, U+2060
      if (at(1) == 0x80)
        return (at(2) >= 0x80 && at(2) <= 0x8B) || at(2) == 0xA8 || at(2) == 0xA9 || at(2) == 0xAF
                   ? 3
                   : 0;
      return at(1) == 0x81 && (at(2) == 0x9F || at(2) == 0xA0) ? 3 : 0;
    case 0xE3:  // U+3000
      return at(1) == 0x80 && at(2) == 0x80 ? 3 : 0;
    case 0xEF:  // U+FEFF
      return at(1) == 0xBB && at(2) == 0xBF ? 3 : 0;
    default:
      return 0;
  }
}

}  // namespace

void append_collapsed_space(std::string& out, std::string_view text) {
  // Text is copied in runs, and only white space is looked at closely: a run goes on over a
  // single ASCII space between words, and a byte is looked at further only when it may begin
  // a Unicode space.
  const auto is_ascii_space = [](unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); };
  const auto may_begin_space = [](unsigned char c) { return k_may_begin_space[c]; };
  const std::size_t out_start = out.size();
  std::size_t kept = 0;       // where the text not yet copied starts
  bool space_before = false;  // white space was skipped since the last copy
  const auto copy_until = [&](std::size_t end) {
    if (end == kept) return;
    if (space_before && out.size() > out_start) out += ' ';
    space_before = false;
    out.append(text.substr(kept, end - kept));
  };
  for (std::size_t pos = next_space_candidate(text, 0); pos < text.size();
       pos = next_space_candidate(text, pos)) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (!may_begin_space(byte)) {
      ++pos;
      continue;
    }
    if (byte == ' ' && pos > kept && pos + 1 < text.size() &&
        !may_begin_space(static_cast<unsigned char>(text[pos + 1]))) {
      ++pos;  // one space between two words stays in the run
      continue;
    }
    std::size_t next = pos + 1;
    if (!is_ascii_space(byte)) {
      const std::size_t length = unicode_space_length(text, pos);
      if (length == 0) {
        ++pos;  // not a space: its bytes stay in the run
        continue;
      }
      next = pos + length;
    }
    copy_until(pos);
    space_before = true;
    kept = pos = next;
  }
  copy_until(text.size());
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n\f\v");
  return text.substr(first, last - first + 1);
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    pieces.push_back(trim(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) return pieces;
    start = end + 1;
  }
}

namespace {

char32_t ascii_equivalent(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return '-';
    default:
      return c;
  }
}

}  // namespace

namespace {

// NFKD (so "ª" becomes "a" and "ﬁ" "fi"), combining marks dropped, case folded, typographic
// punctuation made ASCII.
std::string fold_code_points(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char32_t c : icu().fold(text)) append_utf8(out, ascii_equivalent(c));
  return out;
}

}  // namespace

std::string fold_for_search(std::string_view text) {
  // Code point by code point, as fold_with_origin folds: the same result as one ICU call over
  // the whole text (NFKD and case folding map each code point on its own, and the marks
  // that canonical ordering would move are dropped), without ICU for most of a page.
  std::string folded;
  folded.reserve(text.size());
  for (FoldCursor cursor(text); !cursor.done();) folded += cursor.next();
  return collapse_space(folded);
}

namespace {

// The folds of the code points outside ASCII that pages hold most, asked of ICU once each:
// U+0080..U+024F (Latin-1 and the Latin extensions, the accented letters of European text)
// and U+2000..U+20CF (general punctuation and currency signs: dashes, quotes, "€").
template <char32_t Begin, char32_t End>
struct FoldTable {
  static bool holds(char32_t c) { return c >= Begin && c < End; }
  static const std::string& fold(char32_t c) {
    static const auto table = [] {
      std::array<std::string, End - Begin> folds;
      for (char32_t code_point = Begin; code_point < End; ++code_point) {
        std::string utf8;
        append_utf8(utf8, code_point);
        folds[code_point - Begin] = fold_code_points(utf8);
      }
      return folds;
    }();
    return table[c - Begin];
  }
};
using FoldedLatin = FoldTable<0x80, 0x250>;
using FoldedPunctuation = FoldTable<0x2000, 0x20D0>;

}  // namespace

NonAsciiFold fold_non_ascii(std::string_view text, std::size_t pos, std::string& spare) {
  // A well-formed two-byte sequence, most of Latin text's, is decoded here at once.
  if (pos + 1 < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const auto continuation = static_cast<unsigned char>(text[pos + 1]);
    if (lead >= 0xC2 && lead <= 0xDF && (continuation & 0xC0) == 0x80) {
      const char32_t c = static_cast<char32_t>((lead & 0x1F) << 6 | (continuation & 0x3F));
      if (FoldedLatin::holds(c)) return {FoldedLatin::fold(c), pos + 2};
      spare = fold_code_points(text.substr(pos, 2));
      return {spare, pos + 2};
    }
  }
  const std::size_t start = pos;
  const char32_t c = next_code_point(text, pos);
  // The tables only for a well-formed sequence (three bytes for punctuation; every
  // well-formed two-byte one was read above); anything else, malformed bytes included, goes
  // through ICU one code point at a time, as the tables' entries did.
  const std::size_t length = pos - start;
  if (length == 3 && FoldedPunctuation::holds(c)) return {FoldedPunctuation::fold(c), pos};
  spare = fold_code_points(text.substr(start, length));
  return {spare, pos};
}

std::string_view FoldCursor::next_non_ascii() {
  const NonAsciiFold fold = fold_non_ascii(m_text, m_position, m_other);
  m_position = fold.next;
  return fold.text;
}

FoldedText fold_with_origin(std::string_view text) {
  FoldedText folded;
  folded.text.reserve(text.size());
  folded.origin.reserve(text.size() + 1);
  FoldCursor cursor(text);
  while (!cursor.done()) {
    const std::size_t start = cursor.position();
    const std::string_view piece = cursor.next();
    folded.text += piece;
    folded.origin.insert(folded.origin.end(), piece.size(), start);
  }
  folded.origin.push_back(text.size());
  return folded;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) next_code_point(text, pos);
  return count;
}

std::string ellipsize(std::string_view text, std::size_t max_code_points) {
  if (text.size() <= max_code_points) return std::string(text);  // no more code points than bytes
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < text.size() && count < max_code_points; ++count)
    next_code_point(text, pos);
  if (pos >= text.size()) return std::string(text);
  return std::string(text.substr(0, pos)) + "…";
}

std::string markup_escape(std::string_view raw) {
  const std::string text = printable(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
        hex_digit_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace freshcheck::util
