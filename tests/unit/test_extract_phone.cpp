// Phone extraction over the data-driven cases in fixtures/phones/cases.json: exact E.164
// values, in order, and nothing else.
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "extract/extraction.hpp"
#include "extract/phone.hpp"
#include "html/document.hpp"
#include "phone/phone_number.hpp"
#include "support.hpp"

using freshcheck::extract::find_phones;
using freshcheck::extract::mask_non_phone_numbers;

namespace {

nlohmann::json load_cases() {
  std::ifstream in(FRESHCHECK_FIXTURES "/phones/cases.json");
  REQUIRE(in);
  return nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
}

}  // namespace

TEST_CASE("phone cases from fixtures") {
  const nlohmann::json cases = load_cases();
  std::size_t positives = 0;
  std::size_t negatives = 0;
  for (const auto& item : cases) {
    const std::string text = item.at("text");
    const std::string region = item.value("region", "PT");
    const auto expected = item.at("expect").get<std::vector<std::string>>();
    (expected.empty() ? negatives : positives)++;
    SUBCASE(item.at("name").get<std::string>().c_str()) {
      std::vector<std::string> actual;
      for (const auto& match : find_phones(text, region)) {
        actual.push_back(match.e164);
        // The raw text is a real substring at the reported offset.
        CHECK(text.substr(match.offset, match.raw.size()) == match.raw);
      }
      INFO("text: " << text);
      CHECK(actual == expected);
    }
  }
  CHECK(positives >= 30);
  CHECK(negatives >= 30);
}

TEST_CASE("phone type and raw text") {
  const auto matches = find_phones("Linha alternativa +351 965 903 700 ou 217 115 000", "PT");
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].type == "mobile");
  CHECK(matches[0].raw == "+351 965 903 700");
  CHECK(matches[1].type == "fixed_line");
  CHECK(matches[1].raw == "217 115 000");

  const auto service = find_phones("Ligue 112", "PT");
  REQUIRE(service.size() == 1);
  CHECK(service[0].type == "short_code");
}

TEST_CASE("masking keeps offsets and blanks only the digits of non-phone spans") {
  const std::string text = "NIF 234 567 891, tel. 217 115 000";
  const std::string masked = mask_non_phone_numbers(text);
  CHECK(masked.size() == text.size());
  CHECK(masked == "NIF ___ ___ ___, tel. 217 115 000");
}

// The page-level evaluation: every case of fixtures/phones/pages.jsonl (one page a line,
// with a note of the kind of page it models) goes through the real reader
// (html::parse_document, then extract_all), and what `extract --json` would list in
// phones[] is scored against the expected numbers. A number counts as found only with the
// right kind: a fax must come out as "fax", a line to call must not.
namespace {

struct PageCase {
  std::string page;
  std::string html;
  std::set<std::pair<std::string, bool>> expected;  // (e164, is_fax)
};

std::vector<PageCase> load_pages() {
  std::ifstream in(FRESHCHECK_FIXTURES "/phones/pages.jsonl");
  REQUIRE(in);
  std::vector<PageCase> pages;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto item = nlohmann::json::parse(line);
    PageCase page{item.at("page"), item.at("html"), {}};
    for (const auto& expect : item.at("expect"))
      page.expected.emplace(expect.at("e164"), expect.value("type", "") == "fax");
    pages.push_back(std::move(page));
  }
  return pages;
}

}  // namespace

TEST_CASE("phone pages: precision and recall through the reader") {
  const std::vector<PageCase> pages = load_pages();
  std::size_t true_positives = 0, false_positives = 0, false_negatives = 0;
  std::size_t expected_numbers = 0, negative_pages = 0;
  for (const PageCase& page : pages) {
    auto document = freshcheck::html::parse_document(page.html, {});
    REQUIRE(document);
    const auto extraction = freshcheck::extract::extract_all(*document, {});
    std::set<std::pair<std::string, bool>> reported;
    for (const auto& phone : extraction.phones) reported.emplace(phone.e164, phone.type == "fax");
    expected_numbers += page.expected.size();
    if (page.expected.empty()) ++negative_pages;
    for (const auto& item : reported) {
      if (page.expected.count(item)) {
        ++true_positives;
      } else {
        ++false_positives;
        MESSAGE("reported " << item.first << std::string(item.second ? " (fax)" : "")
                            << " on: " << page.page);
      }
    }
    for (const auto& item : page.expected)
      if (!reported.count(item)) {
        ++false_negatives;
        MESSAGE("missed " << item.first << std::string(item.second ? " (fax)" : "")
                          << " on: " << page.page);
      }
  }
  const auto ratio = [](std::size_t part, std::size_t whole) {
    return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
  };
  const double precision = ratio(true_positives, true_positives + false_positives);
  const double recall = ratio(true_positives, true_positives + false_negatives);
  MESSAGE("phone pages: " << pages.size() << " pages, " << expected_numbers << " numbers, "
                          << negative_pages << " pages with none; precision " << precision
                          << ", recall " << recall);
  CHECK(expected_numbers >= 60);
  CHECK(negative_pages >= 60);
  CHECK(precision >= 0.995);
  CHECK(recall >= 0.995);
}

TEST_CASE("NIF check digit: mod 11 on nine digits starting 1, 2, 3, 5, 6 or 9") {
  using freshcheck::extract::is_valid_nif;
  CHECK(is_valid_nif("600 012 344"));
  CHECK(is_valid_nif("213456788"));
  CHECK(is_valid_nif("500.051.070"));
  CHECK_FALSE(is_valid_nif("600 012 345"));  // wrong check digit
  CHECK_FALSE(is_valid_nif("217 115 000"));
  CHECK_FALSE(is_valid_nif("800 123 454"));  // 8 is not a first digit of a NIF
  CHECK_FALSE(is_valid_nif("21345678"));     // eight digits
  CHECK(is_valid_nif("210315008"));          // remainder 1 or 0: check digit 0
}

TEST_CASE("a label reaches its number over a few words, never past a word to call") {
  CHECK(mask_non_phone_numbers("NIF da entidade: 600 012 344") == "NIF da entidade: ___ ___ ___");
  CHECK(mask_non_phone_numbers("NIF 600 012 344, tel. 217 115 004") ==
        "NIF ___ ___ ___, tel. 217 115 004");
  // Six words between: too far, unless the number is a valid NIF.
  CHECK(mask_non_phone_numbers("NIF da nova sede social da empresa municipal 217 115 000") ==
        "NIF da nova sede social da empresa municipal 217 115 000");
  CHECK(mask_non_phone_numbers("NIF da nova sede social da empresa municipal 213 456 788") ==
        "NIF da nova sede social da empresa municipal ___ ___ ___");
  // A service for taxpayers names no number.
  CHECK(mask_non_phone_numbers("Linha de apoio ao contribuinte: 217 206 707") ==
        "Linha de apoio ao contribuinte: 217 206 707");
  // A Multibanco entity has five digits; "Contactos da entidade" names a phone.
  CHECK(mask_non_phone_numbers("Entidade 21 312") == "Entidade __ ___");
  CHECK(mask_non_phone_numbers("Contactos da entidade: 217 983 800") ==
        "Contactos da entidade: 217 983 800");
}

TEST_CASE("the nearest label tells a fax from a phone") {
  using freshcheck::extract::label_after;
  using freshcheck::extract::label_before;
  using freshcheck::extract::NumberLabel;
  CHECK(label_before("Telefone: 217 115 000 | Fax: ") == NumberLabel::fax);
  CHECK(label_before("Tel./Fax: ") == NumberLabel::phone);
  CHECK(label_before("Telefone e fax: ") == NumberLabel::phone);
  CHECK(label_before("Fax (geral): ") == NumberLabel::fax);
  CHECK(label_before("Fax:\nE-mail: geral@exemplo.pt\n") == NumberLabel::other);
  CHECK(label_before("T. 218 855 300 | F. ") == NumberLabel::fax);
  CHECK(label_before(" / ") == NumberLabel::none);
  CHECK(label_after(" (fax)") == NumberLabel::fax);
  CHECK(label_after(" (Lisboa)") == NumberLabel::none);
  CHECK(freshcheck::extract::classify_header("N.º de fax") == NumberLabel::fax);
  CHECK(freshcheck::extract::classify_header("Telefone / Fax") == NumberLabel::phone);
  CHECK(freshcheck::extract::classify_header("Número de contribuinte") == NumberLabel::not_phone);
}

TEST_CASE("the matcher runs on every line that could hold a number") {
  const auto numbers = [](std::string_view text) {
    std::vector<std::string> e164;
    for (const auto& match : find_phones(text, "PT")) e164.push_back(match.e164);
    return e164;
  };
  using List = std::vector<std::string>;
  // The shortest valid numbers: four digits after the country code (Austria, Niue).
  CHECK(numbers("Serviço: +43 1110") == List{"+431110"});
  CHECK(numbers("Niue: +683 4002") == List{"+6834002"});
  // Digits the span reader does not see as ASCII, and joiners of every kind.
  CHECK(numbers("Linha: ２１７ １１５ ０００") == List{"+351217115000"});
  CHECK(numbers("Sede: 217\u00a0115\u00a0000") == List{"+351217115000"});
  CHECK(numbers("Linha: (21) 711.50.00") == List{"+351217115000"});
  // Accented words end a span, right up against the number.
  CHECK(numbers("Atendimento à população:212 767 304, informação") == List{"+351212767304"});
  // Prices, counts and dates only.
  CHECK(numbers("Taxa | 129,12 € | 43 dias").empty());
}

TEST_CASE("no region has a valid number of fewer than four digits") {
  // What the span filter in find_phones relies on; libphonenumber's metadata was searched
  // for every number of up to five digits in every region: the shortest have four.
  for (const char* region :
       {"PT", "AT", "DE", "LU", "NU", "TK", "IR", "ES", "FR", "GB", "US", "BR", "AO", "CV"}) {
    for (int length = 1; length <= 3; ++length) {
      int limit = 1;
      for (int i = 0; i < length; ++i) limit *= 10;
      for (int n = 0; n < limit; ++n) {
        const std::string digits = fmt::format("{:0{}}", n, length);
        CAPTURE(region);
        CAPTURE(digits);
        CHECK(freshcheck::phone::find_numbers(digits, region).empty());
        CHECK(freshcheck::phone::find_numbers("+" + digits, region).empty());
      }
    }
  }
}
