#include "html/gumbo_util.hpp"

#include <cstddef>

#include "util/text.hpp"

namespace freshcheck::html {

void* ParsedHtml::Arena::allocate(std::size_t size) {
  constexpr std::size_t k_align = alignof(std::max_align_t);
  constexpr std::size_t k_chunk = 256 * 1024;
  size = (size + k_align - 1) / k_align * k_align;
  if (size > k_chunk / 4) {  // a long text or attribute gets a chunk of its own
    m_chunks.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
    return m_chunks.back().get();
  }
  if (size > m_left) {
    m_chunks.push_back(std::make_unique_for_overwrite<std::byte[]>(k_chunk));
    m_next = m_chunks.back().get();
    m_left = k_chunk;
  }
  void* memory = m_next;
  m_next += size;
  m_left -= size;
  return memory;
}

void* ParsedHtml::allocate(void* arena, std::size_t size) {
  return static_cast<Arena*>(arena)->allocate(size);
}

void ParsedHtml::deallocate(void* /*arena*/, void* /*memory*/) {}  // all goes with the arena

ParsedHtml::ParsedHtml(std::string_view html) : m_arena(std::make_unique<Arena>()) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &ParsedHtml::allocate;
  options.deallocator = &ParsedHtml::deallocate;
  options.userdata = m_arena.get();
  options.max_errors = 0;  // its error list otherwise grows without bound
  m_output = gumbo_parse_with_options(&options, html.data(), html.size());
}

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
