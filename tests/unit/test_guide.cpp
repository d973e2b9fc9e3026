// A published guide as a source of facts: the same AIMA guide as HTML, Markdown and text
// gives the same numbers (with their hours), e-mail and links; a draft dataset is made of
// them; and compare() finds what the guide and the dataset do not share, once per value.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "guide/guide.hpp"
#include "support.hpp"

namespace fc = freshcheck;

namespace {

// Modelled on the real guide (tests/fixtures/guides/how-to-call-aima.txt).
constexpr const char* k_html_guide = R"(<!doctype html>
<html><head><title>How to Call AIMA in English</title></head><body><main>
<h1>How to Call AIMA in English</h1>
<h2>Numbers to call</h2>
<table><tr><th>What for</th><th>Number</th><th>Notes</th></tr>
<tr><td>AIMA contact centre</td><td>217 115 000</td><td>Weekdays 8:00-20:00</td></tr>
<tr><td>Alternative line</td><td>+351 965 903 700</td><td>Same hours</td></tr></table>
<p>Appointments are not made by phone: use the
<a href="https://contactenos.aima.gov.pt/">official contact form</a> or write to
<a href="mailto:geral@aima.gov.pt">geral@aima.gov.pt</a>.</p>
</main></body></html>)";

constexpr const char* k_markdown_guide = R"(# How to Call AIMA in English

## Numbers to call

| What for | Number | Notes |
|---|---|---|
| AIMA contact centre | 217 115 000 | Weekdays 8:00-20:00 |
| Alternative line | +351 965 903 700 | Same hours |

Appointments are not made by phone: use the [official contact form](https://contactenos.aima.gov.pt/) or write to geral@aima.gov.pt.
)";

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(FRESHCHECK_FIXTURES) + "/guides/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "e164 raw type hours" for each number, in the guide's order.
std::vector<std::string> phones(const fc::guide::Guide& guide) {
  std::vector<std::string> out;
  for (const auto& phone : guide.facts.phones)
    out.push_back(phone.e164 + " " + phone.raw + " " + phone.type + " " + phone.hours_osm());
  return out;
}

std::vector<std::string> emails(const fc::guide::Guide& guide) {
  std::vector<std::string> out;
  for (const auto& email : guide.facts.emails)
    out.push_back(email.address + " " + std::string(freshcheck::extract::to_string(email.from)));
  return out;
}

// "url [text]" for each link.
std::vector<std::string> links(const fc::guide::Guide& guide) {
  std::vector<std::string> out;
  for (const auto& link : guide.facts.links) out.push_back(link.url + " [" + link.text + "]");
  return out;
}

fc::config::Fact fact(std::string id, fc::config::FactKind kind, std::string value) {
  fc::config::Fact out;
  out.id = std::move(id);
  out.kind = kind;
  out.value = std::move(value);
  return out;
}

// The dataset that agrees with the guides above, written as a maintainer might: a number
// without spaces, an address in other case, a link without its trailing slash.
fc::config::Dataset agreeing_dataset() {
  using fc::config::FactKind;
  fc::config::Dataset dataset;
  dataset.guide.id = "how-to-call-aima";
  dataset.facts = {fact("aima.contact-centre", FactKind::phone, "217115000"),
                   fact("aima.alternative-line", FactKind::phone, "+351 965 903 700"),
                   fact("aima.email", FactKind::email, "Geral@AIMA.gov.pt"),
                   fact("aima.contact-form", FactKind::link, "https://contactenos.aima.gov.pt"),
                   fact("aima.hours", FactKind::hours, "Mo-Fr 08:00-20:00"),
                   fact("aima.no-bookings", FactKind::phrase, "not made by phone")};
  return dataset;
}

// "fact | published | observed | message" for each finding.
std::vector<std::string> summary(const std::vector<fc::core::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& finding : findings)
    out.push_back(finding.fact + " | " + finding.published.value_or("-") + " | " +
                  finding.observed.value_or("-") + " | " + finding.message);
  return out;
}

const std::vector<std::string> k_guide_phones = {
    "+351217115000 217 115 000 fixed_line Mo-Fr 08:00-20:00",
    "+351965903700 +351 965 903 700 mobile Mo-Fr 08:00-20:00"};

}  // namespace

namespace {

// What the AIMA guide shows, however it is written: two numbers with their hours, the
// e-mail, the contact form's link, and the heading the numbers stand under.
void check_reads_as_the_aima_guide(const fc::guide::Guide& guide) {
  CHECK(phones(guide) == k_guide_phones);
  CHECK(emails(guide) == std::vector<std::string>{"geral@aima.gov.pt text"});
  CHECK(links(guide) ==
        std::vector<std::string>{"https://contactenos.aima.gov.pt/ [official contact form]"});
  REQUIRE(guide.facts.phones.size() == 2);
  CHECK(guide.facts.phones[0].evidence.heading == "How to Call AIMA in English > Numbers to call");
}

}  // namespace

TEST_CASE("guide: an HTML guide gives its numbers with their hours, e-mail and links") {
  const auto guide = fc::guide::read_guide(k_html_guide, "how-to-call-aima.html", "PT");
  CHECK(guide.document.title == "How to Call AIMA in English");
  check_reads_as_the_aima_guide(guide);
}

TEST_CASE("guide: a Markdown guide reads like the HTML one: table rows, [text](url), e-mail") {
  check_reads_as_the_aima_guide(
      fc::guide::read_guide(k_markdown_guide, "how-to-call-aima.md", "PT"));
}

TEST_CASE("guide: a text guide gives every mention, and bare addresses as https links") {
  const auto guide = fc::guide::read_guide(fixture("how-to-call-aima.txt"), "guide.txt", "PT");
  CHECK(phones(guide) ==
        std::vector<std::string>{"+351217115000 217 115 000 fixed_line Mo-Fr 08:00-20:00",
                                 "+351965903700 +351 965 903 700 mobile Mo-Fr 08:00-20:00",
                                 "+351217115000 217 115 000 fixed_line Mo-Fr 08:00-20:00"});
  // The saved copy's e-mails were mangled to "[email protected]": none is an address.
  CHECK(emails(guide).empty());
  CHECK(links(guide) ==
        std::vector<std::string>{"https://contactenos.aima.gov.pt/ [contactenos.aima.gov.pt]",
                                 "https://aima.gov.pt/ [aima.gov.pt]",
                                 "https://aima.gov.pt/ [aima.gov.pt]",
                                 "https://contactenos.aima.gov.pt/ [contactenos.aima.gov.pt]"});
}

TEST_CASE("guide: a draft dataset holds one fact per value, with ids from the words before it") {
  const auto guide = fc::guide::read_guide(k_html_guide, "how-to-call-aima.html", "PT");
  const nlohmann::json draft = fc::guide::draft_dataset(guide, "how-to-call-aima");
  CHECK(draft.at("guide") ==
        nlohmann::json{{"id", "how-to-call-aima"}, {"title", "How to Call AIMA in English"}});
  const auto no_sources = nlohmann::json::array();
  CHECK(draft.at("facts") ==
        nlohmann::json::array({{{"id", "how-to-call-aima.aima-contact-centre"},
                                {"kind", "phone"},
                                {"value", "217 115 000"},
                                {"hours", "Mo-Fr 08:00-20:00"},
                                {"verify_at", no_sources}},
                               {{"id", "how-to-call-aima.alternative-line"},
                                {"kind", "phone"},
                                {"value", "+351 965 903 700"},
                                {"hours", "Mo-Fr 08:00-20:00"},
                                {"verify_at", no_sources}},
                               {{"id", "how-to-call-aima.email"},
                                {"kind", "email"},
                                {"value", "geral@aima.gov.pt"},
                                {"verify_at", no_sources}},
                               {{"id", "how-to-call-aima.link.contactenos-aima-gov-pt"},
                                {"kind", "link"},
                                {"value", "https://contactenos.aima.gov.pt/"},
                                {"verify_at", no_sources}}}));
}

TEST_CASE("guide: compare finds nothing when the guide and the dataset agree") {
  for (const auto& [text, name] : {std::pair{k_html_guide, "how-to-call-aima.html"},
                                   std::pair{k_markdown_guide, "how-to-call-aima.md"}}) {
    CAPTURE(name);
    const auto guide = fc::guide::read_guide(text, name, "PT");
    CHECK(fc::guide::compare(guide, agreeing_dataset(), "PT", name).empty());
  }
}

TEST_CASE("guide: compare reports each value one side lacks as a guide_mismatch") {
  const auto guide = fc::guide::read_guide(k_markdown_guide, "how-to-call-aima.md", "PT");
  fc::config::Dataset dataset = agreeing_dataset();
  dataset.facts[0].value = "217 115 999";                       // the guide shows 217 115 000
  dataset.facts[2].value = "info@aima.gov.pt";                  // the guide shows geral@
  dataset.facts[3].value = "https://aima.gov.pt/pt/contactos";  // the guide links elsewhere
  const auto findings =
      fc::guide::compare(guide, dataset, "PT", "https://guide.example/how-to-call-aima");
  CHECK(summary(findings) ==
        std::vector<std::string>{
            " | - | +351217115000 | the guide shows +351217115000 (\"217 115 000\"), which no "
            "dataset fact holds",
            " | - | geral@aima.gov.pt | the guide shows geral@aima.gov.pt, which no dataset fact "
            "holds",
            " | - | https://contactenos.aima.gov.pt/ | the guide links to "
            "https://contactenos.aima.gov.pt/, which no dataset fact holds",
            "aima.contact-centre | +351217115999 | - | dataset fact aima.contact-centre (217 115 "
            "999) is not in the guide",
            "aima.email | info@aima.gov.pt | - | dataset fact aima.email (info@aima.gov.pt) is not "
            "in the guide",
            "aima.contact-form | https://aima.gov.pt/pt/contactos | - | dataset fact "
            "aima.contact-form (https://aima.gov.pt/pt/contactos) is not in the guide"});
  for (const auto& finding : findings) {
    CAPTURE(finding.message);
    CHECK(finding.kind == freshcheck::core::FindingKind::guide_mismatch);
    CHECK(finding.severity == fc::core::Severity::warning);
    CHECK(finding.source == "guide:how-to-call-aima");
    CHECK(finding.evidence.url == "https://guide.example/how-to-call-aima");
    CHECK(finding.id == fc::core::fingerprint(finding));
  }
  REQUIRE(findings.size() == 6);
  // What the guide shows comes with the words around it; what it lacks, with none.
  CHECK(findings[0].evidence.snippet.find("AIMA contact centre | 217 115 000") !=
        std::string::npos);
  CHECK(findings[3].evidence.snippet.empty());
}

TEST_CASE("guide: a value the guide shows several times is one finding") {
  // The text guide shows 217 115 000 and contactenos.aima.gov.pt twice each.
  const auto guide = fc::guide::read_guide(fixture("how-to-call-aima.txt"), "guide.txt", "PT");
  fc::config::Dataset dataset;
  dataset.guide.id = "how-to-call-aima";
  dataset.facts = {fact("aima.alternative-line", fc::config::FactKind::phone, "965 903 700"),
                   fact("aima.portal", fc::config::FactKind::link, "http://AIMA.gov.pt")};
  std::vector<std::string> observed;
  for (const auto& finding : fc::guide::compare(guide, dataset, "PT", "guide.txt"))
    observed.push_back(finding.observed.value_or("-"));
  CHECK(observed == std::vector<std::string>{"+351217115000", "https://contactenos.aima.gov.pt/"});
}
