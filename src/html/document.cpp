#include "html/document.hpp"

#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_map>

#include "html/cfemail.hpp"
#include "html/charset.hpp"
#include "html/gumbo_util.hpp"
#include "html/scope_slice.hpp"
#include "html/selector.hpp"
#include "url/url.hpp"
#include "util/eight_bytes.hpp"
#include "util/text.hpp"

namespace freshcheck::html {

const char* to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::heading:
      return "heading";
    case BlockKind::paragraph:
      return "paragraph";
    case BlockKind::list_item:
      return "list_item";
    case BlockKind::table_row:
      return "table_row";
    case BlockKind::term:
      return "term";
    case BlockKind::definition:
      return "definition";
    case BlockKind::summary:
      return "summary";
    case BlockKind::caption:
      return "caption";
    case BlockKind::preformatted:
      return "preformatted";
    case BlockKind::quote:
      return "quote";
    case BlockKind::address:
      return "address";
    case BlockKind::text:
      return "text";
  }
  return "?";
}

namespace {

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 15> k_void_elements = {
    "area", "base", "br",    "col",    "embed", "hr",  "img",   "input",
    "link", "meta", "param", "source", "track", "wbr", "keygen"};
// Elements whose end tag may be left out: the parser closes them itself, so they do not
// deepen the tree.
constexpr std::array<std::string_view, 16> k_optional_end = {
    "p",        "li",    "dt",    "dd",    "tr",       "td", "th", "option",
    "optgroup", "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp"};
constexpr std::array<std::string_view, 10> k_raw_text = {
    "script", "style",   "textarea", "title",    "xmp",
    "iframe", "noembed", "noframes", "noscript", "template"};
// Never visible as text.
constexpr std::array<std::string_view, 16> k_skipped = {
    "script", "style",  "template", "noscript", "svg",   "math",  "iframe",   "object",
    "embed",  "canvas", "select",   "datalist", "audio", "video", "textarea", "button-template"};
constexpr std::array<std::string_view, 30> k_containers = {
    "html", "body",   "div",   "section",  "article", "aside",   "header", "footer",
    "nav",  "main",   "form",  "fieldset", "figure",  "details", "dl",     "ul",
    "ol",   "table",  "tbody", "thead",    "tfoot",   "center",  "hgroup", "legend",
    "menu", "dialog", "hr",    "search",   "td",      "th"};
// Headings inside these belong to them and stop applying when they close.
constexpr std::array<std::string_view, 5> k_sectioning = {"section", "article", "aside", "nav",
                                                          "details"};

std::optional<BlockKind> block_kind_of(std::string_view name) {
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')
    return BlockKind::heading;
  if (name == "p") return BlockKind::paragraph;
  if (name == "li") return BlockKind::list_item;
  if (name == "dt") return BlockKind::term;
  if (name == "dd") return BlockKind::definition;
  if (name == "summary") return BlockKind::summary;
  if (name == "caption" || name == "figcaption") return BlockKind::caption;
  if (name == "pre") return BlockKind::preformatted;
  if (name == "blockquote") return BlockKind::quote;
  if (name == "address") return BlockKind::address;
  if (one_of(name, k_containers)) return BlockKind::text;
  return std::nullopt;
}

// What the builder needs of a tag, worked out once per tag name (traits_for, TagTable) rather
// than by comparing names at every element.
struct TagTraits {
  enum class Role { other, title, base, br, table, thead, tr, td, th, img, link, pre };
  std::string name;  // lower case, as in DOM paths
  Role role = Role::other;
  std::optional<BlockKind> block;  // block_kind_of(name)
  int heading_level = 0;           // 1-6 for <h1>-<h6>
  bool skipped = false;            // never visible as text
  bool sectioning = false;
  // For safe_parse_length's scan of the raw page: text up to the end tag, not markup; no
  // children (void, or an end tag that may be left out).
  bool raw_text = false;
  bool leaf = false;
};

TagTraits traits_for(std::string name) {
  using Role = TagTraits::Role;
  static constexpr std::array<std::pair<std::string_view, Role>, 12> k_roles = {{
      {"title", Role::title},
      {"base", Role::base},
      {"br", Role::br},
      {"table", Role::table},
      {"thead", Role::thead},
      {"tr", Role::tr},
      {"td", Role::td},
      {"th", Role::th},
      {"img", Role::img},
      {"a", Role::link},
      {"area", Role::link},
      {"pre", Role::pre},
  }};
  TagTraits traits;
  for (const auto& [role_name, role] : k_roles)
    if (name == role_name) traits.role = role;
  traits.block = block_kind_of(name);
  if (traits.block == BlockKind::heading) traits.heading_level = name[1] - '0';
  traits.skipped = one_of(name, k_skipped);
  traits.sectioning = one_of(name, k_sectioning);
  traits.raw_text = one_of(name, k_raw_text);
  traits.leaf = one_of(name, k_void_elements) || one_of(name, k_optional_end);
  traits.name = std::move(name);
  return traits;
}

// The traits of every tag gumbo knows, by its enum, and of the unknown tag names a page used
// ("my-widget"), by name. Each name has one TagTraits object, so two elements have the
// same tag name exactly when their traits are the same object (frames count siblings so).
const std::vector<TagTraits>& known_tag_traits() {
  static const std::vector<TagTraits> k_known = [] {
    std::vector<TagTraits> known;
    for (int tag = 0; tag < GUMBO_TAG_UNKNOWN; ++tag)
      known.push_back(traits_for(gumbo_normalized_tagname(static_cast<GumboTag>(tag))));
    return known;
  }();
  return k_known;
}

class TagTable {
 public:
  const TagTraits& of(const GumboNode* element) {
    const GumboElement& e = element->v.element;
    if (e.tag < GUMBO_TAG_UNKNOWN) return known_tag_traits()[e.tag];
    std::string name = element_name(element);
    auto found = m_unknown.find(name);
    if (found == m_unknown.end()) found = m_unknown.emplace(name, traits_for(name)).first;
    return found->second;
  }

 private:
  std::unordered_map<std::string, TagTraits> m_unknown;  // nodes keep their address
};

// The attributes the builder reads, each when the element has it, found in one pass over the
// element's attributes.
struct ElementAttributes {
  std::optional<std::string_view> id, style, hidden, aria_hidden, href, alt, cfemail, aria_label,
      title, colspan;
};

ElementAttributes read_attributes(const GumboNode* element) {
  using Member = std::optional<std::string_view> ElementAttributes::*;
  static constexpr std::array<std::pair<std::string_view, Member>, 10> k_read = {{
      {"id", &ElementAttributes::id},
      {"href", &ElementAttributes::href},
      {"style", &ElementAttributes::style},
      {"hidden", &ElementAttributes::hidden},
      {"aria-hidden", &ElementAttributes::aria_hidden},
      {"alt", &ElementAttributes::alt},
      {"data-cfemail", &ElementAttributes::cfemail},
      {"aria-label", &ElementAttributes::aria_label},
      {"title", &ElementAttributes::title},
      {"colspan", &ElementAttributes::colspan},
  }};
  ElementAttributes read;
  const GumboVector& attributes = element->v.element.attributes;
  // gumbo keeps only the first of repeated attributes, so each is met at most once; names
  // compare in any case, as gumbo_get_attribute compares them.
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
    for (const auto& [name, member] : k_read)
      if (util::ascii_iequals(attribute->name, name)) {
        read.*member = attribute->value;
        break;
      }
  }
  return read;
}

bool is_hidden(const ElementAttributes& attributes) {
  if (attributes.hidden) return true;
  if (attributes.aria_hidden && util::ascii_lower(util::trim(*attributes.aria_hidden)) == "true")
    return true;
  if (!attributes.style) return false;
  std::string style;
  for (char c : util::ascii_lower(*attributes.style))
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') style += c;
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

struct OpenLink {
  std::string href;
  std::string text;
  std::string fallback_text;  // img alt, aria-label, title: for links without text
  int line = 0;
};

struct BlockContext {
  BlockKind kind = BlockKind::text;
  int heading_level = 0;
  std::size_t element_index = 0;  // the frame that opened it
  // Whether its element lies inside an element the scope matches: a block is kept or left
  // out as a whole, by where its own element stands, whatever is open when it is flushed.
  bool in_scope = false;
  std::string buffer;  // raw text; '\n' marks structural line breaks
  std::vector<Link> links;
  std::vector<std::string> protected_emails;
  std::vector<TableCell> cells;
};

// An open <table>: its header texts by column (empty until its header row), rows read.
struct TableHeaders {
  std::vector<std::string> headers;
  std::size_t rows = 0;
};

// A cell of the table row being read: where its text starts in the row's buffer.
struct RowCell {
  std::size_t begin = 0;
  std::string text;
  bool is_th = false;
  std::size_t span = 1;  // colspan
};

struct Heading {
  int level;
  std::string text;
  std::ptrdiff_t owner;  // frame index of the sectioning element it belongs to, -1 for none
};

struct Frame {
  const TagTraits* tag = nullptr;
  std::string_view id;  // trimmed; in the parsed tree, which outlives the walk
  int ordinal = 1;      // among the parent's children of the same tag
  // Where the counts of its children's tags start in BlockBuilder::m_child_tag_counts.
  std::size_t child_counts_begin = 0;
  // Its DOM path is BlockBuilder::m_path up to path_end (its segment starts at its parent's).
  std::size_t path_end = 0;
  bool opened_block = false;
  bool opened_row = false;
  // The element or one of its ancestors matches the scope. Held per frame, not as a running
  // count, so that an element that is skipped (<br>, hidden, <script>) cannot unbalance it.
  bool in_scope = false;
  Selector::State scope_state;  // how far the scope matches here, for the children's
  bool opened_link = false;
  bool opened_table = false;
  bool opened_cell = false;     // a cell of the row block being read
  bool row_line_break = false;  // a block element inside a table row: break the line
  bool preformatted = false;

  // The element as a maintainer would find it in the browser's inspector: by id when it has
  // one, else by its position among same-tag siblings ("tr:nth-of-type(3)").
  void append_segment(std::string& path) const {
    path += tag->name;
    if (!id.empty()) {
      path += '#';
      path += id;
    } else if (ordinal > 1) {
      std::array<char, 16> digits;
      const auto written = std::to_chars(digits.data(), digits.data() + digits.size(), ordinal);
      path += ":nth-of-type(";
      path.append(digits.data(), written.ptr);
      path += ')';
    }
  }
  // The path leaves out the root <html> (but names one with an id).
  bool in_path() const { return !(tag->name == "html" && id.empty()); }
};

// How the scope matched, which tells whether a slice of the page (scope_slice.hpp) read the
// same as the whole page would have.
struct ScopeMatch {
  std::size_t count = 0;
  // No link, table or block other than a plain container was open at the element: none of
  // the text a slice leaves out could reach the element's blocks.
  bool clean = true;
  bool formatting_ancestor = false;  // content after it could move it (adoption agency)
  bool implicit_end = false;         // closed by the parser, not by its own end tag
  std::size_t start = 0;             // offsets of its start and end tags
  std::size_t end_tag = 0;

  // Whether the tree built from `slice` reads its element as the whole page would: the
  // element the slice chose, matched once, closed by the end tag the slice ends with, and
  // nothing around or inside it that the slice leaves out or that later content could move.
  bool reads_as_page(const ScopeSlice& slice) const {
    return count == 1 && clean && !formatting_ancestor && !implicit_end &&
           start == slice.element_start && end_tag == slice.end_tag_start;
  }
};

// Turns each '\n' and '\r' of [p, end) into a space, as a reader sees the source's line
// breaks outside <pre>: eight bytes at a time, most of them holding none.
void line_breaks_to_spaces(char* p, char* const end) {
  for (; end - p >= 8; p += 8) {
    const std::uint64_t word = util::eight_bytes::load(p);
    const std::uint64_t breaks =
        util::eight_bytes::equal(word, '\n') | util::eight_bytes::equal(word, '\r');
    if (breaks == 0) continue;
    const std::uint64_t bytes = (breaks >> 7) * 0xFF;  // 0xFF in each byte marked
    util::eight_bytes::store(p, (word & ~bytes) | (util::eight_bytes::k_ones * ' ' & bytes));
  }
  for (; p != end; ++p)
    if (*p == '\n' || *p == '\r') *p = ' ';
}

bool is_formatting(const GumboNode* node) {
  static constexpr std::array<GumboTag, 14> k_formatting = {
      GUMBO_TAG_A,      GUMBO_TAG_B,      GUMBO_TAG_BIG,  GUMBO_TAG_CODE, GUMBO_TAG_EM,
      GUMBO_TAG_FONT,   GUMBO_TAG_I,      GUMBO_TAG_NOBR, GUMBO_TAG_S,    GUMBO_TAG_SMALL,
      GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT,   GUMBO_TAG_U};
  return node->type == GUMBO_NODE_ELEMENT && std::find(k_formatting.begin(), k_formatting.end(),
                                                       node->v.element.tag) != k_formatting.end();
}

class BlockBuilder {
 public:
  BlockBuilder(const ParsedHtml& parsed, Document& document, const Selector* scope)
      : m_parsed(parsed), m_document(document), m_scope(scope) {
    BlockContext root;
    root.in_scope = m_scope == nullptr;
    m_contexts.push_back(std::move(root));
  }

  void build() {
    struct Visit {
      const GumboNode* node;
      unsigned next_child = 0;
      bool entered = false;
    };
    std::vector<Visit> stack{{m_parsed.document()}};
    while (!stack.empty()) {
      Visit& visit = stack.back();
      const GumboNode* node = visit.node;
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        add_text(node);
        stack.pop_back();
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) {
        stack.pop_back();
        continue;
      }
      const GumboVector& children =
          node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
      if (!visit.entered) {
        visit.entered = true;
        if (node->type == GUMBO_NODE_ELEMENT && !enter(node)) {
          leave();
          stack.pop_back();
          continue;
        }
      }
      if (visit.next_child < children.length) {
        const auto* child = static_cast<const GumboNode*>(children.data[visit.next_child++]);
        stack.push_back({child});
        continue;
      }
      if (node->type == GUMBO_NODE_ELEMENT) leave();
      stack.pop_back();
    }
    flush(m_contexts.front());
    if (m_scope && !m_scope_matched)
      m_document.warnings.push_back(fmt::format(
          "scope \"{}\" matched no element: the page layout may have changed; fix the rule's "
          "scope",
          m_scope->text()));
    if (!m_scope_text_unread.empty())
      m_document.warnings.push_back(fmt::format(
          "scope \"{}\" matches an element inside a larger block ({}); blocks are read whole, "
          "so the text there was not read: scope the element that holds the whole paragraph, "
          "row or list item",
          m_scope->text(), m_scope_text_unread));
  }

  const ScopeMatch& scope_match() const { return m_scope_match; }

 private:
  BlockContext& context() { return m_contexts.back(); }

  // Returns whether to descend into the element's children. Always pushes a frame, which
  // leave() pops.
  bool enter(const GumboNode* element) {
    const TagTraits& tag = m_tags.of(element);
    const ElementAttributes attributes = read_attributes(element);
    push_frame(tag, util::trim(attributes.id.value_or("")));
    Frame& frame = m_frames.back();
    if (frame.in_scope) note_moved_into_scope(element);
    if (tag.skipped || is_hidden(attributes)) return false;
    if (!enter_head_or_break(tag, element, attributes)) return false;
    break_for_structure(tag, attributes, frame);
    follow_scope(element, frame);
    open_block(tag, frame);
    return enter_inline(tag, element, attributes, frame);
  }

  // <title>, <base> and <br> say something about the page or the line, and have no children
  // to read. Returns whether the element is something else.
  bool enter_head_or_break(const TagTraits& tag, const GumboNode* element,
                           const ElementAttributes& attributes) {
    if (tag.role == TagTraits::Role::title) {
      if (m_document.title.empty() && element->v.element.children.length > 0) {
        const auto* text = static_cast<const GumboNode*>(element->v.element.children.data[0]);
        if (text->type == GUMBO_NODE_TEXT) {
          std::string title;
          m_parsed.append_text(text, title);
          m_document.title = util::collapse_space(title);
        }
      }
      return false;
    }
    if (tag.role == TagTraits::Role::base) {
      if (!m_base_seen && attributes.href) {
        m_base_seen = true;
        if (auto base = url::resolve(m_document.url, *attributes.href)) {
          m_document.url = *base;
          m_base_url.reset();
        }
      }
      return false;
    }
    if (tag.role == TagTraits::Role::br) {
      context().buffer += '\n';
      return false;
    }
    return true;
  }

  // Inside a table row, rows, cells and blocks break the row's line (cells are joined by
  // " | "); elsewhere a block element ends the block before it.
  void break_for_structure(const TagTraits& tag, const ElementAttributes& attributes,
                           Frame& frame) {
    using Role = TagTraits::Role;
    if (tag.role == Role::table) {
      m_table_headers.emplace_back();
      frame.opened_table = true;
    }
    if (m_rows > 0) {
      if (tag.role == Role::tr) {
        frame.row_line_break = true;
      } else if (tag.role == Role::td || tag.role == Role::th) {
        add_cell_separator();
        if (m_frames.size() == m_row_frame + 2) open_cell(attributes, tag.role == Role::th);
      } else if (tag.block) {
        frame.row_line_break = true;
      }
      if (frame.row_line_break) context().buffer += '\n';
    } else if (tag.block || tag.role == Role::tr) {
      flush(context());
    }
  }

  void follow_scope(const GumboNode* element, Frame& frame) {
    if (!m_scope || frame.in_scope) return;
    // Every element whose children are read gets here, so a parent's state is set.
    frame.scope_state =
        m_scope->state_for(element, m_frames.size() >= 2 ? m_frames[m_frames.size() - 2].scope_state
                                                         : m_scope->initial_state());
    if (m_scope->matches(frame.scope_state)) {
      m_scope_matched = true;
      frame.in_scope = true;
      note_scope_match(element);
    }
  }

  // A formatting element the parser re-created or moved inside the scope is a copy of one
  // opened before it, attributes and all, which a slice would not have whole.
  void note_moved_into_scope(const GumboNode* element) {
    constexpr unsigned k_moved = GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                 GUMBO_INSERTION_ADOPTION_AGENCY_CLONED |
                                 GUMBO_INSERTION_ADOPTION_AGENCY_MOVED;
    if ((element->parse_flags & k_moved) != 0) m_scope_match.clean = false;
  }

  void note_scope_match(const GumboNode* element) {
    ScopeMatch& match = m_scope_match;
    ++match.count;
    match.clean = match.clean && m_rows == 0 && m_links.empty() && m_table_headers.empty() &&
                  std::all_of(m_contexts.begin() + 1, m_contexts.end(),
                              [](const BlockContext& c) { return c.kind == BlockKind::text; });
    for (const GumboNode* node = element->parent; node != nullptr; node = node->parent)
      match.formatting_ancestor = match.formatting_ancestor || is_formatting(node);
    match.implicit_end = (element->parse_flags & GUMBO_INSERTION_IMPLICIT_END_TAG) != 0;
    match.start = m_parsed.page_offset(element->v.element.start_pos);
    match.end_tag = m_parsed.page_offset(element->v.element.end_pos);
  }

  // A table row outside any row, or a block element outside any block, opens a block.
  void open_block(const TagTraits& tag, Frame& frame) {
    if (m_rows == 0 && tag.role == TagTraits::Role::tr) {
      open_context(BlockKind::table_row, 0);
      frame.opened_row = true;
      m_row_frame = m_frames.size() - 1;
      m_row_cells.clear();
      ++m_rows;
    } else if (m_rows == 0 && tag.block) {
      open_context(*tag.block, tag.heading_level);
      frame.opened_block = true;
    }
    if (tag.role == TagTraits::Role::pre) {
      frame.preformatted = true;
      ++m_preformatted;
    }
  }

  // Images (their alt text names an empty link), protected e-mails and links. Returns
  // whether to read the element's children.
  bool enter_inline(const TagTraits& tag, const GumboNode* element,
                    const ElementAttributes& attributes, Frame& frame) {
    if (tag.role == TagTraits::Role::img) {
      const std::string alt = util::collapse_space(attributes.alt.value_or(""));
      for (OpenLink& link : m_links)
        if (link.fallback_text.empty()) link.fallback_text = alt;
      return false;
    }
    if (const std::string_view payload = attributes.cfemail.value_or(""); !payload.empty()) {
      add_protected_email(payload, std::nullopt);
      return false;
    }
    if (tag.role == TagTraits::Role::link && attributes.href) {
      const std::string_view href = *attributes.href;
      if (const auto payload = cfemail_payload_in_href(href)) {
        add_protected_email(*payload, std::string(href));
        return false;
      }
      std::string fallback(util::collapse_space(attributes.aria_label.value_or("")));
      if (fallback.empty()) fallback = util::collapse_space(attributes.title.value_or(""));
      m_links.push_back(OpenLink{std::string(href),
                                 {},
                                 std::move(fallback),
                                 static_cast<int>(element->v.element.start_pos.line)});
      frame.opened_link = true;
    }
    return true;
  }

  void leave() {
    Frame& frame = m_frames.back();
    const std::ptrdiff_t index = static_cast<std::ptrdiff_t>(m_frames.size()) - 1;
    if (frame.opened_link) close_link();
    if (frame.preformatted) --m_preformatted;
    if (frame.opened_cell && !m_row_cells.empty())
      m_row_cells.back().text =
          normalise_lines(std::string_view(context().buffer).substr(m_row_cells.back().begin));
    if (frame.opened_row) {
      context().cells = take_row_cells();
      flush(context());
      m_contexts.pop_back();
      --m_rows;
    } else if (frame.opened_block) {
      BlockContext closing = std::move(context());
      m_contexts.pop_back();
      const std::string heading_text = flush(closing);
      m_spare_buffers.push_back(std::move(closing.buffer));  // cleared by flush, memory kept
      if (closing.kind == BlockKind::heading || closing.kind == BlockKind::summary)
        push_heading(closing.kind == BlockKind::summary ? 7 : closing.heading_level, heading_text);
    } else if (frame.row_line_break) {
      context().buffer += '\n';
    }
    if (frame.opened_table) m_table_headers.pop_back();
    while (!m_headings.empty() && m_headings.back().owner == index) {
      m_headings.pop_back();
      m_heading_path.reset();
    }
    m_child_tag_counts.resize(frame.child_counts_begin);
    m_path.resize(m_frames.size() >= 2 ? m_frames[m_frames.size() - 2].path_end : 0);
    m_frames.pop_back();
  }

  void push_frame(const TagTraits& tag, std::string_view id) {
    Frame frame;
    frame.tag = &tag;
    frame.id = id;
    if (!m_frames.empty()) {
      // The parent's counts are the last ones: those of its earlier children's children
      // went when those children were left.
      const auto counts = m_child_tag_counts.begin() +
                          static_cast<std::ptrdiff_t>(m_frames.back().child_counts_begin);
      const auto found = std::find_if(counts, m_child_tag_counts.end(),
                                      [&](const auto& entry) { return entry.first == &tag; });
      if (found == m_child_tag_counts.end())
        m_child_tag_counts.emplace_back(&tag, 1);
      else
        frame.ordinal = ++found->second;
    }
    frame.child_counts_begin = m_child_tag_counts.size();
    if (frame.in_path()) {
      if (!m_path.empty()) m_path += '>';
      frame.append_segment(m_path);
    }
    frame.path_end = m_path.size();
    frame.in_scope = !m_frames.empty() && m_frames.back().in_scope;
    m_frames.push_back(std::move(frame));
  }

  void open_context(BlockKind kind, int heading_level) {
    BlockContext block;
    block.kind = kind;
    block.heading_level = heading_level;
    block.element_index = m_frames.size() - 1;
    block.in_scope = m_scope == nullptr || m_frames.back().in_scope;
    if (!m_spare_buffers.empty()) {  // its memory, from a block already closed
      block.buffer = std::move(m_spare_buffers.back());
      m_spare_buffers.pop_back();
    }
    m_contexts.push_back(std::move(block));
  }

  void add_text(const GumboNode* node) {
    std::string& buffer = context().buffer;
    const std::size_t start = buffer.size();
    m_parsed.append_text(node, buffer);
    const std::string_view text = std::string_view(buffer).substr(start);
    note_unread_scope_text(text);
    for (OpenLink& link : m_links) link.text += text;
    if (m_preformatted == 0)
      line_breaks_to_spaces(buffer.data() + start, buffer.data() + buffer.size());
  }

  // Text under a matching element that belongs to a block outside the scope (the scope
  // names a cell, a <span> in a paragraph, ...): it cannot be read without reading text the
  // scope leaves out, so the maintainer is told instead of the text vanishing.
  void note_unread_scope_text(std::string_view text) {
    if (m_scope == nullptr || !m_scope_text_unread.empty() || m_frames.empty()) return;
    if (!m_frames.back().in_scope || context().in_scope) return;
    if (util::trim(text).empty()) return;
    m_scope_text_unread = dom_path_to(m_frames.size() - 1);
  }

  std::string dom_path_to(std::size_t frame_index) const {
    if (m_frames.empty()) return {};
    return m_path.substr(0, m_frames[std::min(frame_index, m_frames.size() - 1)].path_end);
  }

  void open_cell(const ElementAttributes& attributes, bool is_th) {
    m_frames.back().opened_cell = true;
    RowCell cell;
    cell.begin = context().buffer.size();
    cell.is_th = is_th;
    const auto span = std::atoi(std::string(attributes.colspan.value_or("")).c_str());
    cell.span = static_cast<std::size_t>(std::clamp(span, 1, 100));
    m_row_cells.push_back(std::move(cell));
  }

  // A first row of plain cells that reads as column names: short texts, no digits
  // ("Telefone | Fax | E-mail"), as many pages make their header row of <td><strong>.
  static bool reads_as_header(const std::vector<RowCell>& cells) {
    return cells.size() >= 2 && std::all_of(cells.begin(), cells.end(), [](const RowCell& cell) {
             return cell.text.size() <= 60 &&
                    std::none_of(cell.text.begin(), cell.text.end(),
                                 [](char c) { return c >= '0' && c <= '9'; });
           });
  }

  // The closing row's cells with the header above each. A header row (in <thead>, a
  // table's first row of <th> cells, or a first row that reads as column names) becomes
  // its table's headers and gets no cells itself.
  std::vector<TableCell> take_row_cells() {
    std::vector<RowCell> cells = std::move(m_row_cells);
    m_row_cells.clear();
    if (m_table_headers.empty() || cells.empty()) return {};
    TableHeaders& table = m_table_headers.back();
    std::vector<std::string>& headers = table.headers;
    const bool first_row = table.rows++ == 0;
    const bool in_thead =
        m_frames.size() >= 2 && m_frames[m_frames.size() - 2].tag->role == TagTraits::Role::thead;
    const bool all_th = cells.size() >= 2 && std::all_of(cells.begin(), cells.end(),
                                                         [](const RowCell& c) { return c.is_th; });
    if (headers.empty() && (in_thead || all_th || (first_row && reads_as_header(cells)))) {
      for (const RowCell& cell : cells) headers.insert(headers.end(), cell.span, cell.text);
      return {};
    }
    std::vector<TableCell> out;
    if (headers.empty()) return out;
    std::size_t column = 0;
    for (RowCell& cell : cells) {
      out.push_back({std::move(cell.text), column < headers.size() ? headers[column] : ""});
      column += cell.span;
    }
    return out;
  }

  void add_cell_separator() {
    const std::string& buffer = context().buffer;
    const auto last = buffer.find_last_not_of(" \t\n");
    if (last != std::string::npos && buffer[last] != '|') context().buffer += " | ";
  }

  void add_protected_email(std::string_view payload, std::optional<std::string> href) {
    const auto address = decode_cfemail(payload);
    if (!address) {
      // Only an address the scope reads is worth a warning: one outside it is never read.
      if (!context().in_scope) return;
      m_document.warnings.push_back(
          fmt::format("a Cloudflare-protected e-mail address could not be decoded ({})",
                      util::ellipsize(payload, 40)));
      return;
    }
    note_unread_scope_text(*address);
    context().buffer += *address;
    for (OpenLink& link : m_links) link.text += *address;
    context().protected_emails.push_back(*address);
    if (href) context().links.push_back(Link{"mailto:" + *address, *address, *href, true});
  }

  void close_link() {
    OpenLink open = std::move(m_links.back());
    m_links.pop_back();
    // A link joins the block open where it ends, the one it began in; a block outside the
    // scope is dropped whole, so its links need no resolving.
    if (!context().in_scope) return;
    const std::string_view href = util::trim(open.href);
    if (url::has_scheme(href, "javascript") || url::has_scheme(href, "data") || href.empty())
      return;
    Link link;
    link.line = open.line;
    link.text = util::collapse_space(open.text);
    if (link.text.empty()) link.text = std::move(open.fallback_text);
    std::optional<std::string> resolved;
    if (!url::has_scheme(href, "mailto") && !url::has_scheme(href, "tel"))
      resolved = base_url().resolve(href);
    link.url = resolved ? std::move(*resolved) : std::string(href);
    link.href = std::move(open.href);  // after its trimmed view's last use
    context().links.push_back(std::move(link));
  }

  const HeadingPath& heading_path() {
    if (!m_heading_path) {
      std::vector<std::string> texts;
      texts.reserve(m_headings.size());
      for (const Heading& heading : m_headings) texts.push_back(heading.text);
      m_heading_path.emplace(std::move(texts));
    }
    return *m_heading_path;
  }

  // The page URL links resolve against, parsed once (again after a <base>).
  const url::BaseUrl& base_url() {
    if (!m_base_url) m_base_url.emplace(m_document.url);
    return *m_base_url;
  }

  void push_heading(int level, const std::string& text) {
    if (text.empty()) return;
    while (!m_headings.empty() && m_headings.back().level >= level) m_headings.pop_back();
    m_heading_path.reset();
    std::ptrdiff_t owner = -1;
    for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(m_frames.size()) - 2; i >= 0; --i)
      if (m_frames[i].tag->sectioning) {
        owner = i;
        break;
      }
    m_headings.push_back(Heading{level, text, owner});
  }

  static std::string normalise_lines(std::string_view buffer) {
    std::string text;
    text.reserve(buffer.size());
    std::size_t start = 0;
    while (start <= buffer.size()) {
      auto end = buffer.find('\n', start);
      if (end == std::string_view::npos) end = buffer.size();
      // Each line is collapsed straight into the text, and taken back if nothing is left.
      const std::size_t line_start = text.size();
      if (!text.empty()) text += '\n';
      const std::size_t content = text.size();
      util::append_collapsed_space(text, buffer.substr(start, end - start));
      // A row whose first or last cells were empty.
      std::string_view kept = std::string_view(text).substr(content);
      while (kept.starts_with("| ")) kept.remove_prefix(2);
      while (kept.ends_with(" |")) kept.remove_suffix(2);
      if (kept.empty() || kept == "|") {
        text.resize(line_start);
      } else {
        const std::size_t kept_start = static_cast<std::size_t>(kept.data() - text.data());
        const std::size_t kept_size = kept.size();
        text.erase(content, kept_start - content);
        text.resize(content + kept_size);
      }
      start = end + 1;
    }
    return text;
  }

  // Emits the context's text so far as a block (when its element is in scope) and clears it.
  // Returns the text of a heading or summary, which the headings above later blocks need
  // even outside the scope; an empty text for other blocks.
  std::string flush(BlockContext& block) {
    const bool names_section = block.kind == BlockKind::heading || block.kind == BlockKind::summary;
    std::string text =
        block.in_scope || names_section ? normalise_lines(block.buffer) : std::string();
    block.buffer.clear();
    if ((text.empty() && block.links.empty()) || !block.in_scope) {
      block.links.clear();
      block.protected_emails.clear();
      block.cells.clear();
      return text;
    }
    std::string section_name = names_section ? text : std::string();
    TextBlock out;
    out.kind = block.kind;
    out.heading_level = block.heading_level;
    out.text = std::move(text);
    out.heading_path = heading_path();
    out.dom_path = dom_path_to(block.element_index);
    out.links = std::move(block.links);
    out.protected_emails = std::move(block.protected_emails);
    out.cells = std::move(block.cells);
    block.links.clear();
    block.protected_emails.clear();
    block.cells.clear();
    m_document.blocks.push_back(std::move(out));
    return section_name;
  }

  const ParsedHtml& m_parsed;
  Document& m_document;
  const Selector* m_scope;
  ScopeMatch m_scope_match;
  bool m_scope_matched = false;
  std::string m_scope_text_unread;  // where the first such text was; empty when none
  bool m_base_seen = false;
  std::optional<url::BaseUrl> m_base_url;
  int m_rows = 0;
  int m_preformatted = 0;
  TagTable m_tags;
  std::vector<Frame> m_frames;
  // The count of each tag among the children of every open element, the parent's first; a
  // frame's own begin at its child_counts_begin.
  std::vector<std::pair<const TagTraits*, int>> m_child_tag_counts;
  std::string m_path;  // the DOM path of the innermost open element
  // The text buffers of closed blocks, emptied: a block opened next takes one instead of
  // growing a new one from nothing.
  std::vector<std::string> m_spare_buffers;
  std::vector<BlockContext> m_contexts;
  std::vector<Heading> m_headings;
  // The texts of m_headings as the blocks keep them, shared by the blocks under the same
  // headings; made again after m_headings changes.
  std::optional<HeadingPath> m_heading_path;
  std::vector<OpenLink> m_links;
  std::vector<TableHeaders> m_table_headers;  // one per open <table>
  std::size_t m_row_frame = 0;                // the frame of the row block being read
  std::vector<RowCell> m_row_cells;
};

std::size_t skip_past(std::string_view html, std::size_t from, std::string_view marker) {
  const auto at = html.find(marker, from);
  return at == std::string_view::npos ? html.size() : at + marker.size();
}

// Parses `html` and appends its blocks to `document`.
ScopeMatch build_blocks(std::string_view html, Document& document, const Selector* scope) {
  // The tree is walked without recursion, and never freed node by node (ParsedHtml), so
  // the depth of a page needs no stack of its own.
  const ParsedHtml parsed(html);
  BlockBuilder builder(parsed, document, scope);
  builder.build();
  return builder.scope_match();
}

}  // namespace

std::size_t safe_parse_length(std::string_view html) {
  // A tag's traits by gumbo's enum (its lookup ignores case); unknown names are counted by
  // their lower case, and are neither raw text nor leaves.
  const std::vector<TagTraits>& known = known_tag_traits();
  const auto is_name_byte = [](char c) {
    return util::is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-';
  };
  std::array<std::size_t, GUMBO_TAG_UNKNOWN> known_open{};
  std::unordered_map<std::string, std::size_t> unknown_open;
  std::string name;  // an unknown tag's lower case; reused: one allocation for the whole page
  std::size_t depth = 0;
  std::size_t tags = 0;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    const std::size_t tag_start = pos;
    if (pos + 1 < html.size() && html[pos + 1] == '!' && html.substr(pos, 4) == "<!--") {
      pos = skip_past(html, pos + 4, "-->");
      continue;
    }
    const bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    const std::size_t name_start = pos + (closing ? 2 : 1);
    std::size_t name_end = name_start;
    while (name_end < html.size() && is_name_byte(html[name_end])) ++name_end;
    if (name_end == name_start) {  // "<!doctype", "<?xml", a stray "<"
      pos = name_start;
      continue;
    }
    const std::string_view written = html.substr(name_start, name_end - name_start);
    const GumboTag tag = gumbo_tagn_enum(written.data(), static_cast<unsigned>(written.size()));
    std::size_t* open = nullptr;  // this name's count of open elements
    if (tag == GUMBO_TAG_UNKNOWN) {
      name = util::ascii_lower(written);
      if (!closing)
        open = &unknown_open[name];
      else if (const auto found = unknown_open.find(name); found != unknown_open.end())
        open = &found->second;
    } else {
      open = &known_open[tag];
    }
    // Most tags end right after their name ("<li>", "</a>"): no search for the '>'.
    const std::size_t tag_end = name_end < html.size() && html[name_end] == '>'
                                    ? name_end + 1
                                    : skip_past(html, name_end, ">");
    pos = tag_end;
    if (++tags > k_max_tags) return tag_start;
    if (closing) {
      if (open != nullptr && *open > 0) {
        --*open;
        --depth;
      }
      continue;
    }
    const TagTraits* traits = tag == GUMBO_TAG_UNKNOWN ? nullptr : &known[tag];
    if (traits && traits->raw_text) {
      pos = skip_past(html, tag_end, "</" + traits->name);
      continue;
    }
    const bool self_closing = tag_end >= 2 && html[tag_end - 2] == '/';
    if (self_closing || (traits && traits->leaf)) continue;
    ++*open;
    if (++depth > k_max_nesting_depth) return tag_start;
  }
  return html.size();
}

core::Result<Document> parse_document(std::string_view bytes, const ParseOptions& options) {
  std::optional<Selector> scope;
  if (!util::trim(options.scope).empty()) {
    auto parsed = Selector::parse(options.scope);
    if (!parsed) return core::fail(std::move(parsed).error());
    scope = std::move(parsed).value();
  }
  auto decoded = decode_to_utf8(bytes, options.http_charset);
  if (!decoded) return core::fail(std::move(decoded).error());

  Document document;
  document.url = options.page_url;
  document.charset = decoded->charset;
  if (auto warning = undecodable_warning(*decoded); !warning.empty())
    document.warnings.push_back(std::move(warning));

  const std::string_view html = decoded->utf8;
  const std::size_t length = safe_parse_length(html);
  if (length < html.size()) {
    document.truncated = true;
    document.warnings.push_back(fmt::format(
        "page cut at byte {} of {}: it nests more than {} elements deep or holds more than {} "
        "tags; text after that point was not read",
        length, html.size(), k_max_nesting_depth, k_max_tags));
  }

  // A scope that names one element by id reads a slice of the page when the slice reads
  // the same (see scope_slice.hpp): the parser then skips most of a large page.
  if (scope && options.slice_scope && length == html.size()) {
    if (const std::string id = scope->element_id(); !id.empty()) {
      if (const auto slice = slice_for_scope(html, id)) {
        Document sliced = document;
        const ScopeMatch match = build_blocks(slice->html, sliced, &*scope);
        if (match.reads_as_page(*slice)) {
          sliced.sliced = true;
          return sliced;
        }
      }
    }
  }
  build_blocks(html.substr(0, length), document, scope ? &*scope : nullptr);
  return document;
}

}  // namespace freshcheck::html
