#include "html/selector.hpp"

#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>

#include "html/gumbo_util.hpp"
#include "util/text.hpp"

namespace freshcheck::html {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

core::Result<Selector> Selector::parse(std::string_view text) {
  Selector selector;
  selector.m_text = std::string(util::trim(text));
  if (selector.m_text.empty()) return core::fail(std::string("empty selector"));

  const std::string_view input = selector.m_text;
  Complex complex;
  Compound compound;
  bool compound_started = false;
  bool pending_child = false;
  const auto error = [&](std::size_t at, std::string_view what) {
    return core::fail(
        fmt::format("cannot read selector \"{}\" at character {}: {}; supported: "
                    "tag, #id, .class, *, descendant ' ', child '>', ','",
                    input, at + 1, what));
  };
  const auto finish_compound = [&]() {
    if (!compound_started) return;
    compound.child_of_previous = pending_child;
    complex.push_back(std::move(compound));
    compound = Compound{};
    compound_started = false;
    pending_child = false;
  };

  for (std::size_t i = 0; i < input.size();) {
    const char c = input[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      finish_compound();
      ++i;
    } else if (c == '>') {
      finish_compound();
      if (complex.empty() || pending_child) return error(i, "'>' needs a selector on both sides");
      pending_child = true;
      ++i;
    } else if (c == ',') {
      finish_compound();
      if (complex.empty() || pending_child) return error(i, "empty alternative");
      selector.m_alternatives.push_back(std::move(complex));
      complex.clear();
      ++i;
    } else if (c == '#' || c == '.' || c == '*' || is_name_char(c)) {
      if (c == '*') {
        if (compound_started) return error(i, "'*' must start a compound");
        compound_started = true;
        ++i;
        continue;
      }
      const std::size_t start = (c == '#' || c == '.') ? i + 1 : i;
      std::size_t end = start;
      while (end < input.size() && is_name_char(input[end])) ++end;
      if (end == start) return error(i, "a name must follow '#' or '.'");
      const std::string name(input.substr(start, end - start));
      if (c == '#') {
        compound.id = name;
      } else if (c == '.') {
        compound.classes.push_back(name);
      } else {
        if (compound_started) return error(i, "a tag name must start a compound");
        compound.tag = util::ascii_lower(name);
      }
      compound_started = true;
      i = end;
    } else {
      return error(i, fmt::format("unsupported character '{}'", c));
    }
  }
  finish_compound();
  if (complex.empty() || pending_child) return error(input.size() - 1, "selector ends early");
  selector.m_alternatives.push_back(std::move(complex));
  for (const Complex& alternative : selector.m_alternatives)
    selector.m_compound_count += alternative.size();
  return selector;
}

std::string Selector::element_id() const {
  if (m_alternatives.size() != 1 || m_alternatives.front().empty()) return {};
  return m_alternatives.front().back().id;
}

bool Selector::matches_compound(const Compound& compound, const GumboNode* element) {
  if (element == nullptr || element->type != GUMBO_NODE_ELEMENT) return false;
  if (!compound.tag.empty() && element_name(element) != compound.tag) return false;
  if (!compound.id.empty() && attribute(element, "id") != compound.id) return false;
  if (!compound.classes.empty()) {
    const auto classes = class_list(element);
    for (const std::string& wanted : compound.classes)
      if (std::find(classes.begin(), classes.end(), wanted) == classes.end()) return false;
  }
  return true;
}

Selector::State Selector::initial_state() const {
  State state;
  state.m_ends.assign(m_compound_count, false);
  state.m_reached.assign(m_compound_count, false);
  return state;
}

Selector::State Selector::state_for(const GumboNode* element, const State& parent) const {
  State state = initial_state();
  std::size_t flat = 0;
  for (const Complex& complex : m_alternatives) {
    for (std::size_t i = 0; i < complex.size(); ++i, ++flat) {
      // Compound i ends here when it matches the element and the compounds before it end
      // at the parent ('>') or at some ancestor (' '), that is, are reached at the parent.
      bool ends = false;
      if (i == 0 ||
          (complex[i].child_of_previous ? parent.m_ends[flat - 1] : parent.m_reached[flat - 1]))
        ends = matches_compound(complex[i], element);
      state.m_ends[flat] = ends;
      state.m_reached[flat] = ends || parent.m_reached[flat];
    }
  }
  return state;
}

bool Selector::matches(const State& state) const {
  std::size_t last = 0;
  for (const Complex& complex : m_alternatives) {
    last += complex.size();
    if (state.m_ends[last - 1]) return true;
  }
  return false;
}

}  // namespace freshcheck::html
