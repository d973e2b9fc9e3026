// The phone module, freshcheck-phone.so: freshcheck's only user of libphonenumber (and,
// through it, of protobuf, abseil and ICU's i18n library). See phone/backend.hpp.

#include "phone/backend.hpp"

#include <fmt/format.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

#include <set>

namespace freshcheck::phone {
namespace {

using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

const char* parse_error_reason(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "unknown country calling code";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
      return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "too long";
    default:
      return "cannot be parsed";
  }
}

std::string digits_only(std::string_view text) {
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  return digits;
}

std::string type_name(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    default:
      return "unknown";
  }
}

PhoneNumber describe(const i18n::phonenumbers::PhoneNumber& number) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber result;
  util.Format(number, PhoneNumberUtil::E164, &result.e164);
  result.type = type_name(util.GetNumberType(number));
  return result;
}

core::Result<PhoneNumber> parse_number(std::string_view text, std::string_view region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string written(text);
  if (written.rfind("tel:", 0) == 0) written.erase(0, 4);
  const std::string region_code(region);

  i18n::phonenumbers::PhoneNumber number;
  const auto error = util.Parse(written, region_code, &number);
  if (error == PhoneNumberUtil::NO_PARSING_ERROR && util.IsValidNumber(number))
    return describe(number);

  // Service numbers (112, 144, 1414) have no international form; written without a prefix
  // they are valid when the region's short-number plan lists them.
  const std::string digits = digits_only(written);
  const i18n::phonenumbers::ShortNumberInfo short_numbers;
  if (written.find('+') == std::string::npos && !digits.empty() && digits.size() <= 6 &&
      error == PhoneNumberUtil::NO_PARSING_ERROR &&
      short_numbers.IsValidShortNumberForRegion(number, region_code)) {
    return PhoneNumber{digits, "short_code"};
  }

  if (error != PhoneNumberUtil::NO_PARSING_ERROR)
    return core::fail(fmt::format("\"{}\" is not a valid phone number for region {}: {}", text,
                                  region, parse_error_reason(error)));
  return core::fail(
      fmt::format("\"{}\" is not a valid phone number for region {}: no such number range in "
                  "libphonenumber's numbering plan",
                  text, region));
}

std::string international_form(std::string_view e164) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  i18n::phonenumbers::PhoneNumber number;
  if (e164.empty() || e164[0] != '+' ||
      util.Parse(std::string(e164), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return std::string(e164);
  std::string out;
  util.Format(number, PhoneNumberUtil::INTERNATIONAL, &out);
  return out;
}

bool supported_region(std::string_view region) {
  std::set<std::string> regions;
  PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
  return regions.count(std::string(region)) > 0;
}

std::vector<FoundNumber> match_numbers(std::string_view text, std::string_view region) {
  std::vector<FoundNumber> found;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumberMatcher matcher(util, std::string(text), std::string(region),
                             PhoneNumberMatcher::VALID, /*max_tries=*/1000);
  while (matcher.HasNext()) {
    PhoneNumberMatch match;
    if (!matcher.Next(&match)) break;
    found.push_back({static_cast<std::size_t>(match.start()),
                     static_cast<std::size_t>(match.length()), describe(match.number())});
  }
  return found;
}

}  // namespace
}  // namespace freshcheck::phone

extern "C" __attribute__((visibility("default"))) const void* freshcheck_phone_backend() {
  using namespace freshcheck::phone;
  static const Backend backend{{FRESHCHECK_VERSION, sizeof(Backend)},
                               parse_number,
                               supported_region,
                               international_form,
                               match_numbers};
  return &backend;
}
