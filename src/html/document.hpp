#pragma once
// A page as a reader sees it: an ordered list of text blocks (paragraphs, list items,
// table rows, headings, ...) with the headings above each block and where it sits in the
// DOM, plus the links inside them. Everything later in the pipeline reads this model,
// never the HTML.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace freshcheck::html {

enum class BlockKind {
  heading,
  paragraph,
  list_item,
  table_row,   // cells joined by " | "
  term,        // <dt>
  definition,  // <dd>
  summary,     // <summary>, an accordion's title
  caption,
  preformatted,
  quote,
  address,
  text,  // text directly inside a container (div, section, td outside a row ...)
};

const char* to_string(BlockKind kind);

struct Link {
  std::string url;          // absolute, resolved against the page URL and <base>; mailto:/tel: kept
  std::string text;         // what the reader sees, white space collapsed
  std::string href;         // as written
  bool obfuscated = false;  // a Cloudflare-protected mailto
  int line = 0;             // 1-based line of the <a> tag in the source; 0 when unknown
};

// One cell of a table row, and the text of the header cell above it (the table's header
// row: a row in <thead>, else a first row of <th> cells or of short cells with no digits),
// or "" when the table has none.
// Lets a reader tell a NIF column from a phone or fax column.
struct TableCell {
  std::string text;  // as in the block's text: lines collapsed, joined by '\n'
  std::string header;
};

// The texts of the headings a block sits under, outermost first. Blocks one after another
// mostly sit under the same headings, so they share one list: a copy costs a count, not the
// texts. The list never changes once made.
class HeadingPath {
 public:
  HeadingPath() = default;
  explicit HeadingPath(std::vector<std::string> texts)
      : m_texts(std::make_shared<const std::vector<std::string>>(std::move(texts))) {}

  const std::vector<std::string>& texts() const { return m_texts ? *m_texts : none(); }
  std::vector<std::string>::const_iterator begin() const { return texts().begin(); }
  std::vector<std::string>::const_iterator end() const { return texts().end(); }
  std::size_t size() const { return texts().size(); }
  bool empty() const { return texts().empty(); }
  const std::string& operator[](std::size_t i) const { return texts()[i]; }

  bool operator==(const std::vector<std::string>& other) const { return texts() == other; }
  bool operator==(const HeadingPath& other) const { return texts() == other.texts(); }

 private:
  static const std::vector<std::string>& none() {
    static const std::vector<std::string> k_none;
    return k_none;
  }

  std::shared_ptr<const std::vector<std::string>> m_texts;  // null: no heading
};

struct TextBlock {
  BlockKind kind = BlockKind::text;
  int heading_level = 0;  // 1-6 for <h1>-<h6>
  // White space collapsed per line; lines (from <br> and block children of table cells)
  // joined by '\n'.
  std::string text;
  HeadingPath heading_path;  // texts of the headings this block sits under
  std::string dom_path;      // CSS-like: "body>main#conteudo>table>tbody>tr:nth-of-type(3)"
  std::vector<Link> links;
  std::vector<std::string> protected_emails;  // Cloudflare-decoded addresses in the text
  // For a table_row under a header row: its own cells, in order. Empty otherwise (also for
  // the header row itself).
  std::vector<TableCell> cells;
};

struct Document {
  std::string url;  // the page URL links were resolved against (after <base>)
  std::string title;
  std::string charset;
  std::vector<TextBlock> blocks;
  // Things a maintainer should know: truncated input, undecodable bytes, a scope that
  // matched nothing. Never fatal.
  std::vector<std::string> warnings;
  bool truncated = false;
  // Read from a slice of the page (scope_slice.hpp), which reads the same as the whole page;
  // tells tests and benchmarks which way the page was read.
  bool sliced = false;
};

struct ParseOptions {
  std::string page_url;      // for resolving links; may be a file:// URL
  std::string scope;         // selector text; empty for the whole <body>
  std::string http_charset;  // from Content-Type, if the page came over HTTP
  // Read an id scope from a slice of the page when the slice reads the same (see
  // scope_slice.hpp); off, the whole page is parsed. Tests compare the two.
  bool slice_scope = true;
};

// Bounds that keep hostile pages from costing gigabytes or minutes. gumbo's work grows
// with the square of the nesting depth (50,000 nested <div>s: 9 s; 300,000: 5 min and a
// stack overflow), so input past these limits is cut there and parsed as a truncated page.
inline constexpr std::size_t k_max_nesting_depth = 1000;
inline constexpr std::size_t k_max_tags = 200'000;

// Decodes `bytes` to UTF-8 and builds the block model. Fails only on an invalid scope
// selector or an unusable charset; odd HTML is parsed the way a browser would.
core::Result<Document> parse_document(std::string_view bytes, const ParseOptions& options);

// The byte offset at which `html` must be cut to stay within the bounds above, or
// `html.size()` when it fits. A cheap tokenizer that over-estimates depth, never under.
std::size_t safe_parse_length(std::string_view html);

}  // namespace freshcheck::html
