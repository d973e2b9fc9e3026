#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "fetch/fetcher.hpp"
#include "guide/guide.hpp"
#include "url/url.hpp"
#include "util/file.hpp"

namespace freshcheck::cli {

namespace {

struct ImportOptions {
  std::string input;
  std::string id;
  std::string region = config::k_default_region;
  bool allow_private = false;
};

core::ExitCode run_import(const ImportOptions& options) {
  std::string bytes;
  if (url::is_http_url(options.input)) {
    fetch::FetchRequest request;
    request.id = options.input;
    request.url = options.input;
    request.allow_private = options.allow_private;
    FetchProgress progress;
    fetch::FetchOptions fetch_options;
    fetch_options.on_result = progress.callback();
    auto results = fetch::fetch_all({request}, fetch_options);
    if (results[0].outcome != fetch::Outcome::ok) {
      std::cerr << "freshcheck: " << results[0].message << '\n';
      return core::ExitCode::sources_unchecked;
    }
    bytes = std::move(results[0].body);
  } else {
    auto text = util::read_file(options.input);
    if (!text) {
      std::cerr << fmt::format("freshcheck: cannot read {}: no such file or no permission\n",
                               options.input);
      return core::ExitCode::usage_or_config;
    }
    bytes = std::move(*text);
  }
  const std::string id =
      options.id.empty() ? std::filesystem::path(options.input).stem().string() : options.id;
  const guide::Guide read = guide::read_guide(bytes, options.input, options.region);
  nlohmann::json draft = guide::draft_dataset(read, id);
  draft["guide"][url::is_http_url(options.input) ? "url" : "file"] = options.input;
  std::cout << draft.dump(2) << '\n';
  std::cerr << fmt::format(
      "freshcheck: drafted {} facts; tie each to the sources that must confirm it (verify_at), "
      "save as dataset/{}.json, and run `freshcheck validate`\n",
      draft["facts"].size(), id);
  return core::ExitCode::ok;
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
  command->add_flag("--allow-private", options->allow_private,
                    "Allow loopback and private addresses");
  command->callback([&action, options] { action = [options] { return run_import(*options); }; });
}

}  // namespace freshcheck::cli
