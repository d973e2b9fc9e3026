#pragma once
// Everything of a parsed tree the page model can read, as text, one node a line: two parses
// of a page are the same tree when this is. It holds each node's kind, name, namespace,
// parse flags, attributes, text (read through ParsedHtml, with runs set aside put back),
// line and page offset; not gumbo's columns, which setting runs aside changes and nothing
// reads. Shared by the plain-text-runs unit tests and fuzz target.

#include <string>
#include <vector>

#include "html/gumbo_util.hpp"

namespace freshcheck::fuzz {

inline std::string parsed_tree_text(const html::ParsedHtml& parsed) {
  const auto position = [&](const GumboSourcePosition& at) {
    return " @" + std::to_string(at.line) + ":" + std::to_string(parsed.page_offset(at));
  };
  const GumboNode* root = parsed.document();
  const GumboDocument& document = root->v.document;
  std::string out = "doctype " + std::to_string(document.has_doctype) + " " + document.name + " " +
                    document.public_identifier + " " + document.system_identifier + " quirks " +
                    std::to_string(document.doc_type_quirks_mode) + "\n";
  std::vector<std::pair<const GumboNode*, int>> stack;
  for (unsigned i = document.children.length; i-- > 0;)
    stack.emplace_back(static_cast<const GumboNode*>(document.children.data[i]), 0);
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    out += std::string(static_cast<std::size_t>(depth) * 2, ' ');
    out += "type " + std::to_string(node->type) + " flags " + std::to_string(node->parse_flags) +
           " index " + std::to_string(node->index_within_parent);
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      const GumboElement& element = node->v.element;
      out += " <" + html::element_name(node) + "> ns " + std::to_string(element.tag_namespace) +
             position(element.start_pos) + " to" + position(element.end_pos);
      for (unsigned i = 0; i < element.attributes.length; ++i) {
        const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
        out += " [" + std::to_string(attribute->attr_namespace) + " " + attribute->name + "=" +
               attribute->value + "]";
      }
      out += "\n";
      for (unsigned i = element.children.length; i-- > 0;)
        stack.emplace_back(static_cast<const GumboNode*>(element.children.data[i]), depth + 1);
    } else {
      std::string text;
      parsed.append_text(node, text);
      out += position(node->v.text.start_pos) + " \"" + text + "\"\n";
    }
  }
  return out;
}

}  // namespace freshcheck::fuzz
