#include "html/plain_text_runs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "util/text.hpp"

namespace freshcheck::html {
namespace {

// Shorter runs are left in place: a placeholder is four bytes, and each one costs a lookup.
constexpr std::size_t k_shortest_run = 12;
constexpr char32_t k_first_placeholder = 0xF0000;
constexpr std::size_t k_most_runs = 0xFFFE;  // U+FFFFE and U+FFFFF are not characters
constexpr char k_placeholder_lead = '\xF3';  // the first byte of U+C0000 to U+FFFFF

// What the HTML tokenizer counts as white space ('\r' reads as '\n').
bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool equals_lower(std::string_view name, std::string_view lower) {
  return util::ascii_iequals(name, lower);
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& lower_names) {
  return std::any_of(lower_names.begin(), lower_names.end(),
                     [&](std::string_view lower) { return equals_lower(name, lower); });
}

// Tags after which the tokenizer reads text, not markup, up to the matching end tag.
enum class RawText { none, rcdata, rawtext, script };

RawText raw_text_of(std::string_view name) {
  static constexpr std::array<std::string_view, 2> k_rcdata = {"title", "textarea"};
  static constexpr std::array<std::string_view, 5> k_rawtext = {"style", "xmp", "iframe", "noembed",
                                                                "noframes"};
  if (is_one_of(name, k_rcdata)) return RawText::rcdata;
  if (is_one_of(name, k_rawtext)) return RawText::rawtext;
  if (equals_lower(name, "script")) return RawText::script;
  return RawText::none;
}

// SVG and MathML elements that HTML has no element of the same name for, and that do not
// take HTML inside them: inside a drawing, these open and close as the drawing's own.
bool is_drawing_element(std::string_view name) {
  static constexpr std::array<std::string_view, 62> k_names = {"path",
                                                               "g",
                                                               "circle",
                                                               "rect",
                                                               "line",
                                                               "polyline",
                                                               "polygon",
                                                               "ellipse",
                                                               "defs",
                                                               "symbol",
                                                               "use",
                                                               "lineargradient",
                                                               "radialgradient",
                                                               "stop",
                                                               "clippath",
                                                               "mask",
                                                               "pattern",
                                                               "filter",
                                                               "text",
                                                               "tspan",
                                                               "textpath",
                                                               "metadata",
                                                               "marker",
                                                               "view",
                                                               "switch",
                                                               "animate",
                                                               "animatetransform",
                                                               "animatemotion",
                                                               "set",
                                                               "mpath",
                                                               "image",
                                                               "feblend",
                                                               "fecolormatrix",
                                                               "fecomponenttransfer",
                                                               "fecomposite",
                                                               "feflood",
                                                               "fegaussianblur",
                                                               "feimage",
                                                               "femerge",
                                                               "femergenode",
                                                               "feoffset",
                                                               "femorphology",
                                                               "feturbulence",
                                                               "fedropshadow",
                                                               "fefunca",
                                                               "fefuncb",
                                                               "fefuncg",
                                                               "fefuncr",
                                                               "fetile",
                                                               "mrow",
                                                               "mfrac",
                                                               "msqrt",
                                                               "mroot",
                                                               "msub",
                                                               "msup",
                                                               "msubsup",
                                                               "munder",
                                                               "mover",
                                                               "munderover",
                                                               "mspace",
                                                               "mstyle",
                                                               "semantics"};
  return is_one_of(name, k_names);
}

// Elements of a drawing whose children are read as HTML (integration points), and HTML's
// raw text elements, which a drawing reads as markup: inside a drawing either is safe only
// with no markup in it at all.
bool must_hold_plain_text(std::string_view name) {
  static constexpr std::array<std::string_view, 9> k_integration = {
      "title", "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"};
  return is_one_of(name, k_integration) || raw_text_of(name) != RawText::none;
}

// A code point the parser keeps as it is; it turns the others into U+FFFD.
bool parser_keeps(char32_t c) {
  return !((c >= 0x1 && c <= 0x8) || c == 0xB || (c >= 0xE && c <= 0x1F) ||
           (c >= 0x7F && c <= 0x9F) || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE);
}

// Whether a numeric character reference in `page` makes a code point a placeholder could be.
bool refers_to_placeholder_range(std::string_view page) {
  for (std::size_t pos = page.find("&#"); pos != std::string_view::npos;
       pos = page.find("&#", pos + 2)) {
    std::size_t at = pos + 2;
    const bool hex = at < page.size() && (page[at] == 'x' || page[at] == 'X');
    if (hex) ++at;
    std::uint32_t value = 0;
    for (; at < page.size(); ++at) {
      const char c = page[at];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && util::is_ascii_letter(c) && util::ascii_lower(c) <= 'f')
        digit = util::ascii_lower(c) - 'a' + 10;
      if (digit < 0) break;
      value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit),
                                      0x1000000);  // past any code point; no overflow
    }
    if (value >= 0xC0000 && value <= 0xFFFFF) return true;
  }
  return false;
}

// Follows the tokenizer over the page and sets aside the runs of plain text it reads in
// its data state. Each step returns false where the scan stops for good.
class RunScanner {
 public:
  RunScanner(std::string_view page, std::string& html, std::vector<PlainTextRuns::Run>& runs)
      : m_page(page), m_html(html), m_runs(runs) {}

  void scan() {
    while (m_pos < m_page.size()) {
      const std::size_t markup = std::min(m_page.find('<', m_pos), m_page.size());
      if (m_drawings.empty() && !set_aside_runs(m_pos, markup)) break;
      if (markup == m_page.size() || !read_markup(markup)) break;
    }
    if (!m_runs.empty()) m_html.append(m_page.substr(m_copied));
  }

 private:
  char at(std::size_t pos) const { return pos < m_page.size() ? m_page[pos] : '\0'; }
  bool has_at(std::size_t pos, std::string_view text) const {
    return m_page.substr(pos, text.size()) == text;
  }

  // The text of [begin, end), which holds no '<', in the data state. Returns false when
  // the page has more runs than there are placeholders.
  bool set_aside_runs(std::size_t begin, std::size_t end) {
    std::size_t pos = begin;
    while (pos < end) {
      const std::size_t run_begin = pos;
      pos = plain_text_end(pos, end);
      if (!set_aside(run_begin, pos)) return false;
      pos = past_break(pos, end);
    }
    return true;
  }

  // Where the plain text from `pos` ends: at a line break, a character reference, or a
  // character the parser would change.
  std::size_t plain_text_end(std::size_t pos, std::size_t end) const {
    while (pos < end) {
      const auto byte = static_cast<unsigned char>(m_page[pos]);
      if (byte >= 0x20 && byte < 0x7F && byte != '&') {
        ++pos;
      } else if (byte == '\t' || byte == '\f') {
        ++pos;
      } else if (byte >= 0x80) {
        std::size_t next = pos;
        const char32_t c = util::next_code_point(m_page, next);
        // A malformed sequence reads as U+FFFD, one byte long (U+FFFD itself is three).
        const bool malformed = c == util::k_replacement_character && next - pos != 3;
        if (malformed || next > end || !parser_keeps(c)) return pos;
        pos = next;
      } else {
        return pos;
      }
    }
    return end;
  }

  // Past what ended a run of plain text at `pos`: a character reference whole.
  std::size_t past_break(std::size_t pos, std::size_t end) const {
    if (pos >= end) return end;
    if (m_page[pos] == '&') {
      ++pos;
      while (pos < end &&
             (util::is_ascii_letter(m_page[pos]) || (m_page[pos] >= '0' && m_page[pos] <= '9') ||
              m_page[pos] == '#' || m_page[pos] == ';'))
        ++pos;
      return pos;
    }
    util::next_code_point(m_page, pos);
    return std::min(end, pos);
  }

  // Sets [begin, end) aside but for its white space at either end, which stays: white space
  // before the first other character parses on its own in some insertion modes.
  bool set_aside(std::size_t begin, std::size_t end) {
    while (begin < end && is_html_space(m_page[begin])) ++begin;
    while (end > begin && is_html_space(m_page[end - 1])) --end;
    if (end - begin < k_shortest_run) return true;
    if (m_runs.size() == k_most_runs) return false;
    if (m_html.empty()) m_html.reserve(m_page.size() / 2);
    m_html.append(m_page.substr(m_copied, begin - m_copied));
    m_runs.push_back({m_html.size(), begin, end - begin});
    const auto c = static_cast<char32_t>(k_first_placeholder + m_runs.size() - 1);
    m_html += k_placeholder_lead;
    m_html += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    m_html += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    m_html += static_cast<char>(0x80 | (c & 0x3F));
    m_copied = end;
    return true;
  }

  // The markup at `lt` (a '<'): moves m_pos past it.
  bool read_markup(std::size_t lt) {
    const char next = at(lt + 1);
    if (next == '!') {
      if (has_at(lt, "<!--")) return skip_comment(lt + 4);
      if (has_at(lt, "<![CDATA[")) return false;  // a section of its own inside a drawing
      return skip_past('>', lt + 2);              // a doctype, or a bogus comment
    }
    if (next == '?') return skip_past('>', lt + 2);
    if (next == '/') {
      const char after = at(lt + 2);
      if (util::is_ascii_letter(after)) return read_tag(lt, lt + 2, true);
      if (after == '>') {
        m_pos = lt + 3;
        return true;
      }
      return lt + 2 < m_page.size() && skip_past('>', lt + 2);
    }
    if (util::is_ascii_letter(next)) return read_tag(lt, lt + 1, false);
    m_pos = lt + 1;  // a '<' that opens nothing is text
    return lt + 1 < m_page.size();
  }

  bool skip_past(char c, std::size_t from) {
    const std::size_t found = m_page.find(c, from);
    if (found == std::string_view::npos) return false;
    m_pos = found + 1;
    return true;
  }

  // A comment from just past "<!--": it ends at "-->" or "--!>", or at once with "<!-->"
  // or "<!--->".
  bool skip_comment(std::size_t from) {
    std::size_t end = std::string_view::npos;  // the '>' that ends it
    if (at(from) == '>') {
      end = from;
    } else if (at(from) == '-' && at(from + 1) == '>') {
      end = from + 1;
    } else {
      for (std::size_t dashes = m_page.find("--", from); dashes != std::string_view::npos;
           dashes = m_page.find("--", dashes)) {
        std::size_t after = dashes + 2;
        while (at(after) == '-') ++after;
        if (at(after) == '>' || (at(after) == '!' && at(after + 1) == '>')) {
          end = at(after) == '>' ? after : after + 1;
          break;
        }
        dashes = after;
      }
    }
    if (end == std::string_view::npos) return false;
    m_pos = end + 1;
    return true;
  }

  // A start or end tag whose name begins at `name_begin`: its attributes as the tokenizer
  // reads them (a quoted value may hold '>').
  bool read_tag(std::size_t lt, std::size_t name_begin, bool is_end) {
    std::size_t pos = name_begin;
    while (pos < m_page.size() && !is_html_space(m_page[pos]) && m_page[pos] != '/' &&
           m_page[pos] != '>')
      ++pos;
    const std::string_view name = m_page.substr(name_begin, pos - name_begin);
    enum class State {
      before_name,
      name,
      after_name,
      before_value,
      double_quoted,
      single_quoted,
      unquoted,
      after_quoted,
      self_closing
    };
    State state = State::before_name;
    for (; pos < m_page.size(); ++pos) {
      const char c = m_page[pos];
      const bool space = is_html_space(c);
      switch (state) {
        case State::before_name:
          if (space) break;
          if (c == '/')
            state = State::self_closing;
          else if (c == '>')
            return read_tag_end(lt, name, is_end, false, pos);
          else
            state = State::name;
          break;
        case State::name:
        case State::after_name:
          if (space)
            state = State::after_name;
          else if (c == '/')
            state = State::self_closing;
          else if (c == '=')
            state = State::before_value;
          else if (c == '>')
            return read_tag_end(lt, name, is_end, false, pos);
          else
            state = State::name;
          break;
        case State::before_value:
          if (space) break;
          if (c == '"')
            state = State::double_quoted;
          else if (c == '\'')
            state = State::single_quoted;
          else if (c == '>')
            return read_tag_end(lt, name, is_end, false, pos);
          else
            state = State::unquoted;
          break;
        case State::double_quoted:
          if (c == '"') state = State::after_quoted;
          break;
        case State::single_quoted:
          if (c == '\'') state = State::after_quoted;
          break;
        case State::unquoted:
          if (space)
            state = State::before_name;
          else if (c == '>')
            return read_tag_end(lt, name, is_end, false, pos);
          break;
        case State::after_quoted:
        case State::self_closing:
          if (c == '>') return read_tag_end(lt, name, is_end, state == State::self_closing, pos);
          if (state == State::after_quoted && space) {
            state = State::before_name;
          } else if (state == State::after_quoted && c == '/') {
            state = State::self_closing;
          } else {
            state = State::before_name;
            --pos;  // read again as the start of an attribute
          }
          break;
      }
    }
    return false;  // the page ends inside the tag
  }

  bool read_tag_end(std::size_t lt, std::string_view name, bool is_end, bool self_closing,
                    std::size_t gt) {
    m_pos = gt + 1;
    if (!m_drawings.empty()) return drawing_tag(lt, name, is_end, self_closing);
    if (is_end) {
      if (equals_lower(name, "select")) m_in_select = false;
      return true;
    }
    if (equals_lower(name, "svg") || equals_lower(name, "math")) {
      if (!self_closing) m_drawings.push_back(name);
      return true;
    }
    static constexpr std::array<std::string_view, 3> k_unsure = {"frameset", "template",
                                                                 "plaintext"};
    if (is_one_of(name, k_unsure)) return false;
    static constexpr std::array<std::string_view, 4> k_close_select = {"select", "input", "keygen",
                                                                       "textarea"};
    if (is_one_of(name, k_close_select)) m_in_select = !m_in_select && equals_lower(name, "select");
    const RawText raw = raw_text_of(name);
    if (raw == RawText::none) return true;
    // In a <select>, the parser drops all of these tags but <script> (and <textarea>, which
    // closed it above) and reads what follows them as markup.
    const bool surely_raw = !m_in_select || raw == RawText::script;
    return skip_raw_text(name, raw, surely_raw);
  }

  // A tag inside an <svg> or <math>.
  bool drawing_tag(std::size_t lt, std::string_view name, bool is_end, bool self_closing) {
    if (is_end) {
      if (lt == m_plain_end_tag) return true;
      if (equals_lower(name, "svg") || equals_lower(name, "math")) {
        if (!util::ascii_iequals(name, util::ascii_lower(m_drawings.back()))) return false;
        m_drawings.pop_back();
        return true;
      }
      // Any other end tag may close HTML elements around the drawing, and the drawing.
      return is_drawing_element(name);
    }
    if (equals_lower(name, "svg") || equals_lower(name, "math")) {
      if (!self_closing) m_drawings.push_back(name);
      return true;
    }
    if (must_hold_plain_text(name)) {
      if (self_closing) return true;
      return skip_raw_text(name, RawText::rcdata, false);
    }
    // Others may be HTML, which ends the drawing ("<p>", "<div>"), or not: unsure.
    return is_drawing_element(name);
  }

  // From just past the start tag of a raw text element to its end tag, setting nothing
  // aside. Text with no '<' reads the same as raw text or as markup; text with one is
  // read here only when the tag surely switched the tokenizer to raw text.
  bool skip_raw_text(std::string_view name, RawText raw, bool surely_raw) {
    const std::size_t end = raw_text_end(name, m_pos);
    const std::string_view text = m_page.substr(m_pos, end - m_pos);
    if (text.find('<') != std::string_view::npos) {
      if (!surely_raw) return false;
      // "<!--" in a script starts an escape in which "</script>" may not end it.
      if (raw == RawText::script && text.find("<!--") != std::string_view::npos) return false;
    }
    if (end == m_page.size()) return false;  // raw text to the end of the page
    m_pos = end;
    m_plain_end_tag = end;
    return true;
  }

  // Where "</name" followed by white space, '/' or '>' begins, or the end of the page.
  std::size_t raw_text_end(std::string_view name, std::size_t from) const {
    for (std::size_t pos = m_page.find("</", from); pos != std::string_view::npos;
         pos = m_page.find("</", pos + 2)) {
      const std::size_t after = pos + 2 + name.size();
      if (after >= m_page.size()) break;
      if (!util::ascii_iequals(m_page.substr(pos + 2, name.size()), util::ascii_lower(name)))
        continue;
      const char c = m_page[after];
      if (is_html_space(c) || c == '/' || c == '>') return pos;
    }
    return m_page.size();
  }

  std::string_view m_page;
  std::string& m_html;
  std::vector<PlainTextRuns::Run>& m_runs;
  std::size_t m_pos = 0;                     // where the tokenizer is, in its data state
  std::size_t m_copied = 0;                  // the page up to here is in m_html
  std::vector<std::string_view> m_drawings;  // open <svg> and <math>, innermost last
  bool m_in_select = false;
  // The end tag of the element skip_raw_text() last passed over, read as its end even
  // inside a drawing.
  std::size_t m_plain_end_tag = std::string_view::npos;
};

}  // namespace

PlainTextRuns::PlainTextRuns(std::string_view page) : m_page(page) {
  if (page.find(k_placeholder_lead) != std::string_view::npos || refers_to_placeholder_range(page))
    return;
  RunScanner(page, m_html, m_runs).scan();
  if (m_runs.empty()) m_html = std::string();
}

PlainTextRuns PlainTextRuns::none(std::string_view page) {
  PlainTextRuns runs;
  runs.m_page = page;
  return runs;
}

void PlainTextRuns::append_restored(std::string_view text, std::string& out) const {
  if (m_runs.empty()) {
    out += text;
    return;
  }
  std::size_t pos = 0;
  for (std::size_t lead = text.find(k_placeholder_lead); lead != std::string_view::npos;
       lead = text.find(k_placeholder_lead, pos)) {
    out.append(text.substr(pos, lead - pos));
    pos = lead;
    const char32_t c = util::next_code_point(text, pos);
    const std::size_t index = c >= k_first_placeholder ? c - k_first_placeholder : m_runs.size();
    if (index >= m_runs.size()) {  // not made here; cannot happen (see the constructor)
      out.append(text.substr(lead, pos - lead));
      continue;
    }
    const Run& run = m_runs[index];
    out.append(m_page.substr(run.page, run.length));
  }
  if (pos < text.size()) out.append(text.substr(pos));
}

std::size_t PlainTextRuns::page_offset(std::size_t html_offset) const {
  const auto after =
      std::upper_bound(m_runs.begin(), m_runs.end(), html_offset,
                       [](std::size_t offset, const Run& run) { return offset < run.placeholder; });
  if (after == m_runs.begin()) return html_offset;
  const Run& run = *(after - 1);
  if (html_offset < run.placeholder + k_placeholder_size) return run.page;
  return run.page + run.length + (html_offset - run.placeholder - k_placeholder_size);
}

}  // namespace freshcheck::html
