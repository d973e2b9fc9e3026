#include "cli/app.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "cli/commands.hpp"

namespace freshcheck::cli {

std::optional<config::Config> load_valid_config(const std::string& rules,
                                                const std::string& dataset) {
  config::Config config = config::load(rules, dataset);
  for (const auto& diagnostic : config.diagnostics) std::cerr << diagnostic.to_string() << '\n';
  if (!config.ok()) {
    std::cerr << "freshcheck: the configuration has errors; fix them (`freshcheck validate` lists "
                 "them)\n";
    return std::nullopt;
  }
  return config;
}

int run(int argc, char** argv) {
  CLI::App app{
      "freshcheck: keeps published phone numbers, opening hours, e-mails and links "
      "honest by checking them against the official pages they come from."};
  app.set_version_flag("--version", FRESHCHECK_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log debug detail to stderr");

  Action action;
  add_extract_command(app, action);
  add_validate_command(app, action);
  add_check_command(app, action);
  add_accept_command(app, action);
  add_import_guide_command(app, action);
  add_links_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : core::to_int(core::ExitCode::usage_or_config);
  }

  auto logger = spdlog::stderr_color_st("freshcheck");
  logger->set_pattern("freshcheck: %^%l%$: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(logger);

  try {
    return core::to_int(action());
  } catch (const std::exception& error) {
    spdlog::error("{}", error.what());
    return core::to_int(core::ExitCode::usage_or_config);
  }
}

}  // namespace freshcheck::cli
