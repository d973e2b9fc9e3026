#pragma once
// Everything a reader of html::Document sees, as text: two readings of a page are the same
// when this is. Shared by the scope-slice unit tests and fuzz target.

#include <string>

#include "html/document.hpp"

namespace freshcheck::fuzz {

inline std::string document_text(const html::Document& document) {
  std::string out = "title=" + document.title + "\nurl=" + document.url + "\n";
  for (const auto& warning : document.warnings) out += "warning: " + warning + "\n";
  for (const html::TextBlock& block : document.blocks) {
    out += std::string(html::to_string(block.kind)) + " h" + std::to_string(block.heading_level) +
           " [" + block.dom_path + "]";
    for (const auto& heading : block.heading_path) out += " >" + heading;
    out += "\n  " + block.text + "\n";
    for (const html::Link& link : block.links)
      out += "  link " + link.url + " | " + link.text + " | " + link.href + " | line " +
             std::to_string(link.line) + (link.obfuscated ? " cf" : "") + "\n";
    for (const auto& email : block.protected_emails) out += "  email " + email + "\n";
    for (const html::TableCell& cell : block.cells)
      out += "  cell " + cell.header + "=" + cell.text + "\n";
  }
  return out;
}

}  // namespace freshcheck::fuzz
