#include "links/checker.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <sstream>

#include "fetch/fetcher.hpp"
#include "http/headers.hpp"
#include "links/collect.hpp"
#include "links/verdict.hpp"
#include "url/url.hpp"
#include "util/file.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::links {

core::Result<Exclusions> Exclusions::compile(const std::vector<std::string>& patterns) {
  Exclusions exclusions;
  for (const std::string& pattern : patterns) {
    auto compiled = std::make_shared<const re2::RE2>(pattern, util::regex_options());
    if (!compiled->ok())
      return core::fail(fmt::format("--exclude {}: {}", pattern, compiled->error()));
    exclusions.m_patterns.push_back(std::move(compiled));
  }
  return exclusions;
}

const std::string* Exclusions::match(const std::string& url) const {
  for (const auto& pattern : m_patterns)
    if (re2::RE2::PartialMatch(url, *pattern)) return &pattern->pattern();
  return nullptr;
}

std::vector<std::string> parse_ignore_file(std::string_view text) {
  std::vector<std::string> patterns;
  for (const std::string_view line : util::split(text, '\n'))
    if (!line.empty() && line.front() != '#') patterns.emplace_back(line);
  return patterns;
}

namespace {

// A link to fetch: one request per URL without its fragment.
struct PendingFetch {
  std::size_t request = 0;
  std::size_t result = 0;
};

// What the fetch stage is given, and where each answer goes.
struct Plan {
  std::vector<LinkResult> results;
  std::vector<fetch::FetchRequest> requests;
  std::vector<PendingFetch> pending;
};

struct Grouped {
  std::vector<LinkResult> results;
  std::vector<std::vector<std::string>> tel_texts;  // per result: a tel: link's texts
};

// One result per URL; a tel: link once per number shown in its text too, so that a
// mismatch names only the places where it is.
Grouped group(std::vector<FoundLink> found) {
  Grouped grouped;
  grouped.results.reserve(found.size());
  std::map<std::string, std::size_t> index;  // key -> results
  for (const FoundLink& link : found) {
    const bool tel = url::scheme_of(link.url) == "tel";
    const std::string key = tel ? link.url + '\n' + util::collapse_space(link.text) : link.url;
    auto [at, created] = index.try_emplace(key, grouped.results.size());
    if (created) {
      LinkResult result;
      result.url = link.url;
      grouped.results.push_back(std::move(result));
      grouped.tel_texts.emplace_back();
    }
    LinkResult& result = grouped.results[at->second];
    if (std::find(result.where.begin(), result.where.end(), link.where) == result.where.end())
      result.where.push_back(link.where);
    if (tel) grouped.tel_texts[at->second].push_back(link.text);
  }
  return grouped;
}

void apply(LinkResult& result, const Judgement& judgement) {
  result.verdict = judgement.verdict;
  result.reason = judgement.reason;
  result.suggestion = judgement.suggestion;
  result.network_problem = judgement.network_problem;
}

Judgement judge_file(const std::string& url) {
  std::string path = without_fragment(url).substr(std::string_view("file://").size());
  path = fragment_of("#" + path);  // percent-decodes
  std::error_code error;
  if (std::filesystem::exists(path, error)) return {Verdict::ok, {}, {}, false};
  return {Verdict::broken, fmt::format("no such file: {}", path), {}, false};
}

// `request_index`: the request of each URL without its fragment, so that one is sent per URL.
void queue_fetch(std::size_t index, const CheckOptions& options,
                 std::map<std::string, std::size_t>& request_index, Plan& plan) {
  const std::string& url = plan.results[index].url;
  const std::string target = without_fragment(url);
  const bool need_body = options.fragments && !fragment_of(url).empty();
  auto [at, created] = request_index.try_emplace(target, plan.requests.size());
  if (created) {
    fetch::FetchRequest request;
    request.id = target;
    request.url = target;
    request.allow_private = options.allow_private;
    request.respect_robots = options.respect_robots;
    request.head_first = true;
    request.keep_body_bytes = 64 * 1024;  // enough to recognise a bot wall
    request.lean = true;
    plan.requests.push_back(std::move(request));
  }
  if (need_body) {  // the page's ids are needed: GET the whole body
    plan.requests[at->second].head_first = false;
    plan.requests[at->second].keep_body_bytes.reset();
  }
  plan.pending.push_back({at->second, index});
}

// Decides everything that needs no network, and queues the rest.
void triage(std::size_t index, const std::vector<std::string>& tel_texts,
            const CheckOptions& options, std::map<std::string, std::size_t>& request_index,
            Plan& plan) {
  LinkResult& result = plan.results[index];
  const std::string scheme = url::scheme_of(result.url);
  if (const std::string* pattern = options.exclusions.match(result.url)) {
    apply(result, {Verdict::unchecked, fmt::format("excluded by {}", *pattern), {}, false});
  } else if (scheme == "mailto") {
    apply(result, judge_mailto(result.url));
  } else if (scheme == "tel") {
    Judgement worst{Verdict::ok, {}, {}, false};
    for (const std::string& text : tel_texts) {
      Judgement judgement = judge_tel(result.url, text, options.region);
      if (judgement.verdict == Verdict::broken) worst = std::move(judgement);
    }
    apply(result, worst);
  } else if (scheme == "file") {
    apply(result, judge_file(result.url));
  } else if (scheme == "http" || scheme == "https") {
    if (options.cache) {
      if (auto cached = options.cache->find(result.url)) {
        cached->where = std::move(result.where);
        result = std::move(*cached);
        return;
      }
    }
    queue_fetch(index, options, request_index, plan);
  } else if (scheme.empty()) {
    apply(result, {Verdict::unchecked, "a relative link: give --base URL to check it", {}, false});
  } else {
    apply(result,
          {Verdict::unchecked, fmt::format("{}: links are not checked", scheme), {}, false});
  }
}

fetch::FetchOptions fetch_options(const CheckOptions& options) {
  fetch::FetchOptions fetch;
  fetch.max_concurrency = std::max(1, options.concurrency);
  fetch.max_per_host = std::max(1, std::min(options.max_per_host, options.concurrency));
  fetch.total_timeout = options.timeout;
  fetch.connect_timeout = std::min(options.timeout, fetch.connect_timeout);
  fetch.retry.max_retries = std::max(0, options.retries);
  fetch.retry.base_delay = options.retry_base_delay;
  fetch.retry.max_delay = std::max(options.retry_base_delay, options.timeout);
  fetch.retry.retry_after_cap = options.timeout;
  fetch.retry_timeouts = false;
  if (!options.user_agent.empty()) fetch.user_agent = options.user_agent;
  if (options.on_progress)
    fetch.on_result = [progress = options.on_progress](const fetch::FetchResult&, std::size_t done,
                                                       std::size_t total) {
      progress(done, total);
    };
  return fetch;
}

bool is_html(const fetch::FetchResult& result) {
  const auto type = result.headers.find("content-type");
  return type == result.headers.end() ||
         util::ascii_lower(type->second).find("html") != std::string::npos;
}

void judge_fragment(const fetch::FetchResult& fetched, LinkResult& result,
                    std::map<std::size_t, std::vector<std::string>>& anchors, std::size_t request) {
  const std::string fragment = fragment_of(result.url);
  if (fragment.empty() || fragment.starts_with(":~:") || !is_html(fetched)) return;
  auto found = anchors.find(request);
  if (found == anchors.end()) found = anchors.emplace(request, anchors_in_html(fetched.body)).first;
  if (std::binary_search(found->second.begin(), found->second.end(), fragment)) return;
  result.verdict = Verdict::broken;
  result.reason = fmt::format("the page has no element with id or name \"{}\"", fragment);
}

void judge_fetched(const std::vector<fetch::FetchResult>& fetched, const CheckOptions& options,
                   Plan& plan) {
  const bool network_up =
      std::any_of(fetched.begin(), fetched.end(),
                  [](const fetch::FetchResult& r) { return r.http_status > 0; });
  std::map<std::size_t, std::vector<std::string>> anchors;
  const auto now = LinkCache::Clock::now();
  for (const PendingFetch& pending : plan.pending) {
    const fetch::FetchResult& result = fetched[pending.request];
    LinkResult& link = plan.results[pending.result];
    apply(link, judge_fetch(result, network_up));
    link.status = result.http_status;
    link.final_url = result.final_url.empty() ? without_fragment(link.url) : result.final_url;
    link.chain = chain_of(result);
    if (options.fragments && (link.verdict == Verdict::ok || link.verdict == Verdict::redirected))
      judge_fragment(result, link, anchors, pending.request);
    if (options.cache) options.cache->store(link, now);
  }
}

// The grouping and triage keep their maps and texts to themselves: they are gone before the
// fetch, where a large run's memory peaks.
Plan make_plan(std::vector<FoundLink> found, const CheckOptions& options) {
  Grouped grouped = group(std::move(found));
  Plan plan;
  plan.results = std::move(grouped.results);
  plan.requests.reserve(plan.results.size());
  std::map<std::string, std::size_t> request_index;
  for (std::size_t i = 0; i < plan.results.size(); ++i)
    triage(i, grouped.tel_texts[i], options, request_index, plan);
  return plan;
}

}  // namespace

std::vector<LinkResult> check_links(std::vector<FoundLink> found, const CheckOptions& options) {
  Plan plan = make_plan(std::move(found), options);
  if (!plan.requests.empty()) {
    const auto fetched = fetch::fetch_all(plan.requests, fetch_options(options));
    judge_fetched(fetched, options, plan);
  }
  return std::move(plan.results);
}

namespace {

std::string file_base(const std::string& path) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(path, error);
  return url::from_file_path(error ? path : absolute.string());
}

InputFormat format_of_page(const fetch::FetchResult& page) {
  const std::string lower = util::ascii_lower(http::header_value(page.headers, "content-type"));
  if (lower.find("markdown") != std::string::npos) return InputFormat::markdown;
  if (lower.find("text/plain") != std::string::npos)
    return detect_format(page.final_url, page.body) == InputFormat::html ? InputFormat::html
                                                                         : InputFormat::text;
  return InputFormat::html;
}

core::Result<std::vector<FoundLink>, InputError> fetch_pages(const std::vector<std::string>& urls,
                                                             const InputOptions& options) {
  std::vector<fetch::FetchRequest> requests;
  for (const std::string& url : urls) {
    fetch::FetchRequest request;
    request.id = url;
    request.url = url;
    request.allow_private = options.allow_private;
    requests.push_back(std::move(request));
  }
  fetch::FetchOptions fetch;
  fetch.total_timeout = options.timeout;
  if (!options.user_agent.empty()) fetch.user_agent = options.user_agent;
  std::vector<FoundLink> found;
  for (const fetch::FetchResult& page : fetch::fetch_all(requests, fetch)) {
    if (page.outcome != fetch::Outcome::ok)
      return core::fail(
          InputError{fmt::format("cannot read the page {}: {}", page.url, page.message), true});
    const std::string base = options.base.empty() ? page.final_url : options.base;
    auto links = collect(format_of_page(page), page.body, page.url, base);
    std::move(links.begin(), links.end(), std::back_inserter(found));
  }
  return found;
}

}  // namespace

core::Result<std::vector<FoundLink>, InputError> collect_inputs(
    const std::vector<std::string>& inputs, const InputOptions& options,
    std::istream& standard_input) {
  std::vector<FoundLink> found;
  std::vector<std::string> pages;
  for (const std::string& input : inputs) {
    if (url::is_http_url(input)) {
      pages.push_back(input);
      continue;
    }
    std::string bytes;
    std::string name = input;
    if (input == "-") {
      std::ostringstream all;
      all << standard_input.rdbuf();
      bytes = all.str();
      name = "stdin";
    } else if (auto text = util::read_file(input)) {
      bytes = std::move(*text);
    } else {
      return core::fail(
          InputError{fmt::format("cannot read {}: no such file or no permission", input), false});
    }
    const std::string base =
        !options.base.empty() ? options.base : (input == "-" ? "" : file_base(input));
    auto links = collect(detect_format(input == "-" ? "" : input, bytes), bytes, name, base);
    std::move(links.begin(), links.end(), std::back_inserter(found));
  }
  if (!pages.empty()) {
    auto links = fetch_pages(pages, options);
    if (!links) return core::fail(std::move(links).error());
    std::move(links.value().begin(), links.value().end(), std::back_inserter(found));
  }
  return found;
}

}  // namespace freshcheck::links
