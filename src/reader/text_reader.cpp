#include "reader/text_reader.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "html/text_links.hpp"
#include "util/text.hpp"

namespace freshcheck::reader {

html::Document text_document(std::string_view text, std::string_view name) {
  html::Document document;
  document.url = std::string(name);
  document.charset = "utf-8";
  std::vector<std::pair<int, std::string>> headings;
  for (const std::string_view raw : util::split(text, '\n')) {
    std::string line = util::collapse_space(raw);
    if (line.empty()) continue;
    html::TextBlock block;
    block.kind = html::BlockKind::paragraph;
    if (line.front() == '#') {
      const int level = static_cast<int>(line.find_first_not_of('#'));
      line = util::collapse_space(line.substr(static_cast<std::size_t>(level)));
      block.kind = html::BlockKind::heading;
      block.heading_level = level;
    }
    std::vector<std::string> path;
    for (const auto& heading : headings) path.push_back(heading.second);
    block.heading_path = html::HeadingPath(std::move(path));
    block.text = line;
    block.links = html::links_in_line(line);
    if (block.kind == html::BlockKind::heading) {
      while (!headings.empty() && headings.back().first >= block.heading_level) headings.pop_back();
      headings.push_back({block.heading_level, line});
    }
    if (document.title.empty()) document.title = line;
    document.blocks.push_back(std::move(block));
  }
  return document;
}

}  // namespace freshcheck::reader
