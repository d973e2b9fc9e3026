#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "extract/extraction.hpp"
#include "html/document.hpp"
#include "phone/phone_number.hpp"
#include "url/url.hpp"

namespace freshcheck::cli {

namespace {

struct ExtractCommandOptions {
  std::string input;
  bool json = false;
  bool blocks = false;
  std::string region = config::k_default_region;
  std::string scope;
  std::string page_url;
  std::string charset;
  std::vector<std::string> phrases;
};

// What the extractors read, block by block: for writing and debugging a rule's scope.
void print_blocks(const html::Document& document) {
  std::cout << fmt::format("\nBlocks ({})\n", document.blocks.size());
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const html::TextBlock& block = document.blocks[i];
    std::cout << fmt::format("#{} {} {}\n", i, html::to_string(block.kind), block.dom_path);
    std::string indented = block.text;
    for (std::size_t at = indented.find('\n'); at != std::string::npos; at = indented.find('\n', at + 5))
      indented.replace(at, 1, "\n    ");
    std::cout << "    " << indented << '\n';
  }
}

core::ExitCode run_extract(const ExtractCommandOptions& options) {
  if (!phone::is_supported_region(options.region)) {
    std::cerr << fmt::format("freshcheck: --region {} is not a region libphonenumber knows; use "
                             "an ISO 3166 code such as PT\n",
                             options.region);
    return core::ExitCode::usage_or_config;
  }
  if (url::is_http_url(options.input)) {
    std::cerr << fmt::format(
        "freshcheck: {} is a URL; fetching arrives with the fetch stage. Save the page (for "
        "example with curl -o page.html) and run: freshcheck extract --url {} page.html\n",
        options.input, options.input);
    return core::ExitCode::usage_or_config;
  }
  std::ifstream in(options.input, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("freshcheck: cannot read {}: no such file or no permission\n",
                             options.input);
    return core::ExitCode::usage_or_config;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();

  html::ParseOptions parse_options;
  parse_options.page_url = options.page_url.empty() ? url::from_file_path(options.input) : options.page_url;
  parse_options.scope = options.scope;
  parse_options.http_charset = options.charset;
  auto document = html::parse_document(bytes.str(), parse_options);
  if (!document) {
    std::cerr << fmt::format("freshcheck: {}: {}\n", options.input, document.error().message);
    return core::ExitCode::usage_or_config;
  }

  extract::ExtractOptions extract_options;
  extract_options.region = options.region;
  extract_options.phrases = options.phrases;
  const extract::Extraction extraction = extract::extract_all(*document, extract_options);
  if (options.json)
    std::cout << extract::to_json(extraction, *document).dump(2) << '\n';
  else
    std::cout << extract::to_text(extraction, *document);
  if (options.blocks) print_blocks(*document);
  return core::ExitCode::ok;
}

}  // namespace

void add_extract_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ExtractCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "extract", "Show the phones, e-mails, links and phrases freshcheck sees in a page");
  command->add_option("FILE_OR_URL", options->input, "A saved HTML page")->required();
  command->add_flag("--json", options->json, "Print the JSON of DESIGN.md instead of text");
  command->add_flag("--blocks", options->blocks, "Also list the text blocks the extractors read");
  command->add_option("--region", options->region, "Region for numbers written without +CC")
      ->capture_default_str();
  command->add_option("--scope", options->scope, "Only read inside this selector (tag, #id, .class)");
  command->add_option("--url", options->page_url,
                      "The page's address, to resolve relative links of a saved file");
  command->add_option("--charset", options->charset,
                      "The charset the server declared (as in Content-Type)");
  command->add_option("--phrase", options->phrases, "A phrase to look for (repeatable)");
  command->callback([&action, options] { action = [options] { return run_extract(*options); }; });
}

}  // namespace freshcheck::cli
