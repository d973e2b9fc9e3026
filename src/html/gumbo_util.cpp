#include "html/gumbo_util.hpp"

#include "util/text.hpp"

namespace freshcheck::html {

std::string element_name(const GumboNode* element) {
  const GumboElement& e = element->v.element;
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece original = e.original_tag;
  gumbo_tag_from_original_text(&original);
  return util::ascii_lower(std::string_view(original.data, original.length));
}

std::string_view attribute(const GumboNode* element, const char* name) {
  const GumboAttribute* found = gumbo_get_attribute(&element->v.element.attributes, name);
  return found ? std::string_view(found->value) : std::string_view();
}

bool has_attribute(const GumboNode* element, const char* name) {
  return gumbo_get_attribute(&element->v.element.attributes, name) != nullptr;
}

std::vector<std::string> class_list(const GumboNode* element) {
  std::vector<std::string> classes;
  const std::string_view value = attribute(element, "class");
  std::size_t pos = 0;
  while (pos < value.size()) {
    const auto start = value.find_first_not_of(" \t\r\n\f", pos);
    if (start == std::string_view::npos) break;
    const auto end = value.find_first_of(" \t\r\n\f", start);
    classes.emplace_back(value.substr(start, end == std::string_view::npos ? end : end - start));
    pos = end == std::string_view::npos ? value.size() : end;
  }
  return classes;
}

}  // namespace freshcheck::html
