#pragma once
// Phone numbers as values: parsing in a region, E.164, number type, and the numbers in a
// text. A thin layer over libphonenumber shared by configuration checks and the phone
// extractor. libphonenumber lives in a module loaded on the first call (see backend.hpp);
// a module that cannot be loaded is a broken installation, and these functions then throw
// std::runtime_error saying so.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace freshcheck::phone {

struct PhoneNumber {
  // "+351217115000"; for short service numbers (112) the digits as dialled, since they
  // have no international form.
  std::string e164;
  // fixed_line, mobile, fixed_line_or_mobile, toll_free, premium_rate, shared_cost, voip,
  // personal_number, pager, uan, voicemail, short_code, unknown
  std::string type;
};

// Parses `text` as written by a person ("217 115 000", "+351 21 711 50 00", "tel:112")
// in `region`. Fails with the reason when it is not a number that exists in that region's
// numbering plan.
core::Result<PhoneNumber> parse(std::string_view text, std::string_view region);

bool is_supported_region(std::string_view region);

// "+351217115999" as people write it internationally: "+351 217 115 999". Short numbers
// and anything unparseable come back unchanged.
std::string format_international(std::string_view e164);

// A number libphonenumber's matcher found in a text (VALID leniency): where it is, in bytes,
// and what it is.
struct FoundNumber {
  std::size_t start = 0;
  std::size_t length = 0;
  PhoneNumber number;
};

std::vector<FoundNumber> find_numbers(std::string_view text, std::string_view region);

}  // namespace freshcheck::phone
