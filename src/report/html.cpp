#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/notes.hpp"
#include "report/report.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace freshcheck::report {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto start = text.find_first_not_of(" \n", i);
    if (start == std::string_view::npos) break;
    const auto end = text.find_first_of(" \n", start);
    out.emplace_back(
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    i = end == std::string_view::npos ? text.size() : end;
  }
  return out;
}

std::string marked(std::string_view side, std::string_view other) {
  return mark_words(side, other, "<mark>", "</mark>", util::markup_escape);
}

constexpr const char* k_style = R"(
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem} .summary span{display:inline-block;margin-right:1rem}
.filters button{margin-right:.4rem;padding:.3rem .8rem;border:1px solid #8a939d;border-radius:1rem;background:#fff;cursor:pointer}
.filters button.off{opacity:.4}
.finding{border:1px solid #d0d7de;border-left:6px solid #8a939d;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.finding.critical{border-left-color:#cf222e}.finding.warning{border-left-color:#bf8700}.finding.info{border-left-color:#0969da}
.finding.hidden{display:none} .kind{font-weight:600} .meta{color:#57606a;font-size:.85rem}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-top:.6rem}
.sides div{background:#f6f8fa;padding:.5rem;border-radius:4px;white-space:pre-wrap}
.sides h3{font-size:.8rem;margin:0 0 .3rem;color:#57606a} mark{background:#ffd8b5}
pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;overflow-wrap:anywhere}
.sides div{overflow-wrap:anywhere} .facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.4rem 0}
.facts dt{color:#57606a} .facts dd{margin:0} .changes{padding-left:1.2rem} table{border-collapse:collapse} td,th{border:1px solid #d0d7de;padding:.2rem .6rem}
.lost{border-left:6px solid #bf8700;background:#fff8c5;padding:.5rem .8rem}
)";

constexpr const char* k_script = R"(
const buttons=document.querySelectorAll('.filters button');
function apply(){const on=[...buttons].filter(b=>!b.classList.contains('off')).map(b=>b.dataset.severity);
 let shown=0;document.querySelectorAll('.finding').forEach(f=>{const v=on.includes(f.dataset.severity);
 f.classList.toggle('hidden',!v);if(v)shown++;});document.getElementById('shown').textContent=shown+' shown';}
buttons.forEach(b=>b.addEventListener('click',()=>{b.classList.toggle('off');apply();}));apply();
)";

// The finding's fact, published value, what is seen now and what to do, for one glance.
std::string fact_lines(const core::Finding& f) {
  std::string now = f.observed.value_or("—");
  if (f.observed_hours) now += " (hours " + *f.observed_hours + ")";
  std::string out = "<dl class=\"facts\">";
  out += fmt::format("<dt>fact</dt><dd><code>{}</code></dd>",
                     util::markup_escape(f.fact.empty() ? "—" : f.fact));
  out += fmt::format("<dt>published</dt><dd><code>{}</code></dd>",
                     util::markup_escape(f.published.value_or("—")));
  out += fmt::format("<dt>now</dt><dd><code>{}</code></dd>", util::markup_escape(now));
  out += fmt::format("<dt>to do</dt><dd class=\"todo\">{}</dd></dl>",
                     util::markup_escape(what_to_do(f)));
  return out;
}

// A content change block by block: an edit side by side with its changed words marked.
std::string change_list(const std::vector<core::BlockChange>& changes) {
  std::string out = "<ol class=\"changes\">";
  for (const auto& change : changes) {
    if (change.before.empty())
      out += "<li><div class=\"sides\"><div><h3>added</h3>" + util::markup_escape(change.after) +
             "</div></div></li>";
    else if (change.after.empty())
      out += "<li><div class=\"sides\"><div><h3>removed</h3>" + util::markup_escape(change.before) +
             "</div></div></li>";
    else
      out += fmt::format(
          "<li><div "
          "class=\"sides\"><div><h3>before</h3>{}</div><div><h3>now</h3>{}</div></div></li>",
          marked(change.before, change.after), marked(change.after, change.before));
  }
  return out + "</ol>";
}

// What the page may do: its own inline style, and its one script, named by its hash, and
// nothing else (no other script, no fetch, no image, no frame, no form), so that text
// from a page that slipped past the escaping still could not run or call out.
std::string content_security_policy() {
  return fmt::format(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'; base-uri 'none'; "
      "form-action 'none'",
      util::sha256_base64(k_script));
}

}  // namespace

std::string mark_words(std::string_view side, std::string_view other, std::string_view open,
                       std::string_view close, std::string (*escape_word)(std::string_view)) {
  const auto a = words(side);
  const auto b = words(other);
  if (a.size() > 400 || b.size() > 400) return escape_word(side);
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  for (std::size_t i = 0, j = 0; i < a.size();) {
    if (j < b.size() && a[i] == b[j]) {
      out += (out.empty() ? "" : " ") + escape_word(a[i]);
      ++i;
      ++j;
    } else if (j < b.size() && lcs[i][j + 1] >= lcs[i + 1][j]) {
      ++j;  // a word only the other side has
    } else {
      out += (out.empty() ? "" : " ") + std::string(open) + escape_word(a[i]) + std::string(close);
      ++i;
    }
  }
  return out;
}

std::string to_html(const RunReport& report) {
  std::map<std::string, int> counts;
  for (const auto& finding : report.findings) ++counts[core::to_string(finding.severity)];
  std::string out =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"" +
      content_security_policy() + "\"><title>freshcheck report</title><style>";
  out += k_style;
  out += "</style></head><body><h1>freshcheck report</h1>";
  out += fmt::format(
      "<p class=\"summary\"><span><b>{}</b> findings</span><span>{} critical</span><span>{} "
      "warning</span>"
      "<span>{} info</span><span>{} sources</span><span>run {}</span> <span "
      "id=\"shown\"></span></p>",
      report.findings.size(), counts["critical"], counts["warning"], counts["info"],
      report.sources.size(), util::markup_escape(report.started));
  for (const auto& source : report.sources)
    if (!source.baseline_lost.empty())
      out += "<p class=\"lost\">" + util::markup_escape(baseline_note(source)) + "</p>";
  out += "<p class=\"filters\">";
  for (const char* severity : {"critical", "warning", "info"})
    out += fmt::format("<button type=\"button\" data-severity=\"{0}\">{0}</button>", severity);
  out += "</p>";
  for (const auto& f : report.findings) {
    out += fmt::format(
        "<section class=\"finding {0}\" data-severity=\"{0}\" id=\"{1}\"><div><span "
        "class=\"kind\">{2}</span> "
        "· {0} · {3}</div><p>{4}</p>",
        core::to_string(f.severity), util::markup_escape(f.id),
        util::markup_escape(core::to_string(f.kind)), util::markup_escape(f.source),
        util::markup_escape(f.message));
    out += fact_lines(f);
    if (!f.evidence.changes.empty())
      out += change_list(f.evidence.changes);
    else if (!f.evidence.before.empty())
      out += fmt::format(
          "<div class=\"sides\"><div><h3>before</h3>{}</div><div><h3>now</h3>{}</div></div>",
          marked(f.evidence.before, f.evidence.snippet),
          marked(f.evidence.snippet, f.evidence.before));
    else if (!f.evidence.snippet.empty())
      out += fmt::format("<div class=\"sides\"><div><h3>seen in</h3>{}</div></div>",
                         util::markup_escape(f.evidence.snippet));
    if (!f.evidence.detail.empty() && f.evidence.changes.empty())
      out += "<pre>" + util::markup_escape(f.evidence.detail) + "</pre>";
    out += fmt::format(
        "<p class=\"meta\"><a href=\"{0}\">{0}</a> · fetched {1} · <code>{2}</code></p></section>",
        util::markup_escape(f.evidence.url), util::markup_escape(f.evidence.fetched_at),
        util::markup_escape(f.id));
  }
  out += "<h2>Sources</h2><table><tr><th>source</th><th>status</th><th>HTTP</th><th>note</th></tr>";
  for (const auto& s : report.sources)
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                       util::markup_escape(s.id), to_string(s.status), s.http_status,
                       util::markup_escape(s.error));
  out += "</table><script>";
  out += k_script;
  out += "</script></body></html>\n";
  return out;
}

std::string to_junit(const RunReport& report) {
  std::map<std::string, std::vector<std::pair<std::string, const core::Finding*>>> suites;
  for (const auto& source : report.sources) suites[source.id].push_back({"fetch", nullptr});
  for (const auto& check : report.checks) suites[check.source].push_back({check.fact, nullptr});
  for (const auto& finding : report.findings) {
    auto& cases = suites[finding.source];
    const std::string name =
        finding.fact.empty()
            ? (core::is_fetch_finding(finding) ? "fetch"
                                               : std::string(core::to_string(finding.kind)))
            : finding.fact;
    auto found = std::find_if(cases.begin(), cases.end(),
                              [&](const auto& c) { return c.first == name && !c.second; });
    if (found != cases.end())
      found->second = &finding;
    else
      cases.push_back({name, &finding});
  }
  std::size_t tests = 0, failures = 0;
  std::string body;
  for (const auto& [suite, cases] : suites) {
    std::size_t suite_failures = 0;
    std::string suite_body;
    for (const auto& [name, finding] : cases) {
      suite_body += fmt::format("    <testcase classname=\"{}\" name=\"{}\"",
                                util::markup_escape(suite), util::markup_escape(name));
      if (finding && finding->severity != core::Severity::info) {
        ++suite_failures;
        suite_body += fmt::format(
            ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            util::markup_escape(core::to_string(finding->kind)),
            util::markup_escape(finding->message), util::markup_escape(finding->evidence.url));
      } else {
        suite_body += "/>\n";
      }
    }
    tests += cases.size();
    failures += suite_failures;
    body +=
        fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n{}  </testsuite>\n",
                    util::markup_escape(suite), cases.size(), suite_failures, suite_body);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"freshcheck\" tests=\"{}\" "
      "failures=\"{}\">\n{}</testsuites>\n",
      tests, failures, body);
}

}  // namespace freshcheck::report
