#pragma once
// Snapshots: one pretty, key-sorted JSON file per source in snapshots/, readable in a git
// diff, holding the last accepted observation (its facts, scoped text blocks and cache
// validators) and the run state (consecutive failures, when open findings were first seen).
// A snapshot holds no run timestamps (the report has them) and no page, so a quiet night
// leaves every file byte for byte as it was, and a snapshot stays a few KB however large the
// page: the nightly job commits the folder to a data branch only when something changed.
//
// The page last read from each source is kept apart, zstd-compressed, in the pages folder
// (`--pages`, default: "pages" beside the snapshots folder): "<id>.html.zst". It serves
// `check --offline` and a 304 Not Modified; the nightly job uploads it as an artifact and
// never commits it. Only this stage touches either folder.

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/observation.hpp"
#include "core/result.hpp"
#include "util/atomic_file.hpp"

namespace freshcheck::store {

struct SourceState {
  int consecutive_failures = 0;
  std::string last_failure;                       // the message of the last failed fetch
  std::map<std::string, std::string> first_seen;  // open finding id -> ISO time first seen
  std::map<std::string, int> seen_runs;           // open finding id -> runs in a row it was seen
  std::map<std::string, std::string> closed;      // finding id -> ISO time it stopped being seen
};

struct Snapshot {
  std::optional<core::Observation> observation;  // none before the first good fetch
  // The latest observation whose changes wait for review (`freshcheck accept`); the
  // accepted one above stays the baseline until then.
  std::optional<core::Observation> pending;
  SourceState state;
};

nlohmann::json to_json(const Snapshot& snapshot);
core::Result<Snapshot> snapshot_from_json(const nlohmann::json& json);

// What an alert channel without memory of its own (a chat webhook) has announced, so that
// each change is posted once and its end once. GitHub keeps its own (the issues).
struct AnnouncedChange {
  std::string source;
  std::string fact;
  std::string since;  // ISO time of the post
};
struct AlertLedger {
  std::map<std::string, AnnouncedChange> announced;  // finding id ->
};

struct LoadedLedger {
  AlertLedger ledger;
  std::optional<std::string> warning;  // a corrupt file was set aside
};

struct LoadedSnapshot {
  Snapshot snapshot;
  std::optional<std::string> warning;  // a corrupt file was set aside
};

class SnapshotStore {
 public:
  explicit SnapshotStore(std::filesystem::path folder)
      : m_folder(std::move(folder)), m_pages(default_pages_folder(m_folder)) {}
  // Saves go into `batch` and take their places when it is committed (one flush for a
  // whole run, see util::AtomicBatch).
  SnapshotStore(std::filesystem::path folder, std::filesystem::path pages, util::AtomicBatch& batch)
      : m_folder(std::move(folder)), m_pages(std::move(pages)), m_batch(&batch) {}

  // "pages" beside the snapshots folder ("state/snapshots" -> "state/pages").
  static std::filesystem::path default_pages_folder(const std::filesystem::path& snapshots);

  // A missing file is an empty snapshot. A corrupt one is renamed to
  // "<id>.json.corrupt-<n>" so the next run starts clean, and the warning says so.
  LoadedSnapshot load(const std::string& source_id) const;

  // Atomic: a kill at any moment leaves the old snapshot or the new one. A snapshot that
  // would be written as the very bytes already there is not written at all.
  core::Result<void> save(const std::string& source_id, const Snapshot& snapshot) const;

  std::filesystem::path path_of(const std::string& source_id) const;

  // The page last read from a source, compressed into the pages folder; atomic like a
  // snapshot. Removes the pages an older version kept in snapshots/pages/ for the source.
  core::Result<void> save_page(const std::string& source_id, std::string_view page) const;
  // The page last read from the source: from the pages folder, else where an older version
  // kept it (`legacy`'s inline body or its file under snapshots/pages/). Fails, saying where
  // it looked, when there is none or it does not read.
  core::Result<std::string> load_page(const std::string& source_id,
                                      const core::Observation* legacy) const;
  // Whether load_page has a page to read (without reading it).
  bool has_page(const std::string& source_id, const core::Observation* legacy) const;
  std::filesystem::path page_path(const std::string& source_id) const;

  // The ledger of an alert channel ("webhook"), in snapshots/alerts/<channel>.json. Missing
  // is empty; corrupt is set aside like a snapshot (the cost: changes announced again).
  LoadedLedger load_ledger(const std::string& channel) const;
  core::Result<void> save_ledger(const std::string& channel, const AlertLedger& ledger) const;

  // Removes temp files a killed run left behind (".<id>.json.tmp-<pid>"); returns how many.
  std::size_t remove_stale_temporaries() const;

 private:
  std::filesystem::path ledger_path(const std::string& channel) const;
  void remove_legacy_pages(const std::string& source_id) const;

  core::Result<void> write_file(const std::filesystem::path& path, std::string_view content) const;

  std::filesystem::path m_folder;
  std::filesystem::path m_pages;
  util::AtomicBatch* m_batch = nullptr;  // none: each save is durable on its own
};

}  // namespace freshcheck::store
