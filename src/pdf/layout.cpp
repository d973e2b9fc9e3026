#include "pdf/layout.hpp"

#include <algorithm>
#include <cmath>

namespace freshcheck::pdf {
namespace {

using Words = std::vector<Word>;

struct Span {
  double lo = 0, hi = 0;
};

// Space between lines wider than this separates paragraphs (line spacing up to 1.5 stays
// inside one); a vertical strip this wide that no word crosses separates columns or cells
// (word spaces are a quarter of the size, stretched justified ones stay under it).
constexpr double k_paragraph_gap = 0.6;
constexpr double k_gutter = 0.8;
constexpr double k_single_line_gutter = 1.5;
constexpr double k_band_merge_gap = 3.0;  // further apart than this, bands are sections
constexpr int k_max_depth = 6;

// The stretches of [lo, hi) that no span covers, at least `min_gap` wide.
std::vector<Span> gaps(std::vector<Span> spans, double min_gap) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
  std::vector<Span> found;
  double reach = spans.empty() ? 0 : spans.front().hi;
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].lo - reach >= min_gap) found.push_back({reach, spans[i].lo});
    reach = std::max(reach, spans[i].hi);
  }
  return found;
}

// Words on one line: sorted top-down, a word whose middle lies within the line's height
// joins it; each line then reads left to right.
std::vector<Words> lines_of(Words words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.y0 + a.y1 < b.y0 + b.y1 || (a.y0 + a.y1 == b.y0 + b.y1 && a.x0 < b.x0);
  });
  std::vector<Words> lines;
  double top = 0, bottom = 0;
  for (auto& word : words) {
    const double middle = (word.y0 + word.y1) / 2;
    if (lines.empty() || middle > bottom || middle < top) {
      lines.emplace_back();
      top = word.y0;
      bottom = word.y1;
    }
    lines.back().push_back(std::move(word));
  }
  for (auto& line : lines)
    std::sort(line.begin(), line.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
  return lines;
}

std::string joined(const std::vector<Words>& lines) {
  std::string text;
  for (const auto& line : lines)
    for (const auto& word : line) {
      if (!text.empty()) text += ' ';
      text += word.text;
    }
  return text;
}

double median_size(const Words& words) {
  std::vector<double> sizes;
  for (const auto& word : words) sizes.push_back(word.font_size);
  return median(std::move(sizes));
}

std::vector<Span> gutters(const Words& band, double body_size) {
  std::vector<Span> spans;
  for (const auto& word : band) spans.push_back({word.x0, word.x1});
  const bool single_line = lines_of(band).size() < 2;
  return gaps(std::move(spans), body_size * (single_line ? k_single_line_gutter : k_gutter));
}

// Words in groups separated by blank horizontal strips.
std::vector<Words> bands_of(Words words, double body_size) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.y0 < b.y0; });
  std::vector<Words> bands;
  double reach = 0;
  for (auto& word : words) {
    if (bands.empty() || word.y0 - reach >= body_size * k_paragraph_gap) {
      bands.emplace_back();
      reach = word.y1;
    }
    reach = std::max(reach, word.y1);
    bands.back().push_back(std::move(word));
  }
  return bands;
}

// The box around some words (never empty: bands, parts and lines hold at least one).
struct Extent {
  double left, top, right, bottom;
  double width() const { return right - left; }
};
Extent extent_of(const Words& words) {
  Extent box{words.front().x0, words.front().y0, words.front().x1, words.front().y1};
  for (const auto& word : words) {
    box.left = std::min(box.left, word.x0);
    box.top = std::min(box.top, word.y0);
    box.right = std::max(box.right, word.x1);
    box.bottom = std::max(box.bottom, word.y1);
  }
  return box;
}

bool overlaps(const std::vector<Span>& a, const std::vector<Span>& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (x.lo < y.hi && y.lo < x.hi) return true;
  return false;
}

// Bands that keep a gutter of the band above (the rest of a column, a paragraph break
// falling at the same height in both columns) join it, so columns are read whole.
std::vector<Words> merge_column_bands(std::vector<Words> bands, double body_size) {
  std::vector<Words> merged;
  for (auto& band : bands) {
    if (!merged.empty() &&
        extent_of(band).top - extent_of(merged.back()).bottom < body_size * k_band_merge_gap) {
      const auto above = gutters(merged.back(), body_size);
      Words together = merged.back();
      together.insert(together.end(), band.begin(), band.end());
      if (!above.empty() && overlaps(above, gutters(together, body_size))) {
        merged.back() = std::move(together);
        continue;
      }
    }
    merged.push_back(std::move(band));
  }
  return merged;
}

// The band's words cut at its gutters, left to right.
std::vector<Words> parts_of(const Words& band, const std::vector<Span>& cuts) {
  std::vector<Words> parts(cuts.size() + 1);
  for (const auto& word : band) {
    const double middle = (word.x0 + word.x1) / 2;
    std::size_t index = 0;
    while (index < cuts.size() && middle > cuts[index].lo) ++index;
    parts[index].push_back(word);
  }
  std::erase_if(parts, [](const Words& part) { return part.empty(); });
  return parts;
}

// Columns of running text are wide and their lines mostly fill them; table cells are
// narrow (a phone number) or short.
bool text_columns(const std::vector<Words>& parts, double band_width) {
  if (parts.size() < 2 || parts.size() > 4) return false;
  for (const auto& part : parts) {
    const double width = extent_of(part).width();
    if (width < band_width * 0.25) return false;
    const auto lines = lines_of(part);
    std::size_t full = 0;
    for (const auto& line : lines)
      if (extent_of(line).width() >= width * 0.6) ++full;
    if (full * 2 < lines.size() || lines.size() < 2) return false;
  }
  return true;
}

void add_paragraphs(const Words& band, double body_size, std::vector<LaidBlock>& out) {
  // Lines of another size (a heading over its text) make a block of their own.
  std::vector<Words> run;
  double run_size = 0;
  const auto flush = [&] {
    if (run.empty()) return;
    Words all;
    for (const auto& line : run) all.insert(all.end(), line.begin(), line.end());
    out.push_back({joined(run), false, median_size(all)});
    run.clear();
  };
  for (auto& line : lines_of(band)) {
    const double size = median_size(line);
    if (!run.empty() && std::abs(size - run_size) > body_size * 0.1) flush();
    if (run.empty()) run_size = size;
    run.push_back(std::move(line));
  }
  flush();
}

// One block per row: cells are the words between gutters; a line that fills fewer cells
// than the table has, close under the row above, is the rest of a wrapped cell.
void add_rows(const Words& band, const std::vector<Span>& cuts, double body_size,
              std::vector<LaidBlock>& out) {
  std::vector<Words> rows;
  std::vector<std::size_t> filled;
  for (auto& line : lines_of(band)) {
    const auto cells = parts_of(line, cuts);
    const bool continues = !rows.empty() &&
                           extent_of(line).top - extent_of(rows.back()).bottom < body_size * 0.35 &&
                           cells.size() < cuts.size() + 1 && filled.back() < cuts.size() + 1;
    if (continues) {
      rows.back().insert(rows.back().end(), line.begin(), line.end());
    } else {
      rows.push_back(line);
      filled.push_back(cells.size());
    }
  }
  for (const auto& row : rows) {
    std::string text;
    for (const auto& cell : parts_of(row, cuts)) {
      if (!text.empty()) text += " | ";
      text += joined(lines_of(cell));
    }
    out.push_back({text, true, median_size(row)});
  }
}

void lay_out_region(Words words, double body_size, int depth, std::vector<LaidBlock>& out) {
  for (auto& band : merge_column_bands(bands_of(std::move(words), body_size), body_size)) {
    const auto cuts = gutters(band, body_size);
    if (cuts.empty() || depth >= k_max_depth) {
      add_paragraphs(band, body_size, out);
      continue;
    }
    auto parts = parts_of(band, cuts);
    if (text_columns(parts, extent_of(band).width())) {
      for (auto& part : parts) lay_out_region(std::move(part), body_size, depth + 1, out);
    } else {
      add_rows(band, cuts, body_size, out);
    }
  }
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

std::vector<LaidBlock> lay_out(std::vector<Word> words, double body_size) {
  std::vector<LaidBlock> out;
  if (words.empty()) return out;
  if (body_size <= 0) body_size = 10;
  lay_out_region(std::move(words), body_size, 0, out);
  return out;
}

}  // namespace freshcheck::pdf
