#pragma once
// Phone numbers in a block of text, the way a reader would pick them out.
//
// libphonenumber's matcher (VALID leniency) finds candidates; freshcheck then rules out
// what Portuguese pages are full of and a matcher cannot tell from a phone number (see
// phone_context.hpp: tax numbers named by "NIF"/"NIPC" even a few words away, IBANs,
// payment references, process numbers, amounts, postal codes, dates, laws, and whole table
// columns headed "NIF"), and tells a fax from a line to call. Short service numbers (112,
// 144) are kept only when the text calls them a line to call.

#include <string>
#include <string_view>
#include <vector>

#include "extract/phone_context.hpp"
#include "html/document.hpp"

namespace freshcheck::extract {

struct PhoneMatch {
  std::string e164;  // "+351217115000"; short numbers as dialled ("112")
  // "fax" for a number labelled so (in its line, list item, row, column header or
  // definition term); otherwise libphonenumber's kind, see phone::PhoneNumber::type.
  std::string type;
  std::string raw;         // as written in the text
  std::size_t offset = 0;  // byte offset of `raw` in the text
};

// A stretch of a block's text whose numbers a label outside the text speaks for: a table
// cell under its column's header, a <dd> under its <dt>.
struct LabelledSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  NumberLabel label = NumberLabel::none;
};

// Whether find_phones could find a number in `text` at all: most blocks of a page have no
// digits, or only prices, dates and counts. A quick look, for a caller with work to do
// before find_phones (labelled_spans).
bool may_hold_phone_numbers(std::string_view text);

std::vector<PhoneMatch> find_phones(std::string_view text, std::string_view region,
                                    const std::vector<LabelledSpan>& spans = {});

// The labelled spans of a document's block: its table cells with their column headers, or
// the term above a definition.
std::vector<LabelledSpan> labelled_spans(const html::Document& document, std::size_t index);

}  // namespace freshcheck::extract
