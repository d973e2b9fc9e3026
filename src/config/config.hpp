#pragma once
// Rules (the sources to watch) and the dataset (the published facts), loaded from
// `rules/*.json` and `dataset/*.json` and checked against each other. Every problem is
// reported with file:line:col; loading goes on after the first error so that one run of
// `freshcheck validate` lists them all.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/dataset.hpp"
#include "config/ignored.hpp"
#include "config/located_json.hpp"
#include "config/rules.hpp"

namespace freshcheck::config {

struct Config {
  std::vector<Source> sources;
  std::vector<Dataset> datasets;
  std::vector<IgnoredFinding> ignored;  // dataset/ignored.json
  std::vector<Diagnostic> diagnostics;

  bool ok() const { return diagnostics.empty(); }
  const Source* find_source(std::string_view id) const;
};

// Parses one rules file's text (rules.hpp); sources are appended to `config`, problems to its
// diagnostics. Likewise one dataset file's text (dataset.hpp).
void load_rules_text(Config& config, const std::string& file, std::string_view text);
void load_dataset_text(Config& config, const std::string& file, std::string_view text);

// The configured sources whose pages show a fact's value today, for the advice on a fact
// that nothing checks (validate looks in the stored snapshots); nothing when no page is at
// hand to look in.
using SourcesShowing =
    std::function<std::optional<std::vector<std::string>>(const Config&, const Fact&)>;

// Checks what no single file can: every `verify_at` names a defined source, phone values
// parse in the region of the sources that verify them, and every phone, hours, e-mail or
// phrase fact has a source that checks it (an empty verify_at would leave a change of it
// unnoticed). Call after loading all files.
void cross_check(Config& config, const SourcesShowing& showing = {});

// Loads every *.json in the two folders (sorted by name, so messages come in a stable
// order) and cross-checks them. A missing folder is a diagnostic, not an exception.
Config load(const std::filesystem::path& rules_dir, const std::filesystem::path& dataset_dir,
            const SourcesShowing& showing = {});

}  // namespace freshcheck::config
