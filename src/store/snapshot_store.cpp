#include "store/snapshot_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "store/compressed.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"

namespace freshcheck::store {

using json = nlohmann::json;

json observation_json(const core::Observation& o);

nlohmann::json to_json(const Snapshot& snapshot) {
  json out = json::object();
  out["state"] = {{"consecutive_failures", snapshot.state.consecutive_failures},
                  {"last_failure", snapshot.state.last_failure},
                  {"first_seen", snapshot.state.first_seen},
                  {"seen_runs", snapshot.state.seen_runs},
                  {"closed", snapshot.state.closed}};
  out["observation"] = snapshot.observation ? observation_json(*snapshot.observation) : json();
  out["pending"] = snapshot.pending ? observation_json(*snapshot.pending) : json();
  return out;
}

namespace {

// Where versions before the pages folder kept pages: "snapshots/pages/ID.HASH.html".
constexpr std::string_view k_legacy_pages_folder = "pages";
// Pages expand to at most this (the fetcher's own cap on a body is lower).
constexpr std::size_t k_max_page_bytes = 256u << 20;

// Whether `name` (a file in the legacy pages folder) is one of this source's pages.
bool is_legacy_page_of(std::string_view name, const std::string& source_id) {
  constexpr std::size_t k_hash_digits = 16;
  constexpr std::string_view k_extension = ".html";
  if (name.size() != source_id.size() + 1 + k_hash_digits + k_extension.size()) return false;
  if (!name.starts_with(source_id) || name[source_id.size()] != '.' || !name.ends_with(k_extension))
    return false;
  const std::string_view hash = name.substr(source_id.size() + 1, k_hash_digits);
  return std::all_of(hash.begin(), hash.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

core::Observation observation_from(const json& o) {
  core::Observation observation;
  observation.source_id = o.at("source").get<std::string>();
  observation.url = o.at("url").get<std::string>();
  observation.final_url = o.value("final_url", "");
  observation.http_status = o.value("http_status", 0L);
  observation.etag = o.value("etag", "");
  observation.last_modified = o.value("last_modified", "");
  observation.content_type = o.value("content_type", "");
  observation.blocks = o.at("blocks").get<std::vector<std::string>>();
  for (const auto& p : o.at("phones"))
    observation.phones.push_back({p.at("e164"), p.value("raw", ""), p.value("block", ""),
                                  p.value("hours", ""), p.value("type", ""),
                                  p.value("location", "")});
  for (const auto& e : o.at("emails"))
    observation.emails.push_back({e.at("address"), e.value("block", "")});
  for (const auto& l : o.at("links"))
    observation.links.push_back({l.at("url"), l.value("text", "")});
  observation.page_file = o.value("page", "");  // older versions, see core::Observation
  observation.body = o.value("body", "");
  return observation;
}

}  // namespace

json observation_json(const core::Observation& o) {
  json phones = json::array(), emails = json::array(), links = json::array();
  for (const auto& p : o.phones)
    phones.push_back({{"e164", p.e164},
                      {"raw", p.raw},
                      {"block", p.block},
                      {"hours", p.hours},
                      {"location", p.location}});
  for (const auto& e : o.emails) emails.push_back({{"address", e.address}, {"block", e.block}});
  for (const auto& l : o.links) links.push_back({{"url", l.url}, {"text", l.text}});
  json out = {{"source", o.source_id},
              {"url", o.url},
              {"final_url", o.final_url},
              {"http_status", o.http_status},
              {"etag", o.etag},
              {"last_modified", o.last_modified},
              {"content_type", o.content_type},
              {"blocks", o.blocks},
              {"phones", phones},
              {"emails", emails},
              {"links", links}};
  if (!o.page_file.empty()) out["page"] = o.page_file;  // an older version's, until replaced
  return out;
}

core::Result<Snapshot> snapshot_from_json(const nlohmann::json& in) {
  try {
    Snapshot snapshot;
    const json& state = in.at("state");
    snapshot.state.consecutive_failures = state.at("consecutive_failures").get<int>();
    snapshot.state.last_failure = state.value("last_failure", "");
    snapshot.state.first_seen = state.value("first_seen", std::map<std::string, std::string>{});
    snapshot.state.seen_runs = state.value("seen_runs", std::map<std::string, int>{});
    snapshot.state.closed = state.value("closed", std::map<std::string, std::string>{});
    if (const json& o = in.at("observation"); !o.is_null())
      snapshot.observation = observation_from(o);
    if (const auto p = in.find("pending"); p != in.end() && !p->is_null())
      snapshot.pending = observation_from(*p);
    return snapshot;
  } catch (const json::exception& error) {
    return core::fail(fmt::format("not a freshcheck snapshot: {}", error.what()));
  }
}

std::filesystem::path SnapshotStore::path_of(const std::string& source_id) const {
  return m_folder / (source_id + ".json");
}

std::size_t SnapshotStore::remove_stale_temporaries() const {
  std::size_t removed = 0;
  std::error_code error;
  const auto sweep = [&](const std::filesystem::path& folder, std::string_view marker) {
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      const std::string name = entry.path().filename().string();
      if (name.size() > 1 && name[0] == '.' && name.find(marker) != std::string::npos &&
          std::filesystem::remove(entry.path(), error))
        ++removed;
    }
  };
  sweep(m_folder, ".json.tmp-");
  sweep(m_pages, ".html.zst.tmp-");
  return removed;
}

namespace {

// Renames a corrupt file to "<name>.corrupt-<n>", keeping every earlier one; returns the new
// path.
std::filesystem::path set_aside(const std::filesystem::path& path) {
  std::filesystem::path aside;
  for (int n = 1;; ++n) {
    aside = path;
    aside += fmt::format(".corrupt-{}", n);
    if (!std::filesystem::exists(aside)) break;
  }
  std::error_code error;
  std::filesystem::rename(path, aside, error);
  return aside;
}

core::Result<void> create_folder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error)
    return core::fail(
        fmt::format("cannot create the snapshots folder {}: {}", folder.string(), error.message()));
  return {};
}

// The JSON text of a snapshot or ledger; nothing when the file already holds those bytes.
// nlohmann's objects are std::map: keys come out sorted, so git diffs stay small.
std::optional<std::string> changed_json(const std::filesystem::path& path, const json& value) {
  std::string text = value.dump(2) + "\n";
  if (const auto existing = util::read_file(path); existing && *existing == text)
    return std::nullopt;
  return text;
}

}  // namespace

LoadedSnapshot SnapshotStore::load(const std::string& source_id) const {
  const auto path = path_of(source_id);
  const auto text = util::read_file(path);
  if (!text) return {};
  std::string problem;
  try {
    auto parsed = snapshot_from_json(json::parse(*text));
    if (parsed) return {std::move(parsed).value(), std::nullopt};
    problem = parsed.error().message;
  } catch (const json::parse_error& error) {
    problem = error.what();
  }
  const auto aside = set_aside(path);
  return {Snapshot{},
          fmt::format("snapshot {} is corrupt ({}); moved it to {} and started this source afresh",
                      path.string(), problem, aside.string())};
}

std::filesystem::path SnapshotStore::ledger_path(const std::string& channel) const {
  return m_folder / "alerts" / (channel + ".json");
}

LoadedLedger SnapshotStore::load_ledger(const std::string& channel) const {
  const auto path = ledger_path(channel);
  const auto text = util::read_file(path);
  if (!text) return {};
  try {
    AlertLedger ledger;
    const json parsed = json::parse(*text);
    for (const auto& [id, entry] : parsed.at("announced").items())
      ledger.announced[id] = {entry.at("source").get<std::string>(), entry.value("fact", ""),
                              entry.value("since", "")};
    return {std::move(ledger), std::nullopt};
  } catch (const json::exception& error) {
    const auto aside = set_aside(path);
    return {AlertLedger{},
            fmt::format("alert ledger {} is corrupt ({}); moved it to {}: open changes will be "
                        "announced again",
                        path.string(), error.what(), aside.string())};
  }
}

core::Result<void> SnapshotStore::save_ledger(const std::string& channel,
                                              const AlertLedger& ledger) const {
  json announced = json::object();
  for (const auto& [id, entry] : ledger.announced)
    announced[id] = {{"source", entry.source}, {"fact", entry.fact}, {"since", entry.since}};
  const auto path = ledger_path(channel);
  FC_TRY(create_folder(path.parent_path()));
  if (const auto text = changed_json(path, {{"announced", announced}}))
    return util::write_atomically(path, *text);  // posted already: durable at once
  return {};
}

std::filesystem::path SnapshotStore::default_pages_folder(const std::filesystem::path& snapshots) {
  const auto parent = snapshots.lexically_normal().parent_path();
  return parent.empty() ? std::filesystem::path("pages") : parent / "pages";
}

std::filesystem::path SnapshotStore::page_path(const std::string& source_id) const {
  return m_pages / (source_id + ".html.zst");
}

core::Result<void> SnapshotStore::save_page(const std::string& source_id,
                                            std::string_view page) const {
  std::error_code error;
  std::filesystem::create_directories(m_pages, error);
  if (error)
    return core::fail(
        fmt::format("cannot create the pages folder {}: {}", m_pages.string(), error.message()));
  // The same page again (most nights) is not compressed and written again: reading the
  // stored one back costs a fifth of compressing it.
  const auto path = page_path(source_id);
  const auto frame = util::read_file(path);
  const auto stored = frame ? decompress(*frame, k_max_page_bytes) : core::fail(std::string());
  if (!stored || *stored != page) FC_TRY(write_file(path, compress(page)));
  remove_legacy_pages(source_id);
  return {};
}

// The pages an older version kept for the source in snapshots/pages/, once its page is
// saved in the pages folder (the snapshot that named them is rewritten in the same run).
void SnapshotStore::remove_legacy_pages(const std::string& source_id) const {
  const auto folder = m_folder / k_legacy_pages_folder;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (!is_legacy_page_of(entry.path().filename().string(), source_id)) continue;
    if (m_batch)
      m_batch->remove_after_commit(entry.path());
    else
      std::filesystem::remove(entry.path(), error);
  }
}

core::Result<void> SnapshotStore::save(const std::string& source_id,
                                       const Snapshot& snapshot) const {
  FC_TRY(create_folder(m_folder));
  if (const auto text = changed_json(path_of(source_id), to_json(snapshot)))
    FC_TRY(write_file(path_of(source_id), *text));
  return {};
}

core::Result<void> SnapshotStore::write_file(const std::filesystem::path& path,
                                             std::string_view content) const {
  return m_batch ? m_batch->write(path, content) : util::write_atomically(path, content);
}

bool SnapshotStore::has_page(const std::string& source_id, const core::Observation* legacy) const {
  std::error_code error;
  if (std::filesystem::is_regular_file(page_path(source_id), error)) return true;
  return legacy && (!legacy->body.empty() ||
                    (!legacy->page_file.empty() &&
                     std::filesystem::is_regular_file(m_folder / legacy->page_file, error)));
}

core::Result<std::string> SnapshotStore::load_page(const std::string& source_id,
                                                   const core::Observation* legacy) const {
  const auto path = page_path(source_id);
  if (const auto frame = util::read_file(path)) {
    auto page = decompress(*frame, k_max_page_bytes);
    if (!page)
      return core::fail(
          fmt::format("the stored page {} does not read ({}); the next online run "
                      "stores it again",
                      path.string(), page.error().message));
    return page;
  }
  if (legacy && !legacy->body.empty()) return legacy->body;
  if (legacy && !legacy->page_file.empty())
    if (auto body = util::read_file(m_folder / legacy->page_file)) return std::move(*body);
  return core::fail(fmt::format("no stored page for {} in {}", source_id, m_pages.string()));
}

}  // namespace freshcheck::store
