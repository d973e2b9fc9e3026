#include "html/gumbo_util.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>

#include "util/text.hpp"

namespace freshcheck::html {

std::size_t ParsedHtml::Arena::class_of(std::size_t size) {
  if (size <= 256) return std::max<std::size_t>((size + 7) / 8, 1);      // room for a free link
  const auto bits = static_cast<std::size_t>(std::bit_width(size - 1));  // 2^bits >= size
  return bits <= 16 ? k_small_classes + (bits - 9) : k_unclassed;
}

std::size_t ParsedHtml::Arena::class_size(std::size_t size_class) {
  return size_class < k_small_classes ? size_class * 8
                                      : std::size_t{1} << (size_class - k_small_classes + 9);
}

void* ParsedHtml::Arena::allocate(std::size_t size) {
  constexpr std::size_t k_chunk = 256 * 1024;
  const std::size_t size_class = class_of(size);
  if (size_class < k_classes && m_free[size_class] != nullptr) {
    void* memory = m_free[size_class];
    std::memcpy(&m_free[size_class], memory, sizeof(void*));
    return memory;
  }
  const std::size_t block =
      k_header + (size_class < k_classes ? class_size(size_class) : (size + 7) / 8 * 8);
  std::byte* start = nullptr;
  if (block > k_chunk / 4) {  // a long text or attribute gets a chunk of its own
    m_chunks.push_back(std::make_unique_for_overwrite<std::byte[]>(block));
    start = m_chunks.back().get();
  } else {
    if (block > m_left) {
      m_chunks.push_back(std::make_unique_for_overwrite<std::byte[]>(k_chunk));
      m_next = m_chunks.back().get();
      m_left = k_chunk;
    }
    start = m_next;
    m_next += block;
    m_left -= block;
  }
  std::memcpy(start, &size_class, sizeof size_class);
  return start + k_header;
}

void ParsedHtml::Arena::deallocate(void* memory) {
  if (memory == nullptr) return;
  std::size_t size_class;
  std::memcpy(&size_class, static_cast<std::byte*>(memory) - k_header, sizeof size_class);
  if (size_class >= k_classes) return;
  std::memcpy(memory, &m_free[size_class], sizeof(void*));
  m_free[size_class] = memory;
}

void* ParsedHtml::allocate(void* arena, std::size_t size) {
  return static_cast<Arena*>(arena)->allocate(size);
}

void ParsedHtml::deallocate(void* arena, void* memory) {
  static_cast<Arena*>(arena)->deallocate(memory);
}

ParsedHtml::ParsedHtml(std::string_view html, PlainText plain_text)
    : m_runs(plain_text == PlainText::set_aside ? PlainTextRuns(html) : PlainTextRuns::none(html)),
      m_arena(std::make_unique<Arena>()) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &ParsedHtml::allocate;
  options.deallocator = &ParsedHtml::deallocate;
  options.userdata = m_arena.get();
  options.max_errors = 0;  // its error list otherwise grows without bound
  const std::string_view parsed = m_runs.html();
  m_output = gumbo_parse_with_options(&options, parsed.data(), parsed.size());
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
