// An id scope read from a slice of the page (html/scope_slice.hpp) against the whole page:
// the blocks, title, URL and warnings must be the same, or the slice is a bug. Input: page
// bytes, then optionally the id to scope ("contactos" when missing).
#include <cctype>
#include <cstdlib>
#include <string>

#include "document_text.hpp"
#include "fuzz_input.hpp"
#include "html/document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 2);
  std::string id(fields[1].substr(0, 40));
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '-';
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) id = "contactos";
  html::ParseOptions options;
  options.page_url = "https://aima.gov.pt/pt/contactos";
  options.http_charset = "utf-8";
  options.scope = "#" + id;
  options.slice_scope = false;
  const auto whole = html::parse_document(fields[0], options);
  options.slice_scope = true;
  const auto sliced = html::parse_document(fields[0], options);
  if (whole.has_value() != sliced.has_value()) std::abort();
  if (whole && fuzz::document_text(*whole) != fuzz::document_text(*sliced)) std::abort();
  return 0;
}
