#include "report/markdown.hpp"

#include <algorithm>

#include "util/text.hpp"

namespace freshcheck::report {
namespace {

// U+200D ZERO WIDTH JOINER: "@\u200Dname" renders as "@name" but is no mention.
constexpr std::string_view k_joiner = "\u200D";

bool is_reference_sign(char c) {
  return c == '@' || c == '#';
}

// One line: line breaks become spaces, other control characters visible escapes.
std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return util::printable(out, false);
}

std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

std::string md_text(std::string_view raw, bool in_table) {
  const std::string text = one_line(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (c == '|') {
      out += in_table ? "\\|" : "|";
    } else if (std::string_view("\\`*_[]<>~&!:.").find(c) != std::string_view::npos) {
      // ':' and '.' too: "https\://x" and "www\.x" are not autolinked.
      out += '\\';
      out += c;
    } else if (is_reference_sign(c)) {
      // "\#" at the start of a line would still be text; the joiner also stops "#123".
      out += '\\';
      out += c;
      out += k_joiner;
    } else {
      out += c;
    }
  }
  return out;
}

std::string md_code(std::string_view raw) {
  const std::string text = one_line(raw);
  const std::string fence(longest_backtick_run(text) + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string md_table_code(std::string_view text) {
  std::string out;
  for (char c : md_code(text)) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string md_code_block(std::string_view raw, std::string_view info) {
  const std::string text = util::printable(raw, true);
  const std::string fence(std::max<std::size_t>(3, longest_backtick_run(text) + 1), '`');
  std::string out = fence + std::string(info) + "\n" + text;
  if (!text.empty() && text.back() != '\n') out += '\n';
  return out + fence + "\n";
}

std::string md_html_text(std::string_view raw) {
  std::string out;
  for (char c : util::markup_escape(raw)) {
    out += c;
    if (is_reference_sign(c)) out += k_joiner;
  }
  return out;
}

}  // namespace freshcheck::report
