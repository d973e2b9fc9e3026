#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "guide/guide.hpp"
#include "pipeline/input.hpp"
#include "pipeline/sources.hpp"
#include "url/url.hpp"
#include "util/file.hpp"

namespace freshcheck::cli {

namespace {

struct ImportOptions {
  std::string input;
  std::string id;
  std::string region = config::k_default_region;
  std::string rules;  // a rules folder: tie each fact to the sources that show it
  bool allow_private = false;
};

// Reads the rules files of `folder` (no dataset needed), or prints their errors.
std::optional<config::Config> load_rules(const std::string& folder) {
  config::Config config;
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (error || files.empty())
    config.diagnostics.push_back({folder, {0, 0}, "no rules files (*.json) in this folder"});
  for (const auto& file : files)
    if (auto text = util::read_file(file)) config::load_rules_text(config, file.string(), *text);
  for (const auto& diagnostic : config.diagnostics) std::cerr << diagnostic.to_string() << '\n';
  if (!config.ok()) return std::nullopt;
  return config;
}

// Fills verify_at with the sources whose pages show each value today.
core::ExitCode tie_facts(nlohmann::json& draft, const ImportOptions& options) {
  const auto config = load_rules(options.rules);
  if (!config) return core::ExitCode::usage_or_config;
  std::vector<std::string> warnings;
  const auto pages = pipeline::read_sources(*config, options.allow_private, warnings);
  for (const auto& warning : warnings)
    std::cerr << fmt::format("freshcheck: cannot read source {}\n", warning);
  std::vector<std::pair<const config::Source*, const core::Observation*>> observed;
  for (const auto& page : pages) observed.emplace_back(page.source, &page.observation);
  const std::size_t tied = guide::tie_to_sources(draft, observed);
  std::cerr << fmt::format(
      "freshcheck: {} of {} facts are shown by the pages of {} source{}; tie the rest by hand\n",
      tied, draft["facts"].size(), pages.size(), pages.size() == 1 ? "" : "s");
  return warnings.empty() ? core::ExitCode::ok : core::ExitCode::sources_unchecked;
}

core::ExitCode run_import(const ImportOptions& options) {
  FetchProgress progress;
  pipeline::InputOptions input_options;
  input_options.allow_private = options.allow_private;
  input_options.fetch.on_result = progress.callback();
  const auto input = pipeline::load_input(options.input, input_options);
  if (!input) {
    std::cerr << "freshcheck: " << input.error().message << '\n';
    return input.error().kind == pipeline::InputFailure::Kind::file
               ? core::ExitCode::usage_or_config
               : core::ExitCode::sources_unchecked;
  }
  const std::string& bytes = input->bytes;
  const std::string id =
      options.id.empty() ? std::filesystem::path(options.input).stem().string() : options.id;
  const guide::Guide read = guide::read_guide(bytes, options.input, options.region);
  nlohmann::json draft = guide::draft_dataset(read, id);
  draft["guide"][url::is_http_url(options.input) ? "url" : "file"] = options.input;
  const core::ExitCode tied =
      options.rules.empty() ? core::ExitCode::ok : tie_facts(draft, options);
  if (tied == core::ExitCode::usage_or_config) return tied;
  std::cout << draft.dump(2) << '\n';
  std::cerr << fmt::format(
      "freshcheck: drafted {} facts; tie each to the sources that must confirm it (verify_at), "
      "save as dataset/{}.json, and run `freshcheck validate`\n",
      draft["facts"].size(), id);
  return tied;
}

}  // namespace

void add_import_guide_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* command = app.add_subcommand(
      "import-guide",
      "Draft dataset JSON from a published guide (HTML, Markdown or text, file or URL)");
  command->add_option("FILE_OR_URL", options->input, "The guide")->required();
  command->add_option("--id", options->id, "Guide id (default: the file name)");
  command->add_option("--region", options->region, "Region for numbers written without +CC")
      ->capture_default_str();
  command->add_option("--rules", options->rules,
                      "Rules folder: fill verify_at with the sources whose pages show each value");
  command->add_flag("--allow-private", options->allow_private,
                    "Allow loopback and private addresses");
  command->callback([&action, options] { action = [options] { return run_import(*options); }; });
}

}  // namespace freshcheck::cli
