#include "store/snapshot_store.hpp"

#include <fmt/format.h>

#include "util/atomic_file.hpp"
#include "util/file.hpp"

namespace freshcheck::store {

using json = nlohmann::json;

json observation_json(const core::Observation& o);

nlohmann::json to_json(const Snapshot& snapshot) {
  json out = json::object();
  out["state"] = {{"consecutive_failures", snapshot.state.consecutive_failures},
                  {"last_failure", snapshot.state.last_failure},
                  {"last_success", snapshot.state.last_success},
                  {"first_seen", snapshot.state.first_seen},
                  {"seen_runs", snapshot.state.seen_runs},
                  {"closed", snapshot.state.closed}};
  out["observation"] = snapshot.observation ? observation_json(*snapshot.observation) : json();
  out["pending"] = snapshot.pending ? observation_json(*snapshot.pending) : json();
  return out;
}

namespace {

core::Observation observation_from(const json& o) {
  core::Observation observation;
  observation.source_id = o.at("source").get<std::string>();
  observation.url = o.at("url").get<std::string>();
  observation.final_url = o.value("final_url", "");
  observation.fetched_at = o.value("fetched_at", "");
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
  return {{"source", o.source_id},
          {"url", o.url},
          {"final_url", o.final_url},
          {"fetched_at", o.fetched_at},
          {"http_status", o.http_status},
          {"etag", o.etag},
          {"last_modified", o.last_modified},
          {"content_type", o.content_type},
          {"blocks", o.blocks},
          {"phones", phones},
          {"emails", emails},
          {"links", links},
          {"body", o.body}};
}

core::Result<Snapshot> snapshot_from_json(const nlohmann::json& in) {
  try {
    Snapshot snapshot;
    const json& state = in.at("state");
    snapshot.state.consecutive_failures = state.at("consecutive_failures").get<int>();
    snapshot.state.last_failure = state.value("last_failure", "");
    snapshot.state.last_success = state.value("last_success", "");
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
  for (const auto& entry : std::filesystem::directory_iterator(m_folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(".json.tmp-") != std::string::npos &&
        std::filesystem::remove(entry.path(), error))
      ++removed;
  }
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

core::Result<void> save_json(const std::filesystem::path& path, const json& value) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error)
    return core::fail(fmt::format("cannot create the snapshots folder {}: {}",
                                  path.parent_path().string(), error.message()));
  // nlohmann's objects are std::map: keys come out sorted, so git diffs stay small.
  return util::write_atomically(path, value.dump(2) + "\n");
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
  return save_json(ledger_path(channel), {{"announced", announced}});
}

core::Result<void> SnapshotStore::save(const std::string& source_id,
                                       const Snapshot& snapshot) const {
  return save_json(path_of(source_id), to_json(snapshot));
}

}  // namespace freshcheck::store
