// report.html carries a Content-Security-Policy that allows its own inline style and its one
// script by hash, and nothing else. The hash is checked against an independent SHA-256
// (python3's hashlib), and Chromium is shown to enforce it: the page's script runs (the
// existing rendering test counts on it), a script changed by one character does not.
#include <filesystem>
#include <fstream>
#include <string>

#include "check_workspace.hpp"
#include "report/report.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using freshcheck::testing::contacts_page;
using freshcheck::testing::Workspace;

std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const auto start = text.find(open);
  if (start == std::string::npos) return {};
  const auto end = text.find(close, start + open.size());
  return end == std::string::npos ? std::string()
                                  : text.substr(start + open.size(), end - start - open.size());
}

std::string chromium_dom(const fs::path& page, const fs::path& profile) {
  const fs::path dom = page.parent_path() / "dom.html";
  const std::string command =
      "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir=" +
      profile.string() + " --dump-dom file://" + page.string() + " > " + dom.string() +
      " 2>/dev/null";
  if (std::system(command.c_str()) != 0) return {};
  return Workspace::read(dom);
}

}  // namespace

TEST_CASE("report.html: a CSP meta whose script hash is the SHA-256 of its one script") {
  freshcheck::report::RunReport report;
  report.started = "2026-12-02T04:17:00Z";
  const std::string html = freshcheck::report::to_html(report);
  const std::string policy =
      between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  REQUIRE_FALSE(policy.empty());
  CHECK(policy.rfind("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-", 0) == 0);
  CHECK(html.find("Content-Security-Policy") < html.find("<style>"));  // before what it governs
  // One script, inline.
  CHECK(html.find("<script") == html.rfind("<script"));
  const std::string script = between(html, "<script>", "</script>");
  REQUIRE_FALSE(script.empty());

  const fs::path file =
      fs::temp_directory_path() / ("freshcheck-csp-" + std::to_string(::getpid()) + ".js");
  std::ofstream(file, std::ios::binary) << script;
  const fs::path hash_file = file.string() + ".sha256";
  const std::string command =
      "python3 -c 'import base64, hashlib, sys; "
      "print(base64.b64encode(hashlib.sha256(open(sys.argv[1], \"rb\").read()).digest())"
      ".decode())' " +
      file.string() + " > " + hash_file.string();
  REQUIRE(std::system(command.c_str()) == 0);
  std::string expected = Workspace::read(hash_file);
  expected.erase(expected.find_last_not_of('\n') + 1);
  fs::remove(file);
  fs::remove(hash_file);
  CHECK(policy.find("script-src 'sha256-" + expected + "'") != std::string::npos);
}

TEST_CASE("Chromium runs report.html's script under its CSP, and not a changed one") {
  Workspace workspace;
  REQUIRE(workspace.check().exit_code == 0);
  workspace.set_page(
      contacts_page("217 115 999", "Dias úteis, das 8h00 às 20h00", "geral@aima.gov.pt"));
  REQUIRE(workspace.check().exit_code == 1);
  const fs::path page = workspace.dir() / "report" / "report.html";
  const std::string rendered = chromium_dom(page, workspace.dir() / "profile");
  CHECK(rendered.find("<span id=\"shown\">1 shown</span>") != std::string::npos);

  // The same page with one character of its script changed: the hash no longer matches.
  std::string html = Workspace::read(page);
  const auto at = html.find("+' shown'");
  REQUIRE(at != std::string::npos);
  html.replace(at, 9, "+' SHOWN'");
  const fs::path tampered = workspace.dir() / "report" / "tampered.html";
  std::ofstream(tampered, std::ios::binary) << html;
  const std::string blocked = chromium_dom(tampered, workspace.dir() / "profile");
  REQUIRE(blocked.find("phone_missing") != std::string::npos);  // the page itself rendered
  // Still valid JavaScript, which would print "1 SHOWN": Chromium refused to run it.
  CHECK(blocked.find("1 SHOWN") == std::string::npos);
  CHECK(blocked.find("<span id=\"shown\"></span>") != std::string::npos);
}
