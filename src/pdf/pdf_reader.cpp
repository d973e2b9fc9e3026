#include "pdf/pdf_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "html/text_links.hpp"
#include "pdf/backend.hpp"
#include "pdf/layout.hpp"
#include "util/module.hpp"
#include "util/text.hpp"

namespace freshcheck::pdf {
namespace {

// Loaded once, on the first PDF any thread reads, and never unloaded.
const core::Result<const Backend*>& backend() {
  static const auto loaded = util::load_table<Backend>(kBackendFile, kBackendEntry);
  return loaded;
}

// Poppler's words as the layout reads them: white space collapsed, valid UTF-8, no empties.
std::vector<Word> clean_words(std::vector<Word> words) {
  std::vector<Word> kept;
  kept.reserve(words.size());
  for (Word& word : words) {
    word.text = util::to_valid_utf8(util::collapse_space(word.text));
    if (!word.text.empty()) kept.push_back(std::move(word));
  }
  return kept;
}

// Headings are the lines set larger than the document's body text.
void add_page_blocks(std::vector<LaidBlock> laid, int page_number, double body_size,
                     html::Document& document, std::vector<std::pair<int, std::string>>& headings) {
  for (auto& item : laid) {
    html::TextBlock block;
    block.kind = item.table_row ? html::BlockKind::table_row : html::BlockKind::paragraph;
    if (!item.table_row && item.font_size >= body_size * 1.15) {
      block.kind = html::BlockKind::heading;
      block.heading_level = item.font_size >= body_size * 1.6 ? 1 : 2;
    }
    std::vector<std::string> path;
    for (const auto& heading : headings) path.push_back(heading.second);
    block.heading_path = html::HeadingPath(std::move(path));
    block.text = std::move(item.text);
    block.dom_path = fmt::format("page {}", page_number);
    block.links = html::links_in_line(block.text);
    if (block.kind == html::BlockKind::heading) {
      while (!headings.empty() && headings.back().first >= block.heading_level) headings.pop_back();
      headings.push_back({block.heading_level, block.text});
    }
    document.blocks.push_back(std::move(block));
  }
}

}  // namespace

core::Result<html::Document> read_pdf(std::string_view bytes, const PdfOptions& options) {
  const auto& poppler = backend();
  if (!poppler) return core::fail(poppler.error());
  auto text = poppler.value()->read(bytes, options.max_pages);
  if (!text) return core::fail(std::move(text).error());
  html::Document document;
  document.url = options.url;
  document.charset = "utf-8";
  document.title = util::to_valid_utf8(text.value().title);
  const int pages = text.value().pages;
  const int read = static_cast<int>(text.value().page_words.size());
  if (read < pages) {
    document.truncated = true;
    document.warnings.push_back(
        fmt::format("the PDF has {} pages; only the first {} were read", pages, read));
  }
  std::vector<std::vector<Word>> page_words;
  std::vector<double> sizes;
  for (auto& words : text.value().page_words) {
    page_words.push_back(clean_words(std::move(words)));
    for (const auto& word : page_words.back()) sizes.push_back(word.font_size);
  }
  const double body_size = median(sizes);
  std::vector<std::pair<int, std::string>> headings;
  for (int i = 0; i < read; ++i)
    add_page_blocks(lay_out(std::move(page_words[static_cast<std::size_t>(i)]), body_size), i + 1,
                    body_size, document, headings);
  if (document.title.empty())
    for (const auto& block : document.blocks)
      if (block.kind == html::BlockKind::heading) {
        document.title = block.text;
        break;
      }
  if (document.blocks.empty())
    document.warnings.push_back(
        "the PDF has no text (a scanned image?): freshcheck does not read text in images");
  return document;
}

}  // namespace freshcheck::pdf
