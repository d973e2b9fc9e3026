#include "html/scope_slice.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "util/text.hpp"

namespace freshcheck::html {
namespace {

// The tokenizer here follows the HTML standard's tokenization for what a slice depends on:
// where tags, comments and raw text begin and end, and what a tag's attributes are. It does
// not build a tree; the parser does that on the slice, and parse_document checks the result.

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view candidate) {
    return util::ascii_iequals(name, candidate);
  });
}

// Where the tokenizer switches to a mode this one does not follow, or that the parser treats
// by insertion mode rather than by tag: the whole page is parsed instead.
constexpr std::array<std::string_view, 9> k_unfollowed = {
    "svg", "math", "template", "noscript", "plaintext", "select", "frameset", "frame", "isindex"};
constexpr std::array<std::string_view, 8> k_raw_text = {"script",  "style",    "xmp",   "iframe",
                                                        "noembed", "noframes", "title", "textarea"};
// Formatting elements: the parser compares their attributes (three alike at most stay in its
// list of active formatting elements), so they keep all of them. <a> is not here: the parser
// never holds two of them in that list.
constexpr std::array<std::string_view, 13> k_formatting = {
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"};
// Elements a slice may name: closed only by their own end tag, never implicitly by a sibling.
constexpr std::array<std::string_view, 18> k_sliceable = {
    "div", "section", "article",    "aside",   "main",     "nav",    "header", "footer", "ul", "ol",
    "dl",  "table",   "blockquote", "details", "fieldset", "figure", "center", "address"};
// Attributes the parser or the block model reads on an element outside the scope.
constexpr std::array<std::string_view, 7> k_kept_attributes = {
    "id", "class", "hidden", "aria-hidden", "style", "type", "data-cfemail"};

bool is_heading(std::string_view name) {
  return name.size() == 2 && util::ascii_lower(name[0]) == 'h' && name[1] >= '1' && name[1] <= '6';
}

struct Attribute {
  std::string_view name;
  std::string_view value;  // without quotes
  std::string_view raw;    // name, '=' and value as written
};

struct Tag {
  std::size_t begin = 0;  // '<'
  std::size_t end = 0;    // past '>'
  std::string_view name;
  bool closing = false;
  bool self_closing = false;
  std::vector<Attribute> attributes;
};

class SliceWriter {
 public:
  SliceWriter(std::string_view page, std::string_view id) : m_page(page), m_id(id) {}

  std::optional<ScopeSlice> write() {
    if (m_id.empty() || std::memchr(m_page.data(), '\0', m_page.size()) != nullptr) return {};
    std::size_t pos = 0;
    while (pos < m_page.size()) {
      const std::size_t token = next_token_start(pos);
      if (token > pos) text(pos, token);
      if (token >= m_page.size()) break;
      const auto next = markup(token);
      if (!next) return {};
      pos = *next;
    }
    if (m_phase != Phase::after) return {};
    m_slice.html = std::move(m_out);
    return std::move(m_slice);
  }

 private:
  enum class Phase { before, inside, after };

  // The next '<' that starts markup; a '<' before anything else is text.
  std::size_t next_token_start(std::size_t from) const {
    while (true) {
      const std::size_t at = m_page.find('<', from);
      if (at == std::string_view::npos || at + 1 >= m_page.size()) return m_page.size();
      const char c = m_page[at + 1];
      if (util::is_ascii_letter(c) || c == '/' || c == '!' || c == '?') return at;
      from = at + 1;
    }
  }

  // Line breaks as the parser counts them: CR LF is one, a lone CR or LF is one.
  std::size_t line_breaks(std::size_t begin, std::size_t end) const {
    std::size_t count = 0;
    for (std::size_t i = begin; i < end; ++i)
      if (m_page[i] == '\n' ||
          (m_page[i] == '\r' && (i + 1 >= m_page.size() || m_page[i + 1] != '\n')))
        ++count;
    return count;
  }

  void emit_line_breaks(std::size_t begin, std::size_t end) {
    m_out.append(line_breaks(begin, end), '\n');
  }

  void raw(std::size_t begin, std::size_t end) { m_out.append(m_page.substr(begin, end - begin)); }

  // Text before the element shrinks to what the parser decides by: white space or not. A
  // character reference may decode to white space, so text holding one stays as written.
  void text(std::size_t begin, std::size_t end) {
    if (m_phase == Phase::after) return;
    const std::string_view run = m_page.substr(begin, end - begin);
    if (m_phase == Phase::inside || m_heading != Heading::none ||
        run.find('&') != std::string_view::npos) {
      raw(begin, end);
      return;
    }
    const bool blank = std::all_of(run.begin(), run.end(), is_space);
    const std::size_t breaks = line_breaks(begin, end);
    if (!blank) m_out += 'x';
    if (breaks > 0)
      m_out.append(breaks, '\n');
    else if (blank)
      m_out += ' ';
  }

  // Markup at `at` (a '<' that starts it). Returns where reading goes on, nothing to give up.
  std::optional<std::size_t> markup(std::size_t at) {
    const std::string_view rest = m_page.substr(at);
    if (rest.starts_with("<!--")) return comment(at);
    if (rest.size() >= 9 && util::ascii_iequals(rest.substr(2, 7), "doctype") && rest[1] == '!') {
      const std::size_t end = m_page.find('>', at);
      if (end == std::string_view::npos) return {};
      if (m_phase != Phase::after) raw(at, end + 1);
      return end + 1;
    }
    if (rest.starts_with("<![CDATA[")) return {};
    if (rest.starts_with("</>")) return at + 3;
    if (rest[1] == '!' || rest[1] == '?' ||
        (rest[1] == '/' && (rest.size() < 3 || !util::is_ascii_letter(rest[2]))))
      return bogus_comment(at);
    auto tag = read_tag(at);
    if (!tag) return {};
    return tag->closing ? end_tag(*tag) : start_tag(*tag);
  }

  // A comment ends at "-->" or "--!>"; "<!-->" and "<!--->" end at once.
  std::optional<std::size_t> comment(std::size_t at) {
    const std::size_t text = at + 4;
    std::optional<std::size_t> end;
    if (m_page.substr(text, 1) == ">") end = text + 1;
    if (!end && m_page.substr(text, 2) == "->") end = text + 2;
    for (std::size_t from = text; !end;) {
      const std::size_t dashes = m_page.find("--", from);
      if (dashes == std::string_view::npos) return {};
      if (m_page.substr(dashes + 2, 1) == ">") end = dashes + 3;
      if (m_page.substr(dashes + 2, 2) == "!>") end = dashes + 4;
      from = dashes + 1;
    }
    write_comment(at, *end);
    return end;
  }

  std::optional<std::size_t> bogus_comment(std::size_t at) {
    const std::size_t close = m_page.find('>', at);
    if (close == std::string_view::npos) return {};
    write_comment(at, close + 1);
    return close + 1;
  }

  // A comment stays a comment (in the body, white space text would not be the same tree),
  // emptied but for its line breaks.
  void write_comment(std::size_t begin, std::size_t end) {
    if (m_phase == Phase::inside) return raw(begin, end);
    if (m_phase == Phase::after) return;
    m_out += "<!--";
    emit_line_breaks(begin, end);
    m_out += "-->";
  }

  // Reads the tag at `at` by the tokenizer's tag and attribute states. Nothing at EOF.
  std::optional<Tag> read_tag(std::size_t at) const {
    Tag tag;
    tag.begin = at;
    tag.closing = m_page[at + 1] == '/';
    std::size_t i = at + (tag.closing ? 2 : 1);
    const std::size_t name_begin = i;
    while (i < m_page.size() && !is_space(m_page[i]) && m_page[i] != '/' && m_page[i] != '>') ++i;
    tag.name = m_page.substr(name_begin, i - name_begin);
    while (i < m_page.size()) {
      const char c = m_page[i];
      if (is_space(c)) {
        ++i;
      } else if (c == '>') {
        tag.end = i + 1;
        return tag;
      } else if (c == '/') {
        ++i;
        if (i < m_page.size() && m_page[i] == '>') {
          tag.self_closing = true;
          tag.end = i + 1;
          return tag;
        }
      } else if (!read_attribute(i, tag)) {
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // One attribute from `i` (its name's first character); moves `i` past it.
  bool read_attribute(std::size_t& i, Tag& tag) const {
    const std::size_t begin = i;
    ++i;  // the first character belongs to the name, even '='
    while (i < m_page.size() && !is_space(m_page[i]) && m_page[i] != '/' && m_page[i] != '>' &&
           m_page[i] != '=')
      ++i;
    Attribute attribute;
    attribute.name = m_page.substr(begin, i - begin);
    std::size_t j = i;
    while (j < m_page.size() && is_space(m_page[j])) ++j;
    if (j < m_page.size() && m_page[j] == '=') {
      ++j;
      while (j < m_page.size() && is_space(m_page[j])) ++j;
      if (j >= m_page.size()) return false;
      const char quote = m_page[j];
      if (quote == '"' || quote == '\'') {
        const std::size_t close = m_page.find(quote, j + 1);
        if (close == std::string_view::npos) return false;
        attribute.value = m_page.substr(j + 1, close - j - 1);
        i = close + 1;
      } else if (quote != '>') {
        std::size_t k = j;
        while (k < m_page.size() && !is_space(m_page[k]) && m_page[k] != '>') ++k;
        attribute.value = m_page.substr(j, k - j);
        i = k;
      } else {
        i = j;
      }
    }
    attribute.raw = m_page.substr(begin, i - begin);
    tag.attributes.push_back(attribute);
    return true;
  }

  static const Attribute* find_attribute(const Tag& tag, std::string_view name) {
    for (const Attribute& attribute : tag.attributes)
      if (util::ascii_iequals(attribute.name, name)) return &attribute;
    return nullptr;
  }

  bool keeps(const Tag& tag, const Attribute& attribute) const {
    if (is_one_of(attribute.name, k_kept_attributes)) return true;
    if (is_one_of(tag.name, k_formatting)) return true;
    if (!util::ascii_iequals(attribute.name, "href")) return false;
    // <base> sets the page URL; a Cloudflare-protected mailto is read wherever it is (the
    // reader warns when one cannot be decoded). An encoded href may hide the marker.
    return util::ascii_iequals(tag.name, "base") ||
           attribute.value.find("email-protection") != std::string_view::npos ||
           attribute.value.find('&') != std::string_view::npos;
  }

  // The tag as the parser needs it: its name, the attributes it or the reader uses, and the
  // line breaks of the rest.
  void write_tag(const Tag& tag) {
    if (m_phase == Phase::inside || m_heading != Heading::none) return raw(tag.begin, tag.end);
    if (m_phase == Phase::after) return;
    m_out += tag.closing ? "</" : "<";
    m_out.append(tag.name);
    std::size_t kept_breaks = 0;
    if (!tag.closing)
      for (const Attribute& attribute : tag.attributes)
        if (keeps(tag, attribute)) {
          m_out += ' ';
          m_out.append(attribute.raw);
          const auto offset = static_cast<std::size_t>(attribute.raw.data() - m_page.data());
          kept_breaks += line_breaks(offset, offset + attribute.raw.size());
        }
    m_out.append(line_breaks(tag.begin, tag.end) - kept_breaks, '\n');
    m_out += tag.self_closing ? "/>" : ">";
  }

  std::optional<std::size_t> start_tag(const Tag& tag) {
    if (is_one_of(tag.name, k_unfollowed)) return {};
    if (!note_id(tag)) return {};
    if (m_phase == Phase::after &&
        (util::ascii_iequals(tag.name, "title") || util::ascii_iequals(tag.name, "base")))
      return {};  // the page's title or URL would come from after the element
    if (m_phase == Phase::inside && util::ascii_iequals(tag.name, m_element)) ++m_depth;
    if (m_phase == Phase::before && m_heading == Heading::none) {
      if (is_heading(tag.name)) m_heading = Heading::heading;
      if (util::ascii_iequals(tag.name, "summary")) m_heading = Heading::summary;
    }
    if (is_one_of(tag.name, k_raw_text)) return raw_text_element(tag);
    write_tag(tag);
    return tag.end;
  }

  std::optional<std::size_t> end_tag(const Tag& tag) {
    if (m_phase == Phase::inside && util::ascii_iequals(tag.name, m_element) && --m_depth == 0) {
      m_slice.end_tag_start = m_out.size();
      raw(tag.begin, tag.end);
      m_phase = Phase::after;
      return tag.end;
    }
    write_tag(tag);
    if ((m_heading == Heading::heading && is_heading(tag.name)) ||
        (m_heading == Heading::summary && util::ascii_iequals(tag.name, "summary")))
      m_heading = Heading::none;
    return tag.end;
  }

  // Watches every element's id: the one named starts the slice; a second one, or one that a
  // character reference could make equal, gives up.
  bool note_id(const Tag& tag) {
    const Attribute* id = find_attribute(tag, "id");
    if (id == nullptr) return true;
    if (id->value.find('&') != std::string_view::npos) return false;
    if (id->value != m_id) return true;
    if (m_phase != Phase::before || m_heading != Heading::none || !is_one_of(tag.name, k_sliceable))
      return false;
    m_phase = Phase::inside;
    m_element = util::ascii_lower(tag.name);
    m_depth = 0;  // start_tag counts this one
    m_slice.element_start = m_out.size();
    return true;
  }

  // <script>, <style>, <title> ...: their text runs to the first matching end tag. Script
  // text holding "<!--" can escape that end tag, which this tokenizer does not follow.
  std::optional<std::size_t> raw_text_element(const Tag& tag) {
    const std::string name = util::ascii_lower(tag.name);
    std::size_t close = tag.end;
    while (true) {
      close = m_page.find("</", close);
      if (close == std::string_view::npos) return {};
      const std::string_view rest = m_page.substr(close + 2);
      if (rest.size() > name.size() && util::ascii_iequals(rest.substr(0, name.size()), name) &&
          (is_space(rest[name.size()]) || rest[name.size()] == '/' || rest[name.size()] == '>'))
        break;
      close += 2;
    }
    if (name == "script" &&
        m_page.substr(tag.end, close - tag.end).find("<!--") != std::string_view::npos)
      return {};
    const auto end = read_tag(close);
    if (!end) return {};
    if (m_phase == Phase::inside ||
        (m_phase == Phase::before && (m_heading != Heading::none || name == "title"))) {
      raw(tag.begin, end->end);  // text that is read: as written
    } else if (m_phase == Phase::before) {
      write_tag(tag);
      emit_line_breaks(tag.end, close);
      write_tag(*end);
    }
    return end->end;
  }

  enum class Heading { none, heading, summary };

  std::string_view m_page;
  std::string_view m_id;
  std::string m_out;
  ScopeSlice m_slice;
  Phase m_phase = Phase::before;
  Heading m_heading = Heading::none;
  std::string m_element;  // lower case
  int m_depth = 0;
};

}  // namespace

std::optional<ScopeSlice> slice_for_scope(std::string_view page, std::string_view id) {
  return SliceWriter(page, id).write();
}

}  // namespace freshcheck::html
