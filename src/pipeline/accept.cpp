#include "pipeline/accept.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "config/dataset_editor.hpp"
#include "core/finding.hpp"
#include "hours/schedule.hpp"
#include "report/report_reader.hpp"
#include "store/snapshot_store.hpp"

namespace freshcheck::pipeline {

namespace {

const config::Fact* find_fact(const config::Config& config, const std::string& id) {
  for (const auto& dataset : config.datasets)
    for (const auto& fact : dataset.facts)
      if (fact.id == id) return &fact;
  return nullptr;
}

// What a reviewed finding writes into its fact: a replaced number (in the style the dataset
// wrote the old one) with its new hours when they changed too, new hours, or a moved link.
// Nothing when no single value can be taken (hours the page gives two ways, say).
std::vector<config::FieldEdit> dataset_edits(const config::Fact& fact,
                                             const core::Finding& finding) {
  if (!finding.observed) return {};
  const std::string& observed = *finding.observed;
  if (finding.kind == core::FindingKind::phone_missing) {
    std::vector<config::FieldEdit> edits = {
        {"value", fact.value,
         config::format_like(fact.value, finding.published.value_or(""), observed)}};
    const auto& hours = finding.observed_hours;
    if (hours && !fact.hours.empty() && hours::parse_osm(*hours))
      edits.push_back({"hours", fact.hours, *hours});
    return edits;
  }
  if (finding.kind == core::FindingKind::hours_changed)
    return hours::parse_osm(observed)
               ? std::vector<config::FieldEdit>{{"hours", fact.hours, observed}}
               : std::vector<config::FieldEdit>{};
  if (finding.kind == core::FindingKind::link_redirected) return {{"value", fact.value, observed}};
  return {};
}

// The findings of the report that `options` names: all, or each id given (an id the report
// does not hold is an error).
core::Result<std::vector<core::Finding>> select_findings(const report::RunReport& report,
                                                         const AcceptOptions& options,
                                                         const std::filesystem::path& file) {
  std::vector<core::Finding> selected;
  for (const auto& finding : report.findings)
    if (options.all || std::find(options.finding_ids.begin(), options.finding_ids.end(),
                                 finding.id) != options.finding_ids.end())
      selected.push_back(finding);
  for (const auto& id : options.finding_ids)
    if (std::none_of(selected.begin(), selected.end(),
                     [&](const core::Finding& f) { return f.id == id; }))
      return core::fail(
          fmt::format("finding {} is not in {}; ids are listed in report.md", id, file.string()));
  return selected;
}

// Each source with a selected finding takes its pending observation as its baseline.
core::Result<std::vector<std::string>> accept_pages(const std::vector<core::Finding>& selected,
                                                    const std::filesystem::path& snapshots) {
  const store::SnapshotStore store(snapshots);
  std::set<std::string> sources;
  for (const auto& finding : selected) sources.insert(finding.source);
  std::vector<std::string> accepted;
  for (const auto& source : sources) {
    auto loaded = store.load(source);
    if (!loaded.snapshot.pending) continue;  // unreachable sources and links have nothing to take
    loaded.snapshot.observation = std::move(loaded.snapshot.pending);
    loaded.snapshot.pending.reset();
    for (const auto& finding : selected)
      if (finding.source == source) loaded.snapshot.state.first_seen.erase(finding.id);
    FC_TRY(store.save(source, loaded.snapshot));
    accepted.push_back(source);
  }
  return accepted;
}

AcceptFailure failure(core::ExitCode exit_code, const core::Error& error) {
  return AcceptFailure{.exit_code = exit_code, .message = error.message};
}

}  // namespace

core::Result<AcceptOutcome, AcceptFailure> run_accept(const config::Config& config,
                                                      const AcceptOptions& options) {
  constexpr auto k_usage = core::ExitCode::usage_or_config;
  const auto report_path = options.report / "report.json";
  const auto report = report::read_report(report_path);
  if (!report) return core::fail(failure(k_usage, report.error()));
  const auto selected = select_findings(*report, options, report_path);
  if (!selected) return core::fail(failure(k_usage, selected.error()));
  auto accepted = accept_pages(*selected, options.snapshots);
  if (!accepted) return core::fail(failure(core::ExitCode::write_failed, accepted.error()));
  AcceptOutcome outcome;
  outcome.sources = std::move(accepted).value();

  if (!options.update_dataset) return outcome;
  for (const auto& finding : *selected) {
    const config::Fact* fact = finding.fact.empty() ? nullptr : find_fact(config, finding.fact);
    const auto edits = fact ? dataset_edits(*fact, finding) : std::vector<config::FieldEdit>{};
    if (edits.empty()) {
      if (fact)
        outcome.left_to_people.push_back(
            fmt::format("{} ({}): {}", finding.id, core::to_string(finding.kind), finding.message));
      continue;
    }
    if (auto edited = config::replace_fact_fields(fact->file, fact->id, edits); !edited)
      return core::fail(failure(k_usage, edited.error()));
    for (const auto& edit : edits)
      outcome.dataset_edits.push_back(fmt::format("{}: {} {} \"{}\" -> \"{}\"", fact->file,
                                                  fact->id, edit.field, edit.old_value,
                                                  edit.new_value));
  }
  return outcome;
}

}  // namespace freshcheck::pipeline
