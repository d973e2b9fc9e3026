#include "pipeline/accept.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "config/dataset_editor.hpp"
#include "core/finding.hpp"
#include "hours/schedule.hpp"
#include "store/snapshot_store.hpp"

namespace freshcheck::pipeline {

using json = nlohmann::json;

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
std::vector<config::FieldEdit> dataset_edits(const config::Fact& fact, const json& finding) {
  const auto kind = core::finding_kind_from_string(finding.at("kind").get<std::string>());
  if (!finding.at("observed").is_string()) return {};
  const std::string observed = finding.at("observed");
  if (kind == core::FindingKind::phone_missing) {
    const std::string published =
        finding.at("published").is_string() ? finding.at("published").get<std::string>() : "";
    std::vector<config::FieldEdit> edits = {
        {"value", fact.value, config::format_like(fact.value, published, observed)}};
    const json hours = finding.value("observed_hours", json());
    if (hours.is_string() && !fact.hours.empty() && hours::parse_osm(hours.get<std::string>()))
      edits.push_back({"hours", fact.hours, hours.get<std::string>()});
    return edits;
  }
  if (kind == core::FindingKind::hours_changed)
    return hours::parse_osm(observed)
               ? std::vector<config::FieldEdit>{{"hours", fact.hours, observed}}
               : std::vector<config::FieldEdit>{};
  if (kind == core::FindingKind::link_redirected) return {{"value", fact.value, observed}};
  return {};
}

}  // namespace

core::Result<AcceptOutcome> run_accept(const config::Config& config, const AcceptOptions& options) {
  const auto report_path = options.report / "report.json";
  std::ifstream in(report_path);
  if (!in)
    return core::fail(
        fmt::format("no report at {}; run `freshcheck check` first", report_path.string()));
  json report;
  try {
    report = json::parse(in);
  } catch (const json::exception& error) {
    return core::fail(fmt::format("{} is not a report: {}", report_path.string(), error.what()));
  }

  std::vector<json> selected;
  for (const auto& finding : report.at("findings"))
    if (options.all || std::find(options.finding_ids.begin(), options.finding_ids.end(),
                                 finding.at("id").get<std::string>()) != options.finding_ids.end())
      selected.push_back(finding);
  for (const auto& id : options.finding_ids)
    if (std::none_of(selected.begin(), selected.end(),
                     [&](const json& f) { return f.at("id") == id; }))
      return core::fail(fmt::format("finding {} is not in {}; ids are listed in report.md", id,
                                    report_path.string()));

  AcceptOutcome outcome;
  const store::SnapshotStore store(options.snapshots);
  std::set<std::string> sources;
  for (const auto& finding : selected) sources.insert(finding.at("source").get<std::string>());
  for (const auto& source : sources) {
    auto loaded = store.load(source);
    if (!loaded.snapshot.pending) continue;  // unreachable sources and links have nothing to take
    loaded.snapshot.observation = std::move(loaded.snapshot.pending);
    loaded.snapshot.pending.reset();
    for (const auto& finding : selected)
      if (finding.at("source") == source)
        loaded.snapshot.state.first_seen.erase(finding.at("id").get<std::string>());
    FC_TRY(store.save(source, loaded.snapshot));
    outcome.sources.push_back(source);
  }

  if (!options.update_dataset) return outcome;
  for (const auto& finding : selected) {
    const std::string kind = finding.at("kind");
    const std::string fact_id =
        finding.value("fact", json()).is_string() ? finding.at("fact").get<std::string>() : "";
    const config::Fact* fact = fact_id.empty() ? nullptr : find_fact(config, fact_id);
    const auto edits = fact ? dataset_edits(*fact, finding) : std::vector<config::FieldEdit>{};
    if (edits.empty()) {
      if (fact)
        outcome.left_to_people.push_back(fmt::format("{} ({}): {}",
                                                     finding.at("id").get<std::string>(), kind,
                                                     finding.at("message").get<std::string>()));
      continue;
    }
    FC_TRY(config::replace_fact_fields(fact->file, fact->id, edits));
    for (const auto& edit : edits)
      outcome.dataset_edits.push_back(fmt::format("{}: {} {} \"{}\" -> \"{}\"", fact->file,
                                                  fact->id, edit.field, edit.old_value,
                                                  edit.new_value));
  }
  return outcome;
}

}  // namespace freshcheck::pipeline
