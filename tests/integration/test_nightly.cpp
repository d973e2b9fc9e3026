// The nightly loop end to end, as the workflows run it: scripts/nightly.sh night after night
// in a fresh clone of a local bare repository (the `origin` actions/checkout would give),
// against official-style pages on 127.0.0.1 and the fake GitHub API. State lives on the
// data branch; a quiet night pushes nothing; "/freshcheck accept" and "/freshcheck ignore"
// comments become pull requests; shards merge into one set of alerts.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_workspace.hpp"
#include "fake_github.hpp"
#include "support.hpp"
#include "test_servers.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using freshcheck::testing::contacts_page;
using freshcheck::testing::FakeGitHub;
using freshcheck::testing::HttpServer;

constexpr const char* k_token = "ghs_nightlyTestToken";

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The words of a shell command, each quoted: the test's own paths and values only.
std::string quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
  fs::path work;
};

// One guide repository: rules and a dataset on `main` in a bare origin, three official-style
// pages served on 127.0.0.1 (changeable between nights), and the fake GitHub API.
class GuideRepository {
 public:
  GuideRepository() : github(k_token) {
    std::string pattern = (fs::temp_directory_path() / "freshcheck-nightly-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_root = pattern;
    // A real page's weight (navigation, footer) lives outside the scope: the snapshot must
    // stay small however large the page.
    std::string navigation;
    for (int i = 0; i < 1500; ++i)
      navigation += "<a href=\"/pt/servicos/" + std::to_string(i) + "\">Serviço " +
                    std::to_string(i) + "</a> ";
    m_navigation = navigation;
    set_contactos("217 115 000");
    set_linha("300 500 700");
    set_lojas(200);
    m_server.routes().Get("/(contactos|linha|lojas)", [this](const httplib::Request& request,
                                                             httplib::Response& response) {
      std::lock_guard lock(m_mutex);
      const std::string name = request.matches[1];
      if (m_status[name] != 200) {
        response.status = m_status[name];
        return;
      }
      freshcheck::testing::send_uncompressed(response, m_pages[name], "text/html; charset=utf-8");
    });

    const fs::path seed = m_root / "seed";
    git("init -q --bare -b main " + quoted((m_root / "origin.git").string()));
    git("init -q -b main " + quoted(seed.string()));
    fs::create_directories(seed / "rules");
    fs::create_directories(seed / "dataset");
    std::ofstream(seed / "rules" / "aima.json")
        << R"({"site": "aima", "allow_private": true, "fetch": {"retries": 0}, "sources": [)"
        << source("contactos") << ", " << source("linha") << ", " << source("lojas") << "]}";
    std::ofstream(seed / "dataset" / "aima.json") << R"({"guide": {"id": "how-to-call-aima"},
      "facts": [
        {"id": "aima.contact-centre", "kind": "phone", "value": "217 115 000",
         "verify_at": ["contactos"]},
        {"id": "aima.linha", "kind": "phone", "value": "300 500 700", "verify_at": ["linha"]},
        {"id": "aima.lojas", "kind": "phone", "value": "211 000 111", "verify_at": ["lojas"]}]})";
    in(seed, "add -A");
    in(seed, "-c user.name=maintainer -c user.email=m@example.org commit -q -m guide");
    in(seed, "remote add origin " + quoted(origin()));
    in(seed, "push -q origin main");
  }
  ~GuideRepository() {
    if (std::getenv("FRESHCHECK_KEEP_TEST_FILES")) return;  // to look into a failure
    std::error_code error;
    fs::remove_all(m_root, error);
  }

  void set_contactos(const std::string& number) {
    set("contactos", contacts_page(number, "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt", "",
                                   m_navigation));
  }
  void set_linha(const std::string& number) {
    set("linha", contacts_page(number, "Dias úteis, das 9h00 às 17h00", "linha@aima.gov.pt", "",
                               m_navigation));
  }
  void set_lojas(int status) {
    set("lojas", contacts_page("211 000 111", "Dias úteis, das 9h00 às 16h00", "lojas@aima.gov.pt",
                               "", m_navigation));
    std::lock_guard lock(m_mutex);
    m_status["lojas"] = status;
  }

  std::string origin() const { return (m_root / "origin.git").string(); }
  const fs::path& root() const { return m_root; }

  // One job: a fresh clone of origin's main, then `nightly.sh ARGS` in it.
  Run night(const std::string& args, const std::string& environment = "") {
    const std::string name = "job-" + std::to_string(++m_jobs);
    const fs::path checkout = m_root / name;
    git("clone -q " + quoted(origin()) + " " + quoted(checkout.string()));
    Run run;
    run.work = m_root / (name + "-work");
    const fs::path out = m_root / (name + ".out");
    const fs::path err = m_root / (name + ".err");
    const std::string command =
        "cd " + quoted(checkout.string()) +
        " && env -u GITHUB_EVENT_PATH -u GITHUB_OUTPUT -u FRESHCHECK_WEBHOOK_URL"
        " FRESHCHECK=" +
        quoted(FRESHCHECK_BINARY) + " FRESHCHECK_WORK=" + quoted(run.work.string()) +
        " FRESHCHECK_ALLOW_PRIVATE=1 GITHUB_API_URL=" + quoted(github.api_url()) +
        " GITHUB_REPOSITORY=" + quoted(github.repository()) + " GITHUB_TOKEN=" + k_token +
        " GIT_CONFIG_GLOBAL=/dev/null " + environment + " bash " +
        quoted(std::string(FRESHCHECK_SOURCE_DIR) + "/scripts/nightly.sh") + " " + args + " > " +
        quoted(out.string()) + " 2> " + quoted(err.string());
    const int status = std::system(command.c_str());
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read(out);
    run.err = read(err);
    return run;
  }

  // An issue_comment event as GitHub writes it to GITHUB_EVENT_PATH.
  std::string comment_event(const FakeGitHub::Issue& issue, const std::string& body,
                            const std::string& association) {
    const fs::path path = m_root / ("event-" + std::to_string(++m_events) + ".json");
    json labels = json::array();
    for (const auto& label : issue.labels) labels.push_back({{"name", label}});
    std::ofstream(path) << json{{"action", "created"},
                                {"repository", {{"default_branch", "main"}}},
                                {"issue",
                                 {{"number", issue.number},
                                  {"title", issue.title},
                                  {"body", issue.body},
                                  {"labels", labels}}},
                                {"comment",
                                 {{"body", body},
                                  {"author_association", association},
                                  {"user", {{"login", "maintainer"}}}}}}
                               .dump();
    return "GITHUB_EVENT_PATH=" + quoted(path.string());
  }

  int commits(const std::string& branch) const {
    const std::string count = output("--git-dir=" + quoted(origin()) +
                                     " rev-list --count refs/heads/" + branch + " 2>/dev/null");
    return count.empty() ? 0 : std::stoi(count);
  }
  std::string show(const std::string& branch, const std::string& path) const {
    return output("--git-dir=" + quoted(origin()) + " show " + quoted(branch + ":" + path) +
                  " 2>/dev/null");
  }
  json snapshot(const std::string& source) const {
    return json::parse(show("freshcheck-data", "snapshots/" + source + ".json"));
  }
  // A pull request merged as GitHub's "rebase and merge" would: main moves to its branch.
  void merge(const std::string& branch) {
    git("--git-dir=" + quoted(origin()) + " update-ref refs/heads/main refs/heads/" + branch);
  }

 private:
  std::string source(const std::string& name) const {
    return R"({"id": ")" + name + R"(", "url": ")" + m_server.url("/" + name) +
           R"(", "scope": "main", "robots": false})";
  }
  void set(const std::string& name, std::string page) {
    std::lock_guard lock(m_mutex);
    m_pages[name] = std::move(page);
    m_status.emplace(name, 200);
  }
  static void git(const std::string& arguments) {
    const std::string command = "GIT_CONFIG_GLOBAL=/dev/null git " + arguments + " >/dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
  }
  void in(const fs::path& repository, const std::string& arguments) const {
    git("-C " + quoted(repository.string()) + " " + arguments);
  }
  static std::string output(const std::string& arguments) {
    const std::string command = "GIT_CONFIG_GLOBAL=/dev/null git " + arguments;
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
      ::pclose(pipe);
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

 public:
  FakeGitHub github;

 private:
  fs::path m_root;
  HttpServer m_server;
  std::mutex m_mutex;
  std::map<std::string, std::string> m_pages;
  std::map<std::string, int> m_status;
  std::string m_navigation;
  int m_jobs = 0;
  int m_events = 0;
};

const FakeGitHub::Issue* issue_about(const std::vector<FakeGitHub::Issue>& issues,
                                     const std::string& text) {
  for (const auto& issue : issues)
    if (issue.body.find(text) != std::string::npos) return &issue;
  return nullptr;
}

std::string finding_of(const FakeGitHub::Issue& issue) {
  const auto start = issue.body.find("finding=");
  REQUIRE(start != std::string::npos);
  return issue.body.substr(start + 8, issue.body.find(' ', start) - start - 8);
}

}  // namespace

TEST_CASE("nightly: state on the data branch, counters advance, a quiet night pushes nothing") {
  GuideRepository repo;
  INFO("root: " << repo.root());

  // Night 1: the first look at every page is the baseline; the state branch is born.
  Run night = repo.night("check");
  INFO(night.err);
  REQUIRE(night.exit_code == 0);
  CHECK(repo.commits("freshcheck-data") == 1);
  CHECK(repo.github.issues().empty());
  const std::string snapshot_text = repo.show("freshcheck-data", "snapshots/contactos.json");
  const auto page_size = fs::file_size(night.work / "pages" / "contactos.html.zst");
  CHECK(snapshot_text.size() < 10 * 1024);  // the page is ~150 KB; its snapshot a few KB
  CHECK(snapshot_text.find("Serviço 1499") == std::string::npos);  // navigation is not state
  CHECK(page_size > 0);
  CHECK(repo.show("freshcheck-data", "pages/contactos.html.zst").empty());  // never committed
  CHECK(repo.show("main", "snapshots/contactos.json").empty());             // main holds no state
  CHECK(fs::exists(night.work / "report" / "report.json"));

  // Night 2: nothing changed anywhere: no commit, no issue.
  night = repo.night("check");
  REQUIRE(night.exit_code == 0);
  CHECK(repo.commits("freshcheck-data") == 1);
  CHECK(night.err.find("state unchanged: nothing to push") != std::string::npos);
  CHECK(repo.github.issues().empty());

  // Night 3: a number changes and a page goes down. The state records both; one issue.
  repo.set_contactos("217 115 100");
  repo.set_lojas(503);
  night = repo.night("check");
  INFO(night.err);
  REQUIRE(night.exit_code == 0);  // findings are news, delivered as issues
  CHECK(repo.commits("freshcheck-data") == 2);
  CHECK(repo.snapshot("lojas").at("state").at("consecutive_failures") == 1);
  const json seen = repo.snapshot("contactos").at("state").at("seen_runs");
  REQUIRE(seen.size() >= 1);
  for (const auto& [id, runs] : seen.items()) CHECK(runs == 1);
  const auto opened = repo.github.open_issues();
  REQUIRE(issue_about(opened, "217 115 000") != nullptr);
  const std::size_t open_after_3 = repo.github.open_issues().size();

  // Night 4: the same again: the counters advance (they could not while the state waited in
  // a pull request), and no issue is opened twice.
  night = repo.night("check");
  REQUIRE(night.exit_code == 0);
  CHECK(repo.commits("freshcheck-data") == 3);
  CHECK(repo.snapshot("lojas").at("state").at("consecutive_failures") == 2);
  const json seen_again = repo.snapshot("contactos").at("state").at("seen_runs");
  REQUIRE(seen_again.size() == seen.size());
  for (const auto& [id, runs] : seen_again.items()) CHECK(runs == 2);
  CHECK(repo.github.open_issues().size() == open_after_3);

  // A configuration error fails the job (exit 2) and leaves the state alone.
  night = repo.night("check", "FRESHCHECK_RULES=no-such-folder");
  CHECK(night.exit_code == 2);
  CHECK(repo.commits("freshcheck-data") == 3);
}

TEST_CASE("nightly: /freshcheck accept opens one pull request with the dataset change") {
  GuideRepository repo;
  INFO("root: " << repo.root());
  REQUIRE(repo.night("check").exit_code == 0);
  repo.set_contactos("217 115 100");
  Run night = repo.night("check");
  INFO(night.err);
  REQUIRE(night.exit_code == 0);
  const auto opened = repo.github.open_issues();
  const auto* found = issue_about(opened, "217 115 000");
  REQUIRE(found != nullptr);
  const FakeGitHub::Issue issue = *found;
  const std::string finding = finding_of(issue);
  const int state_commits = repo.commits("freshcheck-data");

  // Someone without write access: nothing happens.
  Run review = repo.night("comment", repo.comment_event(issue, "/freshcheck accept", "NONE"));
  CHECK(review.exit_code == 0);
  CHECK(repo.github.pulls().empty());

  // A collaborator: the baseline moves on the data branch, the dataset change goes to review.
  review = repo.night("comment",
                      repo.comment_event(issue, "/freshcheck accept\r\nthanks", "COLLABORATOR"));
  INFO(review.err);
  REQUIRE(review.exit_code == 0);
  const auto pulls = repo.github.pulls();
  REQUIRE(pulls.size() == 1);
  CHECK(pulls[0].head == "freshcheck/accept-" + finding);
  CHECK(pulls[0].base == "main");
  const std::string proposed = repo.show("freshcheck/accept-" + finding, "dataset/aima.json");
  CHECK(proposed.find("\"217 115 100\"") != std::string::npos);
  CHECK(repo.show("main", "dataset/aima.json").find("\"217 115 000\"") != std::string::npos);
  CHECK(repo.commits("freshcheck-data") == state_commits + 1);
  const auto commented = repo.github.issues();
  const auto* answered = issue_about(commented, finding);
  REQUIRE(answered != nullptr);
  REQUIRE_FALSE(answered->comments.empty());
  CHECK(answered->comments.back().find("/pull/" + std::to_string(pulls[0].number)) !=
        std::string::npos);

  // The same comment again finds the same pull request rather than opening another.
  review = repo.night("comment", repo.comment_event(issue, "/freshcheck accept", "OWNER"));
  CHECK(review.exit_code == 0);
  CHECK(repo.github.pulls().size() == 1);

  // Merged, the next night closes the issue and opens nothing.
  repo.merge("freshcheck/accept-" + finding);
  night = repo.night("check");
  REQUIRE(night.exit_code == 0);
  CHECK(repo.github.open_issues().empty());

  // By hand (workflow_dispatch): an id no open issue holds is refused with the reason.
  review = repo.night("accept " + finding);
  CHECK(review.exit_code == 2);
  CHECK(review.err.find("no open freshcheck issue holds finding " + finding) != std::string::npos);
}

TEST_CASE("nightly: /freshcheck ignore silences exactly that change, and hostile text stays text") {
  GuideRepository repo;
  INFO("root: " << repo.root());
  REQUIRE(repo.night("check").exit_code == 0);
  repo.set_linha("300 500 701");
  REQUIRE(repo.night("check").exit_code == 0);
  const auto opened = repo.github.open_issues();
  const auto* found = issue_about(opened, "300 500 700");
  REQUIRE(found != nullptr);
  const FakeGitHub::Issue issue = *found;
  const std::string finding = finding_of(issue);

  // The reason is somebody's text: shell syntax, a mention and backticks stay inert.
  const fs::path pwned = repo.root() / "pwned";
  const std::string reason = "the old line forwards $(touch " + pwned.string() + ") `touch " +
                             pwned.string() + "` @octocat";
  Run review =
      repo.night("comment", repo.comment_event(issue, "/freshcheck ignore " + reason, "MEMBER"));
  INFO(review.err);
  REQUIRE(review.exit_code == 0);
  CHECK_FALSE(fs::exists(pwned));
  const auto pulls = repo.github.pulls();
  REQUIRE(pulls.size() == 1);
  const std::string branch = "freshcheck/ignore-" + finding;
  CHECK(pulls[0].head == branch);
  CHECK(pulls[0].body.find("@octocat") == std::string::npos);  // no one is notified
  const json ignored = json::parse(repo.show(branch, "dataset/ignored.json"));
  REQUIRE(ignored.at("ignored").size() == 1);
  CHECK(ignored["ignored"][0].at("finding") == finding);
  CHECK(ignored["ignored"][0].at("reason") == reason);  // recorded as written
  CHECK(ignored["ignored"][0].at("by") == "maintainer");

  // Merged: the next night closes the issue with the reason and reports the change as ignored.
  repo.merge(branch);
  Run night = repo.night("check");
  INFO(night.err);
  REQUIRE(night.exit_code == 0);
  CHECK(repo.github.open_issues().empty());
  const auto closed = repo.github.issues();
  const auto* closed_issue = issue_about(closed, finding);
  REQUIRE(closed_issue != nullptr);
  CHECK(closed_issue->state == "closed");
  REQUIRE_FALSE(closed_issue->comments.empty());
  CHECK(closed_issue->comments.back().find("ignored.json") != std::string::npos);
  const json report = json::parse(read(night.work / "report" / "report.json"));
  REQUIRE(report.at("ignored").size() == 1);
  CHECK(report["ignored"][0].at("finding").at("id") == finding);
  CHECK(report.at("findings").empty());

  // Another value at the same place is another change: it alerts.
  repo.set_linha("300 500 799");
  night = repo.night("check");
  REQUIRE(night.exit_code == 0);
  const auto open = repo.github.open_issues();
  REQUIRE(open.size() == 1);
  CHECK(finding_of(open[0]) != finding);
  CHECK(open[0].body.find("300 500 799") != std::string::npos);
}

TEST_CASE("nightly: two shards merged send each alert once and keep both shards' state") {
  GuideRepository repo;
  INFO("root: " << repo.root());
  // One sharded night: each shard's job, then the merge job, which downloads each shard's
  // folder (report/ and state.patch) side by side.
  int nights = 0;
  const auto sharded_night = [&] {
    const std::size_t writes = repo.github.writes();
    const int commits = repo.commits("freshcheck-data");
    const Run first = repo.night("check --shard 1/2");
    const Run second = repo.night("check --shard 2/2");
    INFO(first.err << second.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(second.exit_code == 0);
    CHECK(repo.github.writes() == writes);              // shards alert nothing
    CHECK(repo.commits("freshcheck-data") == commits);  // nor push
    const fs::path downloads = repo.root() / ("downloads-" + std::to_string(++nights));
    fs::create_directories(downloads);
    for (const auto& [name, run] : {std::pair{"shard-1", &first}, std::pair{"shard-2", &second}})
      fs::copy(run->work / "shard", downloads / name, fs::copy_options::recursive);
    return std::pair{downloads, repo.night("merge " + (downloads / "shard-1").string() + " " +
                                           (downloads / "shard-2").string())};
  };

  // The first night is sharded too: both shards start the data branch, the merge makes it one.
  const auto first_night = sharded_night();
  INFO(first_night.second.err);
  REQUIRE(first_night.second.exit_code == 0);
  REQUIRE(repo.commits("freshcheck-data") == 1);
  for (const char* source : {"contactos", "linha", "lojas"})
    CHECK_FALSE(repo.snapshot(source).at("observation").is_null());
  CHECK(repo.github.issues().empty());
  const int state_commits = repo.commits("freshcheck-data");

  // Changes in both shards (sources 1 and 3 are shard 1 of 2, source 2 is shard 2).
  repo.set_contactos("217 115 100");
  repo.set_linha("300 500 701");
  repo.set_lojas(503);
  repo.github.clear_requests();
  const auto [downloads, merged] = sharded_night();
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  const auto issues = repo.github.issues();
  CHECK(issue_about(issues, "217 115 000") != nullptr);
  CHECK(issue_about(issues, "300 500 700") != nullptr);
  std::set<std::string> findings;
  for (const auto& issue : issues) CHECK(findings.insert(finding_of(issue)).second);  // once each
  const json report = json::parse(read(merged.work / "report" / "report.json"));
  CHECK(report.at("sources").size() == 3);
  CHECK(repo.commits("freshcheck-data") == state_commits + 1);  // one commit, both shards

  CHECK(repo.snapshot("lojas").at("state").at("consecutive_failures") == 1);
  CHECK(repo.snapshot("linha").contains("pending"));
  CHECK_FALSE(repo.snapshot("linha").at("pending").is_null());

  // Merging the same shard twice is refused: shards of one night never overlap.
  const Run twice = repo.night("merge " + (downloads / "shard-1").string() + " " +
                               (downloads / "shard-1").string());
  CHECK(twice.exit_code == 2);
}
