// Bounded output: an item's evidence is a window of its block, and a run's findings are
// capped per source and kind, with one "and N more" finding for the rest.
#include <string>

#include "core/finding.hpp"
#include "diff/bounds.hpp"
#include "extract/evidence_window.hpp"
#include "extract/extraction.hpp"
#include "html/document.hpp"
#include "support.hpp"
#include "util/text.hpp"

namespace fc = freshcheck;

namespace {

fc::core::Finding phone_new(const std::string& source, const std::string& e164,
                            fc::core::Severity severity = fc::core::Severity::warning) {
  fc::core::Finding finding;
  finding.kind = fc::core::FindingKind::phone_new;
  finding.severity = severity;
  finding.source = source;
  finding.observed = e164;
  finding.message = source + " shows a new number " + e164;
  finding.evidence.url = "https://www.seg-social.pt/contactos";
  finding.evidence.snippet = "Linha Segurança Social " + e164;
  finding.evidence.fetched_at = "2026-12-02T07:00:00Z";
  finding.id = fc::core::fingerprint(finding);
  return finding;
}

std::vector<fc::core::Finding> many_new_numbers(const std::string& source, std::size_t count) {
  std::vector<fc::core::Finding> out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(phone_new(source, "+3512" + std::to_string(10000000 + i)));
  return out;
}

}  // namespace

TEST_CASE("evidence window: a short block is shown whole") {
  const std::string block = "Linha Segurança Social: 210 545 400 (dias úteis, 9h-18h)";
  CHECK(fc::extract::evidence_window(block, 24, 11) == block);
}

TEST_CASE("evidence window: a long block shows the item, cut at words and code points") {
  std::string block;
  for (int i = 0; i < 400; ++i) block += "Loja do Cidadão de Odivelas ";
  const std::size_t at = block.size() / 2;
  block.insert(at, "Telefone 219 344 000 ");
  const std::string window = fc::extract::evidence_window(block, at + 9, 11);
  CHECK(window.find("219 344 000") != std::string::npos);
  CHECK(window.size() <= fc::extract::k_evidence_window_bytes + 2 * std::string("…").size());
  CHECK(window.starts_with("…"));
  CHECK(window.ends_with("…"));
  CHECK(fc::util::is_valid_utf8(window));
  // Cut at word edges: the text between the markers starts and ends with whole words.
  const std::string inner = window.substr(3, window.size() - 6);
  CHECK(block.find(" " + inner + " ") != std::string::npos);
}

TEST_CASE("evidence window: near the end of a block, the room goes before the item") {
  std::string block(1000, 'a');
  for (std::size_t i = 7; i < block.size(); i += 8) block[i] = ' ';
  block += " 808 266 266";
  const std::string window = fc::extract::evidence_window(block, block.size() - 11, 11);
  CHECK(window.ends_with("808 266 266"));
  CHECK(window.starts_with("…"));
  CHECK(window.size() > 250);
}

TEST_CASE("evidence window: multi-byte text is never cut inside a code point") {
  std::string block;
  for (int i = 0; i < 2000; ++i) block += "ç";  // no spaces: the cut falls between bytes
  for (std::size_t at : {0UL, 1UL, 999UL, 2001UL, 3998UL})
    CHECK(fc::util::is_valid_utf8(fc::extract::evidence_window(block, at, 3)));
  CHECK(fc::util::is_valid_utf8(fc::extract::evidence_window_around(block, "x")));
}

TEST_CASE("extract --json: 8,000 numbers in one paragraph give 8,000 bounded windows") {
  std::string paragraph = "Linhas de atendimento da Segurança Social:";
  for (int i = 0; i < 8000; ++i) paragraph += " 2" + std::to_string(11000000 + i * 7);
  const auto parsed =
      fc::html::parse_document("<html><body><p>" + paragraph + "</p></body></html>", {});
  REQUIRE(parsed);
  const fc::html::Document& document = *parsed;
  const auto extraction = fc::extract::extract_all(document, {});
  REQUIRE(extraction.phones.size() > 7000);
  const auto json = fc::extract::to_json(extraction, document);
  for (const auto& phone : json.at("phones")) {
    const std::string window = phone.at("block");
    CHECK(window.size() <= fc::extract::k_evidence_window_bytes + 6);
    const std::string raw = phone.at("raw");
    CHECK(window.find(raw) != std::string::npos);
  }
  CHECK(json.dump().size() < 8000 * 600);
}

TEST_CASE("bound_findings: at most N per source and kind, the rest in one finding") {
  auto findings = many_new_numbers("seg-social", 3462);
  auto others = many_new_numbers("sns24", 3);
  findings.insert(findings.end(), others.begin(), others.end());
  const auto bounded = fc::diff::bound_findings(findings);
  REQUIRE(bounded.size() == 50 + 3 + 1);
  const auto& summary = bounded.back();
  CHECK(summary.kind == fc::core::FindingKind::phone_new);
  CHECK(summary.source == "seg-social");
  CHECK(summary.message.find("and 3,412 more") != std::string::npos);
  CHECK(summary.evidence.detail.find("+351210000050") != std::string::npos);
  CHECK(summary.evidence.detail.find("… and 3,312 more") != std::string::npos);
  CHECK(summary.evidence.detail.find("+351210000150") == std::string::npos);
  for (std::size_t i = 0; i < 50; ++i) CHECK(bounded[i].id == findings[i].id);
}

TEST_CASE("bound_findings: the summary's id does not depend on how many it stands for") {
  const auto a = fc::diff::bound_findings(many_new_numbers("aima", 60));
  const auto b = fc::diff::bound_findings(many_new_numbers("aima", 900));
  REQUIRE(a.size() == 51);
  REQUIRE(b.size() == 51);
  CHECK(a.back().id == b.back().id);
  CHECK(a.back().id.starts_with("phone_new-"));
  const auto other = fc::diff::bound_findings(many_new_numbers("iefp", 60));
  CHECK(other.back().id != a.back().id);
}

TEST_CASE("bound_findings: the summary takes the highest severity and a confirmed state") {
  auto findings = many_new_numbers("aima", 55);
  for (auto& finding : findings) finding.state = fc::core::FindingState::pending;
  findings[53].severity = fc::core::Severity::critical;
  findings[54].state = fc::core::FindingState::confirmed;
  const auto bounded = fc::diff::bound_findings(findings);
  CHECK(bounded.back().severity == fc::core::Severity::critical);
  CHECK(bounded.back().state == fc::core::FindingState::confirmed);
  for (auto& finding : findings) finding.state = fc::core::FindingState::pending;
  CHECK(fc::diff::bound_findings(findings).back().state == fc::core::FindingState::pending);
}

TEST_CASE("bound_findings: long fields are cut with a marker") {
  auto finding = phone_new("aima", "+351217115000");
  std::string diff;
  for (int i = 0; i < 5000; ++i) diff += "+Centro de Contacto AIMA 217 115 000\n";
  finding.evidence.detail = diff;
  finding.evidence.snippet = std::string(10000, 'x');
  const auto bounded = fc::diff::bound_findings({finding});
  REQUIRE(bounded.size() == 1);
  CHECK(bounded[0].evidence.detail.size() < 8100);
  CHECK(bounded[0].evidence.detail.find("… [cut: ") != std::string::npos);
  CHECK(bounded[0].evidence.snippet.ends_with("… [cut: 8,000 more bytes]"));
  CHECK(fc::diff::cut_with_marker("ç", 1) == "… [cut: 2 more bytes]");
  CHECK(fc::diff::group_thousands(1234567) == "1,234,567");
  CHECK(fc::diff::group_thousands(999) == "999");
}
