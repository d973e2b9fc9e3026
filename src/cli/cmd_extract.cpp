#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "config/config.hpp"
#include "extract/extraction.hpp"
#include "html/charset.hpp"
#include "html/document.hpp"
#include "phone/phone_number.hpp"
#include "pipeline/input.hpp"
#include "reader/reader.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::cli {

namespace {

struct ExtractCommandOptions {
  std::vector<std::string> inputs;  // as given; several print one JSON line each
  std::string source_id;
  std::string rules = "rules";
  std::string dataset = "dataset";
  bool allow_private = false;
  bool no_robots = false;
  bool json = false;
  bool blocks = false;
  std::string region = config::k_default_region;
  std::string scope;
  std::string page_url;
  std::string charset;
  std::string render;  // "chromium" to render a URL's page in headless Chromium
  std::vector<std::string> phrases;
};

// What the extractors read, block by block: for writing and debugging a rule's scope.
void print_blocks(const html::Document& document) {
  std::cout << fmt::format("\nBlocks ({})\n", document.blocks.size());
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const html::TextBlock& block = document.blocks[i];
    std::cout << fmt::format("#{} {} {}\n", i, html::to_string(block.kind),
                             util::printable(block.dom_path));
    std::string indented = block.text;
    for (std::size_t at = indented.find('\n'); at != std::string::npos;
         at = indented.find('\n', at + 5))
      indented.replace(at, 1, "\n    ");
    std::cout << "    " << util::printable(indented) << '\n';
  }
}

struct Page {
  std::string bytes;
  std::string content_type;  // as the server declared it; empty for a file
  html::ParseOptions parse;
  std::string region;
  std::vector<std::string> phrases;
};

// The phrases the datasets ask to find at `source`.
std::vector<std::string> phrases_at(const config::Config& config, const config::Source& source) {
  std::vector<std::string> phrases;
  for (const auto& dataset : config.datasets)
    for (const auto& fact : dataset.facts)
      if (fact.kind == config::FactKind::phrase &&
          std::find(fact.verify_at.begin(), fact.verify_at.end(), source.id) !=
              fact.verify_at.end())
        phrases.push_back(fact.value);
  return phrases;
}

// Why a page could not be read, said on stderr (and, for several inputs, on its JSON line),
// and the exit code that applies.
struct ExtractFailure {
  core::ExitCode exit_code = core::ExitCode::usage_or_config;
  std::string message;
};

ExtractFailure input_failed(const pipeline::InputFailure& failure) {
  switch (failure.kind) {
    case pipeline::InputFailure::Kind::file:
      return {core::ExitCode::usage_or_config, failure.message};
    case pipeline::InputFailure::Kind::render:
      return {core::ExitCode::sources_unchecked,
              fmt::format("{} ({})", failure.message, fetch::to_string(failure.error))};
    case pipeline::InputFailure::Kind::fetch:
      break;
  }
  return {core::ExitCode::sources_unchecked, util::printable(failure.message, false)};
}

// Where the page comes from: a configured source, a URL, or a saved file.
// `input` is a file or a URL, or empty with --source.
std::variant<Page, ExtractFailure> load_page(const ExtractCommandOptions& options,
                                             const std::string& input) {
  Page page;
  page.region = options.region;
  page.parse.scope = options.scope;
  page.parse.http_charset = options.charset;
  page.phrases = options.phrases;

  std::optional<config::Config> config;
  const config::Source* source = nullptr;
  if (!options.source_id.empty()) {
    config = load_valid_config(options.rules, options.dataset);
    if (!config) return ExtractFailure{};  // its diagnostics are printed
    source = config->find_source(options.source_id);
    if (!source)
      return ExtractFailure{
          .message = fmt::format("no source \"{}\" in {}; `freshcheck validate` lists the sources",
                                 options.source_id, options.rules)};
  }

  FetchProgress progress;
  pipeline::InputOptions input_options;
  input_options.allow_private = options.allow_private;
  input_options.respect_robots = !options.no_robots;
  input_options.render = options.render;
  input_options.fetch.on_result = progress.callback();
  auto loaded = source ? pipeline::load_input(*source, input_options)
                       : pipeline::load_input(input, input_options);
  if (!loaded) return input_failed(loaded.error());
  page.bytes = std::move(loaded->bytes);
  page.content_type = std::move(loaded->content_type);
  page.parse.page_url = std::move(loaded->final_url);
  if (page.parse.http_charset.empty())
    page.parse.http_charset = html::charset_from_content_type(page.content_type);
  if (source) {
    if (page.parse.scope.empty()) page.parse.scope = source->scope;
    page.region = source->region;
    const auto wanted = phrases_at(*config, *source);
    page.phrases.insert(page.phrases.end(), wanted.begin(), wanted.end());
  } else if (!url::is_http_url(input) && !options.page_url.empty()) {
    page.parse.page_url = options.page_url;  // a saved file's address, to resolve its links
  }
  return page;
}

// The command line's own mistakes, before any page is read.
std::optional<std::string> usage_error(const ExtractCommandOptions& options) {
  // The default needs no check, and checking it would load the phone module (~8 ms) for a
  // page that may hold no number at all.
  if (options.region != config::k_default_region && !phone::is_supported_region(options.region))
    return fmt::format(
        "--region {} is not a region libphonenumber knows; use an ISO 3166 code such as PT",
        options.region);
  if (!options.render.empty() && options.render != "chromium")
    return fmt::format("--render {}: the only renderer is chromium", options.render);
  if (options.source_id.empty() && options.inputs.empty())
    return "extract needs a FILE, a URL, or --source ID";
  if (!options.render.empty() && options.source_id.empty())
    for (const std::string& input : options.inputs)
      if (!url::is_http_url(input))
        return "--render needs a URL or --source: a saved file is read as it is";
  return std::nullopt;
}

// Reads one page and prints what it holds: as text, as pretty JSON, or (`one_line`, for
// several inputs) as one JSON line that names its input. The JSON is written into `json`,
// the same string for every page, so that its memory grows once, not once a page.
std::optional<ExtractFailure> extract_one(const ExtractCommandOptions& options,
                                          const std::string& input, bool one_line,
                                          std::string& json) {
  auto loaded = load_page(options, input);
  if (auto* failure = std::get_if<ExtractFailure>(&loaded)) return *failure;
  const Page& page = std::get<Page>(loaded);

  reader::ReadOptions read;
  read.url = page.parse.page_url;
  read.scope = page.parse.scope;
  read.http_charset = page.parse.http_charset;
  auto document = reader::read_document(page.bytes, page.content_type, read);
  if (!document)
    return ExtractFailure{
        .message = fmt::format("{}: {}", input, util::printable(document.error().message, false))};
  extract::ExtractOptions extract_options;
  extract_options.region = page.region;
  extract_options.phrases = page.phrases;
  const extract::Extraction extraction = extract::extract_all(*document, extract_options);
  if (options.json) {
    extract::JsonForm form;
    if (one_line)
      form.input = util::to_valid_utf8(input);  // a path need not be UTF-8
    else
      form.indent = 2;
    json.clear();
    extract::write_json(extraction, *document, json, form);
    json += '\n';
    std::cout << json;
  } else {
    std::cout << util::printable(extract::to_text(extraction, *document));
  }
  if (options.blocks) print_blocks(*document);
  return std::nullopt;
}

// Each input in turn: one that cannot be read is said on stderr (and on its JSON line) and
// the rest are read all the same; the exit code is the first failure's.
core::ExitCode run_extract(const ExtractCommandOptions& options) {
  if (auto error = usage_error(options)) {
    std::cerr << "freshcheck: " << *error << '\n';
    return core::ExitCode::usage_or_config;
  }
  // --source reads that source's page, once.
  const bool several = options.source_id.empty() && options.inputs.size() > 1;
  const std::vector<std::string> inputs =
      options.source_id.empty() ? options.inputs : std::vector<std::string>{""};
  core::ExitCode exit_code = core::ExitCode::ok;
  std::string json;
  for (const std::string& input : inputs) {
    if (several && !options.json) std::cout << "== " << util::printable(input, false) << '\n';
    const auto failure = extract_one(options, input, several, json);
    if (!failure) continue;
    if (!failure->message.empty()) std::cerr << "freshcheck: " << failure->message << '\n';
    if (several && options.json)
      std::cout << nlohmann::json{{"input", util::to_valid_utf8(input)},
                                  {"error", util::to_valid_utf8(failure->message)}}
                       .dump()
                << '\n';
    if (exit_code == core::ExitCode::ok) exit_code = failure->exit_code;
  }
  return exit_code;
}

}  // namespace

void add_extract_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ExtractCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "extract", "Show the phones, e-mails, links and phrases freshcheck sees in a page");
  command->add_option("FILE_OR_URL", options->inputs,
                      "Saved pages (HTML, PDF, Markdown, text) or http(s) URLs; with --json, "
                      "several give one JSON line each, with an \"input\" key");
  command->add_option("--source", options->source_id,
                      "Fetch this configured source with its rule's scope, region and settings");
  command->add_option("--rules", options->rules, "Folder of rules files (with --source)")
      ->capture_default_str();
  command->add_option("--dataset", options->dataset, "Folder of dataset files (with --source)")
      ->capture_default_str();
  command->add_flag("--allow-private", options->allow_private,
                    "Allow loopback and private addresses (local test sites)");
  command->add_flag("--no-robots", options->no_robots, "Do not read robots.txt first");
  command->add_flag("--json", options->json, "Print JSON (docs/extract-json.md) instead of text");
  command->add_flag("--blocks", options->blocks, "Also list the text blocks the extractors read");
  command->add_option("--region", options->region, "Region for numbers written without +CC")
      ->capture_default_str();
  command->add_option("--scope", options->scope,
                      "Only read inside this selector (tag, #id, .class)");
  command->add_option("--url", options->page_url,
                      "The page's address, to resolve relative links of a saved file");
  command->add_option("--charset", options->charset,
                      "The charset the server declared (as in Content-Type)");
  command->add_option("--render", options->render,
                      "Load the page in headless Chromium first (\"chromium\"), for pages "
                      "built by JavaScript");
  command->add_option("--phrase", options->phrases, "A phrase to look for (repeatable)")
      ->allow_extra_args(false);
  command->callback([&action, options] { action = [options] { return run_extract(*options); }; });
}

}  // namespace freshcheck::cli
