// Bytes in any encoding, with any declared charset: the result is valid UTF-8.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "html/charset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto fields = fuzz::split_input(data, size, 2);
  const std::string label = html::charset_from_content_type(fields[1]);
  (void)html::sniff_meta_charset(fields[0]);
  (void)html::canonical_charset(fields[1]);
  const auto decoded = html::decode_to_utf8(fields[0], label);
  if (decoded && !fuzz::is_valid_utf8(decoded->utf8)) std::abort();
  return 0;
}
