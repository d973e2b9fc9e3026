// The Unicode module, freshcheck-icu.so: freshcheck's only direct user of ICU. See
// util/icu_backend.hpp.

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "util/icu_backend.hpp"

namespace freshcheck::util {
namespace {

bool is_decimal_digit(char32_t c) {
  return u_isdigit(static_cast<UChar32>(c));
}

std::u32string fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString decomposed;
  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_SUCCESS(status)) decomposed = nfkd->normalize(input, status);
  if (U_FAILURE(status)) decomposed = input;
  decomposed.foldCase();
  std::u32string out;
  out.reserve(static_cast<std::size_t>(decomposed.length()));
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

}  // namespace
}  // namespace freshcheck::util

extern "C" __attribute__((visibility("default"))) const void* freshcheck_icu_backend() {
  using namespace freshcheck::util;
  static const IcuBackend backend{{FRESHCHECK_VERSION, sizeof(IcuBackend)}, is_decimal_digit, fold};
  return &backend;
}
