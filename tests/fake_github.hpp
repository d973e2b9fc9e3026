#pragma once
// A fake GitHub REST API on 127.0.0.1 for alert tests: a real HTTP server that keeps one
// repository's issues, comments and labels in memory, checks the token like GitHub does
// (401 "Bad credentials"), paginates with Link headers, and records every request. Faults
// are queued per method and path: a canned answer instead of the real one, or after it
// (the request took effect, the client still sees an error: the ambiguous case).

#include <httplib.h>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_servers.hpp"

namespace freshcheck::testing {

class FakeGitHub {
 public:
  struct Request {
    std::string method;
    std::string target;  // path and query as sent
    std::string authorization;
    std::string user_agent;
    std::string body;
    std::chrono::steady_clock::time_point at;
  };
  struct Issue {
    int number = 0;
    std::string title;
    std::string body;
    std::string state = "open";
    std::vector<std::string> labels;
    std::vector<std::string> comments;
    bool pull_request = false;
    std::string head{};  // pull requests: the branch proposed, and the one it goes to
    std::string base{};
  };
  struct Canned {
    int status = 500;
    std::map<std::string, std::string> headers;
    std::string body = R"({"message":"Server Error"})";
    bool after_processing = false;  // do the work, then answer with this
  };

  explicit FakeGitHub(std::string token, std::string repository = "aima-guides/guia")
      : m_token(std::move(token)), m_repository(std::move(repository)) {
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      dispatch(request, response);
    };
    m_server.routes().Get(".*", handler);
    m_server.routes().Post(".*", handler);
    m_server.routes().Patch(".*", handler);
  }

  std::string api_url() const { return m_server.url(""); }
  const std::string& repository() const { return m_repository; }

  // The next request with this method whose path starts with `path_prefix` gets `canned`.
  void fail_next(const std::string& method, const std::string& path_prefix, Canned canned) {
    std::lock_guard lock(m_mutex);
    m_faults.push_back({method, path_prefix, std::move(canned)});
  }

  void add_issue(Issue issue) {
    std::lock_guard lock(m_mutex);
    issue.number = next_number();
    m_issues.push_back(std::move(issue));
  }
  void add_label(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_labels.push_back(name);
  }
  // A token without push access: GitHub drops labels from new issues without a word.
  void drop_labels_on_create() {
    std::lock_guard lock(m_mutex);
    m_drop_labels = true;
  }

  std::vector<Issue> issues() const {
    std::lock_guard lock(m_mutex);
    std::vector<Issue> out;
    for (const auto& issue : m_issues)
      if (!issue.pull_request) out.push_back(issue);
    return out;
  }
  std::vector<Issue> pulls() const {
    std::lock_guard lock(m_mutex);
    std::vector<Issue> out;
    for (const auto& issue : m_issues)
      if (issue.pull_request) out.push_back(issue);
    return out;
  }
  std::vector<Issue> open_issues() const {
    auto all = issues();
    all.erase(std::remove_if(all.begin(), all.end(),
                             [](const Issue& issue) { return issue.state != "open"; }),
              all.end());
    return all;
  }
  std::vector<Request> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  std::size_t count(const std::string& method, const std::string& path_prefix = "") const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(
        std::count_if(m_requests.begin(), m_requests.end(), [&](const Request& r) {
          return r.method == method && r.target.rfind(path_prefix, 0) == 0;
        }));
  }
  std::size_t writes() const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(
        m_requests.begin(), m_requests.end(), [](const Request& r) { return r.method != "GET"; }));
  }
  void clear_requests() {
    std::lock_guard lock(m_mutex);
    m_requests.clear();
  }

 private:
  using json = nlohmann::json;
  struct Fault {
    std::string method;
    std::string prefix;
    Canned canned;
  };

  int next_number() { return static_cast<int>(m_issues.size()) + 1; }

  static void send_json(httplib::Response& response, int status, const json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json; charset=utf-8");
  }

  json issue_json(const Issue& issue) const {
    json labels = json::array();
    for (const auto& label : issue.labels) labels.push_back({{"name", label}});
    json out = {{"number", issue.number}, {"title", issue.title},
                {"body", issue.body},     {"state", issue.state},
                {"labels", labels},       {"comments", issue.comments.size()}};
    if (issue.pull_request) out["pull_request"] = {{"url", "https://example.invalid/pull/1"}};
    return out;
  }

  void dispatch(const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock(m_mutex);
    std::string target = request.path;
    if (!request.params.empty()) {
      std::string query;
      for (const auto& [key, value] : request.params)
        query += (query.empty() ? "?" : "&") + key + "=" + value;
      target += query;
    }
    m_requests.push_back({request.method, target, request.get_header_value("Authorization"),
                          request.get_header_value("User-Agent"), request.body,
                          std::chrono::steady_clock::now()});

    std::optional<Canned> canned;
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it)
      if (it->method == request.method && request.path.rfind(it->prefix, 0) == 0) {
        canned = it->canned;
        m_faults.erase(it);
        break;
      }
    if (canned && !canned->after_processing) return answer(*canned, response);

    if (request.get_header_value("Authorization") != "Bearer " + m_token) {
      send_json(response, 401, {{"message", "Bad credentials"}});
    } else {
      route(request, response);
    }
    if (canned) answer(*canned, response);
  }

  static void answer(const Canned& canned, httplib::Response& response) {
    response.status = canned.status;
    response.headers.clear();
    for (const auto& [name, value] : canned.headers) response.set_header(name, value);
    response.set_content(canned.body, "application/json");
  }

  void route(const httplib::Request& request, httplib::Response& response) {
    const std::string repo_prefix = "/repos/" + m_repository;
    if (request.path.rfind(repo_prefix + "/", 0) != 0)
      return send_json(response, 404, {{"message", "Not Found"}});
    const std::string rest = request.path.substr(repo_prefix.size());
    if (rest == "/issues" && request.method == "GET") return list(request, response);
    if (rest == "/issues" && request.method == "POST") return create(request, response);
    if (rest == "/pulls" && request.method == "GET") return list_pulls(request, response);
    if (rest == "/pulls" && request.method == "POST") return create_pull(request, response);
    if (rest.rfind("/labels/", 0) == 0 && request.method == "GET") {
      const std::string name = rest.substr(8);
      if (std::find(m_labels.begin(), m_labels.end(), name) == m_labels.end())
        return send_json(response, 404, {{"message", "Not Found"}});
      return send_json(response, 200, {{"name", name}});
    }
    if (rest == "/labels" && request.method == "POST") {
      const auto body = json::parse(request.body);
      const std::string name = body.at("name");
      if (std::find(m_labels.begin(), m_labels.end(), name) != m_labels.end())
        return send_json(response, 422, {{"message", "Validation Failed"}});
      m_labels.push_back(name);
      return send_json(response, 201, {{"name", name}});
    }
    if (rest.rfind("/issues/", 0) == 0) {
      const std::string tail = rest.substr(8);
      const int number = std::atoi(tail.c_str());
      auto issue = std::find_if(m_issues.begin(), m_issues.end(),
                                [&](const Issue& i) { return i.number == number; });
      if (issue == m_issues.end()) return send_json(response, 404, {{"message", "Not Found"}});
      if (tail.find("/comments") != std::string::npos && request.method == "POST") {
        issue->comments.push_back(json::parse(request.body).at("body"));
        return send_json(response, 201, {{"body", issue->comments.back()}});
      }
      if (request.method == "PATCH") {
        const auto body = json::parse(request.body);
        if (body.contains("title")) issue->title = body["title"];
        if (body.contains("body")) issue->body = body["body"];
        if (body.contains("state")) issue->state = body["state"];
        return send_json(response, 200, issue_json(*issue));
      }
    }
    send_json(response, 404, {{"message", "Not Found"}});
  }

  void list(const httplib::Request& request, httplib::Response& response) {
    const std::string state =
        request.has_param("state") ? request.get_param_value("state") : "open";
    const std::string label = request.get_param_value("labels");
    const int per_page = std::clamp(
        request.has_param("per_page") ? std::stoi(request.get_param_value("per_page")) : 30, 1,
        100);
    const int page = request.has_param("page") ? std::stoi(request.get_param_value("page")) : 1;
    std::vector<const Issue*> matching;
    for (auto it = m_issues.rbegin(); it != m_issues.rend(); ++it)  // newest first
      if ((state == "all" || it->state == state) &&
          (label.empty() ||
           std::find(it->labels.begin(), it->labels.end(), label) != it->labels.end()))
        matching.push_back(&*it);
    json items = json::array();
    const std::size_t first = static_cast<std::size_t>((page - 1) * per_page);
    for (std::size_t i = first; i < matching.size() && i < first + per_page; ++i)
      items.push_back(issue_json(*matching[i]));
    const int last = std::max(1, static_cast<int>((matching.size() + per_page - 1) / per_page));
    if (page < last) {
      const auto link = [&](int n) {
        return m_server.url("/repos/" + m_repository + "/issues?labels=" + label +
                            "&state=" + state + "&per_page=" + std::to_string(per_page) +
                            "&page=" + std::to_string(n));
      };
      response.set_header(
          "Link", "<" + link(page + 1) + ">; rel=\"next\", <" + link(last) + ">; rel=\"last\"");
    }
    send_json(response, 200, items);
  }

  json pull_json(const Issue& pull) const {
    return {{"number", pull.number},
            {"title", pull.title},
            {"body", pull.body},
            {"state", pull.state},
            {"html_url",
             "https://github.example/" + m_repository + "/pull/" + std::to_string(pull.number)},
            {"head", {{"ref", pull.head}}},
            {"base", {{"ref", pull.base}}}};
  }

  // GET /pulls?state=open&head=OWNER:BRANCH, as GitHub filters it.
  void list_pulls(const httplib::Request& request, httplib::Response& response) {
    const std::string state =
        request.has_param("state") ? request.get_param_value("state") : "open";
    const std::string head = request.get_param_value("head");
    const std::string owner = m_repository.substr(0, m_repository.find('/'));
    json items = json::array();
    for (const auto& issue : m_issues)
      if (issue.pull_request && (state == "all" || issue.state == state) &&
          (head.empty() || head == owner + ":" + issue.head))
        items.push_back(pull_json(issue));
    send_json(response, 200, items);
  }

  void create_pull(const httplib::Request& request, httplib::Response& response) {
    const auto body = json::parse(request.body);
    for (const char* field : {"title", "head", "base"})
      if (!body.contains(field) || !body[field].is_string() ||
          body[field].get<std::string>().empty())
        return send_json(
            response, 422,
            {{"message", "Validation Failed"},
             {"errors",
              {{{"resource", "PullRequest"}, {"code", "missing_field"}, {"field", field}}}}});
    for (const auto& issue : m_issues)
      if (issue.pull_request && issue.state == "open" && issue.head == body["head"])
        return send_json(response, 422, {{"message", "A pull request already exists"}});
    Issue pull;
    pull.number = next_number();
    pull.title = body["title"];
    pull.body = body.value("body", "");
    pull.pull_request = true;
    pull.head = body["head"];
    pull.base = body["base"];
    m_issues.push_back(pull);
    send_json(response, 201, pull_json(pull));
  }

  void create(const httplib::Request& request, httplib::Response& response) {
    const auto body = json::parse(request.body);
    if (!body.contains("title") || !body["title"].is_string() ||
        body["title"].get<std::string>().empty())
      return send_json(
          response, 422,
          {{"message", "Validation Failed"},
           {"errors", {{{"resource", "Issue"}, {"code", "missing_field"}, {"field", "title"}}}}});
    Issue issue;
    issue.number = next_number();
    issue.title = body["title"];
    issue.body = body.value("body", "");
    if (!m_drop_labels && body.contains("labels"))
      for (const auto& label : body["labels"]) {
        issue.labels.push_back(label);
        if (std::find(m_labels.begin(), m_labels.end(), label) == m_labels.end())
          m_labels.push_back(label);
      }
    m_issues.push_back(issue);
    send_json(response, 201, issue_json(issue));
  }

  HttpServer m_server;
  std::string m_token;
  std::string m_repository;
  mutable std::mutex m_mutex;
  std::vector<Issue> m_issues;
  std::vector<std::string> m_labels;
  std::deque<Fault> m_faults;
  std::vector<Request> m_requests;
  bool m_drop_labels = false;
};

}  // namespace freshcheck::testing
