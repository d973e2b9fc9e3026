// Page bytes -> charset decoding -> gumbo -> blocks -> every extractor -> extract --json.
// Input: page bytes, then optionally a scope selector and an HTTP charset label.
#include <cstdlib>

#include "extract/extraction.hpp"
#include "fuzz_input.hpp"
#include "html/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 3);
  html::ParseOptions options;
  options.page_url = "https://aima.gov.pt/pt/contactos";
  options.scope = std::string(fields[1].substr(0, 200));
  options.http_charset = std::string(fields[2].substr(0, 40));
  auto document = html::parse_document(fields[0], options);
  if (!document) return 0;  // an invalid selector or charset label is a value, not a crash
  extract::ExtractOptions extract_options;
  extract_options.phrases = {"Centro de Contacto", "marcação"};
  const auto extraction = extract::extract_all(*document, extract_options);
  // Everything the page model and the extraction hold is UTF-8 and must serialise.
  const std::string json = extract::to_json(extraction, *document).dump();
  if (!fuzz::is_valid_utf8(json)) std::abort();
  (void)extract::to_text(extraction, *document);
  return 0;
}
