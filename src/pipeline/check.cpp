#include "pipeline/check.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <stdexcept>

#include "diff/bounds.hpp"
#include "diff/cut_page.hpp"
#include "diff/differ.hpp"
#include "extract/extraction.hpp"
#include "guide/guide.hpp"
#include "links/checker.hpp"
#include "links/collect.hpp"
#include "pipeline/input.hpp"
#include "pipeline/sources.hpp"
#include "store/snapshot_store.hpp"
#include "url/url.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace freshcheck::pipeline {
namespace {

std::string now_iso() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

std::vector<const config::Fact*> facts_at(const config::Config& config,
                                          const std::string& source_id) {
  std::vector<const config::Fact*> facts;
  for (const auto& dataset : config.datasets)
    for (const auto& fact : dataset.facts)
      if (std::find(fact.verify_at.begin(), fact.verify_at.end(), source_id) !=
          fact.verify_at.end())
        facts.push_back(&fact);
  return facts;
}

// One source's page, read, and the facts found in it.
struct SourceRead {
  std::vector<const config::Fact*> facts;  // the dataset facts this source verifies
  std::vector<std::string> phrase_ids;     // the phrase facts among them, in extraction order
  ReadPage page;
  extract::Extraction extraction;
};

// Reads a fetched page and extracts its facts. When that fails (not a page, bytes or markup
// that a library rejects, an exception on this page's data), `result` becomes a failed
// fetch saying what happened: the source's outcome, never the run's.
std::optional<SourceRead> read_or_fail(const config::Config& config, const config::Source& source,
                                       fetch::FetchResult& result, bool stored) {
  auto page = read_page(result, source.scope, stored);
  if (page) {
    try {
      SourceRead read;
      read.facts = facts_at(config, source.id);
      extract::ExtractOptions options;
      options.region = source.region;
      for (const auto* fact : read.facts)
        if (fact->kind == config::FactKind::phrase) {
          options.phrases.push_back(fact->value);
          read.phrase_ids.push_back(fact->id);
        }
      read.extraction = extract::extract_all(page->document, options);
      read.page = std::move(page).value();
      return read;
    } catch (const std::exception& error) {
      page =
          core::fail(ReadFailure{fetch::ErrorKind::unreadable,
                                 fmt::format("the facts of {} could not be extracted: {}",
                                             result.final_url, util::to_valid_utf8(error.what()))});
    }
  }
  result.outcome = fetch::Outcome::failed;
  result.error = page.error().kind;
  result.message = page.error().message;
  result.body.clear();
  return std::nullopt;
}

// The document's warning that says where and why its page was cut.
std::string cut_warning(const html::Document& document) {
  for (const std::string& warning : document.warnings)
    if (warning.starts_with("page cut")) return warning;
  return "page cut: text after some point was not read";
}

// What the stored snapshot replays for --offline, shaped as a fetch result.
fetch::FetchResult replay(const config::Source& source, const store::Snapshot& snapshot) {
  fetch::FetchResult result;
  result.id = source.id;
  result.url = source.url;
  const auto& stored = snapshot.pending ? snapshot.pending : snapshot.observation;
  if (!stored || stored->body.empty()) {
    result.error = fetch::ErrorKind::other;
    result.message =
        fmt::format("--offline: no stored page for {}; run once online first", source.id);
    return result;
  }
  result.outcome = fetch::Outcome::ok;
  result.final_url = stored->final_url;
  result.http_status = stored->http_status;
  result.headers["content-type"] = stored->content_type;
  result.headers["etag"] = stored->etag;
  result.headers["last-modified"] = stored->last_modified;
  result.body = stored->body;
  return result;
}

// Carries each finding's history across runs: when it was first seen, how many runs in a
// row, and whether it had gone away before (flapping). A change is "pending" until seen on
// confirm_runs runs in a row. When the page could not be read, content findings are
// neither confirmed nor closed: failure is not change.
void track(store::SourceState& state, std::vector<core::Finding>& findings,
           const config::Source& source, bool fetched, const std::string& now) {
  constexpr std::size_t k_closed_kept = 100;
  std::map<std::string, std::string> first_seen;
  std::map<std::string, int> seen_runs;
  for (auto& finding : findings) {
    if (finding.source != source.id) continue;
    const bool was_open = state.first_seen.count(finding.id) > 0;
    first_seen[finding.id] = was_open ? state.first_seen[finding.id] : now;
    seen_runs[finding.id] = (was_open ? state.seen_runs[finding.id] : 0) + 1;
    if (core::is_fetch_finding(finding)) continue;
    if (state.closed.erase(finding.id) > 0) {
      finding.state = "flapping";
    } else if (seen_runs[finding.id] < source.confirm_runs) {
      finding.state = "pending";
    }
  }
  for (const auto& [id, since] : state.first_seen) {
    if (first_seen.count(id)) continue;
    const bool content = id.rfind("source_", 0) != 0;
    if (content && !fetched) {  // unknown this run: keep it as it was
      first_seen[id] = since;
      seen_runs[id] = state.seen_runs[id];
    } else {
      state.closed[id] = now;
    }
  }
  while (state.closed.size() > k_closed_kept) {
    auto oldest =
        std::min_element(state.closed.begin(), state.closed.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    state.closed.erase(oldest);
  }
  state.first_seen = std::move(first_seen);
  state.seen_runs = std::move(seen_runs);
}

// A guide link the links engine judged broken, or moved for good: a finding of the guide's
// links ("guide-links:ID"), whose fact is the URL so that it closes once the link is fixed.
std::optional<core::Finding> guide_link_finding(const std::string& guide_id,
                                                const links::LinkResult& link) {
  const bool broken = link.verdict == links::Verdict::broken;
  if (!broken && link.suggestion.empty()) return std::nullopt;
  core::Finding finding;
  finding.kind = broken ? "link_broken" : "link_redirected";
  finding.severity = broken ? core::Severity::critical : core::Severity::warning;
  finding.source = "guide-links:" + guide_id;
  finding.fact = link.url;
  finding.published = link.url;
  if (broken && link.status > 0) finding.observed = fmt::format("HTTP {}", link.status);
  if (!broken) finding.observed = link.suggestion;
  std::string where;
  for (const auto& place : link.where)
    where += fmt::format("{}{}:{}", where.empty() ? "" : ", ", place.file, place.line);
  finding.message = fmt::format("the guide links to {} ({}): {}", link.url, where, link.reason);
  finding.evidence.url = link.url;
  for (const auto& hop : link.chain)
    finding.evidence.detail += fmt::format("{} {} -> ", hop.status, hop.url);
  finding.evidence.detail += link.reason;
  finding.evidence.fetched_at = now_iso();
  finding.id = core::fingerprint(finding);
  return finding;
}

// The guide's own links ("guide": {"links": {...}}), through the same engine as
// `freshcheck links`, within the configured scope.
void check_guide_links(const config::Dataset& dataset, std::string_view bytes,
                       const std::string& location, const CheckOptions& options,
                       CheckOutcome& outcome, bool& any_unchecked) {
  const config::GuideLinks& settings = dataset.guide.links;
  const std::string base = url::is_http_url(location) ? location : url::from_file_path(location);
  const auto found =
      links::collect(links::detect_format(location, bytes), bytes, location, base, settings.scope);
  links::CheckOptions check;
  check.allow_private = options.allow_private;
  check.timeout = options.fetch.total_timeout;
  check.user_agent = options.fetch.user_agent;
  check.exclusions = links::Exclusions::compile(settings.exclude).value();  // validated
  for (const links::LinkResult& link : links::check_links(found, check)) {
    if (link.network_problem) {
      any_unchecked = true;
      spdlog::warn("guide {}: link {} could not be checked: {}", dataset.guide.id, link.url,
                   link.reason);
      continue;
    }
    outcome.report.checks.push_back({"guide-links:" + dataset.guide.id, link.url});
    if (auto finding = guide_link_finding(dataset.guide.id, link))
      outcome.report.findings.push_back(std::move(*finding));
  }
}

// Each dataset's published guide (a file or a URL), compared with the dataset itself. Runs
// with full runs only: a guide spans every source.
void check_guides(const config::Config& config, const CheckOptions& options, CheckOutcome& outcome,
                  bool& any_unchecked) {
  if (!options.source_ids.empty() || options.shard_index != 1) return;
  for (const auto& dataset : config.datasets) {
    const std::string location =
        dataset.guide.file.empty() ? dataset.guide.url : dataset.guide.file;
    if (location.empty()) continue;
    if (dataset.guide.file.empty() && options.offline) continue;
    InputOptions input_options;
    input_options.request_id = "guide:" + dataset.guide.id;
    input_options.allow_private = options.allow_private;
    input_options.fetch = options.fetch;
    const auto input = load_input(location, input_options);
    if (!input) {
      any_unchecked = true;
      spdlog::warn("guide {}: {}", dataset.guide.id, input.error().message);
      continue;
    }
    const std::string& bytes = input->bytes;
    const auto region = config.sources.empty() ? std::string(config::k_default_region)
                                               : config.sources.front().region;
    const guide::Guide read = guide::read_guide(bytes, location, region);
    auto findings = guide::compare(read, dataset, region, location);
    // Every fact was compared with the guide: a guide finding that is gone is resolved.
    for (const auto& fact : dataset.facts)
      outcome.report.checks.push_back({"guide:" + dataset.guide.id, fact.id});
    outcome.report.findings.insert(outcome.report.findings.end(), findings.begin(), findings.end());
    if (dataset.guide.links.check && !options.offline)
      check_guide_links(dataset, bytes, location, options, outcome, any_unchecked);
  }
}

// A published link that is also a source's page and is gone: the link's finding and the
// source's are one change. The link's finding stays (its id, its severity: the guide sends
// readers to a dead page) and takes the source's context; the source's finding goes.
void merge_link_and_source_findings(std::vector<core::Finding>& findings,
                                    const std::vector<const config::Source*>& sources,
                                    const std::vector<const config::Fact*>& links,
                                    const std::vector<std::optional<std::size_t>>& link_pages) {
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (!link_pages[i]) continue;
    const std::string& source_id = sources[*link_pages[i]]->id;
    const auto link = std::find_if(findings.begin(), findings.end(), [&](const core::Finding& f) {
      return f.kind == "link_broken" && f.fact == links[i]->id;
    });
    const auto page = std::find_if(findings.begin(), findings.end(), [&](const core::Finding& f) {
      return core::is_fetch_finding(f) && f.source == source_id;
    });
    if (link == findings.end() || page == findings.end()) continue;
    link->message +=
        fmt::format("; it is also the page of source {}: {}", source_id, page->message);
    link->evidence.detail += fmt::format("\nsource {}: {}", source_id, page->message);
    findings.erase(page);
  }
}

}  // namespace

std::vector<const config::Source*> select_sources(const config::Config& config,
                                                  const CheckOptions& options) {
  for (const auto& id : options.source_ids)
    if (!config.find_source(id))
      throw std::invalid_argument(fmt::format("--source {}: no such source in the rules", id));
  if (options.shard_count < 1 || options.shard_index < 1 ||
      options.shard_index > options.shard_count)
    throw std::invalid_argument(fmt::format("--shard {}/{}: K must be between 1 and N",
                                            options.shard_index, options.shard_count));
  std::vector<const config::Source*> selected;
  for (std::size_t i = 0; i < config.sources.size(); ++i) {
    const auto& source = config.sources[i];
    if (!options.source_ids.empty() &&
        std::find(options.source_ids.begin(), options.source_ids.end(), source.id) ==
            options.source_ids.end())
      continue;
    if (static_cast<int>(i % options.shard_count) != options.shard_index - 1) continue;
    selected.push_back(&source);
  }
  return selected;
}

CheckOutcome run_check(const config::Config& config, const CheckOptions& options) {
  CheckOutcome outcome;
  outcome.report.started = now_iso();
  const std::vector<const config::Source*> sources = select_sources(config, options);
  const store::SnapshotStore store(options.snapshots);
  if (const auto removed = store.remove_stale_temporaries())
    spdlog::info("removed {} temporary snapshot files left by an interrupted run", removed);

  std::vector<store::Snapshot> snapshots;
  std::vector<std::string> lost_baselines;  // why each source's baseline is gone, if it is
  for (const auto* source : sources) {
    auto loaded = store.load(source->id);
    if (loaded.warning) {
      spdlog::warn("baseline of {} lost: {}", source->id, *loaded.warning);
      outcome.warnings.push_back(*loaded.warning);
    }
    lost_baselines.push_back(loaded.warning.value_or(""));
    snapshots.push_back(std::move(loaded.snapshot));
  }

  // Published links are fetched themselves: with every full run, or with a source that
  // verifies them.
  std::vector<const config::Fact*> links;
  const bool full_run = options.source_ids.empty() && options.shard_index == 1;
  for (const auto& dataset : config.datasets)
    for (const auto& fact : dataset.facts) {
      if (fact.kind != config::FactKind::link) continue;
      const bool verified_here =
          std::any_of(sources.begin(), sources.end(), [&](const config::Source* s) {
            return std::find(fact.verify_at.begin(), fact.verify_at.end(), s->id) !=
                   fact.verify_at.end();
          });
      if (full_run || verified_here) links.push_back(&fact);
    }

  std::vector<std::optional<std::size_t>> link_pages;  // the selected source each link is
  for (const config::Fact* link : links) {
    const auto page = std::find_if(sources.begin(), sources.end(), [&](const config::Source* s) {
      return diff::same_page(link->value, s->url);
    });
    link_pages.push_back(page == sources.end()
                             ? std::nullopt
                             : std::optional(static_cast<std::size_t>(page - sources.begin())));
  }

  std::vector<fetch::FetchResult> fetched;
  std::vector<fetch::FetchResult> link_results;
  if (options.offline) {
    for (std::size_t i = 0; i < sources.size(); ++i)
      fetched.push_back(replay(*sources[i], snapshots[i]));
  } else {
    std::vector<fetch::FetchRequest> requests;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      auto request = request_for(*sources[i], options.allow_private);
      if (snapshots[i].observation) {
        request.etag = snapshots[i].observation->etag;
        request.last_modified = snapshots[i].observation->last_modified;
      }
      requests.push_back(std::move(request));
    }
    // A link that is also a source's page is read once, with the source: one URL, one
    // answer, one finding.
    for (std::size_t i = 0; i < links.size(); ++i)
      if (!link_pages[i])
        requests.push_back(request_for_link(config, *links[i], options.allow_private));
    fetched = fetch::fetch_all(requests, options.fetch);
    link_results.assign(
        std::make_move_iterator(fetched.begin() + static_cast<std::ptrdiff_t>(sources.size())),
        std::make_move_iterator(fetched.end()));
    fetched.resize(sources.size());
  }

  bool any_unchecked = false;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const config::Source& source = *sources[i];
    store::Snapshot& snapshot = snapshots[i];
    fetch::FetchResult& result = fetched[i];
    report::SourceStatus status{source.id,          source.url,       "",
                                result.http_status, result.final_url, ""};

    // 304: the page is what the snapshot holds; re-read it from there.
    const bool stored = options.offline || result.outcome == fetch::Outcome::not_modified;
    if (result.outcome == fetch::Outcome::not_modified && snapshot.observation) {
      result.body = snapshot.observation->body;
      result.outcome = fetch::Outcome::ok;
    }
    // A rendered page is rendered on a 304 too: its scripts' data may change behind an
    // unchanged shell.
    if (result.outcome == fetch::Outcome::ok && !options.offline)
      render_page(source, result, options.allow_private);
    std::optional<SourceRead> read;
    if (result.outcome == fetch::Outcome::ok) read = read_or_fail(config, source, result, stored);
    if (result.outcome != fetch::Outcome::ok) {
      any_unchecked = true;
      const bool blocked = result.error == fetch::ErrorKind::blocked;
      ++snapshot.state.consecutive_failures;
      snapshot.state.last_failure = result.message;
      status.status = blocked ? "blocked" : "unreachable";
      status.error = result.message;
      status.error_kind = fetch::to_string(result.error);
      outcome.report.findings.push_back(
          diff::unreachable_finding(source, result.message, blocked,
                                    snapshot.state.consecutive_failures, options.escalate_after));
    } else {
      const auto& facts = read->facts;
      const auto& phrase_ids = read->phrase_ids;
      const auto& extraction = read->extraction;
      for (const auto* fact : facts) outcome.report.checks.push_back({source.id, fact->id});
      status.warnings = read->page.warnings;
      const core::Observation current = observe(source, result, extraction, read->page, now_iso());
      std::vector<std::string> found;
      for (std::size_t p = 0; p < extraction.phrases.size(); ++p)
        if (extraction.phrases[p].found) found.push_back(phrase_ids[p]);

      diff::SourceDiff diffed =
          diff::diff_source({source, facts, snapshot.observation, current, found});
      if (read->page.document.truncated) {
        const std::string cut = cut_warning(read->page.document);
        spdlog::warn("{}: {}", source.id, cut);
        diffed.findings = diff::unverified_on_cut_page(std::move(diffed.findings), cut);
      }
      snapshot.state.consecutive_failures = 0;
      snapshot.state.last_failure.clear();
      // The baseline moves only when nothing differs; otherwise the new observation waits
      // for review, so that an open finding keeps its evidence and fingerprint every night.
      // The same page seen again is not stored again (its fetch time, ETag or markup may
      // differ): a quiet night leaves the snapshot file as it was.
      const auto keep = [&](std::optional<core::Observation>& slot) {
        if (!slot || !core::same_content(*slot, current)) slot = current;
      };
      if (!snapshot.observation && !diffed.extraction_empty) {
        snapshot.observation = current;  // the first good fetch is the baseline
        status.status = "ok";
      } else if (diffed.findings.empty()) {
        keep(snapshot.observation);
        snapshot.pending.reset();
        status.status = "unchanged";
      } else if (diffed.extraction_empty) {
        status.status = "extraction_empty";  // the rule needs fixing: keep the last page read
      } else {
        keep(snapshot.pending);
        status.status = "changed";
      }
      outcome.report.findings.insert(outcome.report.findings.end(), diffed.findings.begin(),
                                     diffed.findings.end());
    }

    if (!lost_baselines[i].empty()) {
      status.baseline_lost = lost_baselines[i];
      status.warnings.push_back("baseline lost: " + lost_baselines[i]);
    }
    track(snapshot.state, outcome.report.findings, source, result.outcome == fetch::Outcome::ok,
          outcome.report.started);
    if (auto saved = store.save(source.id, snapshot); !saved)
      throw std::runtime_error(saved.error().message);
    outcome.report.sources.push_back(std::move(status));
  }

  const std::string links_fetched_at = now_iso();
  for (std::size_t i = 0, fetched_alone = 0; i < links.size() && !options.offline; ++i) {
    const fetch::FetchResult& result =
        link_pages[i] ? fetched[*link_pages[i]] : link_results[fetched_alone++];
    diff::LinkFetch link;
    link.ok =
        result.outcome == fetch::Outcome::ok || result.outcome == fetch::Outcome::not_modified;
    link.final_url = result.final_url;
    for (const auto& hop : result.redirects) link.hops.emplace_back(hop.url, hop.http_status);
    link.http_status = result.http_status;
    link.message = result.message;
    link.fetched_at = links_fetched_at;
    link.permanent_failure = fetch::is_permanent_failure({result.error, result.http_status, {}});
    if (!link.ok && !link.permanent_failure) {
      any_unchecked = true;
      spdlog::warn("link {} could not be checked: {}", links[i]->value, result.message);
    }
    if (link.ok || link.permanent_failure)
      outcome.report.checks.push_back({"dataset", links[i]->id});
    if (auto finding = diff::check_link(*links[i], link))
      outcome.report.findings.push_back(std::move(*finding));
  }

  merge_link_and_source_findings(outcome.report.findings, sources, links, link_pages);
  check_guides(config, options, outcome, any_unchecked);
  // Every finding says when its evidence was taken: a source that could not be fetched and
  // a guide were tried during this run.
  const std::string finished_checks = now_iso();
  for (auto& finding : outcome.report.findings)
    if (finding.evidence.fetched_at.empty()) finding.evidence.fetched_at = finished_checks;

  // After tracking, so that every finding keeps its history; before anything is written.
  outcome.report.findings = diff::bound_findings(std::move(outcome.report.findings));
  std::stable_sort(outcome.report.findings.begin(), outcome.report.findings.end(),
                   [](const core::Finding& a, const core::Finding& b) {
                     return !core::at_least(b.severity, a.severity);  // most severe first
                   });
  outcome.report.finished = now_iso();
  if (auto written = report::write_reports(outcome.report, options.report); !written)
    throw std::runtime_error(written.error().message);

  // Content findings decide exit 1; sources that could not be checked alone give 3.
  const bool alerting = std::any_of(outcome.report.findings.begin(), outcome.report.findings.end(),
                                    [&](const core::Finding& finding) {
                                      return !core::is_fetch_finding(finding) &&
                                             finding.state != "pending" &&
                                             core::at_least(finding.severity, options.threshold);
                                    });
  outcome.exit_code = alerting        ? core::ExitCode::findings
                      : any_unchecked ? core::ExitCode::sources_unchecked
                                      : core::ExitCode::ok;
  return outcome;
}

}  // namespace freshcheck::pipeline
