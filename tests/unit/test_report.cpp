// Report writers: the contract JSON, JUnit structure, and the HTML page's escaping and marks.
#include "report/report.hpp"
#include "support.hpp"

using namespace freshcheck;

namespace {

report::RunReport sample() {
  report::RunReport run;
  run.started = "2026-11-27T02:00:00Z";
  run.finished = "2026-11-27T02:00:05Z";
  run.sources.push_back({"aima-contactos", "https://aima.gov.pt/pt/contactos",
                         freshcheck::report::Status::changed, 200,
                         "https://aima.gov.pt/pt/contactos", ""});
  core::Finding finding;
  finding.kind = core::FindingKind::phone_missing;
  finding.severity = core::Severity::critical;
  finding.source = "aima-contactos";
  finding.fact = "aima.contact-centre";
  finding.published = "+351217115000";
  finding.observed = "+351217115999";
  finding.message = "aima-contactos no longer shows 217 115 000 <script>";
  finding.evidence = {"https://aima.gov.pt/pt/contactos",
                      "Centro de Contacto | 217 115 999",
                      "Centro de Contacto | 217 115 000",
                      "2026-11-27T02:00:03Z",
                      "",
                      {}};
  finding.id = core::fingerprint(finding);
  run.findings.push_back(finding);
  run.checks = {{"aima-contactos", "aima.contact-centre"}, {"aima-contactos", "aima.email"}};
  return run;
}

}  // namespace

TEST_CASE("report.json follows the contract") {
  const auto json = report::to_json(sample());
  CHECK(json.at("run").at("tool_version") == FRESHCHECK_VERSION);
  CHECK(json.at("sources")[0].at("error").is_null());
  const auto& finding = json.at("findings")[0];
  for (const char* key :
       {"id", "kind", "severity", "source", "fact", "published", "observed", "evidence"})
    CHECK_MESSAGE(finding.contains(key), key);
  CHECK(finding.at("severity") == "critical");
  CHECK(finding.at("evidence").at("url") == "https://aima.gov.pt/pt/contactos");
}

TEST_CASE("fingerprints are stable and depend on the values") {
  auto run = sample();
  core::Finding copy = run.findings[0];
  CHECK(core::fingerprint(copy) == run.findings[0].id);
  CHECK(run.findings[0].id == "phone_missing-" + run.findings[0].id.substr(14));
  copy.observed = "+351217115998";
  CHECK(core::fingerprint(copy) != run.findings[0].id);
}

TEST_CASE("junit: one case per fact per source, plus the fetch — findings fail their case") {
  const std::string xml = report::to_junit(sample());
  CHECK(xml.find("<testsuites name=\"freshcheck\" tests=\"3\" failures=\"1\">") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"aima-contactos\" name=\"fetch\"/>") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"aima-contactos\" name=\"aima.email\"/>") !=
        std::string::npos);
  CHECK(xml.find(
            "<testcase classname=\"aima-contactos\" name=\"aima.contact-centre\">\n      <failure "
            "type=\"phone_missing\" message=\"aima-contactos no longer shows 217 115 000 "
            "&lt;script&gt;\">") != std::string::npos);
}

TEST_CASE("html is self-contained, escaped, and marks the changed words") {
  const std::string html = report::to_html(sample());
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("no longer shows 217 115 000 &lt;script&gt;") != std::string::npos);
  CHECK(html.find("<h3>before</h3>Centro de Contacto | 217 115 <mark>000</mark>") !=
        std::string::npos);
  CHECK(html.find("<h3>now</h3>Centro de Contacto | 217 115 <mark>999</mark>") !=
        std::string::npos);
  CHECK(html.find("data-severity=\"critical\"") != std::string::npos);
}
