// A page cut before its end (1,000 elements deep) cannot hide a change: a published number
// after the cut is "could not verify", the cut is in the source's warnings and in the log.
#include <string>

#include "check_workspace.hpp"
#include "diff/cut_page.hpp"
#include "support.hpp"

namespace {

using freshcheck::testing::Workspace;

// An AIMA-like contacts page whose table with the contact centre sits behind a wrapper
// nested 1,001 deep (a broken CMS template) when `cut`: the parser stops there, so the
// number is never read, while the e-mail and the other line before it are.
std::string contacts(bool cut) {
  std::string nest;
  for (int i = 0; cut && i < 1001; ++i) nest += "<div>";
  return R"(<!doctype html><html lang="pt"><head><meta charset="utf-8"><title>Contactos</title></head>
<body><main id="conteudo"><h1>Contactos</h1><p>Escreva para geral@aima.gov.pt</p>
<p>Linha alternativa: +351 965 903 700</p>)" +
         nest +
         R"(<table><tr><td>Centro de Contacto</td><td>217 115 000</td></tr></table></main></body></html>)";
}

}  // namespace

TEST_CASE("cut page: a published number after the cut is fact_unverified, not silence") {
  Workspace workspace;
  workspace.set_page(contacts(false));
  const auto first = workspace.check();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);

  workspace.set_page(contacts(true));
  const auto second = workspace.check();
  INFO(second.err);
  const auto kinds = workspace.kinds(second);
  CHECK(std::count(kinds.begin(), kinds.end(), "fact_unverified") >= 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "phone_missing") == 0);
  CHECK(second.exit_code == 1);  // a warning: the run says so
  const auto& source = second.report.at("sources").at(0);
  bool cut_warned = false;
  for (const auto& warning : source.at("warnings"))
    if (warning.get<std::string>().starts_with("page cut")) cut_warned = true;
  CHECK(cut_warned);
  CHECK(second.err.find("contactos: page cut") != std::string::npos);
  for (const auto& finding : second.report.at("findings"))
    if (finding.at("kind") == "fact_unverified")
      CHECK(finding.at("message").get<std::string>().find("could not verify aima.contact-centre") !=
            std::string::npos);
}

TEST_CASE("cut page: only missing facts change kind") {
  freshcheck::core::Finding missing;
  missing.kind = freshcheck::core::FindingKind::phone_missing;
  missing.severity = freshcheck::core::Severity::critical;
  missing.source = "loja-cidadao";
  missing.fact = "lc.linha";
  missing.published = "+351210031700";
  missing.id = freshcheck::core::fingerprint(missing);
  freshcheck::core::Finding added = missing;
  added.kind = freshcheck::core::FindingKind::phone_new;
  const auto out = freshcheck::diff::unverified_on_cut_page({missing, added}, "page cut at byte 9");
  REQUIRE(out.size() == 2);
  CHECK(out[0].kind == freshcheck::core::FindingKind::fact_unverified);
  CHECK(out[0].severity == freshcheck::core::Severity::warning);
  CHECK(out[0].id != missing.id);
  CHECK(out[0].evidence.detail == "page cut at byte 9");
  CHECK(out[1].kind == freshcheck::core::FindingKind::phone_new);
}
