// util::collapse_space copies text in runs and looks closely only at bytes that may begin a
// space (matching the Unicode spaces' byte sequences, not decoding them); it must
// give what the plain reading gives: every run of Unicode white space one ASCII space, none
// at either end, every other byte (malformed ones included) as it was.
#include <doctest/doctest.h>

#include <string>

#include "support.hpp"
#include "util/text.hpp"

using namespace freshcheck;

namespace {

std::string collapsed_one_by_one(std::string_view text) {
  std::string out;
  bool pending = false;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    if (util::is_unicode_space(util::next_code_point(text, pos))) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out.append(text.substr(start, pos - start));
  }
  return out;
}

}  // namespace

TEST_CASE("collapse_space turns each run of white space into one space") {
  CHECK(util::collapse_space("  Linha  de\u00a0apoio\n\t: 808 ") == "Linha de apoio : 808");
  CHECK(util::collapse_space("a\u2003\u200b b\u3000") == "a b");
  CHECK(util::collapse_space("\xEF\xBB\xBFSábado — 9h") == "Sábado — 9h");
  CHECK(util::collapse_space("") == "");
  std::string out = "kept|";
  util::append_collapsed_space(out, "  x  y ");
  CHECK(out == "kept|x y");
}

TEST_CASE("collapse_space gives what reading one code point at a time gives") {
  // Pieces that begin or end spaces, look like them, or are malformed.
  const std::vector<std::string> pieces = {" ",
                                           "  ",
                                           "\t",
                                           "\n",
                                           "\r\n",
                                           "\u00a0",
                                           "\u0085",
                                           "\u1680",
                                           "\u2000",
                                           "\u200b",
                                           "\u2028",
                                           "\u202f",
                                           "\u205f",
                                           "\u2060",
                                           "\u3000",
                                           "\ufeff",
                                           "\u2014",
                                           "\u2029",
                                           "\u200c",
                                           "\u205e",
                                           "\u2061",
                                           "\u1681",
                                           "\u3001",
                                           "\ufefe",
                                           "\u00ba",
                                           "\u00a7",
                                           "\u20ac",
                                           "\u00e3",
                                           "\u00c2",
                                           "\xC2",
                                           "\xE2\x80",
                                           "\xE2",
                                           "\xEF\xBB",
                                           "\xFF",
                                           "\x80",
                                           "a",
                                           "ab",
                                           "palavra",
                                           "9h",
                                           "|",
                                           "\xF0\x9F\x98\x80",
                                           "\xE3\x80",
                                           "\xE1\x9A\x80"};
  test::for_random_texts(pieces, 11, 20000, [](const std::string& text) {
    CAPTURE(text);
    REQUIRE(util::collapse_space(text) == collapsed_one_by_one(text));
  });
}
