#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "diff/differ.hpp"
#include "store/snapshot_store.hpp"
#include "util/file.hpp"

namespace freshcheck::cli {

namespace {

// The sources whose stored page (the snapshot's latest observation) shows a fact's value,
// for the advice on a fact nothing checks. validate stays offline and read-only: it reads
// the snapshot files and never moves a corrupt one aside. Nothing when no snapshot is there.
config::SourcesShowing sources_in_snapshots(const std::string& folder) {
  auto pages = std::make_shared<std::optional<std::map<std::string, core::Observation>>>();
  return [folder, pages](const config::Config& config, const config::Fact& fact) {
    if (!*pages) {
      pages->emplace();
      const store::SnapshotStore store(folder);
      for (const auto& source : config.sources) {
        const auto text = util::read_file(store.path_of(source.id));
        if (!text) continue;
        const auto json = nlohmann::json::parse(*text, nullptr, false);
        if (json.is_discarded()) continue;
        const auto snapshot = store::snapshot_from_json(json);
        if (!snapshot) continue;
        const auto& latest = snapshot->pending ? snapshot->pending : snapshot->observation;
        if (latest) (**pages)[source.id] = *latest;
      }
    }
    if ((*pages)->empty()) return std::optional<std::vector<std::string>>();
    std::vector<std::string> showing;
    for (const auto& source : config.sources)
      if (const auto page = (*pages)->find(source.id);
          page != (*pages)->end() && diff::observation_shows(fact, page->second, source.region))
        showing.push_back(source.id);
    return std::optional(showing);
  };
}

}  // namespace

void add_validate_command(CLI::App& app, Action& action) {
  struct Options {
    std::string rules = "rules";
    std::string dataset = "dataset";
    std::string snapshots = "snapshots";
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check rules/*.json and dataset/*.json; list every error with file:line:col");
  add_config_options(*command, options->rules, options->dataset);
  command
      ->add_option("--snapshots", options->snapshots,
                   "Folder of snapshots, read to name the sources that show an unchecked fact")
      ->capture_default_str();
  command->callback([&action, options] {
    action = [options] {
      const config::Config config =
          config::load(options->rules, options->dataset, sources_in_snapshots(options->snapshots));
      for (const config::Diagnostic& diagnostic : config.diagnostics)
        std::cerr << diagnostic.to_string() << '\n';
      if (!config.ok()) {
        std::cerr << fmt::format(
            "{} error{} in the configuration; fix them and run validate again\n",
            config.diagnostics.size(), config.diagnostics.size() == 1 ? "" : "s");
        return core::ExitCode::usage_or_config;
      }
      std::size_t facts = 0;
      for (const auto& dataset : config.datasets) facts += dataset.facts.size();
      std::cout << fmt::format("ok: {} sources, {} facts in {} datasets\n", config.sources.size(),
                               facts, config.datasets.size());
      return core::ExitCode::ok;
    };
  });
}

}  // namespace freshcheck::cli
