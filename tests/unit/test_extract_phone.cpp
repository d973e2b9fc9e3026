// Phone extraction over the data-driven cases in fixtures/phones/cases.json: exact E.164
// values, in order, and nothing else.
#include <fstream>
#include <nlohmann/json.hpp>

#include "extract/phone.hpp"
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
