// A fax across the stages: `extract --json` calls it "fax", import-guide does not draft it
// as a number to call, and the diff raises nothing when one appears (a disappearance is
// news only for a number the dataset lists, as for any phone).
#include <nlohmann/json.hpp>

#include "diff/differ.hpp"
#include "extract/extraction.hpp"
#include "guide/guide.hpp"
#include "html/document.hpp"
#include "support.hpp"

namespace fc = freshcheck;

namespace {

constexpr const char* k_contacts =
    "<html><body><h2>Contactos</h2>"
    "<p>Telefone: 21 711 5000 | Fax: 21 711 5001</p>"
    "<p>Tel./Fax: 239 857 500</p>"
    "<table><thead><tr><th>Loja</th><th>Telefone</th><th>Fax</th></tr></thead>"
    "<tbody><tr><td>Braga</td><td>253 204 400</td><td>253 204 409</td></tr></tbody></table>"
    "</body></html>";

fc::core::ObservedPhone observed(std::string e164, std::string type) {
  return {e164, e164, "Contactos " + e164, "", std::move(type), ""};
}

fc::config::Fact phone_fact(std::string id, std::string value) {
  fc::config::Fact fact;
  fact.id = std::move(id);
  fact.kind = fc::config::FactKind::phone;
  fact.value = std::move(value);
  return fact;
}

std::vector<std::string> kinds(const std::vector<fc::core::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& finding : findings)
    out.push_back(std::string(fc::core::to_string(finding.kind)) + " " +
                  finding.observed.value_or(finding.published.value_or("")));
  return out;
}

}  // namespace

TEST_CASE("extract --json gives a labelled fax the type fax, and Tel./Fax stays a phone") {
  auto document = fc::html::parse_document(k_contacts, {});
  REQUIRE(document);
  const auto json = fc::extract::to_json(fc::extract::extract_all(*document, {}), *document);
  std::vector<std::string> phones;
  for (const auto& phone : json.at("phones"))
    phones.push_back(phone.at("e164").get<std::string>() + " " +
                     phone.at("type").get<std::string>());
  CHECK(phones == std::vector<std::string>{"+351217115000 fixed_line", "+351217115001 fax",
                                           "+351239857500 fixed_line", "+351253204400 fixed_line",
                                           "+351253204409 fax"});
}

TEST_CASE("import-guide drafts no fax, and a guide's fax is no mismatch") {
  const auto guide = fc::guide::read_guide(k_contacts, "contacts.html", "PT");
  const auto draft = fc::guide::draft_dataset(guide, "contacts");
  std::vector<std::string> values;
  for (const auto& fact : draft.at("facts")) values.push_back(fact.at("value"));
  CHECK(values == std::vector<std::string>{"21 711 5000", "239 857 500", "253 204 400"});

  fc::config::Dataset dataset;
  dataset.guide.id = "contacts";
  for (const auto& value : values) dataset.facts.push_back(phone_fact("id." + value, value));
  CHECK(fc::guide::compare(guide, dataset, "PT", "contacts.html").empty());

  // A fax the dataset lists and the guide no longer shows is still a mismatch.
  dataset.facts.push_back(phone_fact("contacts.fax", "217 115 009"));
  CHECK(kinds(fc::guide::compare(guide, dataset, "PT", "contacts.html")) ==
        std::vector<std::string>{"guide_mismatch +351217115009"});
}

TEST_CASE("a fax that appears raises nothing, and one that goes is news only if listed") {
  fc::config::Source source;
  source.id = "contacts";
  source.region = "PT";
  std::optional<fc::core::Observation> previous = fc::core::Observation{};
  previous->phones = {observed("+351217115000", "fixed_line"), observed("+351217115001", "fax")};
  fc::core::Observation current;
  current.phones = {observed("+351217115000", "fixed_line"), observed("+351217115009", "fax"),
                    observed("+351217115003", "fixed_line")};

  // The new fax raises nothing; the new phone is phone_new; the fax that went is silent.
  CHECK(kinds(fc::diff::diff_source({source, {}, previous, current, {}}).findings) ==
        std::vector<std::string>{"phone_new +351217115003"});

  // A dataset fact that lists the fax that went is phone_missing; and the new fax, in the
  // same block, is not offered as its replacement.
  const fc::config::Fact listed = phone_fact("contacts.fax", "217 115 001");
  previous->phones[1].block = current.phones[1].block = "Fax: 21 711 5001";
  CHECK(kinds(fc::diff::diff_source({source, {&listed}, previous, current, {}}).findings) ==
        std::vector<std::string>{"phone_missing +351217115001", "phone_new +351217115003"});
}
