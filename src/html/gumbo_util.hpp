#pragma once
// Small read-only helpers over gumbo's tree. Only html/ includes gumbo.

#include <gumbo.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "html/plain_text_runs.hpp"

namespace freshcheck::html {

// A page parsed by gumbo, its whole tree in one arena freed at once. gumbo makes several small
// allocations per node and frees them one by one, recursively; with the arena, parsing an
// official page takes about a fifth less CPU, and the tree goes without a walk.
//
// The page's long runs of plain text are set aside before the parse (plain_text_runs.hpp),
// which takes most of gumbo's work away: the text of a text node is read with append_text(),
// never from the node, and an offset with page_offset().
class ParsedHtml {
 public:
  enum class PlainText { set_aside, parsed };  // `parsed`: for tests that compare the two
  explicit ParsedHtml(std::string_view html, PlainText plain_text = PlainText::set_aside);
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* document() const { return m_output->document; }
  std::size_t runs_set_aside() const { return m_runs.count(); }

  // Appends the text of a text, white space or CDATA node, as the page has it.
  void append_text(const GumboNode* text, std::string& out) const {
    m_runs.append_restored(text->v.text.text, out);
  }
  // The offset in the page of a position in the tree.
  std::size_t page_offset(const GumboSourcePosition& position) const {
    return m_runs.page_offset(position.offset);
  }

 private:
  // Memory handed out in order from large chunks, and given back to the system only when
  // the arena goes. What gumbo frees while it parses (a buffer it outgrew, a token's text)
  // is handed out again for a block of the same size class, as malloc would: the parse then
  // works in memory it has just touched, not in ever new memory.
  class Arena {
   public:
    void* allocate(std::size_t size);
    void deallocate(void* memory);

   private:
    // Blocks of up to 256 bytes by 8-byte steps, then by powers of two up to 64 KiB; a larger
    // block is a chunk of its own, never reused. Each block has its class in the 8 bytes
    // before it (so blocks are 8-byte aligned, all gumbo's structures need); a free block
    // holds the next free block of its class.
    static constexpr std::size_t k_header = 8;
    static constexpr std::size_t k_small_classes = 33;             // 0..256 bytes
    static constexpr std::size_t k_classes = k_small_classes + 8;  // 512 .. 64 KiB
    static constexpr std::size_t k_unclassed = k_classes;
    static std::size_t class_of(std::size_t size);
    static std::size_t class_size(std::size_t size_class);

    std::vector<std::unique_ptr<std::byte[]>> m_chunks;
    std::byte* m_next = nullptr;
    std::size_t m_left = 0;
    std::array<void*, k_classes> m_free{};
  };

  static void* allocate(void* arena, std::size_t size);
  static void deallocate(void* arena, void* memory);

  PlainTextRuns m_runs;            // gumbo parses m_runs.html(); the tree points into it
  std::unique_ptr<Arena> m_arena;  // gumbo keeps its address; it must not move
  GumboOutput* m_output;
};

// Lower-case tag name, including unknown tags ("my-widget").
std::string element_name(const GumboNode* element);

// The attribute's value, empty when absent.
std::string_view attribute(const GumboNode* element, const char* name);
bool has_attribute(const GumboNode* element, const char* name);

std::vector<std::string> class_list(const GumboNode* element);

}  // namespace freshcheck::html
