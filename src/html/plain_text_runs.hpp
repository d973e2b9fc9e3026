#pragma once
// gumbo reads a page one character at a time, and each character of text goes through its
// tree builder on its own: on an official page, whose bytes are two thirds text between
// tags, that is most of the parse. A run of plain text (no '&', no line break, no control
// character) in the tokenizer's data state parses the same whatever its characters are,
// once it holds one that is not white space: every insertion mode that reads text treats
// such characters alike, one after another (frameset and template modes aside, which the
// scan gives up at). So each long run is set aside before the parse and one placeholder
// character parses in its place; ParsedHtml puts the text back as the tree is read. The
// tree is then the tree of the page, node for node (tests/unit/test_plain_text_runs.cpp
// and the fuzz target plain_text hold the two parses to each other); only the columns of
// gumbo's source positions differ, and its offsets, which page_offset() maps back.
//
// The scan follows gumbo's tokenizer (tags, attributes, comments, raw text) and sets text
// aside only where the tokenizer is surely in its data state. Where it cannot be sure
// (CDATA, <frameset>, <template>, <plaintext>, markup in raw text whose reading depends on
// the tree, HTML inside SVG or MathML), it stops, and the rest of the page parses as it is.
// A placeholder is a code point of Supplementary Private Use Area-A (U+F0000 + run index):
// a page that holds such code points, or character references to them, keeps all its text.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::html {

class PlainTextRuns {
 public:
  // Sets the runs of `page` aside. `page` must outlive this object.
  explicit PlainTextRuns(std::string_view page);
  // Sets nothing aside: html() is the page.
  static PlainTextRuns none(std::string_view page);

  // What to parse: the page, with a placeholder in place of each run set aside.
  std::string_view html() const { return m_runs.empty() ? m_page : std::string_view(m_html); }
  std::size_t count() const { return m_runs.size(); }

  // Appends `text` (text the parser made of html()) to `out` with each run put back.
  void append_restored(std::string_view text, std::string& out) const;
  // The offset in the page of an offset in html().
  std::size_t page_offset(std::size_t html_offset) const;

  // A placeholder is this many bytes of UTF-8.
  static constexpr std::size_t k_placeholder_size = 4;

  struct Run {
    std::size_t placeholder;  // offset in html()
    std::size_t page;         // offset in the page
    std::size_t length;       // in the page
  };

 private:
  PlainTextRuns() = default;

  std::string_view m_page;
  std::string m_html;  // empty when no run was set aside
  std::vector<Run> m_runs;
};

}  // namespace freshcheck::html
