#pragma once
// UTF-8 text helpers shared by every stage. Nothing here knows about freshcheck.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::util {

inline constexpr char32_t k_replacement_character = 0xFFFD;

// Decodes the code point at `pos` and advances `pos` past it. Malformed or truncated
// sequences yield U+FFFD and advance by one byte, so the loop always ends.
char32_t next_code_point(std::string_view text, std::size_t& pos);

void append_utf8(std::string& out, char32_t code_point);

bool is_valid_utf8(std::string_view text);

// Whether any character is a decimal digit: ASCII, or any script's (Arabic-Indic, full-width,
// ...), as phone number matchers read them.
bool has_decimal_digit(std::string_view text);

// `text` with each malformed UTF-8 sequence replaced by U+FFFD, valid text byte for byte;
// `replaced` (if given) counts the replacements. For bytes from outside (a page, a header,
// a URL, a server's message) on their way into anything that becomes JSON, which must be
// valid UTF-8.
std::string to_valid_utf8(std::string_view text, std::size_t* replaced = nullptr);

// `text` made safe to show in any output a person or a parser reads (a terminal, a log,
// XML, HTML, Markdown): valid UTF-8 (see to_valid_utf8), and each control character made
// visible as an escape: C0 controls "\x1b", DEL "\x7f", C1 controls "\u009b", and the
// non-characters U+FFFE and U+FFFF, which XML 1.0 forbids too. Tab stays; LF stays when
// `keep_line_feed` (multi-line text in a file), else becomes "\x0a" (one log line is one
// line). CR always becomes "\x0d": it moves a terminal's cursor and ends a Markdown line.
std::string printable(std::string_view text, bool keep_line_feed = true);

// Text for HTML and XML (report.html, junit.xml, links' junit): control characters made
// visible first (XML 1.0 forbids them, and a file that holds one does not parse), then the
// five markup characters escaped.
std::string markup_escape(std::string_view text);

// "%41%40" -> "A@"; a '%' not followed by two hex digits is kept as written.
std::string percent_decode(std::string_view text);

// White space as a reader sees it: ASCII space and controls, NBSP, the U+2000 block,
// narrow NBSP, ideographic space, and the zero-width characters pages use as glue.
bool is_unicode_space(char32_t code_point);

// Collapses every run of white space (see is_unicode_space) to one ASCII space and trims
// both ends. Keeps nothing else from the layout: callers split lines first if they matter.
std::string collapse_space(std::string_view text);
// collapse_space of `text` appended to `out`.
void append_collapsed_space(std::string& out, std::string_view text);

// Lower-cases ASCII letters only; for keywords, schemes and tag names.
std::string ascii_lower(std::string_view text);
inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool is_ascii_letter(char c) {
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26;  // 'A'..'Z' | 0x20 is 'a'..'z'
}
// Whether `text` is `lower` (already in lower case) but for the case of its ASCII letters.
inline bool ascii_iequals(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() &&
         std::equal(text.begin(), text.end(), lower.begin(),
                    [](char c, char wanted) { return ascii_lower(c) == wanted; });
}

std::string_view trim(std::string_view text);

// 0-15 for a hexadecimal digit, -1 for anything else.
int hex_digit_value(char c);

// The pieces of `text` between `separator`s, each trimmed; empty pieces kept, so "a,,b"
// gives three. An empty text gives one empty piece.
std::vector<std::string_view> split(std::string_view text, char separator);

// A search key for text a person would call "the same": case folded, accents removed
// (NFD, then combining marks dropped), typographic quotes and dashes made ASCII, white
// space collapsed. "Não é POSSÍVEL" and "nao e possivel" give the same key.
std::string fold_for_search(std::string_view text);

// fold_for_search without collapsing white space, remembering for each byte of the folded
// text the byte of `text` it came from, so that a match in folded text can be shown as
// the reader wrote it. `origin` has one extra entry: text.size().
struct FoldedText {
  std::string text;
  std::vector<std::size_t> origin;
};
FoldedText fold_with_origin(std::string_view text);

// The fold of the code point at `pos` of `text`, which is no ASCII byte, and the byte after
// it: for a reader that walks ASCII on its own (whose fold is itself, letters lowered).
// `spare` holds a fold from outside the tables, which the view then shows.
struct NonAsciiFold {
  std::string_view text;
  std::size_t next = 0;
};
NonAsciiFold fold_non_ascii(std::string_view text, std::size_t pos, std::string& spare);

// The folds of a text's code points, one at a time, as fold_with_origin joins them: for a
// reader that looks at the folded text once and needs no copy of it.
class FoldCursor {
 public:
  explicit FoldCursor(std::string_view text) : m_text(text) {}

  bool done() const { return m_position >= m_text.size(); }
  // The byte of the text where the next code point starts.
  std::size_t position() const { return m_position; }
  // The fold of the code point at position(), which then moves past it. Valid until the
  // next call.
  std::string_view next() {
    const auto byte = static_cast<unsigned char>(m_text[m_position]);
    if (byte >= 0x80) return next_non_ascii();
    m_ascii = ascii_lower(static_cast<char>(byte));
    ++m_position;
    return {&m_ascii, 1};
  }

 private:
  std::string_view next_non_ascii();

  std::string_view m_text;
  std::size_t m_position = 0;
  char m_ascii = 0;
  std::string m_other;  // the fold of a code point outside the table
};

// Counts code points, for columns in messages.
std::size_t code_point_count(std::string_view text);

// Shortens `text` to at most `max_code_points`, cutting on a code point boundary and
// marking the cut with an ellipsis.
std::string ellipsize(std::string_view text, std::size_t max_code_points);

}  // namespace freshcheck::util
