// `freshcheck check` when a page cannot be read the way it should: other charsets, bytes
// that are not text, answers that are not pages, bodies cut short, rate limits that ask for
// days. Each is that source's outcome; the other sources are checked, the reports written,
// and the snapshot of a source that failed keeps what it had.
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "store/compressed.hpp"
#include "support.hpp"
#include "test_servers.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using freshcheck::testing::HttpServer;
using freshcheck::testing::RawServer;
using json = nlohmann::json;

// UTF-8 text whose code points are all below U+0100 as ISO-8859-1 bytes, so fixtures can be
// written readably.
std::string latin1(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      REQUIRE((byte & 0xE0) == 0xC0);
      const auto next = static_cast<unsigned char>(utf8[++i]);
      out += static_cast<char>(((byte & 0x1F) << 6) | (next & 0x3F));
    }
  }
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Run {
  int exit_code = -1;
  std::string err;
  json report;
  std::chrono::steady_clock::duration took{};
};

// A folder with rules for the given sources (id -> URL), a dataset with one phone fact on
// the first source, and the real binary run in it.
class Site {
 public:
  explicit Site(const std::vector<std::pair<std::string, std::string>>& sources,
                const std::string& fetch = R"({"retries": 0})")
      : m_dir(fs::temp_directory_path() / ("freshcheck-failures-" + std::to_string(::getpid()))) {
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "rules");
    fs::create_directories(m_dir / "dataset");
    std::string list;
    for (const auto& [id, url] : sources)
      list += std::string(list.empty() ? "" : ",") + R"({"id": ")" + id + R"(", "url": ")" + url +
              R"(", "robots": false})";
    std::ofstream(m_dir / "rules" / "site.json")
        << R"({"site": "local", "allow_private": true, "fetch": )" << fetch << R"(, "sources": [)"
        << list << "]}";
    std::ofstream(m_dir / "dataset" / "guide.json")
        << R"({"guide": {"id": "guide"}, "facts": [{"id": "contact-centre", "kind": "phone",
        "value": "217 115 000", "verify_at": [")"
        << sources.front().first << R"("]}]})";
  }
  ~Site() { fs::remove_all(m_dir); }

  Run check(const std::string& extra = "") const {
    const fs::path err = m_dir / "stderr.txt";
    const std::string command = "cd " + m_dir.string() + " && " + FRESHCHECK_BINARY + " check " +
                                extra + " > /dev/null 2> " + err.string();
    const auto started = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    Run run;
    run.took = std::chrono::steady_clock::now() - started;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.err = read(err);
    const std::string report = read(m_dir / "report" / "report.json");
    if (!report.empty()) run.report = json::parse(report);
    return run;
  }

  fs::path snapshot_path(const std::string& id) const {
    return m_dir / "snapshots" / (id + ".json");
  }
  std::string snapshot_bytes(const std::string& id) const { return read(snapshot_path(id)); }
  json snapshot(const std::string& id) const { return json::parse(snapshot_bytes(id)); }
  // The last page read from a source, kept compressed in pages/ beside snapshots/.
  std::string stored_page(const std::string& id) const {
    return freshcheck::store::decompress(read(m_dir / "pages" / (id + ".html.zst")), 1u << 24)
        .value();
  }

 private:
  fs::path m_dir;
};

const json& source_entry(const Run& run, const std::string& id) {
  for (const auto& source : run.report.at("sources"))
    if (source.at("id") == id) return source;
  FAIL("no source " << id << " in the report");
  static const json none;
  return none;
}

std::vector<std::string> finding_kinds(const Run& run, const std::string& source) {
  std::vector<std::string> kinds;
  for (const auto& finding : run.report.at("findings"))
    if (finding.at("source") == source) kinds.push_back(finding.at("kind"));
  return kinds;
}

bool contains(const json& strings, const std::string& wanted) {
  for (const auto& text : strings)
    if (text.get<std::string>().find(wanted) != std::string::npos) return true;
  return false;
}

// A Loja do Cidadão style opening-hours page, in UTF-8 source form.
const std::string k_loja_page =
    "<html><head><title>Loja do Cidadão de Odivelas</title></head><body><main>"
    "<h1>Balcão Único</h1><p>Atendimento às sextas, das 9h às 12h30.</p>"
    "<p>Informações: 217 115 000 (chamada para a rede fixa nacional)</p></main></body></html>";

const std::string k_good_page =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Contactos</title></head><body>"
    "<main><h2>Centro de Contacto</h2><p>Linha geral: 217 115 000, dias úteis das 9h às "
    "17h.</p></main></body></html>";

}  // namespace

TEST_CASE("five unreadable or oddly encoded pages are five source outcomes, not the run's") {
  HttpServer server;
  // A municipal page served as ISO-8859-1, as many Portuguese public sites still do.
  server.routes().Get("/latin1", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(latin1(k_loja_page), "text/html; charset=ISO-8859-1");
  });
  server.routes().Get("/latin1-gzip", [](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(freshcheck::testing::gzip(latin1(k_loja_page)), "text/html; charset=ISO-8859-1");
  });
  // windows-1252 declared only in <meta>: the euro sign and the en dash are 0x80 and 0x96.
  server.routes().Get("/meta-1252", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=windows-1252\"><title>Seguran\xe7"
        "a Social</title></head><body><p>Linha Seguran\xe7"
        "a "
        "Social: 300 502 502 \x96 custo de chamada local; certid\xe3o: 2,50 \x80</p></body></html>",
        "text/html");
  });
  server.routes().Get("/broken-utf8", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(
        "<html><body><p>Marca\xc3\xa7\xc3\xa3o pr\xe9via: 808 \xff\xfe 257 257</p>"
        "<p>Hor\xc3\xa1rio: 9h\xc3\x28</p></body></html>",
        "text/html; charset=utf-8");
  });
  const std::string png_bytes =
      std::string("\x89PNG\r\n\x1a\n") + std::string(4, '\0') + "\rIHDR" + std::string(52, '\x01');
  server.routes().Get("/logo", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(png_bytes, "image/png");
  });
  server.routes().Get("/contactos", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(k_good_page, "text/html; charset=utf-8");
  });
  const Site site({{"contactos", server.url("/contactos")},
                   {"latin1", server.url("/latin1")},
                   {"latin1-gzip", server.url("/latin1-gzip")},
                   {"meta-1252", server.url("/meta-1252")},
                   {"broken-utf8", server.url("/broken-utf8")},
                   {"logo", server.url("/logo")}});

  const Run run = site.check();
  INFO(run.err);
  CHECK((run.exit_code == 1 || run.exit_code == 3));
  REQUIRE(run.report.is_object());
  REQUIRE(run.report.at("sources").size() == 6);
  CHECK(source_entry(run, "contactos").at("status") == "ok");

  for (const std::string id : {"latin1", "latin1-gzip"}) {
    CAPTURE(id);
    CHECK(source_entry(run, id).at("status") == "ok");
    const json observation = site.snapshot(id).at("observation");
    CHECK(contains(observation.at("blocks"), "Atendimento às sextas, das 9h às 12h30."));
    CHECK(contains(observation.at("blocks"), "Balcão Único"));
    REQUIRE(observation.at("phones").size() == 1);
    CHECK(observation.at("phones")[0].at("e164") == "+351217115000");
    CHECK_FALSE(observation.contains("body"));  // the page is kept apart, in pages/
    CHECK_FALSE(observation.contains("page"));
    CHECK(site.stored_page(id).find("Loja do Cidadão de Odivelas") != std::string::npos);
  }

  CHECK(source_entry(run, "meta-1252").at("status") == "ok");
  const json meta = site.snapshot("meta-1252").at("observation");
  INFO(meta.at("blocks").dump());
  CHECK(contains(meta.at("blocks"),
                 "Linha Segurança Social: 300 502 502 – custo de chamada local; "
                 "certidão: 2,50 €"));

  const json& broken = source_entry(run, "broken-utf8");
  CHECK(broken.at("status") == "ok");
  REQUIRE(broken.at("warnings").size() == 1);
  CHECK(broken.at("warnings")[0].get<std::string>().find("U+FFFD") != std::string::npos);
  const json broken_blocks = site.snapshot("broken-utf8").at("observation").at("blocks");
  CHECK(
      contains(broken_blocks, "Marcação pr\xEF\xBF\xBDvia: 808 \xEF\xBF\xBD\xEF\xBF\xBD 257 257"));
  CHECK(source_entry(run, "latin1").at("warnings").empty());

  const json& logo = source_entry(run, "logo");
  CHECK(logo.at("status") == "unreachable");
  CHECK(logo.at("error_kind") == "not_html");
  const std::string said = logo.at("error");
  CHECK(said.find("image/png") != std::string::npos);
  CHECK(said.find(std::to_string(png_bytes.size()) + " bytes") != std::string::npos);
  CHECK(finding_kinds(run, "logo") == std::vector<std::string>{"source_unreachable"});
  CHECK(site.snapshot("logo").at("observation").is_null());

  for (const std::string id :
       {"contactos", "latin1", "latin1-gzip", "meta-1252", "broken-utf8", "logo"}) {
    CAPTURE(id);
    CHECK_NOTHROW(site.snapshot(id));
  }

  // The stored pages are UTF-8 now: a replay reads them as such, whatever <meta> says, and a
  // second live run sees the same text.
  const Run offline = site.check("--offline");
  INFO(offline.err);
  for (const std::string id : {"latin1", "latin1-gzip", "meta-1252", "broken-utf8"}) {
    CAPTURE(id);
    CHECK(source_entry(offline, id).at("status") == "unchanged");
  }
  const Run again = site.check();
  for (const std::string id : {"latin1", "latin1-gzip", "meta-1252", "broken-utf8"}) {
    CAPTURE(id);
    CHECK(source_entry(again, id).at("status") == "unchanged");
  }
}

namespace {

// What a failed run may change in a snapshot file: its run state (the failure counter, the
// last failure, the tracking of the source_unreachable finding). Everything else, the
// accepted page and the one waiting for review, must come back byte for byte.
std::string without_run_state(const std::string& snapshot_file) {
  json parsed = json::parse(snapshot_file);
  parsed.erase("state");
  return parsed.dump(2);
}

// A contact page server whose next answers a test chooses, written by hand on the socket
// so that it can also lie about Content-Length.
class FlakyPage {
 public:
  enum class Mode { page, empty, short_body, far_429, far_503, no_facts };

  FlakyPage()
      : m_server([this](int socket, const RawServer&) {
          RawServer::read_request(socket);
          const std::string answer = this->answer();
          ::send(socket, answer.data(), answer.size(), MSG_NOSIGNAL);
          ::shutdown(socket, SHUT_WR);  // a clean close, not a reset
        }) {}

  void set(Mode mode) { m_mode = mode; }
  std::string url() const { return m_server.url("/contactos"); }
  int hits() const { return m_hits; }

 private:
  static std::string response(const std::string& head, const std::string& body) {
    return head + "Connection: close\r\n\r\n" + body;
  }

  std::string answer() {
    ++m_hits;
    const std::string html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
    switch (m_mode.load()) {
      case Mode::page:
        return response(html + "Content-Length: " + std::to_string(k_good_page.size()) + "\r\n",
                        k_good_page);
      case Mode::empty:
        return response(html + "Content-Length: 0\r\n", "");
      case Mode::short_body:  // announces the whole page, sends its first half, closes
        return response(html + "Content-Length: " + std::to_string(k_good_page.size()) + "\r\n",
                        k_good_page.substr(0, k_good_page.size() / 2));
      case Mode::far_429:
        return response(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: Thu, 01 Jan 2099 00:00:00 "
            "GMT\r\nContent-Length: 0\r\n",
            "");
      case Mode::far_503:
        return response(
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5000000\r\nContent-Length: 0\r\n",
            "");
      case Mode::no_facts: {
        const std::string body =
            "<html><body><main><p>Página em manutenção. Volte mais tarde.</p></main></body></html>";
        return response(html + "Content-Length: " + std::to_string(body.size()) + "\r\n", body);
      }
    }
    return {};
  }

  std::atomic<Mode> m_mode{Mode::page};
  std::atomic<int> m_hits{0};
  RawServer m_server;
};

}  // namespace

TEST_CASE(
    "failure is not change: empty, short, rate-limited and factless answers keep the snapshot") {
  FlakyPage page;
  // Two retries and the default 30 s timeout: a far Retry-After must not be waited for.
  const Site site({{"contactos", page.url()}}, R"({"retries": 2})");
  const Run first = site.check();
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const std::string baseline = site.snapshot_bytes("contactos");
  REQUIRE(site.snapshot("contactos").at("observation").is_object());

  struct Case {
    FlakyPage::Mode mode;
    const char* status;
    const char* kind;
    std::vector<std::string> said;
  };
  const std::vector<Case> cases = {
      {FlakyPage::Mode::empty,
       "unreachable",
       "not_html",
       {"HTTP 200 with an empty body", "0 bytes"}},
      {FlakyPage::Mode::short_body,
       "unreachable",
       "reset",
       {"broke before the page was complete", "the partial body was discarded"}},
      {FlakyPage::Mode::far_429,
       "unreachable",
       "rate_limited",
       {"HTTP 429 from " + page.url(), "retry after Thu, 01 Jan 2099 00:00:00 GMT", "not retried"}},
      {FlakyPage::Mode::far_503,
       "unreachable",
       "rate_limited",
       {"HTTP 503 from " + page.url(), "(Retry-After: 5000000), in 58 days"}},
      {FlakyPage::Mode::no_facts, "extraction_empty", nullptr, {}},
  };
  int failures = 0;
  for (const Case& c : cases) {
    const std::string status = c.status, kind = c.kind ? c.kind : "";
    CAPTURE(status);
    CAPTURE(kind);
    page.set(c.mode);
    const int hits_before = page.hits();
    const Run run = site.check();
    INFO(run.err);
    const json& source = source_entry(run, "contactos");
    CHECK(source.at("status") == c.status);
    if (c.kind) {
      ++failures;
      CHECK(run.exit_code == 3);
      CHECK(source.at("error_kind") == c.kind);
      for (const auto& words : c.said)
        CHECK(source.at("error").get<std::string>().find(words) != std::string::npos);
      CHECK(finding_kinds(run, "contactos") == std::vector<std::string>{"source_unreachable"});
      CHECK(site.snapshot("contactos").at("state").at("consecutive_failures") == failures);
    } else {
      CHECK(run.exit_code == 1);
      CHECK(finding_kinds(run, "contactos") == std::vector<std::string>{"extraction_empty"});
    }
    if (c.mode == FlakyPage::Mode::far_429 || c.mode == FlakyPage::Mode::far_503) {
      CHECK(run.took < 10s);                  // not 2 x 120 s of waiting
      CHECK(page.hits() - hits_before == 1);  // and no retry
    }
    // The accepted page and the one waiting for review are exactly as they were.
    CHECK(without_run_state(site.snapshot_bytes("contactos")) == without_run_state(baseline));
    CHECK(site.snapshot("contactos").at("pending").is_null());
  }

  page.set(FlakyPage::Mode::page);
  const Run back = site.check();
  CHECK(back.exit_code == 0);
  CHECK(source_entry(back, "contactos").at("status") == "unchanged");
}
