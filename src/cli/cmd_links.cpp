#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "links/cache.hpp"
#include "links/checker.hpp"
#include "links/output.hpp"
#include "util/file.hpp"

namespace freshcheck::cli {

namespace {

struct LinksOptions {
  std::vector<std::string> inputs;
  std::string base;
  std::string format = "text";
  bool github_annotations = false;
  std::vector<std::string> exclude;
  bool allow_private = false;
  bool no_robots = false;
  bool fragments = false;
  int concurrency = 64;
  int max_per_host = 16;
  double timeout_seconds = 20;
  int retries = 2;
  std::string user_agent;
  std::string cache;
  std::string max_cache_age = "1d";
  std::string region = "PT";
};

constexpr const char* k_ignore_file = ".freshcheckignore";

core::ExitCode usage(const std::string& message) {
  std::cerr << "freshcheck: " << message << '\n';
  return core::ExitCode::usage_or_config;
}

// A self-updating line on a terminal, nothing elsewhere (CI logs stay clean).
std::function<void(std::size_t, std::size_t)> progress_line() {
  if (::isatty(STDERR_FILENO) != 1) return {};
  return [](std::size_t done, std::size_t total) {
    if (done % 16 != 0 && done != total) return;
    std::fputs(fmt::format("\r\x1b[Kchecked {}/{}", done, total).c_str(), stderr);
    if (done == total) std::fputs("\r\x1b[K", stderr);
  };
}

core::ExitCode exit_code_of(const links::Summary& summary) {
  if (summary.broken > 0) return core::ExitCode::findings;
  if (summary.network_problems > 0) return core::ExitCode::sources_unchecked;
  return core::ExitCode::ok;
}

core::ExitCode report(const LinksOptions& options, links::Format format,
                      const std::vector<links::LinkResult>& results) {
  links::write(format, std::cout, results);
  if (options.github_annotations) {
    // Machine-readable standard output stays parseable: annotations go to stderr there
    // (the Actions runner reads workflow commands from both).
    const bool machine = format == links::Format::json || format == links::Format::junit;
    links::write_github_annotations(machine ? std::cerr : std::cout, results);
  }
  return exit_code_of(links::summarise(results));
}

core::ExitCode run_links(const LinksOptions& options) {
  const auto format = links::parse_format(options.format);
  if (!format) return usage("--format must be text, json, markdown or junit");
  std::vector<std::string> patterns = options.exclude;
  if (auto ignore = util::read_file(k_ignore_file)) {
    const auto more = links::parse_ignore_file(*ignore);
    patterns.insert(patterns.end(), more.begin(), more.end());
  }
  auto exclusions = links::Exclusions::compile(patterns);
  if (!exclusions) return usage(exclusions.error().message);
  const auto max_age = links::parse_age(options.max_cache_age);
  if (!max_age) return usage("--max-cache-age takes 1d, 12h, 30m, 90s or seconds");

  const auto timeout =
      std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
  links::InputOptions input_options{options.base, options.allow_private, timeout,
                                    options.user_agent};
  auto found = links::collect_inputs(options.inputs, input_options, std::cin);
  if (!found) {
    std::cerr << "freshcheck: " << found.error().message << '\n';
    return found.error().network ? core::ExitCode::sources_unchecked
                                 : core::ExitCode::usage_or_config;
  }

  std::optional<links::LinkCache> cache;
  if (!options.cache.empty())
    cache = links::LinkCache::load(options.cache, *max_age, links::LinkCache::Clock::now());
  links::CheckOptions check;
  check.concurrency = options.concurrency;
  check.max_per_host = options.max_per_host;
  check.timeout = timeout;
  check.retries = options.retries;
  check.user_agent = options.user_agent;
  check.allow_private = options.allow_private;
  check.respect_robots = !options.no_robots;
  check.fragments = options.fragments;
  check.region = options.region;
  check.exclusions = std::move(exclusions).value();
  check.cache = cache ? &*cache : nullptr;
  check.on_progress = progress_line();
  const auto results = links::check_links(std::move(found).value(), check);
  if (cache) {
    if (auto saved = cache->save(options.cache); !saved)
      spdlog::warn("the link cache was not saved: {}", saved.error().message);
  }
  return report(options, *format, results);
}

}  // namespace

void add_links_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<LinksOptions>();
  CLI::App* command = app.add_subcommand(
      "links", "Check every link of guides: Markdown, HTML or text files, web pages, or - (stdin)");
  command->add_option("FILE_OR_URL", options->inputs, "Inputs; - reads standard input")->required();
  command->add_option("--base", options->base, "Base URL for the relative links of files");
  command->add_option("--format", options->format, "text, json, markdown or junit")
      ->capture_default_str();
  command->add_flag("--github-annotations", options->github_annotations,
                    "Also print ::error file=F,line=N:: lines for a GitHub workflow");
  command->add_option("--exclude", options->exclude,
                      "RE2 pattern of URLs not to check (repeatable; also .freshcheckignore)");
  command->add_flag("--allow-private", options->allow_private,
                    "Allow loopback and private addresses");
  command->add_flag("--no-robots", options->no_robots, "Do not read robots.txt");
  command->add_flag("--fragments", options->fragments,
                    "Check #fragment links against the page's ids and names");
  command->add_option("--concurrency", options->concurrency, "Requests at once, in total")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--max-per-host", options->max_per_host, "Requests at once to one host")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command->add_option("--timeout", options->timeout_seconds, "Seconds per request")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  command->add_option("--retries", options->retries, "Retries of 5xx, 429 and broken connections")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  command->add_option("--user-agent", options->user_agent, "User-Agent header");
  command->add_option("--cache", options->cache, "Keep verdicts between runs in this file");
  command
      ->add_option("--max-cache-age", options->max_cache_age,
                   "Re-check cached links older than this (1d, 12h, 30m, 90s)")
      ->capture_default_str();
  command->add_option("--region", options->region, "Region for tel: numbers without +CC")
      ->capture_default_str();
  command->callback([&action, options] { action = [options] { return run_links(*options); }; });
}

}  // namespace freshcheck::cli
