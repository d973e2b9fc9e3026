#pragma once
// Phone numbers in a block of text, the way a reader would pick them out.
//
// libphonenumber's matcher (VALID leniency) finds candidates; freshcheck then rules out
// what Portuguese pages are full of and a matcher cannot tell from a phone number: tax
// numbers after "NIF"/"NIPC", IBANs, postal codes, dates, law and process numbers. Short
// service numbers (112, 144) are kept only when the text calls them a line to call.

#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::extract {

struct PhoneMatch {
  std::string e164;        // "+351217115000"; short numbers as dialled ("112")
  std::string type;        // see phone::PhoneNumber::type
  std::string raw;         // as written in the text
  std::size_t offset = 0;  // byte offset of `raw` in the text
};

std::vector<PhoneMatch> find_phones(std::string_view text, std::string_view region);

// Copies `text` with each span that is known not to be a phone number (tax ids, IBANs,
// dates, postal codes, legal and process references) blanked out, byte for byte, so that
// offsets still line up. Exposed for tests.
std::string mask_non_phone_numbers(std::string_view text);

}  // namespace freshcheck::extract
