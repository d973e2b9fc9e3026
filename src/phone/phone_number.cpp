#include "phone/phone_number.hpp"

#include "phone/backend.hpp"
#include "util/module.hpp"

namespace freshcheck::phone {
namespace {

// Loaded by the first call, from any thread.
const Backend& backend() {
  return util::required_table<Backend>(kBackendFile, kBackendEntry);
}

}  // namespace

core::Result<PhoneNumber> parse(std::string_view text, std::string_view region) {
  return backend().parse(text, region);
}

bool is_supported_region(std::string_view region) {
  return backend().is_supported_region(region);
}

std::string format_international(std::string_view e164) {
  return backend().format_international(e164);
}

std::vector<FoundNumber> find_numbers(std::string_view text, std::string_view region) {
  return backend().find_numbers(text, region);
}

}  // namespace freshcheck::phone
