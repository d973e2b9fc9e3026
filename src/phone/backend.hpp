#pragma once
// The table of functions the phone module (freshcheck-phone.so, built from
// phone/libphonenumber/) gives the rest of freshcheck. Only that module links
// libphonenumber; phone_number.cpp loads it the first time a number is read.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "phone/phone_number.hpp"
#include "util/module.hpp"

namespace freshcheck::phone {

struct Backend {
  util::ModuleHeader header;

  core::Result<PhoneNumber> (*parse)(std::string_view text, std::string_view region) = nullptr;
  bool (*is_supported_region)(std::string_view region) = nullptr;
  std::string (*format_international)(std::string_view e164) = nullptr;
  std::vector<FoundNumber> (*find_numbers)(std::string_view text,
                                           std::string_view region) = nullptr;
};

inline constexpr const char* kBackendFile = "freshcheck-phone.so";
inline constexpr const char* kBackendEntry = "freshcheck_phone_backend";

}  // namespace freshcheck::phone
