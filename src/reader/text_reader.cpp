#include "reader/text_reader.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <utility>

#include "diff/differ.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::reader {

std::vector<html::Link> links_in_line(std::string_view line) {
  static const RE2 markdown(R"(\[([^\]]*)\]\((https?://[^)\s]+)\))");
  static const RE2 address(
      R"((?i)((?:https?://)?(?:[a-z0-9-]+\.)+(?:pt|eu|com|org|net|gov|int)(?:/[^\s)\]|,;]*)?))");
  std::vector<html::Link> links;
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece text, url;
  while (RE2::FindAndConsume(&input, util::compiled(markdown), &text, &url))
    links.push_back(
        {std::string(url.data(), url.size()), std::string(text.data(), text.size()), "", false});
  input = re2::StringPiece(line.data(), line.size());
  re2::StringPiece found;
  while (RE2::FindAndConsume(&input, util::compiled(address), &found)) {
    const auto start = static_cast<std::size_t>(found.data() - line.data());
    if (start > 0 && (line[start - 1] == '@' || line[start - 1] == '(' || line[start - 1] == '/'))
      continue;
    std::string target(found.data(), found.size());
    while (!target.empty() && (target.back() == '.' || target.back() == ')')) target.pop_back();
    if (target.find("://") == std::string::npos)
      target = "https://" + target + (target.find('/') == std::string::npos ? "/" : "");
    if (std::none_of(links.begin(), links.end(),
                     [&](const html::Link& l) { return diff::same_page(l.url, target); }))
      links.push_back({target, std::string(found.data(), found.size()), "", false});
  }
  return links;
}

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
    for (const auto& heading : headings) block.heading_path.push_back(heading.second);
    block.text = line;
    block.links = links_in_line(line);
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
