#include "pdf/pdf_reader.hpp"

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "html/text_links.hpp"
#include "pdf/layout.hpp"
#include "util/text.hpp"

namespace freshcheck::pdf {
namespace {

// Poppler writes its complaints about damaged files to stderr; they go to the debug log.
void route_poppler_messages() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(
        [](const std::string& message, void*) { spdlog::debug("poppler: {}", message); }, nullptr);
  });
}

std::vector<Word> words_of(const poppler::page& page) {
  std::vector<Word> words;
  for (const auto& box : page.text_list(poppler::page::text_list_include_font)) {
    const poppler::byte_array utf8 = box.text().to_utf8();
    std::string text = util::collapse_space(std::string_view(utf8.data(), utf8.size()));
    if (text.empty()) continue;
    const poppler::rectf bbox = box.bbox();
    const double size = box.get_font_size() > 0 ? box.get_font_size() : bbox.height();
    words.push_back(
        {bbox.left(), bbox.right(), bbox.top(), bbox.bottom(), size, util::to_valid_utf8(text)});
  }
  return words;
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
    for (const auto& heading : headings) block.heading_path.push_back(heading.second);
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
  route_poppler_messages();
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return core::fail(std::string("the PDF is larger than Poppler reads (2 GiB)"));
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return core::fail(std::string("not a readable PDF (damaged or not a PDF)"));
  if (pdf->is_locked()) return core::fail(std::string("the PDF is password-protected"));
  html::Document document;
  document.url = options.url;
  document.charset = "utf-8";
  const poppler::byte_array title = pdf->info_key("Title").to_utf8();
  document.title = util::to_valid_utf8(std::string_view(title.data(), title.size()));
  const int pages = pdf->pages();
  const int read = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(std::max(pages, 0)), options.max_pages));
  if (read < pages) {
    document.truncated = true;
    document.warnings.push_back(
        fmt::format("the PDF has {} pages; only the first {} were read", pages, read));
  }
  std::vector<std::vector<Word>> page_words;
  std::vector<double> sizes;
  for (int i = 0; i < read; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    page_words.push_back(page ? words_of(*page) : std::vector<Word>{});
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
