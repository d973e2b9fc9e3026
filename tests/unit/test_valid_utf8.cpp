// Text that becomes JSON must be valid UTF-8: the helper that makes it so, and the places
// where bytes from outside enter the model (Cloudflare e-mails, text guides).
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "guide/guide.hpp"
#include "html/cfemail.hpp"
#include "support.hpp"
#include "util/text.hpp"

using namespace freshcheck;

TEST_CASE("to_valid_utf8 keeps valid text byte for byte and replaces each malformed sequence") {
  std::size_t replaced = 0;
  CHECK(util::to_valid_utf8("Atendimento às sextas — 217 115 000 €", &replaced) ==
        "Atendimento às sextas — 217 115 000 €");
  CHECK(replaced == 0);
  // A literal U+FFFD is text, not a replacement.
  CHECK(util::to_valid_utf8("a\xEF\xBF\xBD"
                            "b",
                            &replaced) ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(replaced == 0);
  // Latin-1 "à", a lone continuation byte, a cut sequence, an overlong "/", a surrogate.
  CHECK(util::to_valid_utf8("\xE0s 9h", &replaced) == "\xEF\xBF\xBDs 9h");
  CHECK(util::to_valid_utf8("x\x80y\xE2\x82", &replaced) ==
        "x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(util::to_valid_utf8("\xC0\xAF", &replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(util::to_valid_utf8("\xED\xA0\x80", &replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(replaced == 1 + 3 + 2 + 3);
  CHECK(util::is_valid_utf8(util::to_valid_utf8(std::string("\xFF\xFE\0\x89PNG", 7))));
}

TEST_CASE("is_valid_utf8 agrees with the plain reading, a code point at a time") {
  // The plain reading: every code point decodes, and only a literal U+FFFD decodes to U+FFFD.
  const auto plain = [](std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
      const std::size_t before = pos;
      if (util::next_code_point(text, pos) == util::k_replacement_character && pos - before != 3)
        return false;
    }
    return true;
  };
  const std::vector<std::string> pieces = {"a",
                                           "Lisboa ",
                                           "\xC3\xA7",
                                           "\xC3\xA3o",
                                           "\xE2\x82\xAC",
                                           "\xF0\x9D\x84\x9E",
                                           "\xC2\xA0",
                                           "\xDF\xBF",
                                           "\x80",
                                           "\xBF",
                                           "\xC2",
                                           "\xDF",
                                           "\xE0",
                                           "\xE0\xA0\x80",
                                           "\xE0\x80\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xC0\xAF",
                                           "\xC1\xBF",
                                           "\xED\xA0\x80",
                                           "\xEF\xBF\xBD",
                                           "\xF5",
                                           "\xFF",
                                           std::string(1, '\0'),
                                           "\x7F"};
  test::for_random_texts(pieces, 24, 200000, [&](const std::string& text) {
    REQUIRE_MESSAGE(util::is_valid_utf8(text) == plain(text), text);
  });
}

TEST_CASE("a Cloudflare e-mail that decodes to bytes that are not UTF-8 is no address") {
  const auto encode = [](const std::string& address) {
    const unsigned char key = 0x45;
    std::string hex = fmt::format("{:02x}", key);
    for (unsigned char c : address) hex += fmt::format("{:02x}", c ^ key);
    return hex;
  };
  CHECK(html::decode_cfemail(encode("geral@aima.gov.pt")) == "geral@aima.gov.pt");
  CHECK(html::decode_cfemail(encode("gest\xe3o@aima.gov.pt")) == std::nullopt);
}

TEST_CASE("a Latin-1 text guide is read as text, not as bytes") {
  // "Ligações úteis" and "às sextas" in ISO-8859-1, as an old Markdown export would be.
  const std::string bytes =
      "# Liga\xe7\xf5"
      "es \xfa"
      "teis\n\nLinha de atendimento \xe0s sextas: 217 115 999\n";
  const guide::Guide read = guide::read_guide(bytes, "guia.md", "PT");
  REQUIRE(read.document.blocks.size() == 2);
  CHECK(read.document.blocks[0].text == "Ligações úteis");
  CHECK(read.document.blocks[1].text == "Linha de atendimento às sextas: 217 115 999");
  const auto draft = guide::draft_dataset(read, "guia");
  CHECK_NOTHROW(draft.dump());
  REQUIRE(draft.at("facts").size() == 1);
  CHECK(draft.at("facts")[0].at("value") == "217 115 999");
}
