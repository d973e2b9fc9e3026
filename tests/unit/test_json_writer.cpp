// util::JsonWriter writes what nlohmann's dump() would, and `extract --json`, written with
// it, is laid out as nlohmann lays out the same tree (members in name order), on one line and
// indented.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/extraction.hpp"
#include "html/document.hpp"
#include "support.hpp"
#include "util/json_writer.hpp"

using namespace freshcheck;

namespace {

std::string written(int indent) {
  std::string out;
  util::JsonWriter json(out, indent);
  json.begin_object()
      .member("a", std::string_view("quote \" backslash \\ slash / tab \t nl \n cr \r"))
      .member("b", std::string_view("bell \x07 bs \b ff \f unit \x1f del \x7f"))
      .member("c", std::string_view("Atendimento às sextas — 217 115 000 €"))
      .member("d", std::size_t{0})
      .member("e", std::size_t{18446744073709551615u})
      .member("f", true)
      .member("g", false)
      .key("h")
      .null()
      .key("i")
      .begin_array()
      .end_array()
      .key("j")
      .begin_object()
      .end_object()
      .key("k")
      .begin_array()
      .value("x")
      .begin_object()
      .member("y", std::string_view(""))
      .key("z")
      .begin_array()
      .value(std::size_t{1})
      .end_array()
      .end_object()
      .begin_array()
      .end_array()
      .end_array()
      .end_object();
  return out;
}

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(FRESHCHECK_FIXTURES) + "/pages/" + name, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

}  // namespace

TEST_CASE("JsonWriter writes what nlohmann's dump writes, on one line and indented") {
  const nlohmann::json tree = nlohmann::json::parse(written(-1));
  CHECK(written(-1) == tree.dump());
  CHECK(written(2) == tree.dump(2));
  CHECK(written(4) == tree.dump(4));
}

TEST_CASE("JsonWriter replaces malformed UTF-8 instead of writing it") {
  std::string out;
  util::JsonWriter(out).value(
      std::string_view("a\xff"
                       "b\xc3"));
  CHECK(out ==
        "\"a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\"");
  CHECK(nlohmann::json::parse(out) ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD");
}

TEST_CASE("a string quoted once is written again as it would be written") {
  // Quotes, backslashes and control characters at every place in an eight-byte step.
  for (const std::string text :
       {"plain text of a block, long enough", "\"quoted\"", "a\\b", "line\nbreak\tand\x01control",
        "Atendimento às 9h \u2014 sábado"}) {
    for (int indent : {-1, 2}) {
      std::string direct, repeated;
      util::JsonWriter(direct, indent)
          .begin_object()
          .member("a", text)
          .member("b", text)
          .end_object();
      const std::string literal = util::JsonWriter::quoted(text);
      util::JsonWriter(repeated, indent)
          .begin_object()
          .key("a")
          .raw_value(literal)
          .key("b")
          .raw_value(literal)
          .end_object();
      CHECK(repeated == direct);
      CHECK(nlohmann::json::parse(direct).at("a") == text);
    }
  }
}

TEST_CASE("extract --json is laid out as nlohmann lays out its tree, input member included") {
  for (const std::string name :
       {"aima-contactos.html", "seg-social-linhas.html", "sns24-linhas.html"}) {
    CAPTURE(name);
    auto document = html::parse_document(read_fixture(name), {});
    REQUIRE(document);
    extract::ExtractOptions options;
    options.phrases = {"linha de apoio", "no such phrase anywhere"};
    const auto extraction = extract::extract_all(*document, options);
    std::string one_line;
    extract::write_json(extraction, *document, one_line, {-1, "saved/" + name});
    std::string indented;
    extract::write_json(extraction, *document, indented, {2, std::nullopt});
    CHECK(one_line == nlohmann::json::parse(one_line).dump());
    CHECK(indented == nlohmann::json::parse(indented).dump(2));
    CHECK(nlohmann::json::parse(one_line).at("input") == "saved/" + name);
    CHECK_FALSE(nlohmann::json::parse(indented).contains("input"));
    CHECK_FALSE(nlohmann::json::parse(one_line).at("phones").empty());
  }
}

TEST_CASE("JsonWriter escapes each byte that needs it, wherever it falls among others") {
  // Strings are scanned eight bytes at a time: quotes, backslashes and control characters
  // beside bytes whose low seven bits look like them (0xA2, 0xDC, 0x8A).
  const std::vector<std::string> pieces = {
      "a",    "Lisboa ",  "\"",       "\\",       "\n",       "\t",           "\x01", "\x1f",
      "\x7f", "\xC2\xA2", "\xC3\x9C", "\xC4\x8A", "\xC3\xA7", "\xE2\x82\xAC", "/"};
  test::for_random_texts(pieces, 24, 20000, [](const std::string& text) {
    std::string out;
    util::JsonWriter(out).value(text);
    REQUIRE_MESSAGE(out == nlohmann::json(text).dump(), text);
  });
}
