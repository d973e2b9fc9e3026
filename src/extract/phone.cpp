#include "extract/phone.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <optional>

#include "extract/phone_context.hpp"
#include "phone/phone_number.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::extract {
namespace {

const RE2& call_keywords() {
  static const RE2 pattern(
      R"((?i)\b(?:ligue|ligar|liga|telefone|telefónica|telefonica|tel\.?|linha|número|numero|contacto|contact|call|dial|phone|hotline|line|emerg[êe]ncia|emergency|sos|apoio|helpline|n\.º)\b)");
  return util::compiled(pattern);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::size_t count_digits(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), is_digit));
}

// What a line's digits allow, read in one pass, so that the matchers below run only where
// they could find something: most lines of a page with digits hold prices, dates or counts.
struct DigitShape {
  std::size_t ascii_digits = 0;
  bool short_run = false;        // a run of three or four ASCII digits
  std::size_t longest_run = 0;   // ASCII digits in a row
  std::size_t longest_span = 0;  // digits in the longest span a number could be written in
};

// A span holds digits and what libphonenumber's matcher accepts between them: spaces,
// dashes, dots, brackets, slashes, "x", "+". Latin letters end it (the matcher takes none
// but "x"); any other non-ASCII character is taken as a digit that joins, so that Unicode
// digits, spaces and dashes are never undercounted.
enum class SpanPart { digit, joiner, end };

// The part each ASCII character plays, looked up rather than compared.
constexpr std::array<SpanPart, 0x80> k_ascii_span_parts = [] {
  std::array<SpanPart, 0x80> parts{};
  for (char32_t c = 0; c < 0x80; ++c) {
    if (c >= '0' && c <= '9')
      parts[c] = SpanPart::digit;
    else if (c < 0x20)  // the matcher sees control characters as spaces
      parts[c] = SpanPart::joiner;
    else
      parts[c] =
          std::string_view(" \t-.()/[]~xX+").find(static_cast<char>(c)) != std::string_view::npos
              ? SpanPart::joiner
              : SpanPart::end;
  }
  return parts;
}();

SpanPart span_part(char32_t c) {
  if (c < 0x80) return k_ascii_span_parts[c];
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return SpanPart::end;  // "ç", "ã"
  return c < 0xC0 || c == 0xD7 || c == 0xF7 ? SpanPart::joiner : SpanPart::digit;
}

DigitShape shape_of(std::string_view line) {
  DigitShape shape;
  std::size_t run = 0;   // ASCII digits in a row
  std::size_t span = 0;  // digits in the current span
  for (std::size_t pos = 0; pos < line.size();) {
    const auto byte = static_cast<unsigned char>(line[pos]);
    const char32_t c = byte < 0x80 ? line[pos++] : util::next_code_point(line, pos);
    switch (span_part(c)) {
      case SpanPart::digit:
        shape.longest_span = std::max(shape.longest_span, ++span);
        break;
      case SpanPart::joiner:
        break;
      case SpanPart::end:
        span = 0;
        break;
    }
    if (c >= '0' && c <= '9') {
      ++shape.ascii_digits;
      shape.longest_run = std::max(shape.longest_run, ++run);
      continue;
    }
    shape.short_run = shape.short_run || run == 3 || run == 4;
    run = 0;
  }
  shape.short_run = shape.short_run || run == 3 || run == 4;
  return shape;
}

// No region's numbering plan in libphonenumber's metadata has a valid number of fewer than
// four digits (AT, DE, LU and a few islands have four; every number of up to five digits
// was tried in every region, and of up to six in the non-geographic codes, +800 to +979,
// which have none), so a line with no span of four holds none the matcher would return.
constexpr std::size_t k_fewest_digits_of_a_number = 4;

// A run of digit groups with fewer digits than this holds no two numbers.
constexpr std::size_t k_fewest_glued_digits = 14;

// Whether any matcher below could find something in the masked `text`, asked before the
// masking costs its patterns. Masking only blanks digits and turns control characters into
// spaces: the masked text's spans and runs are no longer than the text's, and the words that
// ask to call a short number are the same in both.
bool may_hold_numbers(std::string_view text) {
  const DigitShape shape = shape_of(text);
  if (shape.longest_span >= k_fewest_digits_of_a_number ||
      shape.ascii_digits >= k_fewest_glued_digits)
    return true;
  return shape.longest_run >= 3 &&
         RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), call_keywords());
}

// Matches in `text` (masked), with `raw` taken from `original` at the same offsets.
std::vector<PhoneMatch> run_matcher(std::string_view text, std::string_view original,
                                    std::string_view region, std::size_t base = 0) {
  std::vector<PhoneMatch> found;
  for (phone::FoundNumber& match : phone::find_numbers(text, region))
    found.push_back(PhoneMatch{std::move(match.number.e164), std::move(match.number.type),
                               std::string(original.substr(base + match.start, match.length)),
                               base + match.start});
  return found;
}

// Two numbers written with only a space between them ("217 115 000 965 903 700") read as
// one over-long candidate, which the matcher drops. Where a run of digit groups holds no
// match, try each split point between groups.
void split_glued_numbers(std::string_view masked, std::string_view original,
                         std::string_view region, std::vector<PhoneMatch>& found) {
  static const RE2 digit_run(R"((\+?\(?\d[\d ().-]{14,40}\d))");
  re2::StringPiece input(masked.data(), masked.size());
  re2::StringPiece run;
  while (RE2::FindAndConsume(&input, util::compiled(digit_run), &run)) {
    const std::size_t run_start = static_cast<std::size_t>(run.data() - masked.data());
    const std::size_t run_end = run_start + run.size();
    const bool covered = std::any_of(found.begin(), found.end(), [&](const PhoneMatch& m) {
      return m.offset < run_end && m.offset + m.raw.size() > run_start;
    });
    if (covered || count_digits(std::string_view(run.data(), run.size())) < k_fewest_glued_digits)
      continue;
    for (std::size_t split = 1; split < run.size(); ++split) {
      if (run[split] != ' ') continue;
      const std::string_view left = masked.substr(run_start, split);
      const std::string_view right = masked.substr(run_start + split + 1, run.size() - split - 1);
      auto left_matches = run_matcher(left, original, region, run_start);
      auto right_matches = run_matcher(right, original, region, run_start + split + 1);
      if (left_matches.size() == 1 && right_matches.size() == 1 &&
          left_matches[0].raw.size() == left.size() &&
          right_matches[0].raw.size() == right.size()) {
        found.push_back(std::move(left_matches[0]));
        found.push_back(std::move(right_matches[0]));
        break;
      }
    }
  }
}

// A three- or four-digit run that stands alone: not part of a time ("9h", "10:30"), a
// decimal, a fraction, a list of digit groups or an international number.
bool is_standalone_short_run(std::string_view text, std::size_t start, std::size_t end) {
  const std::size_t length = end - start;
  if (length < 3 || length > 4) return false;
  const char before = start > 0 ? text[start - 1] : ' ';
  const char after = end < text.size() ? text[end] : ' ';
  const char after_next = end + 1 < text.size() ? text[end + 1] : ' ';
  const char before_previous = start > 1 ? text[start - 2] : ' ';
  if (std::string_view("+/,.:").find(before) != std::string_view::npos) return false;
  if (std::string_view("/:h").find(after) != std::string_view::npos) return false;
  if ((after == '.' || after == ',') && is_digit(after_next)) return false;  // "112,5"
  if (before == ' ' && is_digit(before_previous)) return false;
  if (after == ' ' && is_digit(after_next)) return false;
  return true;
}

// Service numbers such as 112 (emergency) or 144 (social emergency) have three or four
// digits; any such run would be a false alarm unless the text asks the reader to call it.
void add_short_numbers(std::string_view masked, std::string_view original, std::string_view region,
                       std::vector<PhoneMatch>& found) {
  if (!RE2::PartialMatch(re2::StringPiece(masked.data(), masked.size()), call_keywords())) return;
  for (std::size_t start = 0; start < masked.size();) {
    if (!is_digit(masked[start])) {
      ++start;
      continue;
    }
    std::size_t end = start;
    while (end < masked.size() && is_digit(masked[end])) ++end;
    if (is_standalone_short_run(masked, start, end)) {
      const std::string_view digits = masked.substr(start, end - start);
      if (auto parsed = phone::parse(digits, region); parsed && parsed->type == "short_code")
        found.push_back(PhoneMatch{parsed->e164, parsed->type,
                                   std::string(original.substr(start, end - start)), start});
    }
    start = end;
  }
}

// A short block that is only a label ("Fax", "NIF:"), not a heading: headings name sections.
bool is_label_block(const html::TextBlock& block) {
  constexpr std::size_t k_label_length = 25;
  return block.kind != html::BlockKind::heading && block.kind != html::BlockKind::table_row &&
         block.text.size() <= k_label_length && count_digits(block.text) == 0;
}

const LabelledSpan* span_at(const std::vector<LabelledSpan>& spans, std::size_t offset) {
  for (const LabelledSpan& span : spans)
    if (span.begin <= offset && offset < span.end) return &span;
  return nullptr;
}

// What labels say about one number, nearest first: one right after it ("(fax)"); one
// before it in its cell (or line) since the previous number; its column's header; one
// earlier in its row (a row header cell: "Fax | 217 115 009").
NumberLabel label_of(std::string_view text, const LabelledSpan* span,
                     std::optional<std::size_t> previous_end, std::size_t start, std::size_t end,
                     std::size_t next) {
  NumberLabel label = label_after(text.substr(end, next > end ? next - end : 0));
  const std::size_t row_from = std::min(start, previous_end.value_or(0));
  const std::size_t cell_from = std::min(start, span ? std::max(row_from, span->begin) : row_from);
  if (label == NumberLabel::none) label = label_before(text.substr(cell_from, start - cell_from));
  if (label != NumberLabel::none || span == nullptr) return label;
  const NumberLabel row = span->begin > row_from
                              ? label_before(text.substr(row_from, span->begin - row_from))
                              : NumberLabel::none;
  // A row headed "Fax" in a column of phones is a fax.
  if (row == NumberLabel::fax || span->label == NumberLabel::none) return row;
  return span->label;
}

// Whether only joining words stand between two numbers ("/", "ou", "e"), so that the second
// is one more of the first's kind; "Fax: ... · Secção consular: ..." starts something else.
bool only_joiners(std::string_view gap) {
  static const RE2 joiners(R"((?i)[\s/,;&|·–—-]*(?:(?:ou|e|or|and|y|et)[\s/,;&|·–—-]+)?)");
  return RE2::FullMatch(re2::StringPiece(gap.data(), gap.size()), util::compiled(joiners));
}

// Marks the numbers labelled as faxes. A number with no label of its own continues the kind
// of the number before it when only joining words stand between ("Fax: 217 115 009 /
// 217 115 010").
void mark_faxes(std::string_view text, const std::vector<LabelledSpan>& spans,
                std::vector<PhoneMatch>& found) {
  bool previous_fax = false;
  std::optional<std::size_t> previous_end;
  for (std::size_t i = 0; i < found.size(); ++i) {
    PhoneMatch& match = found[i];
    const std::size_t end = match.offset + match.raw.size();
    const std::size_t next = i + 1 < found.size() ? found[i + 1].offset : text.size();
    const NumberLabel label =
        label_of(text, span_at(spans, match.offset), previous_end, match.offset, end, next);
    const bool fax = label == NumberLabel::fax ||
                     (label == NumberLabel::none && previous_fax && previous_end &&
                      only_joiners(text.substr(
                          *previous_end, match.offset - std::min(match.offset, *previous_end))));
    if (fax) match.type = "fax";
    previous_fax = fax;
    previous_end = end;
  }
}

}  // namespace

bool may_hold_phone_numbers(std::string_view text) {
  // A number is written with digits; most blocks of a page have none, and the matchers
  // below cost the most of a page's reading.
  return util::has_decimal_digit(text) && may_hold_numbers(text);
}

std::vector<PhoneMatch> find_phones(std::string_view text, std::string_view region,
                                    const std::vector<LabelledSpan>& spans) {
  if (!may_hold_phone_numbers(text)) return {};
  std::string masked = mask_non_phone_numbers(text);
  for (const LabelledSpan& span : spans)
    if (span.label == NumberLabel::not_phone) mask_digits(masked, span.begin, span.end);
  std::vector<PhoneMatch> found;
  // Lines are separate: a number never continues past a line break.
  for (std::size_t line_start = 0; line_start <= masked.size();) {
    std::size_t line_end = masked.find('\n', line_start);
    if (line_end == std::string::npos) line_end = masked.size();
    const std::string_view masked_line =
        std::string_view(masked).substr(line_start, line_end - line_start);
    const std::string_view original_line = text.substr(line_start, line_end - line_start);
    const DigitShape shape = shape_of(masked_line);
    std::vector<PhoneMatch> in_line;
    if (shape.longest_span >= k_fewest_digits_of_a_number)
      in_line = run_matcher(masked_line, original_line, region);
    if (shape.ascii_digits >= k_fewest_glued_digits)
      split_glued_numbers(masked_line, original_line, region, in_line);
    if (shape.short_run) add_short_numbers(masked_line, original_line, region, in_line);
    for (PhoneMatch& match : in_line) {
      match.offset += line_start;
      found.push_back(std::move(match));
    }
    line_start = line_end + 1;
  }
  std::sort(found.begin(), found.end(),
            [](const PhoneMatch& a, const PhoneMatch& b) { return a.offset < b.offset; });
  mark_faxes(text, spans, found);
  return found;
}

std::vector<LabelledSpan> labelled_spans(const html::Document& document, std::size_t index) {
  const html::TextBlock& block = document.blocks[index];
  std::vector<LabelledSpan> spans;
  // Cells in order; each one's text is found after the previous one's.
  std::size_t from = 0;
  for (const html::TableCell& cell : block.cells) {
    if (cell.text.empty()) continue;
    const std::size_t at = block.text.find(cell.text, from);
    if (at == std::string::npos) continue;
    spans.push_back({at, at + cell.text.size(), classify_header(cell.header)});
    from = at + cell.text.size();
  }
  if (block.kind == html::BlockKind::definition) {
    std::size_t term = index;
    while (term > 0 && document.blocks[term - 1].kind == html::BlockKind::definition) --term;
    if (term > 0 && document.blocks[term - 1].kind == html::BlockKind::term)
      spans.push_back({0, block.text.size(), classify_header(document.blocks[term - 1].text)});
  } else if (spans.empty() && index > 0 && is_label_block(document.blocks[index - 1]) &&
             !block.text.empty() &&
             std::string_view("+(0123456789").find(block.text[0]) != std::string_view::npos) {
    // A label in its own element just before a block that starts with a number:
    // <div class="label">Fax</div><div class="value">217 115 009</div>.
    spans.push_back({0, block.text.size(), classify_header(document.blocks[index - 1].text)});
  }
  return spans;
}

}  // namespace freshcheck::extract
