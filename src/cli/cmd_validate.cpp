#include <fmt/format.h>

#include <iostream>

#include "cli/commands.hpp"
#include "config/config.hpp"

namespace freshcheck::cli {

void add_validate_command(CLI::App& app, Action& action) {
  struct Options {
    std::string rules = "rules";
    std::string dataset = "dataset";
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "validate", "Check rules/*.json and dataset/*.json; list every error with file:line:col");
  command->add_option("--rules", options->rules, "Folder of rules files")->capture_default_str();
  command->add_option("--dataset", options->dataset, "Folder of dataset files")
      ->capture_default_str();
  command->callback([&action, options] {
    action = [options] {
      const config::Config config = config::load(options->rules, options->dataset);
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
