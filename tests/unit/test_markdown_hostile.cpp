// Page text, header values and URLs written into report.md and GitHub issue bodies stay text
// when GitHub renders them: a corpus of hostile strings, each put into every field of a
// finding, rendered with cmark-gfm (GitHub's own Markdown library) with GitHub's extensions.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "alert/github.hpp"
#include "report/markdown.hpp"
#include "report/report.hpp"
#include "support.hpp"

namespace fc = freshcheck;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_hostile = {
    "`x` <img src=x onerror=alert(1)> @someone #123",
    "``` \n<script>alert(1)</script>\n```",
    "`` `double` `` and a ``` fence",
    "</summary></details><b>bold</b><a href=\"https://evil.example/\">click</a>",
    "[click](https://evil.example/) ![img](https://evil.example/i.png)",
    "https://evil.example/path and www.evil.example and geral@evil.example",
    "| cell | break |\n|---|---|\n| a | b |",
    "<!-- hidden --> &lt;escaped&gt; &amp; <details open>",
    "* list\n# heading\n> quote\n1. ordered",
    "@here @channel cc @org/team fixes #1 GH-2 owner/repo#3",
    "Location: https://x.example/\x1b[2J\x1b]0;title\x07",
    "\\`backslash\\` \\@x \\#4",
};

std::string render(const std::string& markdown) {
  const fs::path dir = fs::temp_directory_path() / ("freshcheck-md-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "in.md", out = dir / "out.html";
  std::ofstream(in) << markdown;
  const std::string command =
      "cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter " + in.string() +
      " > " + out.string();
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream rendered(out);
  std::stringstream text;
  text << rendered.rdbuf();
  fs::remove_all(dir);
  return text.str();
}

// What GitHub would turn into a live element, a link, a mention or a cross-reference.
void check_inert(const std::string& html) {
  INFO(html);
  for (const char* element : {"<img", "<script", "<b>", "<a ", "<h1", "<blockquote", "<ol", "<em>",
                              "<!--", "<details open", "\x1b"})
    CHECK_MESSAGE(html.find(element) == std::string::npos, "found " << element);
  // Outside code, "@name" and "#123" must not stand as such (GitHub links them).
  const std::string outside_code =
      std::regex_replace(html, std::regex("<code[^>]*>[^<]*</code>"), "");
  CHECK_FALSE(std::regex_search(outside_code, std::regex("@[A-Za-z0-9]")));
  CHECK_FALSE(std::regex_search(outside_code, std::regex("(^|[^&])#[0-9]")));
}

fc::core::Finding hostile_finding(const std::string& text) {
  fc::core::Finding finding;
  finding.id = "content_changed-0123456789ab";
  finding.kind = fc::core::FindingKind::content_changed;
  finding.source = "aima-contactos";
  finding.fact = text;
  finding.published = text;
  finding.observed = text;
  finding.message = text;
  finding.evidence.url = text;
  finding.evidence.snippet = text;
  finding.evidence.before = text;
  finding.evidence.fetched_at = "2026-12-02T04:17:00Z";
  finding.evidence.detail = text;
  return finding;
}

}  // namespace

TEST_CASE("hostile text stays text in report.md and in a GitHub issue body") {
  for (const std::string& text : k_hostile) {
    CAPTURE(text);
    fc::report::RunReport run;
    run.started = "2026-12-02T04:17:00Z";
    run.finished = "2026-12-02T04:18:00Z";
    run.findings.push_back(hostile_finding(text));
    check_inert(render(fc::report::to_markdown(run)));
    // The issue body ends with freshcheck's hidden marker: it must stay one comment, and what
    // comes before it is checked like report.md.
    const std::string body = fc::alert::issue_body(run.findings.front(), run, {});
    const auto marker = body.rfind("<!-- freshcheck ");
    REQUIRE(marker != std::string::npos);
    const std::string comment = body.substr(marker);
    CHECK(comment.find("-->") == comment.size() - 4);  // "-->\n": the comment's own end only
    CHECK(comment.find_first_of("<>", 4) == comment.size() - 2);
    const auto decoded = fc::alert::find_marker(body);
    REQUIRE(decoded.has_value());
    CHECK(decoded->fact == text);
    check_inert(render(body.substr(0, marker)));
  }
}

TEST_CASE("markdown helpers: code spans and blocks hold any backticks, prose keeps its words") {
  using namespace fc::report;
  CHECK(md_code("a`b") == "``a`b``");
  CHECK(md_code("`x`") == "`` `x` ``");
  CHECK(md_code_block("``` x", "diff") == "````diff\n``` x\n````\n");
  CHECK(render(md_text("9h-17h (dias úteis)")) == "<p>9h-17h (dias úteis)</p>\n");
  CHECK(render(md_code("a | `b`")).find("<code>a | `b`</code>") != std::string::npos);
}
