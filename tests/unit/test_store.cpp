// The snapshot store and the state lock, on real files in a fresh temporary folder: a
// snapshot reads back as it was saved, a corrupt one is set aside (kept, never lost) with a
// warning, a killed run's temporaries are cleaned up, and one lock holder at a time.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "store/snapshot_store.hpp"
#include "store/state_lock.hpp"
#include "support.hpp"

namespace fc = freshcheck;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A folder of its own for each test, removed afterwards.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "freshcheck-store-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  ~TempFolder() {
    std::error_code error;
    fs::remove_all(m_path, error);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_all(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

fc::core::Observation contacts_observation(const std::string& phone) {
  fc::core::Observation observation;
  observation.source_id = "aima-contactos";
  observation.url = "https://aima.gov.pt/pt/contactos";
  observation.final_url = "https://aima.gov.pt/pt/contactos/";
  observation.fetched_at = "2026-07-01T03:00:00Z";  // kept in memory only
  observation.http_status = 200;
  observation.etag = "\"abc\"";
  observation.last_modified = "Tue, 30 Jun 2026 10:00:00 GMT";
  observation.content_type = "text/html; charset=utf-8";
  observation.blocks = {"Contactos", "Centro de contacto: " + phone + " (dias úteis, 8h-20h)"};
  fc::core::ObservedPhone observed;
  observed.e164 = "+351217115000";
  observed.raw = phone;
  observed.block = observation.blocks[1];
  observed.hours = "Mo-Fr 08:00-20:00";
  observed.type = "fixed_line";
  observed.location = "main > p";
  observation.phones = {observed};
  observation.emails = {{"geral@aima.gov.pt", "Escreva para geral@aima.gov.pt"}};
  observation.links = {{"https://contactenos.aima.gov.pt/", "formulário de contacto"}};
  observation.body = "<html>...</html>";
  return observation;
}

fc::store::Snapshot full_snapshot() {
  fc::store::Snapshot snapshot;
  snapshot.observation = contacts_observation("217 115 000");
  snapshot.pending = contacts_observation("217 115 999");
  snapshot.state.consecutive_failures = 2;
  snapshot.state.last_failure = "HTTP 503 from aima.gov.pt";
  snapshot.state.first_seen = {{"f-1", "2026-06-30T03:00:00Z"}};
  snapshot.state.seen_runs = {{"f-1", 3}};
  snapshot.state.closed = {{"f-0", "2026-06-29T03:00:00Z"}};
  return snapshot;
}

}  // namespace

TEST_CASE("store: a saved snapshot loads back as it was, without the fetch time and phone type") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path() / "snapshots");  // created on save
  const fc::store::Snapshot saved = full_snapshot();
  REQUIRE(store.save("aima-contactos", saved));
  CHECK(store.path_of("aima-contactos") == folder.path() / "snapshots" / "aima-contactos.json");
  // The page is kept beside the JSON, named by its bytes.
  CHECK(names_in(folder.path() / "snapshots") ==
        std::vector<std::string>{"aima-contactos.json", "pages"});
  // The observation and the pending one hold the same bytes: one file.
  CHECK(names_in(folder.path() / "snapshots" / "pages").size() == 1);

  const fc::store::LoadedSnapshot loaded = store.load("aima-contactos");
  CHECK_FALSE(loaded.warning.has_value());
  REQUIRE(loaded.snapshot.observation.has_value());
  REQUIRE(loaded.snapshot.pending.has_value());
  const fc::core::Observation& observation = *loaded.snapshot.observation;
  CHECK(fc::core::same_content(observation, *saved.observation));
  CHECK(observation.etag == "\"abc\"");
  CHECK(observation.last_modified == "Tue, 30 Jun 2026 10:00:00 GMT");
  CHECK(observation.content_type == "text/html; charset=utf-8");
  CHECK(observation.body.empty());  // not read until a run needs the page
  fc::core::Observation with_page = observation;
  REQUIRE(store.has_page(with_page));
  REQUIRE(store.load_page(with_page));
  CHECK(with_page.body == "<html>...</html>");
  CHECK(observation.fetched_at.empty());  // a snapshot holds no run timestamps
  REQUIRE(observation.phones.size() == 1);
  CHECK(observation.phones[0].raw == "217 115 000");
  CHECK(observation.phones[0].hours == "Mo-Fr 08:00-20:00");
  CHECK(observation.phones[0].location == "main > p");
  CHECK(observation.phones[0].type.empty());  // not written: only the current one is read
  CHECK(loaded.snapshot.pending->phones[0].raw == "217 115 999");
  CHECK(loaded.snapshot.state.consecutive_failures == 2);
  CHECK(loaded.snapshot.state.last_failure == "HTTP 503 from aima.gov.pt");
  CHECK(loaded.snapshot.state.first_seen == saved.state.first_seen);
  CHECK(loaded.snapshot.state.seen_runs == saved.state.seen_runs);
  CHECK(loaded.snapshot.state.closed == saved.state.closed);

  // Pretty and key-sorted, for small git diffs; ends with a newline.
  const std::string text = read_all(store.path_of("aima-contactos"));
  CHECK(text.rfind("{\n  \"observation\": {\n    \"blocks\": [\n", 0) == 0);
  CHECK(text.back() == '\n');
  CHECK(text.find("\"pending\"") < text.find("\"state\""));
}

TEST_CASE("store: a missing snapshot is an empty one, and no file is written for it") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path());
  const auto loaded = store.load("never-saved");
  CHECK_FALSE(loaded.warning.has_value());
  CHECK_FALSE(loaded.snapshot.observation.has_value());
  CHECK_FALSE(loaded.snapshot.pending.has_value());
  CHECK(loaded.snapshot.state.consecutive_failures == 0);
  CHECK(names_in(folder.path()).empty());
}

TEST_CASE("store: saving the very bytes already there leaves the file untouched") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path());
  REQUIRE(store.save("aima-contactos", full_snapshot()));
  const fs::path path = store.path_of("aima-contactos");
  const auto long_ago = fs::file_time_type::clock::now() - 24h;
  fs::last_write_time(path, long_ago);

  REQUIRE(store.save("aima-contactos", full_snapshot()));
  CHECK(fs::last_write_time(path) == long_ago);

  fc::store::Snapshot changed = full_snapshot();
  changed.state.consecutive_failures = 3;
  REQUIRE(store.save("aima-contactos", changed));
  CHECK(fs::last_write_time(path) != long_ago);
  CHECK(store.load("aima-contactos").snapshot.state.consecutive_failures == 3);
}

TEST_CASE("store: a corrupt snapshot is set aside with a warning, and every copy is kept") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path());
  const fs::path path = store.path_of("aima-contactos");
  const std::string broken = "{\"state\": {\"consecutive_failures\": 1,";  // cut short
  write_all(path, broken);

  const auto first = store.load("aima-contactos");
  REQUIRE(first.warning.has_value());
  const std::string prefix = "snapshot " + path.string() + " is corrupt (";
  const std::string suffix =
      "); moved it to " + path.string() + ".corrupt-1 and started this source afresh";
  CHECK(first.warning->rfind(prefix, 0) == 0);
  CHECK(first.warning->find("parse error") != std::string::npos);
  CHECK(first.warning->size() > suffix.size());
  CHECK(first.warning->substr(first.warning->size() - suffix.size()) == suffix);
  CHECK_FALSE(first.snapshot.observation.has_value());
  CHECK(first.snapshot.state.consecutive_failures == 0);
  CHECK_FALSE(fs::exists(path));
  CHECK(read_all(path.string() + ".corrupt-1") == broken);

  // Valid JSON that is no snapshot is corrupt too; the earlier copy stays where it was.
  const std::string not_a_snapshot = R"({"observation": null})";
  write_all(path, not_a_snapshot);
  const auto second = store.load("aima-contactos");
  REQUIRE(second.warning.has_value());
  CHECK(second.warning->find("is corrupt (not a freshcheck snapshot: ") != std::string::npos);
  CHECK(second.warning->find("moved it to " + path.string() + ".corrupt-2 and") !=
        std::string::npos);
  CHECK(read_all(path.string() + ".corrupt-1") == broken);
  CHECK(read_all(path.string() + ".corrupt-2") == not_a_snapshot);
  CHECK(names_in(folder.path()) ==
        std::vector<std::string>{"aima-contactos.json.corrupt-1", "aima-contactos.json.corrupt-2"});

  // The next run starts afresh: nothing is set aside again.
  CHECK_FALSE(store.load("aima-contactos").warning.has_value());
}

TEST_CASE("store: remove_stale_temporaries removes only a killed run's temporary files") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path());
  for (const char* name : {".aima-contactos.json.tmp-4242", ".aima-form.json.tmp-7", "aima.json",
                           "aima.json.corrupt-1", ".freshcheck.lock", "notes.json.tmp-1"})
    write_all(folder.path() / name, "x");

  CHECK(store.remove_stale_temporaries() == 2);
  CHECK(names_in(folder.path()) == std::vector<std::string>{".freshcheck.lock", "aima.json",
                                                            "aima.json.corrupt-1",
                                                            "notes.json.tmp-1"});
  CHECK(store.remove_stale_temporaries() == 0);
  CHECK(fc::store::SnapshotStore(folder.path() / "missing").remove_stale_temporaries() == 0);
}

TEST_CASE("store: pages a snapshot no longer names are removed, and an inline body still loads") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path() / "snapshots");
  fc::store::Snapshot snapshot = full_snapshot();
  snapshot.pending.reset();
  REQUIRE(store.save("aima-contactos", snapshot));
  REQUIRE(store.save("aima-contactos.en", snapshot));  // a longer id with the same start
  snapshot.observation->body = "<html>new</html>";
  REQUIRE(store.save("aima-contactos", snapshot));
  const auto pages = names_in(folder.path() / "snapshots" / "pages");
  REQUIRE(pages.size() == 2);  // the new page of one source, the page of the other
  CHECK(std::count_if(pages.begin(), pages.end(), [](const std::string& name) {
          return name.starts_with("aima-contactos.en.");
        }) == 1);
  fc::core::Observation observation = *store.load("aima-contactos").snapshot.observation;
  REQUIRE(store.load_page(observation));
  CHECK(observation.body == "<html>new</html>");

  // A snapshot written before pages/ existed keeps its page inline.
  nlohmann::json old_format = fc::store::to_json(snapshot);
  old_format["observation"].erase("page");
  old_format["observation"]["body"] = "<html>inline</html>";
  write_all(folder.path() / "snapshots" / "old.json", old_format.dump());
  const auto loaded = store.load("old");
  REQUIRE(loaded.snapshot.observation);
  CHECK(loaded.snapshot.observation->body == "<html>inline</html>");
  CHECK(store.has_page(*loaded.snapshot.observation));

  // A page that went missing is not at hand: the next run asks for the page in full.
  fc::core::Observation lost = *store.load("aima-contactos").snapshot.observation;
  std::filesystem::remove(folder.path() / "snapshots" / lost.page_file);
  CHECK_FALSE(store.has_page(lost));
  CHECK_FALSE(store.load_page(lost));
}

TEST_CASE("store: a snapshot that cannot be written is an error value naming the folder") {
  TempFolder folder;
  write_all(folder.path() / "file", "not a folder");
  const fc::store::SnapshotStore store(folder.path() / "file" / "snapshots");
  const auto saved = store.save("aima-contactos", full_snapshot());
  REQUIRE_FALSE(saved);
  CHECK(saved.error().message.rfind("cannot create the snapshots folder " +
                                        (folder.path() / "file" / "snapshots").string() + ": ",
                                    0) == 0);
}

TEST_CASE("store: the alert ledger round-trips, and a corrupt one is set aside") {
  TempFolder folder;
  const fc::store::SnapshotStore store(folder.path());
  fc::store::AlertLedger ledger;
  ledger.announced["f-1"] = {"aima-contactos", "aima.contact-centre", "2026-07-01T03:00:00Z"};
  REQUIRE(store.save_ledger("webhook", ledger));
  const fs::path path = folder.path() / "alerts" / "webhook.json";
  REQUIRE(fs::exists(path));

  const auto loaded = store.load_ledger("webhook");
  CHECK_FALSE(loaded.warning.has_value());
  REQUIRE(loaded.ledger.announced.size() == 1);
  const auto& entry = loaded.ledger.announced.at("f-1");
  CHECK(entry.source == "aima-contactos");
  CHECK(entry.fact == "aima.contact-centre");
  CHECK(entry.since == "2026-07-01T03:00:00Z");

  write_all(path, R"({"announced": {"f-1": {"fact": "no source"}}})");
  const auto corrupt = store.load_ledger("webhook");
  REQUIRE(corrupt.warning.has_value());
  CHECK(corrupt.warning->rfind("alert ledger " + path.string() + " is corrupt (", 0) == 0);
  CHECK(corrupt.warning->find("); moved it to " + path.string() +
                              ".corrupt-1: open changes will be announced again") !=
        std::string::npos);
  CHECK(corrupt.ledger.announced.empty());
  CHECK(read_all(path.string() + ".corrupt-1") ==
        R"({"announced": {"f-1": {"fact": "no source"}}})");
}

TEST_CASE("state lock: a second holder is refused while the first holds it") {
  TempFolder folder;
  const fs::path snapshots = folder.path() / "snapshots";  // created by acquire
  auto first = fc::store::StateLock::acquire(snapshots, 0ms);
  REQUIRE(first);
  CHECK(first->path() == snapshots / ".freshcheck.lock");
  CHECK(read_all(first->path()) == std::to_string(::getpid()) + "\n");

  // flock belongs to an open file description: a second open in this process is another
  // holder, as another run would be.
  std::vector<long> waits;
  auto second =
      fc::store::StateLock::acquire(snapshots, 0ms, [&](long holder) { waits.push_back(holder); });
  REQUIRE_FALSE(second);
  CHECK(second.error().busy);
  CHECK(second.error().message ==
        "another freshcheck run (pid " + std::to_string(::getpid()) +
            ") still holds the snapshots folder " + snapshots.string() + " after 0 s (lock file " +
            (snapshots / ".freshcheck.lock").string() +
            "); nothing was read or written. Run again once it has finished, or wait longer "
            "with --lock-timeout SECONDS");
  CHECK(waits == std::vector<long>{::getpid()});

  // Moving the lock keeps it held; dropping the last owner releases it, and the file stays.
  {
    fc::store::StateLock moved = std::move(first).value();
    CHECK_FALSE(fc::store::StateLock::acquire(snapshots, 0ms));
  }
  CHECK(fs::exists(snapshots / ".freshcheck.lock"));
  auto third = fc::store::StateLock::acquire(snapshots, 0ms);
  CHECK(third);
}

TEST_CASE("state lock: a folder that cannot be created is an error, not a busy lock") {
  TempFolder folder;
  write_all(folder.path() / "file", "not a folder");
  const fs::path snapshots = folder.path() / "file" / "snapshots";
  const auto lock = fc::store::StateLock::acquire(snapshots, 0ms);
  REQUIRE_FALSE(lock);
  CHECK_FALSE(lock.error().busy);
  CHECK(lock.error().message.rfind(
            "cannot create the snapshots folder " + snapshots.string() + ": ", 0) == 0);
}

TEST_CASE("store: a batch of saves leaves the old files until it is committed, then all new") {
  TempFolder folder;
  const auto snapshots = folder.path() / "snapshots";
  REQUIRE(fc::store::SnapshotStore(snapshots).save("aima", full_snapshot()));
  const std::string before = read_all(snapshots / "aima.json");
  {
    fc::util::AtomicBatch batch;
    const fc::store::SnapshotStore store(snapshots, batch);
    fc::store::Snapshot changed = full_snapshot();
    changed.observation->body = "<html>new</html>";
    changed.state.consecutive_failures = 0;
    REQUIRE(store.save("aima", changed));
    REQUIRE(store.save("other", changed));
    // Written aside: a kill now leaves last run's files.
    CHECK(read_all(snapshots / "aima.json") == before);
    CHECK_FALSE(std::filesystem::exists(snapshots / "other.json"));
    REQUIRE(batch.commit());
    CHECK(read_all(snapshots / "aima.json") != before);
    CHECK(fc::store::SnapshotStore(snapshots).load("other").snapshot.observation.has_value());
    // Each source keeps the pages its snapshot names: its new observation's and the pending
    // one's (the old observation's page went with the commit).
    CHECK(names_in(snapshots / "pages").size() == 4);
  }
  {
    fc::util::AtomicBatch abandoned;  // a failed run: never committed
    const fc::store::SnapshotStore store(snapshots, abandoned);
    REQUIRE(store.save("third", full_snapshot()));
  }
  CHECK_FALSE(std::filesystem::exists(snapshots / "third.json"));
  CHECK(names_in(snapshots) == std::vector<std::string>{"aima.json", "other.json", "pages"});
}
