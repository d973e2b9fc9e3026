#pragma once
// The table of functions the Unicode module (freshcheck-icu.so, built from util/icu/) gives
// text.cpp. Only that module links ICU, whose loading costs a process ~2 MB and ~1.5 ms;
// text.cpp loads it the first time a text needs a Unicode property beyond Latin-1 or a
// normalisation.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/module.hpp"

namespace freshcheck::util {

struct IcuBackend {
  ModuleHeader header;

  // Unicode general category Nd (u_isdigit).
  bool (*is_decimal_digit)(char32_t c) = nullptr;
  // NFKD, case folded, non-spacing marks dropped: "Ação" gives "acao", "ﬁ" gives "fi".
  std::u32string (*fold)(std::string_view utf8) = nullptr;
};

inline constexpr const char* kIcuBackendFile = "freshcheck-icu.so";
inline constexpr const char* kIcuBackendEntry = "freshcheck_icu_backend";

}  // namespace freshcheck::util
