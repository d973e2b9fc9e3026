#include "config/config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "phone/phone_number.hpp"
#include "util/file.hpp"
#include "util/spelling.hpp"

namespace freshcheck::config {

const Source* Config::find_source(std::string_view id) const {
  for (const Source& source : sources)
    if (source.id == id) return &source;
  return nullptr;
}

void load_rules_text(Config& config, const std::string& file, std::string_view text) {
  read_rules_text(file, text, config.sources, config.diagnostics);
}

void load_dataset_text(Config& config, const std::string& file, std::string_view text) {
  if (auto dataset = read_dataset_text(file, text, config.diagnostics))
    config.datasets.push_back(std::move(*dataset));
}

namespace {

template <class Item>
void report_duplicate_ids(Config& config, const std::vector<Item>& items, const char* what) {
  std::map<std::string, const Item*> first_seen;
  for (const Item& item : items) {
    const auto [found, inserted] = first_seen.emplace(item.id, &item);
    if (inserted) continue;
    const Item& first = *found->second;
    config.diagnostics.push_back(
        {item.file, item.where,
         fmt::format("duplicate {} id \"{}\" (first defined at {}:{}:{})", what, item.id,
                     first.file, first.where.line, first.where.column)});
  }
}

// A fact a change of which only a source can reveal, tied to none: an error, with the sources
// that show its value today when pages are at hand.
void check_verified(Config& config, const Fact& fact, const SourcesShowing& showing) {
  if (!fact.verify_at.empty() || fact.kind == FactKind::link) return;  // links are fetched
  std::string message = fmt::format(
      "fact \"{}\" ({}) has an empty verify_at: no source checks it, so a change of it would go "
      "unnoticed; name the sources that must confirm it",
      fact.id, to_string(fact.kind));
  const auto sources = showing ? showing(config, fact) : std::nullopt;
  if (!sources)
    message +=
        " (`freshcheck import-guide --rules DIR GUIDE` fills verify_at with the sources whose "
        "pages show each value)";
  else if (sources->empty())
    message += "; no stored page of a configured source shows it today";
  else
    message += fmt::format("; the stored pages of {} show it today: \"verify_at\": [\"{}\"]",
                           fmt::join(*sources, ", "), fmt::join(*sources, "\", \""));
  config.diagnostics.push_back({fact.file, fact.where, std::move(message)});
}

}  // namespace

void cross_check(Config& config, const SourcesShowing& showing) {
  report_duplicate_ids(config, config.sources, "source");
  std::vector<Fact> all_facts;
  for (const Dataset& dataset : config.datasets)
    all_facts.insert(all_facts.end(), dataset.facts.begin(), dataset.facts.end());
  report_duplicate_ids(config, all_facts, "fact");

  std::vector<std::string> source_ids;
  for (const Source& source : config.sources) source_ids.push_back(source.id);

  for (const Fact& fact : all_facts) {
    std::string region = k_default_region;
    for (const std::string& id : fact.verify_at) {
      if (const Source* source = config.find_source(id)) {
        region = source->region;
        continue;
      }
      std::string message = fmt::format(
          "fact \"{}\": verify_at names source \"{}\", which no rules file defines", fact.id, id);
      if (auto suggestion = util::closest_match(id, source_ids))
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
      config.diagnostics.push_back({fact.file, fact.where, std::move(message)});
    }
    if (fact.kind == FactKind::phone && !fact.value.empty()) {
      if (auto parsed = phone::parse(fact.value, region); !parsed)
        config.diagnostics.push_back(
            {fact.file, fact.where,
             fmt::format("fact \"{}\": {}", fact.id, parsed.error().message)});
    }
    check_verified(config, fact, showing);
  }
}

namespace {

std::vector<std::filesystem::path> json_files_in(const std::filesystem::path& dir,
                                                 std::vector<Diagnostic>& diagnostics,
                                                 const char* what) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    diagnostics.push_back({dir.string(),
                           {0, 0},
                           fmt::format("{} folder not found; create it or pass its path with "
                                       "--{}",
                                       what, what)});
    return files;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    diagnostics.push_back(
        {dir.string(), {0, 0}, fmt::format("no *.json files in the {} folder", what)});
  return files;
}

std::optional<std::string> read_text(const std::filesystem::path& file,
                                     std::vector<Diagnostic>& diagnostics) {
  auto text = util::read_file(file);
  if (!text)
    diagnostics.push_back({file.string(), {0, 0}, "cannot read the file; check its permissions"});
  return text;
}

}  // namespace

Config load(const std::filesystem::path& rules_dir, const std::filesystem::path& dataset_dir,
            const SourcesShowing& showing) {
  Config config;
  for (const auto& file : json_files_in(rules_dir, config.diagnostics, "rules"))
    if (auto text = read_text(file, config.diagnostics))
      load_rules_text(config, file.string(), *text);
  for (const auto& file : json_files_in(dataset_dir, config.diagnostics, "dataset")) {
    auto text = read_text(file, config.diagnostics);
    if (!text) continue;
    if (file.filename() == k_ignored_file_name)
      config.ignored = read_ignored_text(file.string(), *text, config.diagnostics);
    else
      load_dataset_text(config, file.string(), *text);
  }
  cross_check(config, showing);
  return config;
}

}  // namespace freshcheck::config
