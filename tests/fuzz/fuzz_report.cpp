// Report writers fed hostile findings: page text, header values and URLs with backticks,
// HTML, control characters and invalid bytes. Every writer must finish, and report.json
// must serialise.
#include "fuzz_input.hpp"
#include "report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace freshcheck;
  const auto f = fuzz::split_input(data, size, 8);
  const auto text = [&](std::size_t i) { return std::string(f[i]); };
  report::RunReport run;
  run.started = "2026-12-02T04:17:00Z";
  run.finished = "2026-12-02T04:18:00Z";
  report::SourceStatus source;
  source.id = "aima-contactos";
  source.url = text(0);
  source.status = report::Status::changed;
  source.http_status = 200;
  source.final_url = text(1);
  source.error = text(2);
  source.warnings = {text(6)};
  run.sources.push_back(source);
  core::Finding finding;
  finding.id = "fuzz";
  finding.kind = core::FindingKind::content_changed;
  finding.source = "aima-contactos";
  finding.fact = text(3);
  finding.published = text(4);
  finding.observed = text(5);
  finding.message = text(6);
  finding.evidence.url = text(0);
  finding.evidence.snippet = text(7);
  finding.evidence.before = text(6);
  finding.evidence.fetched_at = run.started;
  finding.evidence.detail = text(2);
  finding.evidence.changes = {{text(6), text(7)}};
  run.findings.push_back(finding);
  run.checks.push_back({"aima-contactos", text(3)});
  (void)report::to_markdown(run);
  (void)report::to_html(run);
  (void)report::to_junit(run);
  try {
    (void)report::to_json(run).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error&) {
    // Invalid UTF-8 straight into the writer: the pipeline makes strings valid before
    // they reach a report (a separate test holds that); here only crashes count.
  }
  return 0;
}
