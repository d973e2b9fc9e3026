// An id scope read from a slice of the page (html/scope_slice.hpp) against the whole page:
// the blocks, title, URL and warnings must be the same, or the slice is a bug. Input: page
// bytes, then optionally the id to scope ("contactos" when missing).
#include <cctype>
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "html/document.hpp"

namespace {

std::string describe(const freshcheck::html::Document& document) {
  std::string out = document.title + "\n" + document.url + "\n";
  for (const auto& warning : document.warnings) out += warning + "\n";
  for (const auto& block : document.blocks) {
    out += std::string(freshcheck::html::to_string(block.kind)) + block.dom_path + "\n" +
           block.text + "\n";
    for (const auto& heading : block.heading_path) out += ">" + heading;
    for (const auto& link : block.links)
      out += link.url + "|" + link.text + "|" + std::to_string(link.line) + "\n";
    for (const auto& email : block.protected_emails) out += email + "\n";
    for (const auto& cell : block.cells) out += cell.header + "=" + cell.text + "\n";
  }
  return out;
}

}  // namespace

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
  if (whole && describe(*whole) != describe(*sliced)) std::abort();
  return 0;
}
