// A page parsed with its runs of plain text set aside (html/plain_text_runs.hpp) against the
// same page parsed as it is: the trees must be the same, node for node, or the scan set text
// aside where the tokenizer was not surely reading plain text. Input: page bytes.
#include <cstdlib>
#include <string_view>

#include "html/gumbo_util.hpp"
#include "parsed_tree_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  const html::ParsedHtml set_aside(page, html::ParsedHtml::PlainText::set_aside);
  const html::ParsedHtml parsed(page, html::ParsedHtml::PlainText::parsed);
  if (fuzz::parsed_tree_text(set_aside) != fuzz::parsed_tree_text(parsed)) std::abort();
  return 0;
}
