#pragma once
// Reading order from geometry: the words of one PDF page, with their boxes, become blocks
// (paragraphs, headings, table rows) in the order a person reads them. Pure geometry, so
// that it is tested without PDFs.

#include <string>
#include <vector>

namespace freshcheck::pdf {

// A word on the page, in points, y growing downwards.
struct Word {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  double font_size = 0;
  std::string text;
};

struct LaidBlock {
  std::string text;  // a paragraph's lines joined by spaces; a row's cells by " | "
  bool table_row = false;
  double font_size = 0;  // the median size of its words
};

// 0 for an empty list.
double median(std::vector<double> values);

// One page's words in reading order. `body_size` is the document's usual font size: the
// distances that separate paragraphs, columns and cells are measured in it.
std::vector<LaidBlock> lay_out(std::vector<Word> words, double body_size);

}  // namespace freshcheck::pdf
