#include "alert/github.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "alert/policy.hpp"
#include "alert/waiting.hpp"
#include "diff/bounds.hpp"
#include "http/headers.hpp"
#include "report/finding_markdown.hpp"
#include "report/markdown.hpp"
#include "url/url.hpp"
#include "util/text.hpp"

namespace freshcheck::alert {

using json = nlohmann::json;

namespace {

constexpr std::string_view k_marker_start = "<!-- freshcheck ";
constexpr std::string_view k_marker_end = " -->";
constexpr std::size_t k_max_body_code_points = 60'000;  // GitHub refuses bodies over 65,536
constexpr int k_max_pages = 100;                        // 10,000 open issues

std::string api_root(std::string_view api_url) {
  std::string root(util::trim(api_url));
  while (!root.empty() && root.back() == '/') root.pop_back();
  return root;
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool same_origin(const std::string& a, const std::string& b) {
  const auto left = url::split(a);
  const auto right = url::split(b);
  return left && right && left->scheme == right->scheme && left->host == right->host &&
         left->port == right->port;
}

// The URL of rel="next" in a Link header, if any.
std::optional<std::string> next_page(const HttpResponse& response) {
  const std::string link = http::header_value(response.headers, "link");
  for (std::string_view part : util::split(link, ',')) {
    const auto open = part.find('<');
    const auto close = part.find('>');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) continue;
    if (part.find("rel=\"next\"", close) != std::string_view::npos)
      return std::string(part.substr(open + 1, close - open - 1));
  }
  return std::nullopt;
}

struct OpenIssue {
  int number = 0;
  IssueMarker marker;
};

// The REST calls freshcheck makes, each with the advice a maintainer needs when it fails.
class GitHubIssues {
 public:
  GitHubIssues(const GitHubSettings& settings, const DeliveryOptions& options)
      : m_settings(settings),
        m_repo_url(fmt::format("{}/repos/{}", api_root(settings.api_url), settings.repository)),
        m_client(options,
                 {"Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
                  "User-Agent: freshcheck/" FRESHCHECK_VERSION,
                  "Authorization: Bearer " + settings.token},
                 {settings.token}) {}

  core::Result<std::vector<OpenIssue>> list_open() {
    std::vector<OpenIssue> issues;
    std::string next = fmt::format("{}/issues?labels={}&state=open&per_page=100", m_repo_url,
                                   url::encode_component(m_settings.label));
    for (int page = 1; page <= k_max_pages; ++page) {
      auto response = m_client.call({"GET", next, {}, ""},
                                    "listing the open issues labelled " + m_settings.label,
                                    ApiClient::Retry::always);
      if (!response) return core::fail(explain(response.error(), "list issues"));
      const auto items = json::parse(response->body, nullptr, false);
      if (!items.is_array())
        return core::fail(fmt::format(
            "listing issues in {}: the answer was not a JSON list; is GITHUB_API_URL ({}) the "
            "REST API root?",
            m_settings.repository, m_settings.api_url));
      for (const auto& item : items) {
        if (!item.is_object() || item.contains("pull_request")) continue;
        if (!item.contains("number") || !item["number"].is_number_integer()) continue;
        const auto& body = item.value("body", json());
        if (!body.is_string()) continue;
        if (auto marker = find_marker(body.get<std::string>()))
          issues.push_back({item["number"].get<int>(), std::move(*marker)});
      }
      const auto link = next_page(*response);
      if (!link) return issues;
      // The token goes only where the API lives.
      if (!same_origin(*link, m_settings.api_url))
        return core::fail(fmt::format(
            "listing issues in {}: the next page is on another host; not following it with the "
            "token. Check GITHUB_API_URL.",
            m_settings.repository));
      next = *link;
    }
    return core::fail(
        fmt::format("listing issues in {}: more than {} pages of open issues "
                    "labelled {}; close some, then rerun",
                    m_settings.repository, k_max_pages, m_settings.label));
  }

  // Creating an issue with a label that does not exist would either create it or, without
  // push access, drop it silently; then tomorrow's run would not find the issue. So the
  // label is made first, and the created issue is checked for it.
  core::Result<void> ensure_label() {
    const std::string label_url =
        fmt::format("{}/labels/{}", m_repo_url, url::encode_component(m_settings.label));
    auto found =
        m_client.call({"GET", label_url, {}, ""}, "looking up the label " + m_settings.label,
                      ApiClient::Retry::always);
    if (found) return {};
    if (found.error().status != 404) return core::fail(explain(found.error(), "read labels"));
    const json label = {{"name", m_settings.label},
                        {"color", "d93f0b"},
                        {"description", "A published fact changed at its source (freshcheck)"}};
    auto created =
        m_client.call({"POST", m_repo_url + "/labels", json_headers(), label.dump()},
                      "creating the label " + m_settings.label, ApiClient::Retry::always);
    // 422: it exists after all (another run made it in between).
    if (!created && created.error().status != 422)
      return core::fail(explain(created.error(), "create labels"));
    return {};
  }

  core::Result<int> create(const core::Finding& finding, const report::RunReport& report) {
    const json issue = {{"title", issue_title(finding)},
                        {"body", issue_body(finding, report, m_settings)},
                        {"labels", json::array({m_settings.label})}};
    const std::string description = "opening an issue for finding " + finding.id;
    for (int attempt = 1; attempt <= m_client.options().max_attempts; ++attempt) {
      auto created = m_client.call({"POST", m_repo_url + "/issues", json_headers(), issue.dump()},
                                   description, ApiClient::Retry::never_if_ambiguous);
      if (created) return created_number(*created, finding);
      if (!created.error().ambiguous) return core::fail(explain(created.error(), "create issues"));
      // The issue may exist now: look before creating it again.
      spdlog::warn("{}; checking whether the issue was created before trying again",
                   created.error().message);
      if (!m_client.back_off(m_client.options().retry_base * attempt))
        return core::fail(created.error().message + "; out of waiting time for this run");
      auto issues = list_open();
      if (!issues) return core::fail(std::move(issues).error());
      for (const auto& open : *issues)
        if (open.marker.finding == finding.id) return open.number;
    }
    return core::fail(fmt::format("{}: no answer after {} attempts; the next run will try again",
                                  description, m_client.options().max_attempts));
  }

  core::Result<void> update(int number, const core::Finding& finding,
                            const report::RunReport& report) {
    const json patch = {{"title", issue_title(finding)},
                        {"body", issue_body(finding, report, m_settings)}};
    auto updated = m_client.call(
        {"PATCH", fmt::format("{}/issues/{}", m_repo_url, number), json_headers(), patch.dump()},
        fmt::format("updating issue #{}", number), ApiClient::Retry::always);
    if (!updated) return core::fail(explain(updated.error(), "update issues"));
    return {};
  }

  core::Result<void> close(int number, const std::string& comment) {
    // Comment first: a close without its reason would leave people guessing.
    auto commented =
        m_client.call({"POST", fmt::format("{}/issues/{}/comments", m_repo_url, number),
                       json_headers(), json({{"body", comment}}).dump()},
                      fmt::format("commenting on issue #{}", number), ApiClient::Retry::always);
    if (!commented) return core::fail(explain(commented.error(), "comment on issues"));
    auto closed =
        m_client.call({"PATCH", fmt::format("{}/issues/{}", m_repo_url, number), json_headers(),
                       json({{"state", "closed"}, {"state_reason", "completed"}}).dump()},
                      fmt::format("closing issue #{}", number), ApiClient::Retry::always);
    if (!closed) return core::fail(explain(closed.error(), "close issues"));
    return {};
  }

 private:
  static std::vector<std::string> json_headers() { return {"Content-Type: application/json"}; }

  core::Result<int> created_number(const HttpResponse& response, const core::Finding& finding) {
    const auto issue = json::parse(response.body, nullptr, false);
    if (!issue.is_object() || !issue.contains("number") || !issue["number"].is_number_integer())
      return core::fail(
          fmt::format("opening an issue for finding {}: GitHub's answer had no issue "
                      "number; check the repository's issues by hand",
                      finding.id));
    const int number = issue["number"].get<int>();
    bool labelled = false;
    if (issue.contains("labels") && issue["labels"].is_array())
      for (const auto& label : issue["labels"])
        if ((label.is_object() && label.value("name", "") == m_settings.label) ||
            (label.is_string() && label.get<std::string>() == m_settings.label))
          labelled = true;
    if (!labelled)
      return core::fail(fmt::format(
          "issue #{} was opened without the label {}, so the next run could not find it and "
          "would open another: give the token push access (issues: write) to {}, add the label "
          "to #{} by hand, then rerun",
          number, m_settings.label, m_settings.repository, number));
    return number;
  }

  // A failed call, turned into what to do about it. Never mentions the token's value.
  core::Error explain(const ApiError& error, const std::string& action) const {
    const std::string& repo = m_settings.repository;
    if (!error.refused) return {error.message};  // it already says the next run retries
    switch (error.status) {
      case 401:
        return {
            fmt::format("{}. GitHub rejected the token (401): set GITHUB_TOKEN to a valid "
                        "token for {} (in Actions, pass secrets.GITHUB_TOKEN or a PAT)",
                        error.message, repo)};
      case 403:
        return {
            fmt::format("{}. The token may not {} in {} (403): grant it the issues: write "
                        "permission (workflow `permissions:`, or the PAT's scopes)",
                        error.message, action, repo)};
      case 404:
        return {
            fmt::format("{}. {} was not found, or the token cannot see it (404): check "
                        "GITHUB_REPOSITORY (owner/name) and GITHUB_API_URL",
                        error.message, repo)};
      case 410:
        return {
            fmt::format("{}. Issues are turned off in {} (410): enable them in the "
                        "repository settings, or use --alert webhook",
                        error.message, repo)};
      case 422:
        return {
            fmt::format("{}. GitHub refused the request as invalid (422); the details above "
                        "say which field. Report it to freshcheck's maintainers if it "
                        "repeats",
                        error.message)};
      default:
        if (error.status >= 300 && error.status < 400)
          return {
              fmt::format("{}. GitHub answered with a redirect, which is not followed with "
                          "the token: the repository may have been renamed or moved; "
                          "update GITHUB_REPOSITORY",
                          error.message)};
        return {
            fmt::format("{}. Report it to freshcheck's maintainers if it repeats", error.message)};
    }
  }

  const GitHubSettings& m_settings;
  std::string m_repo_url;
  ApiClient m_client;
};

std::string closing_comment(const IssueMarker& marker, const report::RunReport& report,
                            const GitHubSettings& settings) {
  std::string checked = marker.fact.empty()
                            ? fmt::format("source `{}`", marker.source)
                            : fmt::format("`{}` at `{}`", marker.fact, marker.source);
  std::string out;
  if (const auto* ignored = report::find_ignored(report, marker.finding))
    out = fmt::format(
        "The run of {} saw this change again, and `dataset/ignored.json` says not to alert on "
        "it{}: {}\n\nA different value at the same place is a new finding and opens a new "
        "issue. Closing.",
        report.started,
        ignored->until.empty() ? "" : fmt::format(" until {}", report::md_text(ignored->until)),
        report::md_text(ignored->reason));
  else
    out = fmt::format(
        "freshcheck no longer sees this change: the run of {} checked {} again and did not "
        "report finding `{}`. Either the source changed back, or the change was accepted "
        "(`freshcheck accept`) and the dataset updated. Closing.",
        report.started, checked, marker.finding);
  if (!settings.run_url.empty()) out += fmt::format("\n\nRun: {}", settings.run_url);
  return out;
}

// The one summary issue of the findings that wait for an issue of their own: opened, or
// refreshed when its list changed.
core::Result<void> sync_waiting_issue(
    GitHubIssues& github, const std::map<std::string, std::vector<OpenIssue>>& open_by_finding,
    const core::Finding& waiting, const report::RunReport& report, GitHubSummary& summary) {
  const auto open = open_by_finding.find(waiting.id);
  if (open == open_by_finding.end()) {
    FC_TRY(github.ensure_label());
    auto number = github.create(waiting, report);
    if (!number) return core::fail(std::move(number).error());
    spdlog::info("opened issue #{} listing the changes that wait for an issue", *number);
    summary.opened.push_back(*number);
    return {};
  }
  const OpenIssue& issue = open->second.front();
  if (issue.marker.evidence == evidence_digest(waiting)) {
    summary.unchanged.push_back(issue.number);
    return {};
  }
  FC_TRY(github.update(issue.number, waiting, report));
  summary.updated.push_back(issue.number);
  return {};
}

}  // namespace

core::Result<void> validate(const GitHubSettings& settings) {
  if (settings.token.empty())
    return core::fail(
        "--alert github needs GITHUB_TOKEN: a token that may write issues (in GitHub Actions, "
        "`env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` with `permissions: issues: write`)");
  const auto slash = settings.repository.find('/');
  if (settings.repository.empty() || slash == std::string::npos || slash == 0 ||
      slash + 1 == settings.repository.size() ||
      settings.repository.find('/', slash + 1) != std::string::npos)
    return core::fail(fmt::format(
        "--alert github needs GITHUB_REPOSITORY as owner/name (got \"{}\"); GitHub Actions "
        "sets it",
        settings.repository));
  if (settings.label.empty()) return core::fail("--alert github needs a label name");
  const auto parts = url::split(settings.api_url);
  if (!parts || (parts->scheme != "https" && parts->scheme != "http"))
    return core::fail(
        fmt::format("GITHUB_API_URL \"{}\" is not an http(s) URL; leave it unset for github.com",
                    settings.api_url));
  if (parts->scheme == "http" && !is_loopback_host(parts->host))
    return core::fail(fmt::format(
        "GITHUB_API_URL {} is plain http: the token would cross the network unencrypted; use "
        "https",
        settings.api_url));
  return {};
}

namespace {

// A marker value percent-encoded outside a small safe set: no space (fields are split on
// spaces), and no "<", ">" or "-->" that could end the hidden comment and let the rest of a
// value render.
std::string marker_field(std::string_view value) {
  std::string out;
  for (char c : value) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
    out += safe ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

std::string to_comment(const IssueMarker& marker) {
  return fmt::format("{}finding={} source={} fact={} evidence={}{}", k_marker_start,
                     marker_field(marker.finding), marker_field(marker.source),
                     marker_field(marker.fact), marker_field(marker.evidence), k_marker_end);
}

std::optional<IssueMarker> find_marker(std::string_view issue_body) {
  const auto start = issue_body.find(k_marker_start);
  if (start == std::string_view::npos) return std::nullopt;
  const auto from = start + k_marker_start.size();
  const auto end = issue_body.find(k_marker_end, from);
  if (end == std::string_view::npos) return std::nullopt;
  IssueMarker marker;
  for (std::string_view field : util::split(issue_body.substr(from, end - from), ' ')) {
    const auto equals = field.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = field.substr(0, equals);
    const std::string value = util::percent_decode(field.substr(equals + 1));
    if (key == "finding") marker.finding = value;
    if (key == "source") marker.source = value;
    if (key == "fact") marker.fact = value;
    if (key == "evidence") marker.evidence = value;
  }
  if (marker.finding.empty() || marker.source.empty()) return std::nullopt;
  return marker;
}

std::string issue_title(const core::Finding& finding) {
  return util::ellipsize(fmt::format("freshcheck: {}", util::collapse_space(finding.message)), 200);
}

std::string issue_body(const core::Finding& finding, const report::RunReport& report,
                       const GitHubSettings& settings) {
  // Everything that comes from a page, a header or a URL goes through report/markdown: an
  // issue body is rendered by GitHub, where page text must not become a link, an image, a
  // mention or a reference to another issue.
  std::string body = report::md_finding(finding, report::FindingLayout::issue);
  body += fmt::format("<sub>freshcheck {} · run {}{} · finding {}</sub>\n", FRESHCHECK_VERSION,
                      report::md_html_text(report.started),
                      settings.run_url.empty() ? "" : " · [CI run](" + settings.run_url + ")",
                      report::md_code(finding.id));
  body = util::ellipsize(body, k_max_body_code_points);
  body += "\n" + to_comment({finding.id, finding.source, finding.fact, evidence_digest(finding)}) +
          "\n";
  return body;
}

core::Result<GitHubSummary> sync_github_issues(const report::RunReport& report,
                                               core::Severity threshold,
                                               const GitHubSettings& settings,
                                               const DeliveryOptions& options) {
  FC_TRY(validate(settings));
  GitHubIssues github(settings, options);
  auto open_issues = github.list_open();
  if (!open_issues) return core::fail(std::move(open_issues).error());
  std::map<std::string, std::vector<OpenIssue>> open_by_finding;
  for (const auto& issue : *open_issues) open_by_finding[issue.marker.finding].push_back(issue);
  for (auto& [id, issues] : open_by_finding)
    std::sort(issues.begin(), issues.end(),
              [](const OpenIssue& a, const OpenIssue& b) { return a.number < b.number; });

  GitHubSummary summary;
  std::set<std::string> reported, alerted;
  std::vector<const core::Finding*> waiting;  // past this run's budget of new issues
  bool label_ready = false;
  for (const auto& finding : report.findings) {
    reported.insert(finding.id);
    if (!should_alert(finding, threshold) || !alerted.insert(finding.id).second) continue;
    const auto open = open_by_finding.find(finding.id);
    if (open == open_by_finding.end() && summary.opened.size() >= settings.max_new_issues) {
      waiting.push_back(&finding);
      continue;
    }
    if (open == open_by_finding.end()) {
      if (!label_ready) {
        FC_TRY(github.ensure_label());
        label_ready = true;
      }
      auto number = github.create(finding, report);
      if (!number) return core::fail(std::move(number).error());
      spdlog::info("opened issue #{} for {}", *number, finding.id);
      summary.opened.push_back(*number);
      continue;
    }
    const OpenIssue& issue = open->second.front();  // duplicates: the oldest one is kept current
    if (issue.marker.evidence == evidence_digest(finding)) {
      summary.unchanged.push_back(issue.number);
      continue;
    }
    FC_TRY(github.update(issue.number, finding, report));
    spdlog::info("updated issue #{}: the evidence for {} changed", issue.number, finding.id);
    summary.updated.push_back(issue.number);
  }
  if (!waiting.empty()) {
    FC_TRY(sync_waiting_issue(github, open_by_finding,
                              waiting_finding(waiting, settings.max_new_issues), report, summary));
    reported.insert(waiting_finding_id());
  }

  for (const auto& [id, issues] : open_by_finding) {
    // Still reported (below the threshold, or pending again), or not looked at this run:
    // the change is not known to be gone.
    if (reported.count(id)) continue;
    const IssueMarker& marker = issues.front().marker;
    const bool waiting_issue = id == waiting_finding_id();  // nothing waits any more
    if (!waiting_issue && !was_checked_again(report, marker.source, marker.fact)) continue;
    // One of the findings a bounded report summarised ("and 3,412 more") may be this one.
    if (diff::has_overflow(report.findings, marker.source, id)) continue;
    for (const auto& issue : issues) {
      FC_TRY(github.close(issue.number, closing_comment(marker, report, settings)));
      spdlog::info("closed issue #{}: {} is no longer seen", issue.number, id);
      summary.closed.push_back(issue.number);
    }
  }
  return summary;
}

}  // namespace freshcheck::alert
