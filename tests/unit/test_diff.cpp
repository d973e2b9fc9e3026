// diff/: a published fact against an observation, per fact kind (the exact finding, and
// none when they agree); the first run as baseline; a content change paired block by block;
// a published link that redirects or is gone.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/finding.hpp"
#include "core/observation.hpp"
#include "diff/differ.hpp"

namespace fc = freshcheck;
using fc::core::FindingKind;
using fc::core::Severity;

namespace {

const std::optional<fc::core::Observation> k_first_run;

fc::config::Source contactos() {
  fc::config::Source source;
  source.id = "aima-contactos";
  source.url = "https://aima.gov.pt/pt/contactos";
  source.region = "PT";
  return source;
}

fc::config::Fact fact(std::string id, fc::config::FactKind kind, std::string value,
                      std::string hours = "") {
  fc::config::Fact out;
  out.id = std::move(id);
  out.kind = kind;
  out.value = std::move(value);
  out.hours = std::move(hours);
  if (auto schedule = fc::hours::parse_osm(out.hours)) out.schedule = *schedule;  // as loaded
  return out;
}

fc::core::ObservedPhone phone(std::string e164, std::string block, std::string hours = "") {
  fc::core::ObservedPhone out;
  out.e164 = e164;
  out.raw = std::move(e164);
  out.block = std::move(block);
  out.hours = std::move(hours);
  out.type = "fixed_line";
  return out;
}

fc::core::ObservedEmail email(std::string address) {
  fc::core::ObservedEmail out;
  out.address = std::move(address);
  out.block = "E-mail: " + out.address;
  return out;
}

fc::core::Observation page(std::vector<fc::core::ObservedPhone> phones,
                           std::vector<fc::core::ObservedEmail> emails = {},
                           std::vector<std::string> blocks = {}) {
  fc::core::Observation out;
  out.source_id = "aima-contactos";
  out.url = "https://aima.gov.pt/pt/contactos";
  out.fetched_at = "2026-12-01T03:00:00Z";
  out.phones = std::move(phones);
  out.emails = std::move(emails);
  out.blocks = std::move(blocks);
  return out;
}

std::vector<fc::core::Finding> diff(const std::vector<const fc::config::Fact*>& facts,
                                    const std::optional<fc::core::Observation>& previous,
                                    const fc::core::Observation& current,
                                    std::vector<std::string> phrases_found = {}) {
  const auto source = contactos();
  return fc::diff::diff_source({source, facts, previous, current, std::move(phrases_found)})
      .findings;
}

const auto k_centre = fact("aima.contact-centre", fc::config::FactKind::phone, "217 115 000");
const auto k_centre_hours =
    fact("aima.contact-centre", fc::config::FactKind::phone, "217 115 000", "Mo-Fr 08:00-20:00");

}  // namespace

TEST_CASE("diff phones: a published number gone is phone_missing, one shown is nothing") {
  const auto missing = diff({&k_centre}, k_first_run, page({phone("+351217115999", "Geral")}));
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].kind == FindingKind::phone_missing);
  CHECK(missing[0].severity == Severity::critical);
  CHECK(missing[0].source == "aima-contactos");
  CHECK(missing[0].fact == "aima.contact-centre");
  CHECK(missing[0].published == "+351217115000");
  CHECK(missing[0].observed == std::nullopt);
  CHECK(missing[0].message == "aima-contactos no longer shows 217 115 000 (+351217115000)");
  CHECK(missing[0].evidence.url == "https://aima.gov.pt/pt/contactos");
  CHECK(missing[0].evidence.fetched_at == "2026-12-01T03:00:00Z");
  // The id is the fingerprint it always was (alert dedupe and accept rely on it).
  CHECK(missing[0].id == "phone_missing-ac1ec73940db1032");

  CHECK(
      diff({&k_centre}, k_first_run, page({phone("+351217115000", "Geral: 217 115 000")})).empty());
}

TEST_CASE("diff phones: a number in the old one's place is its replacement, not news") {
  const auto before = page({phone("+351217115000", "Centro de Contacto: 217 115 000")});
  const auto now = page({phone("+351217115999", "Centro de Contacto: 217 115 999")});
  const auto findings = diff({&k_centre}, before, now);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::phone_missing);
  CHECK(findings[0].published == "+351217115000");
  CHECK(findings[0].observed == "+351217115999");
  CHECK(findings[0].evidence.snippet == "Centro de Contacto: 217 115 999");
  CHECK(findings[0].evidence.before == "Centro de Contacto: 217 115 000");
  CHECK(findings[0].message.find("it now shows +351217115999 in its place") != std::string::npos);
}

TEST_CASE("diff phones: a number the snapshot did not have is phone_new, once") {
  const auto before = page({phone("+351217115000", "Geral")});
  const auto now = page({phone("+351217115000", "Geral"), phone("+351300003990", "Linha"),
                         phone("+351300003990", "Rodapé")});
  const auto findings = diff({&k_centre}, before, now);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::phone_new);
  CHECK(findings[0].severity == Severity::warning);
  CHECK(findings[0].fact.empty());
  CHECK(findings[0].published == std::nullopt);
  CHECK(findings[0].observed == "+351300003990");
  CHECK(findings[0].evidence.snippet == "Linha");
}

TEST_CASE("diff hours: other hours tied to the number are hours_changed, the same are nothing") {
  const auto changed = diff({&k_centre_hours}, k_first_run,
                            page({phone("+351217115000", "Geral 9h-18h", "Mo-Fr 09:00-18:00")}));
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].kind == FindingKind::hours_changed);
  CHECK(changed[0].severity == Severity::warning);
  CHECK(changed[0].fact == "aima.contact-centre");
  CHECK(changed[0].published == "Mo-Fr 08:00-20:00");
  CHECK(changed[0].observed == "Mo-Fr 09:00-18:00");
  CHECK(changed[0].evidence.snippet == "Geral 9h-18h");
  CHECK(changed[0].message.starts_with("hours of 217 115 000 changed: "));

  // The same schedule written another way, or a place that ties no hours to it: nothing.
  CHECK(diff({&k_centre_hours}, k_first_run,
             page({phone("+351217115000", "Geral", "Mo,Tu,We,Th,Fr 08:00-20:00"),
                   phone("+351217115000", "Rodapé")}))
            .empty());
}

TEST_CASE("diff hours: two places giving the number different hours are one finding") {
  const auto findings = diff({&k_centre_hours}, k_first_run,
                             page({phone("+351217115000", "Geral 9h-18h", "Mo-Fr 09:00-18:00"),
                                   phone("+351217115000", "Lisboa 8h-20h", "Mo-Fr 08:00-20:00")}));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::hours_changed);
  CHECK(findings[0].published == "Mo-Fr 08:00-20:00");
  CHECK(findings[0].observed == "Mo-Fr 09:00-18:00 | Mo-Fr 08:00-20:00");
  CHECK(findings[0].evidence.snippet == "Geral 9h-18h\nLisboa 8h-20h");
}

TEST_CASE("diff hours: a replacement number with other hours carries them to accept") {
  const auto before = page({phone("+351217115000", "Centro de Contacto: 217 115 000")});
  const auto now =
      page({phone("+351217115999", "Centro de Contacto: 217 115 999", "Mo-Fr 09:00-18:00")});
  const auto findings = diff({&k_centre_hours}, before, now);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::phone_missing);
  CHECK(findings[0].observed == "+351217115999");
  CHECK(findings[0].observed_hours == "Mo-Fr 09:00-18:00");
}

TEST_CASE("diff e-mails: a published address gone is email_missing, a new one is email_new") {
  const auto geral = fact("aima.email", fc::config::FactKind::email, "geral@aima.gov.pt");
  const auto missing = diff({&geral}, k_first_run,
                            page({phone("+351217115000", "Geral")}, {email("info@aima.gov.pt")}));
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].kind == FindingKind::email_missing);
  CHECK(missing[0].severity == Severity::critical);
  CHECK(missing[0].fact == "aima.email");
  CHECK(missing[0].published == "geral@aima.gov.pt");
  CHECK(missing[0].observed == std::nullopt);

  // Case does not count; the address the dataset lists is no news either.
  const auto before = page({}, {email("GERAL@aima.gov.pt")});
  const auto now = page({}, {email("Geral@AIMA.gov.pt"), email("vistos@aima.gov.pt")});
  const auto news = diff({&geral}, before, now);
  REQUIRE(news.size() == 1);
  CHECK(news[0].kind == FindingKind::email_new);
  CHECK(news[0].severity == Severity::info);
  CHECK(news[0].published == std::nullopt);
  CHECK(news[0].observed == "vistos@aima.gov.pt");
  CHECK(news[0].evidence.snippet == "E-mail: vistos@aima.gov.pt");
}

TEST_CASE("diff phrases: a published phrase not found is phrase_missing, found is nothing") {
  const auto english = fact("aima.english", fc::config::FactKind::phrase, "atendimento em inglês");
  const auto now = page({phone("+351217115000", "Geral")});
  const auto missing = diff({&english}, k_first_run, now);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].kind == FindingKind::phrase_missing);
  CHECK(missing[0].severity == Severity::warning);
  CHECK(missing[0].fact == "aima.english");
  CHECK(missing[0].published == "atendimento em inglês");
  CHECK(missing[0].observed == std::nullopt);
  CHECK(missing[0].message == "aima-contactos no longer says \"atendimento em inglês\"");
  CHECK(diff({&english}, k_first_run, now, {"aima.english"}).empty());
}

TEST_CASE("diff: findings come in the dataset's order, then what is new since the snapshot") {
  const auto geral = fact("aima.email", fc::config::FactKind::email, "geral@aima.gov.pt");
  const auto english = fact("aima.english", fc::config::FactKind::phrase, "em inglês");
  const auto before = page({phone("+351217115000", "Geral")}, {}, {"Contactos"});
  const auto now = page({phone("+351300003990", "Linha")}, {}, {"Contactos"});
  std::vector<FindingKind> kinds;
  for (const auto& finding : diff({&english, &k_centre, &geral}, before, now))
    kinds.push_back(finding.kind);
  CHECK(kinds == std::vector<FindingKind>{FindingKind::phrase_missing, FindingKind::phone_missing,
                                          FindingKind::email_missing, FindingKind::phone_new});
}

TEST_CASE("diff: the first good fetch is the baseline") {
  const auto now = page({phone("+351217115000", "Geral"), phone("+351300003990", "Linha")},
                        {email("vistos@aima.gov.pt")}, {"Contactos", "Linha 300 003 990"});
  CHECK(diff({&k_centre}, k_first_run, now).empty());
  // The next run with the same page raises nothing either.
  CHECK(diff({&k_centre}, now, now).empty());
}

TEST_CASE("diff: no number or e-mail in scope where there were is extraction_empty alone") {
  const auto source = contactos();
  const auto before = page({phone("+351217115000", "Geral")});
  const auto now = page({}, {}, {"Página em manutenção"});
  const std::optional<fc::core::Observation> previous = before;
  const auto result = fc::diff::diff_source({source, {&k_centre}, previous, now, {}});
  CHECK(result.extraction_empty);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].kind == FindingKind::extraction_empty);
  CHECK(result.findings[0].severity == Severity::critical);
  CHECK(result.findings[0].evidence.snippet == "1 blocks; first: Página em manutenção");
}

TEST_CASE("diff content: changed blocks are paired block by block, reordering is no change") {
  const std::vector<std::string> old_blocks = {
      "Horário de atendimento", "A loja de Lisboa abre às nove horas da manhã",
      "Serviço de vistos encerrado temporariamente", "Atualizado em 2026-01-01"};
  const std::vector<std::string> new_blocks = {
      "Atualizado em 2026-02-03", "A loja de Lisboa abre às dez horas da manhã",
      "Horário de atendimento", "Marcações apenas por telefone"};
  const auto before = page({phone("+351217115000", "Geral")}, {}, old_blocks);
  const auto now = page({phone("+351217115000", "Geral")}, {}, new_blocks);
  const auto findings = diff({}, before, now);
  REQUIRE(findings.size() == 1);
  const auto& change = findings[0];
  CHECK(change.kind == FindingKind::content_changed);
  CHECK(change.severity == Severity::info);
  CHECK(change.fact.empty());
  CHECK(change.published == std::nullopt);
  CHECK(change.observed == std::nullopt);
  CHECK(change.message ==
        "aima-contactos: 3 text blocks changed in scope (1 edited, 1 added, 1 removed)");
  REQUIRE(change.evidence.changes.size() == 3);
  CHECK(change.evidence.changes[0].before == old_blocks[1]);
  CHECK(change.evidence.changes[0].after == new_blocks[1]);
  CHECK(change.evidence.changes[1].before == old_blocks[2]);
  CHECK(change.evidence.changes[1].after.empty());
  CHECK(change.evidence.changes[2].before.empty());
  CHECK(change.evidence.changes[2].after == new_blocks[3]);
  CHECK(change.evidence.detail == "- " + old_blocks[1] + "\n+ " + new_blocks[1] + "\n- " +
                                      old_blocks[2] + "\n+ " + new_blocks[3] + "\n");

  // The same blocks in another order, with other digits: the same page.
  const std::vector<std::string> reordered = {old_blocks[2], old_blocks[0], old_blocks[1],
                                              "Atualizado em 2027-05-05"};
  CHECK(diff({}, before, page({phone("+351217115000", "Geral")}, {}, reordered)).empty());
}

TEST_CASE("check_link: a redirect to another page is link_redirected, with its chain") {
  const auto form =
      fact("aima.contact-form", fc::config::FactKind::link, "https://contactenos.aima.gov.pt/");
  fc::diff::LinkFetch fetched;
  fetched.ok = true;
  fetched.final_url = "https://aima.gov.pt/pt/contactenos";
  fetched.hops = {{"https://contactenos.aima.gov.pt/", 301}};
  fetched.fetched_at = "2026-12-01T03:00:00Z";
  const auto finding = fc::diff::check_link(form, fetched);
  REQUIRE(finding);
  CHECK(finding->kind == FindingKind::link_redirected);
  CHECK(finding->severity == Severity::warning);
  CHECK(finding->source == "dataset");
  CHECK(finding->fact == "aima.contact-form");
  CHECK(finding->published == "https://contactenos.aima.gov.pt/");
  CHECK(finding->observed == "https://aima.gov.pt/pt/contactenos");
  CHECK(finding->evidence.detail ==
        "301 https://contactenos.aima.gov.pt/ -> https://aima.gov.pt/pt/contactenos");
  CHECK(finding->id.starts_with("link_redirected-"));

  // An https upgrade or a trailing slash is the same page.
  fetched.final_url = "https://contactenos.aima.gov.pt";
  CHECK_FALSE(fc::diff::check_link(form, fetched));
}

TEST_CASE("check_link: a 404 is link_broken, a temporary failure says nothing") {
  const auto form =
      fact("aima.contact-form", fc::config::FactKind::link, "https://contactenos.aima.gov.pt/");
  fc::diff::LinkFetch fetched;
  fetched.permanent_failure = true;
  fetched.http_status = 404;
  fetched.message = "HTTP 404 Not Found";
  const auto finding = fc::diff::check_link(form, fetched);
  REQUIRE(finding);
  CHECK(finding->kind == FindingKind::link_broken);
  CHECK(finding->severity == Severity::critical);
  CHECK(finding->published == "https://contactenos.aima.gov.pt/");
  CHECK(finding->observed == "HTTP 404");
  CHECK(finding->message == "https://contactenos.aima.gov.pt/ is broken: HTTP 404 Not Found");
  CHECK(finding->evidence.detail == "HTTP 404 Not Found");

  fetched.permanent_failure = false;
  fetched.http_status = 503;
  CHECK_FALSE(fc::diff::check_link(form, fetched));
}

TEST_CASE("finding kinds and states: one name each, read back to the same value") {
  for (int i = 0; i <= static_cast<int>(FindingKind::issues_waiting); ++i) {
    const auto kind = static_cast<FindingKind>(i);
    CAPTURE(i);
    CHECK_FALSE(fc::core::to_string(kind).empty());
    CHECK(fc::core::finding_kind_from_string(fc::core::to_string(kind)) == kind);
  }
  CHECK(fc::core::to_string(FindingKind::source_unreachable) == "source_unreachable");
  CHECK_FALSE(fc::core::finding_kind_from_string("phone"));
  using fc::core::FindingState;
  for (const auto state : {FindingState::confirmed, FindingState::pending, FindingState::flapping})
    CHECK(fc::core::finding_state_from_string(fc::core::to_string(state)) == state);
  CHECK(fc::core::to_string(FindingState::pending) == "pending");
  CHECK(fc::core::is_fetch_finding_id("source_blocked-0123456789abcdef"));
  CHECK_FALSE(fc::core::is_fetch_finding_id("phone_new-0123456789abcdef"));
}
