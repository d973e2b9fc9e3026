// The PDF module, freshcheck-pdf.so: freshcheck's only user of Poppler. See pdf/backend.hpp.

#include "pdf/backend.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <memory>
#include <mutex>

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

std::string utf8_of(const poppler::ustring& text) {
  const poppler::byte_array utf8 = text.to_utf8();
  return std::string(utf8.data(), utf8.size());
}

std::vector<Word> words_of(const poppler::page& page) {
  std::vector<Word> words;
  for (const auto& box : page.text_list(poppler::page::text_list_include_font)) {
    const poppler::rectf bbox = box.bbox();
    const double size = box.get_font_size() > 0 ? box.get_font_size() : bbox.height();
    words.push_back(
        {bbox.left(), bbox.right(), bbox.top(), bbox.bottom(), size, utf8_of(box.text())});
  }
  return words;
}

core::Result<PopplerText> read_with_poppler(std::string_view bytes, std::size_t max_pages) {
  route_poppler_messages();
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return core::fail(std::string("the PDF is larger than Poppler reads (2 GiB)"));
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return core::fail(std::string("not a readable PDF (damaged or not a PDF)"));
  if (pdf->is_locked()) return core::fail(std::string("the PDF is password-protected"));
  PopplerText text;
  text.title = utf8_of(pdf->info_key("Title"));
  text.pages = std::max(pdf->pages(), 0);
  const int read = static_cast<int>(std::min(static_cast<std::size_t>(text.pages), max_pages));
  for (int i = 0; i < read; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    text.page_words.push_back(page ? words_of(*page) : std::vector<Word>{});
  }
  return text;
}

}  // namespace
}  // namespace freshcheck::pdf

extern "C" __attribute__((visibility("default"))) const void* freshcheck_pdf_backend() {
  using namespace freshcheck::pdf;
  static const Backend backend{{FRESHCHECK_VERSION, sizeof(Backend)}, read_with_poppler};
  return &backend;
}
