#include "extract/evidence_window.hpp"

#include <algorithm>

namespace freshcheck::extract {
namespace {

constexpr std::string_view k_cut_marker = "…";
// How far a cut may move to land on a space instead of inside a word.
constexpr std::size_t k_word_slack = 24;

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Moves `pos` back to the start of the code point it is in.
std::size_t code_point_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && is_continuation_byte(text[pos])) --pos;
  return pos;
}

// A start at or after `pos` that begins a word, when a space is close enough.
std::size_t word_start(std::string_view text, std::size_t pos, std::size_t limit) {
  const std::size_t stop = std::min({pos + k_word_slack, limit, text.size()});
  for (std::size_t i = pos; i < stop; ++i)
    if (text[i] == ' ' || text[i] == '\n') return i + 1;
  return pos;
}

// An end at or before `pos` that ends a word, when a space is close enough.
std::size_t word_end(std::string_view text, std::size_t pos, std::size_t floor) {
  const std::size_t stop = pos > k_word_slack ? std::max(pos - k_word_slack, floor) : floor;
  for (std::size_t i = pos; i > stop; --i)
    if (text[i - 1] == ' ' || text[i - 1] == '\n') return i - 1;
  return pos;
}

}  // namespace

std::string evidence_window(std::string_view text, std::size_t begin, std::size_t length,
                            std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  if (begin >= text.size()) begin = length = 0;
  length = std::min({length, text.size() - begin, max_bytes});
  const std::size_t margin = (max_bytes - length) / 2;
  std::size_t from = begin > margin ? begin - margin : 0;
  std::size_t to = std::min(text.size(), from + max_bytes);
  if (to == text.size()) from = text.size() - max_bytes;  // the end is near: use the room
  from = code_point_start(text, from);
  to = code_point_start(text, to);
  if (from > 0) from = word_start(text, from, begin);
  if (to < text.size()) to = word_end(text, to, begin + length);
  std::string out;
  out.reserve(to - from + 2 * k_cut_marker.size());
  if (from > 0) out += k_cut_marker;
  out += text.substr(from, to - from);
  if (to < text.size()) out += k_cut_marker;
  return out;
}

std::string evidence_window_around(std::string_view text, std::string_view needle,
                                   std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::size_t found = needle.empty() ? std::string_view::npos : text.find(needle);
  if (found == std::string_view::npos) return evidence_window(text, 0, 0, max_bytes);
  return evidence_window(text, found, needle.size(), max_bytes);
}

}  // namespace freshcheck::extract
