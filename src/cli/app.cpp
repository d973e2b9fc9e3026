#include "cli/app.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "util/text.hpp"

namespace freshcheck::cli {
namespace {

// A log line's message with its control characters made visible (util::printable): page
// text, headers and server messages reach the log, and must neither drive the terminal
// (ESC[2J, a window title) nor forge a line of their own (LF, CR).
class PrintableMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& out) override {
    const std::string text =
        util::printable(std::string_view(message.payload.data(), message.payload.size()), false);
    out.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PrintableMessage>();
  }
};

}  // namespace

void add_config_options(CLI::App& command, std::string& rules, std::string& dataset) {
  command.add_option("--rules", rules, "Folder of rules files")->capture_default_str();
  command.add_option("--dataset", dataset, "Folder of dataset files")->capture_default_str();
}

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
  add_ignore_command(app, action);
  add_merge_reports_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : core::to_int(core::ExitCode::usage_or_config);
  }

  auto logger = spdlog::stderr_color_st("freshcheck");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<PrintableMessage>('*').set_pattern("freshcheck: %^%l%$: %*");
  logger->set_formatter(std::move(formatter));
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
