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
  // A snapshot names no page and holds none: the page is kept apart (save_page).
  CHECK(names_in(folder.path() / "snapshots") == std::vector<std::string>{"aima-contactos.json"});
  CHECK(read_all(store.path_of("aima-contactos")).find("<html>") == std::string::npos);

  const fc::store::LoadedSnapshot loaded = store.load("aima-contactos");
  CHECK_FALSE(loaded.warning.has_value());
  REQUIRE(loaded.snapshot.observation.has_value());
  REQUIRE(loaded.snapshot.pending.has_value());
  const fc::core::Observation& observation = *loaded.snapshot.observation;
  CHECK(fc::core::same_content(observation, *saved.observation));
  CHECK(observation.etag == "\"abc\"");
  CHECK(observation.last_modified == "Tue, 30 Jun 2026 10:00:00 GMT");
  CHECK(observation.content_type == "text/html; charset=utf-8");
  CHECK(observation.body.empty());
  CHECK_FALSE(store.has_page("aima-contactos", &observation));
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

TEST_CASE("store: the last page of a source is kept compressed in the pages folder") {
  TempFolder folder;
  const auto snapshots = folder.path() / "state" / "snapshots";
  const fc::store::SnapshotStore store(snapshots);
  CHECK(fc::store::SnapshotStore::default_pages_folder(snapshots) ==
        folder.path() / "state" / "pages");
  CHECK(fc::store::SnapshotStore::default_pages_folder("snapshots") == "pages");
  CHECK_FALSE(store.has_page("aima-contactos", nullptr));
  const auto missing = store.load_page("aima-contactos", nullptr);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("no stored page for aima-contactos") != std::string::npos);

  // An official page is mostly markup: it is stored compressed, several times smaller.
  std::string page = "<!DOCTYPE html><html lang=\"pt\"><body><nav><ul>";
  for (int i = 0; i < 2000; ++i)
    page += "<li><a href=\"/pt/servicos/" + std::to_string(i) + "\">Serviço</a></li>";
  page += "</ul></nav><main id=\"contactos\"><p>Linha de apoio: 217 115 000 — 08:00–20:00</p>";
  page += "</main></body></html>";
  REQUIRE(store.save_page("aima-contactos", page));
  const auto path = store.page_path("aima-contactos");
  CHECK(path == folder.path() / "state" / "pages" / "aima-contactos.html.zst");
  CHECK(std::filesystem::file_size(path) * 5 < page.size());
  CHECK(store.has_page("aima-contactos", nullptr));
  const auto loaded = store.load_page("aima-contactos", nullptr);
  REQUIRE(loaded);
  CHECK(*loaded == page);  // byte for byte, UTF-8 included
  REQUIRE(store.save_page("aima-contactos", "<html>newer</html>"));
  CHECK(*store.load_page("aima-contactos", nullptr) == "<html>newer</html>");

  // A file cut short or not ours is an error naming it, never a page.
  const std::string frame = read_all(path);
  write_all(path, frame.substr(0, frame.size() / 2));
  const auto cut = store.load_page("aima-contactos", nullptr);
  REQUIRE_FALSE(cut);
  CHECK(cut.error().message.find(path.string()) != std::string::npos);
  write_all(path, "<html>plain</html>");
  CHECK_FALSE(store.load_page("aima-contactos", nullptr));
}

TEST_CASE(
    "store: a page an older version kept in the snapshot still loads, until a new one is saved") {
  TempFolder folder;
  const auto snapshots = folder.path() / "snapshots";
  const fc::store::SnapshotStore store(snapshots);
  fc::store::Snapshot snapshot = full_snapshot();
  snapshot.pending.reset();

  std::filesystem::create_directories(snapshots / "pages");
  // Inline ("body"), as the first versions wrote it.
  nlohmann::json inline_format = fc::store::to_json(snapshot);
  inline_format["observation"]["body"] = "<html>inline</html>";
  write_all(snapshots / "old.json", inline_format.dump());
  const auto old = store.load("old");
  REQUIRE(old.snapshot.observation);
  CHECK(store.has_page("old", &*old.snapshot.observation));
  CHECK(*store.load_page("old", &*old.snapshot.observation) == "<html>inline</html>");

  // In snapshots/pages/, named by the snapshot ("page"), as the last version wrote it.
  nlohmann::json file_format = fc::store::to_json(snapshot);
  file_format["observation"]["page"] = "pages/aima.00112233445566ff.html";
  write_all(snapshots / "aima.json", file_format.dump());
  write_all(snapshots / "pages" / "aima.00112233445566ff.html", "<html>kept</html>");
  write_all(snapshots / "pages" / "aima.en.00112233445566ff.html", "<html>other</html>");
  fc::core::Observation legacy = *store.load("aima").snapshot.observation;
  CHECK(legacy.page_file == "pages/aima.00112233445566ff.html");
  CHECK(*store.load_page("aima", &legacy) == "<html>kept</html>");
  // Saved again, the snapshot keeps naming it until a new page replaces it.
  REQUIRE(store.save("aima", {legacy, std::nullopt, {}}));
  CHECK(store.load("aima").snapshot.observation->page_file == legacy.page_file);

  // The new page replaces the old one, which goes (another source's stays).
  REQUIRE(store.save_page("aima", "<html>new</html>"));
  CHECK(*store.load_page("aima", &legacy) == "<html>new</html>");
  CHECK(names_in(snapshots / "pages") == std::vector<std::string>{"aima.en.00112233445566ff.html"});
  legacy.page_file.clear();
  REQUIRE(store.save("aima", {legacy, std::nullopt, {}}));
  CHECK(read_all(snapshots / "aima.json").find("\"page\"") == std::string::npos);
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
    const fc::store::SnapshotStore store(snapshots, folder.path() / "pages", batch);
    fc::store::Snapshot changed = full_snapshot();
    changed.state.consecutive_failures = 0;
    REQUIRE(store.save("aima", changed));
    REQUIRE(store.save("other", changed));
    REQUIRE(store.save_page("other", "<html>new</html>"));
    // Written aside: a kill now leaves last run's files.
    CHECK(read_all(snapshots / "aima.json") == before);
    CHECK_FALSE(std::filesystem::exists(snapshots / "other.json"));
    CHECK_FALSE(store.has_page("other", nullptr));
    REQUIRE(batch.commit());
    CHECK(*store.load_page("other", nullptr) == "<html>new</html>");
    CHECK(read_all(snapshots / "aima.json") != before);
    CHECK(fc::store::SnapshotStore(snapshots).load("other").snapshot.observation.has_value());
  }
  {
    fc::util::AtomicBatch abandoned;  // a failed run: never committed
    const fc::store::SnapshotStore store(snapshots, folder.path() / "pages", abandoned);
    REQUIRE(store.save("third", full_snapshot()));
  }
  CHECK_FALSE(std::filesystem::exists(snapshots / "third.json"));
  CHECK(names_in(snapshots) == std::vector<std::string>{"aima.json", "other.json"});
}
