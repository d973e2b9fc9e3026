#pragma once
// Findings and reports for alert tests, and delivery options that record the waits the
// client asks for instead of sleeping through minutes of back-off.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "alert/api_client.hpp"
#include "core/finding.hpp"
#include "report/report.hpp"

namespace freshcheck::testing {

// `kind` by its name ("phone_missing"), as report.json writes it.
inline core::Finding make_finding(std::string_view kind, const std::string& source,
                                  const std::string& fact, const std::string& published,
                                  const std::string& observed,
                                  core::Severity severity = core::Severity::warning) {
  core::Finding finding;
  finding.kind = core::finding_kind_from_string(kind).value();
  finding.severity = severity;
  finding.source = source;
  finding.fact = fact;
  finding.published = published;
  finding.observed = observed;
  finding.message = source + " no longer shows " + published + " (now " + observed + ")";
  finding.evidence.url = "https://aima.gov.pt/pt/contactos";
  finding.evidence.snippet = "Centro de Contacto: " + observed;
  finding.evidence.before = "Centro de Contacto: " + published;
  finding.evidence.fetched_at = "2026-12-01T03:00:00Z";
  finding.id = core::fingerprint(finding);
  return finding;
}

// A run that read `source` and checked `facts` there.
inline report::RunReport run_report(std::vector<core::Finding> findings,
                                    const std::string& source = "contactos",
                                    std::vector<std::string> facts = {"aima.contact-centre"},
                                    report::Status status = report::Status::changed) {
  report::RunReport report;
  report.started = "2026-12-01T03:00:00Z";
  report.finished = "2026-12-01T03:00:09Z";
  report::SourceStatus line;
  line.id = source;
  line.url = "https://aima.gov.pt/pt/contactos";
  line.status = status;
  line.http_status = report::was_read(status) ? 200 : 0;
  report.sources.push_back(line);
  if (report::was_read(status))
    for (const auto& fact : facts) report.checks.push_back({source, fact});
  report.findings = std::move(findings);
  return report;
}

struct RecordedWaits {
  std::vector<std::chrono::milliseconds> waits;
};

// Fast, recorded, with a fixed clock: waits are noted, not slept.
inline alert::DeliveryOptions recording_options(const std::shared_ptr<RecordedWaits>& record,
                                                std::chrono::system_clock::time_point now) {
  alert::DeliveryOptions options;
  options.write_interval = std::chrono::milliseconds(0);
  options.limits.total_timeout = std::chrono::milliseconds(5000);
  options.sleep = [record](std::chrono::milliseconds wait) { record->waits.push_back(wait); };
  options.now = [now] { return now; };
  return options;
}

}  // namespace freshcheck::testing
