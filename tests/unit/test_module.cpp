// Modules (src/util/module.hpp): the phone and PDF modules load through the executable's
// RUNPATH, and a module that is not there is an error that names it and says what to do.

#include <string>
#include <vector>

#include "phone/backend.hpp"
#include "phone/phone_number.hpp"
#include "support.hpp"
#include "util/module.hpp"
#include "util/text.hpp"

using namespace freshcheck;

TEST_CASE("load_module: a module that is not installed is an error naming it and the fix") {
  const auto loaded = util::load_table<phone::Backend>("freshcheck-no-such-module.so", "entry");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find("cannot load freshcheck-no-such-module.so") == 0);
  CHECK(loaded.error().message.find("cmake --install") != std::string::npos);
}

TEST_CASE("load_module: a module without the entry point is an error naming the entry") {
  const auto loaded =
      util::load_table<phone::Backend>(phone::kBackendFile, "freshcheck_no_such_entry");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find("freshcheck_no_such_entry") != std::string::npos);
}

TEST_CASE("load_module: a table of another layout is refused, not called") {
  const auto loaded =
      util::load_module(phone::kBackendFile, phone::kBackendEntry, sizeof(phone::Backend) + 8);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message.find("comes from freshcheck " FRESHCHECK_VERSION
                                    ", not from this freshcheck") != std::string::npos);
}

TEST_CASE("load_table: the phone module's table is this build's") {
  const auto loaded = util::load_table<phone::Backend>(phone::kBackendFile, phone::kBackendEntry);
  REQUIRE(loaded);
  CHECK(std::string(loaded.value()->header.version) == FRESHCHECK_VERSION);
  CHECK(loaded.value()->parse("217 115 000", "PT").value().e164 == "+351217115000");
}

TEST_CASE("has_decimal_digit: decimal digits of any script, and no other numeral") {
  CHECK(util::has_decimal_digit("Ligue 217"));
  CHECK_FALSE(util::has_decimal_digit("Atendimento às sextas — ª º ² ³ ½"));  // No, not Nd
  CHECK(util::has_decimal_digit("\xD9\xA3"));            // U+0663 ARABIC-INDIC DIGIT THREE
  CHECK(util::has_decimal_digit("\xEF\xBC\x91"));        // U+FF11 FULLWIDTH DIGIT ONE
  CHECK_FALSE(util::has_decimal_digit("\xE2\x91\xA0"));  // U+2460 CIRCLED DIGIT ONE is No
}

TEST_CASE("has_decimal_digit: eight bytes at a time gives what one code point at a time gives") {
  // Long texts go through the eight-byte skip; a text of one code point never does, so each
  // code point asked alone is the reference. Pieces: Latin letters and accents, digits of
  // other scripts, the leads around U+0640 (0xD8, 0xD9), lone and cut sequences, bytes above
  // 0xF4.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           " ",
                                           "\n",
                                           "0",
                                           "9",
                                           "/",
                                           ":",
                                           "\xC3\xA7",
                                           "\xC3\xA3",
                                           "\xC2\xBA",
                                           "\xD8\xA7",
                                           "\xD9\x80",
                                           "\xD9\xA3",
                                           "\xDB\xB5",
                                           "\xE0\xA5\xAA",
                                           "\xEF\xBC\x91",
                                           "\xE2\x82\xAC",
                                           "\xE2\x91\xA0",
                                           "\xF0\x9D\x9F\x8E",
                                           "\xD9",
                                           "\xD8",
                                           "\x80",
                                           "\xBF",
                                           "\xFF",
                                           "\xE0\xA5"};
  test::for_random_texts(pieces, 39, 20000, [](const std::string& text) {
    bool expected = false;
    for (std::size_t pos = 0; pos < text.size() && !expected;) {
      const std::size_t start = pos;
      util::next_code_point(text, pos);
      expected = util::has_decimal_digit(std::string_view(text).substr(start, pos - start));
    }
    INFO(text);
    REQUIRE(util::has_decimal_digit(text) == expected);
  });
}
