// `freshcheck links` against real servers on 127.0.0.1: each verdict from the engine, then
// the binary on each input format, the JSON contract, the cache and the ignore file.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "links/checker.hpp"
#include "support.hpp"
#include "test_servers.hpp"

using namespace freshcheck;
using namespace std::chrono_literals;
using links::Verdict;
using testing::HttpServer;

namespace {

// A small official-looking site with one path per behaviour a guide's links meet.
class GuideSite {
 public:
  GuideSite() {
    auto& routes = m_server.routes();
    const std::string page =
        "<!DOCTYPE html><html lang=\"pt-PT\"><head><title>Loja do Cidadão</title></head><body>"
        "<main><h2 id=\"contactos\">Contactos</h2><p>Linha: 300 003 990</p>"
        "<a name=\"horario\"></a><p>Dias úteis, 09:00-17:00</p></main></body></html>";
    routes.Get("/robots.txt", [this](const httplib::Request&, httplib::Response& res) {
      count("/robots.txt");
      res.set_content("User-agent: *\nDisallow: /privado/\n", "text/plain");
    });
    routes.Get("/servicos", [this, page](const httplib::Request&, httplib::Response& res) {
      count("/servicos");
      res.set_content(page, "text/html; charset=utf-8");
    });
    routes.Get("/antigo", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/servicos", 301);
    });
    routes.Get("/temporario", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/servicos", 302);
    });
    routes.Get("/ciclo", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/ciclo2", 301);
    });
    routes.Get("/ciclo2", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/ciclo", 301);
    });
    routes.Get("/removido",
               [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    routes.Get("/erro", [this](const httplib::Request&, httplib::Response& res) {
      count("/erro");
      res.status = 500;
    });
    routes.Get("/manutencao", [this](const httplib::Request&, httplib::Response& res) {
      if (count("/manutencao") == 1) {
        res.status = 503;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content("<p>ok</p>", "text/html");
    });
    routes.Get("/limite", [this](const httplib::Request&, httplib::Response& res) {
      if (count("/limite") == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        return;
      }
      res.set_content("<p>ok</p>", "text/html");
    });
    routes.Get("/sem-head", [](const httplib::Request& req, httplib::Response& res) {
      if (req.method == "HEAD") {  // a server that refuses HEAD
        res.status = 405;
        return;
      }
      res.set_content("<p>formulário</p>", "text/html");
    });
    routes.Get("/muralha", [](const httplib::Request&, httplib::Response& res) {
      res.status = 403;
      res.set_content("<html><head><title>Just a moment...</title></head></html>", "text/html");
    });
    routes.Get("/lento", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(1500ms);
      res.set_content("<p>tarde</p>", "text/html");
    });
    routes.Get("/privado/area", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>reservado</p>", "text/html");
    });
  }

  std::string url(const std::string& path) const { return m_server.url(path); }
  int hits(const std::string& path) {
    std::lock_guard lock(m_mutex);
    return m_hits[path];
  }

 private:
  int count(const std::string& path) {
    std::lock_guard lock(m_mutex);
    return ++m_hits[path];
  }

  HttpServer m_server;
  std::mutex m_mutex;
  std::map<std::string, int> m_hits;
};

links::CheckOptions fast_options() {
  links::CheckOptions options;
  options.allow_private = true;
  options.timeout = 1000ms;
  options.retries = 1;
  options.retry_base_delay = 10ms;
  return options;
}

links::LinkResult check_one(const std::string& url, const links::CheckOptions& options,
                            const std::string& text = "") {
  auto results = links::check_links({{url, text, {"guia.md", 3}}}, options);
  REQUIRE(results.size() == 1);
  return results[0];
}

struct Run {
  int exit_code = -1;
  std::string out;
};

// The real binary, in `directory`, with `input` on standard input.
Run run_links(const std::string& arguments, const std::filesystem::path& directory,
              const std::string& input = "") {
  const auto in_file = directory / "stdin.txt";
  std::ofstream(in_file) << input;
  const std::string command = "cd '" + directory.string() + "' && " + FRESHCHECK_BINARY +
                              " links " + arguments + " < stdin.txt 2>/dev/null";
  Run run;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::filesystem::path fresh_directory(const std::string& name) {
  const auto directory = std::filesystem::temp_directory_path() /
                         ("freshcheck-links-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  return directory;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

const nlohmann::json* find_link(const nlohmann::json& report, const std::string& url) {
  for (const auto& link : report.at("links"))
    if (link.at("url") == url) return &link;
  return nullptr;
}

}  // namespace

TEST_CASE("links: ok, and redirected with the chain and where a permanent redirect points") {
  GuideSite site;
  const auto options = fast_options();
  CHECK(check_one(site.url("/servicos"), options).verdict == Verdict::ok);

  const auto moved = check_one(site.url("/antigo"), options);
  CHECK(moved.verdict == Verdict::redirected);
  CHECK(moved.suggestion == site.url("/servicos"));
  REQUIRE(moved.chain.size() == 2);
  CHECK(moved.chain[0].status == 301);
  CHECK(moved.chain[1].url == site.url("/servicos"));
  CHECK(moved.chain[1].status == 200);

  const auto temporary = check_one(site.url("/temporario"), options);
  CHECK(temporary.verdict == Verdict::redirected);
  CHECK(temporary.suggestion.empty());
  CHECK(temporary.final_url == site.url("/servicos"));
}

TEST_CASE("links: 404, 410, a persisting 500, a loop and a timeout are broken") {
  GuideSite site;
  const auto options = fast_options();
  const auto missing = check_one(site.url("/nao-existe"), options);
  CHECK(missing.verdict == Verdict::broken);
  CHECK(missing.status == 404);
  CHECK(check_one(site.url("/removido"), options).status == 410);
  const auto error = check_one(site.url("/erro"), options);
  CHECK(error.verdict == Verdict::broken);
  CHECK(error.reason.find("500") != std::string::npos);
  CHECK(site.hits("/erro") == 3);  // HEAD, GET, then one retry of the GET
  const auto loop = check_one(site.url("/ciclo"), options);
  CHECK(loop.verdict == Verdict::broken);
  CHECK(loop.reason.find("loop") != std::string::npos);
  // Silence is the link's fault only while other hosts answer; alone, it may be the network.
  const auto alone = check_one(site.url("/lento"), options);
  CHECK(alone.verdict == Verdict::unchecked);
  CHECK(alone.network_problem);
  const auto with_others = links::check_links(
      {{site.url("/lento"), "", {"g.md", 1}}, {site.url("/servicos"), "", {"g.md", 2}}}, options);
  CHECK(with_others[0].verdict == Verdict::broken);
  CHECK(with_others[0].reason.find("timeout") != std::string::npos);
}

TEST_CASE("links: 503 and 429 with Retry-After are waited out and then judged ok") {
  GuideSite site;
  auto options = fast_options();
  options.timeout = 3000ms;  // caps Retry-After: 1 s fits
  const auto started = std::chrono::steady_clock::now();
  const auto results = links::check_links(
      {{site.url("/manutencao"), "", {"guia.md", 1}}, {site.url("/limite"), "", {"guia.md", 2}}},
      options);
  const auto waited = std::chrono::steady_clock::now() - started;
  CHECK(results[0].verdict == Verdict::ok);
  CHECK(results[1].verdict == Verdict::ok);
  CHECK(waited >= 900ms);
  CHECK(waited < 2500ms);  // both waits ran side by side
}

TEST_CASE("links: a server that refuses HEAD is asked with GET") {
  GuideSite site;
  CHECK(check_one(site.url("/sem-head"), fast_options()).verdict == Verdict::ok);
}

TEST_CASE("links: a bot wall is blocked, not broken") {
  GuideSite site;
  const auto wall = check_one(site.url("/muralha"), fast_options());
  CHECK(wall.verdict == Verdict::blocked);
}

TEST_CASE("links: robots.txt, exclusions and private addresses leave links unchecked") {
  GuideSite site;
  auto options = fast_options();
  const auto denied = check_one(site.url("/privado/area"), options);
  CHECK(denied.verdict == Verdict::unchecked);
  CHECK(denied.reason.find("robots.txt") != std::string::npos);
  CHECK_FALSE(denied.network_problem);

  options.exclusions = links::Exclusions::compile({"/servicos$"}).value();
  const auto excluded = check_one(site.url("/servicos"), options);
  CHECK(excluded.verdict == Verdict::unchecked);
  CHECK(excluded.reason == "excluded by /servicos$");
  CHECK(site.hits("/servicos") == 0);

  options = fast_options();
  options.allow_private = false;
  const auto refused = check_one(site.url("/servicos"), options);
  CHECK(refused.verdict == Verdict::unchecked);
  CHECK(refused.reason.find("--allow-private") != std::string::npos);
}

TEST_CASE("links: --fragments checks ids and names of the target page") {
  GuideSite site;
  auto options = fast_options();
  options.fragments = true;
  const auto results = links::check_links({{site.url("/servicos#contactos"), "", {"g.md", 1}},
                                           {site.url("/servicos#horario"), "", {"g.md", 2}},
                                           {site.url("/servicos#precos"), "", {"g.md", 3}}},
                                          options);
  CHECK(results[0].verdict == Verdict::ok);
  CHECK(results[1].verdict == Verdict::ok);
  CHECK(results[2].verdict == Verdict::broken);
  CHECK(results[2].reason.find("precos") != std::string::npos);
  CHECK(site.hits("/servicos") == 1);  // one fetch for the three fragments
}

TEST_CASE("links: tel: and mailto: links are judged without a network") {
  const auto results =
      links::check_links({{"tel:+351300003990", "Linha Cidadão 300 003 990", {"g.md", 1}},
                          {"tel:+351300003990", "Ligue 217 115 000", {"g.md", 2}},
                          {"tel:12", "Emergência", {"g.md", 3}},
                          {"mailto:geral@aima.gov.pt", "geral@aima.gov.pt", {"g.md", 4}},
                          {"mailto:geral@@aima", "e-mail", {"g.md", 5}}},
                         fast_options());
  REQUIRE(results.size() == 5);  // one tel: number shown two ways: judged per place
  CHECK(results[0].verdict == Verdict::ok);
  CHECK(results[1].verdict == Verdict::broken);
  CHECK(results[1].reason.find("its text shows +351 21") != std::string::npos);
  CHECK(results[1].where == std::vector<links::Where>{{"g.md", 2}});
  CHECK(results[2].verdict == Verdict::broken);
  CHECK(results[3].verdict == Verdict::ok);
  CHECK(results[4].verdict == Verdict::broken);
}

TEST_CASE("links CLI: Markdown, HTML, text, stdin and a page URL, with lines, as JSON") {
  GuideSite site;
  const auto directory = fresh_directory("formats");
  write(directory / "guia.md", "# Guia\n\nVeja [serviços](" + site.url("/servicos") +
                                   ").\n\n```\n" + site.url("/em-codigo") + "\n```\n- [antigo](" +
                                   site.url("/antigo") + ")\n");
  write(directory / "guia.html", "<!DOCTYPE html><html><body>\n<p>\n<a href=\"" +
                                     site.url("/removido") +
                                     "\">removido</a></p>\n</body></html>\n");
  write(directory / "guia.txt", "Formulário:\n  " + site.url("/sem-head") + ".\n");
  const Run run =
      run_links("--format json --allow-private --timeout 2 guia.md guia.html guia.txt -", directory,
                "Linha: [300 003 990](tel:+351300003990)\n");
  CHECK(run.exit_code == 1);  // /removido is broken
  const auto report = nlohmann::json::parse(run.out);
  REQUIRE(report.at("links").size() == 5);
  CHECK(report.at("summary").at("total") == 5);
  CHECK(report.at("summary").at("broken") == 1);
  const auto* servicos = find_link(report, site.url("/servicos"));
  REQUIRE(servicos != nullptr);
  CHECK(servicos->at("verdict") == "ok");
  CHECK(servicos->at("status") == 200);
  CHECK(servicos->at("where") == nlohmann::json::parse(R"([{"file":"guia.md","line":3}])"));
  CHECK(servicos->at("error").is_null());
  const auto* moved = find_link(report, site.url("/antigo"));
  REQUIRE(moved != nullptr);
  CHECK(moved->at("verdict") == "redirected");
  CHECK(moved->at("final_url") == site.url("/servicos"));
  CHECK(moved->at("chain").size() == 2);
  CHECK(moved->at("where")[0].at("line") == 8);
  const auto* removed = find_link(report, site.url("/removido"));
  REQUIRE(removed != nullptr);
  CHECK(removed->at("verdict") == "broken");
  CHECK(removed->at("error").get<std::string>().find("410") != std::string::npos);
  CHECK(removed->at("where")[0] == nlohmann::json::parse(R"({"file":"guia.html","line":3})"));
  const auto* form = find_link(report, site.url("/sem-head"));
  REQUIRE(form != nullptr);
  CHECK(form->at("where")[0].at("line") == 2);
  const auto* phone = find_link(report, "tel:+351300003990");
  REQUIRE(phone != nullptr);
  CHECK(phone->at("where")[0] == nlohmann::json::parse(R"({"file":"stdin","line":1})"));
  CHECK(find_link(report, site.url("/em-codigo")) == nullptr);

  const Run page = run_links("--format json --allow-private " + site.url("/servicos"), directory);
  CHECK(page.exit_code == 0);  // the page has no links of its own to break
  CHECK(nlohmann::json::parse(page.out).at("links").empty());
}

TEST_CASE("links CLI: a page URL as input, its relative links resolved against it") {
  HttpServer server;
  server.routes().Get("/guia", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><body><p><a href=\"/contactos\">Contactos</a></p>\n"
        "<p><a href=\"sem-pagina\">x</a></p></body></html>",
        "text/html");
  });
  server.routes().Get("/contactos", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<p>ok</p>", "text/html");
  });
  const auto directory = fresh_directory("page");
  const Run run = run_links("--format json --allow-private " + server.url("/guia"), directory);
  CHECK(run.exit_code == 1);
  const auto report = nlohmann::json::parse(run.out);
  REQUIRE(find_link(report, server.url("/contactos")) != nullptr);
  CHECK(find_link(report, server.url("/contactos"))->at("verdict") == "ok");
  REQUIRE(find_link(report, server.url("/sem-pagina")) != nullptr);
  CHECK(find_link(report, server.url("/sem-pagina"))->at("verdict") == "broken");
}

TEST_CASE("links CLI: --cache keeps verdicts between runs, and --max-cache-age expires them") {
  GuideSite site;
  const auto directory = fresh_directory("cache");
  write(directory / "guia.md", "[serviços](" + site.url("/servicos") + ")\n");
  const std::string arguments = "--format json --allow-private --no-robots --cache links.json ";
  CHECK(run_links(arguments + "guia.md", directory).exit_code == 0);
  CHECK(site.hits("/servicos") == 1);  // one HEAD
  const auto cached = nlohmann::json::parse(run_links(arguments + "guia.md", directory).out);
  CHECK(cached.at("links")[0].at("cached") == true);
  CHECK(cached.at("links")[0].at("verdict") == "ok");
  const auto expired =
      nlohmann::json::parse(run_links(arguments + "--max-cache-age 0s guia.md", directory).out);
  CHECK(expired.at("links")[0].at("cached") == false);
  CHECK(site.hits("/servicos") == 2);
  write(directory / "links.json", "{not json");
  CHECK(run_links(arguments + "guia.md", directory).exit_code == 0);  // a corrupt cache is ignored
}

TEST_CASE("links CLI: .freshcheckignore in the current directory and --exclude") {
  GuideSite site;
  const auto directory = fresh_directory("ignore");
  write(directory / "guia.md", "[a](" + site.url("/removido") + ")\n[b](" + site.url("/erro") +
                                   ")\n[c](" + site.url("/servicos") + ")\n");
  write(directory / ".freshcheckignore", "# old forms\n/removido$\n\n");
  const Run run = run_links("--format json --allow-private --exclude '/erro$' guia.md", directory);
  CHECK(run.exit_code == 0);
  const auto report = nlohmann::json::parse(run.out);
  CHECK(report.at("summary").at("unchecked") == 2);
  CHECK(report.at("summary").at("ok") == 1);
  CHECK(site.hits("/erro") == 0);
  write(directory / ".freshcheckignore", "(unclosed\n");
  CHECK(run_links("guia.md", directory).exit_code == 2);
}

TEST_CASE("links CLI: text, markdown, junit and GitHub annotations") {
  GuideSite site;
  const auto directory = fresh_directory("outputs");
  write(directory / "guia.md",
        "\n[removido](" + site.url("/removido") + ")\n[antigo](" + site.url("/antigo") + ")\n");
  const std::string common = "--allow-private --no-robots guia.md ";
  const Run text = run_links(common, directory);
  CHECK(text.exit_code == 1);
  CHECK(text.out.find("broken") != std::string::npos);
  CHECK(text.out.find("guia.md:2") != std::string::npos);
  CHECK(text.out.find("2 links: 0 ok, 1 redirected, 1 broken") != std::string::npos);
  const Run markdown = run_links(common + "--format markdown", directory);
  CHECK(markdown.out.find("| broken |") != std::string::npos);
  const Run junit = run_links(common + "--format junit", directory);
  CHECK(junit.out.find("<testsuite name=\"links\" tests=\"2\" failures=\"1\"") !=
        std::string::npos);
  CHECK(junit.out.find("<failure message=\"HTTP 410: gone\"") != std::string::npos);
  const Run annotations = run_links(common + "--github-annotations", directory);
  CHECK(annotations.out.find("::error file=guia.md,line=2,title=Broken link::" +
                             site.url("/removido")) != std::string::npos);
  CHECK(annotations.out.find("::warning file=guia.md,line=3") != std::string::npos);
  CHECK(run_links("--format yaml guia.md", directory).exit_code == 2);
}
