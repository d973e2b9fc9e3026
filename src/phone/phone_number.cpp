#include "phone/phone_number.hpp"

#include <stdexcept>

#include "phone/backend.hpp"
#include "util/module.hpp"

namespace freshcheck::phone {
namespace {

// Loaded once, on the first call from any thread (a function-local static is initialised
// exactly once), and never unloaded.
const Backend& backend() {
  static const Backend* const loaded = [] {
    auto table = util::load_table<Backend>(kBackendFile, kBackendEntry);
    if (!table) throw std::runtime_error(table.error().message);
    return table.value();
  }();
  return *loaded;
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
