#include "pipeline/check.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

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
#include "util/atomic_file.hpp"
#include "util/text.hpp"

// A run is a short list of steps, each with a typed input and output:
//   plan          which sources, their snapshots, which published links
//   fetch         pages and links in one crawl (one politeness budget), results by request
//   read, compare each page read and extracted, compared with the dataset and its snapshot
//   record        each finding's history, and the snapshots saved
//   check links   published links and the guides, after the sources whose pages they are
//   report        findings bounded and ordered, reports written, exit code chosen

namespace freshcheck::pipeline {
namespace {

// ---- plan -------------------------------------------------------------------------------

// One selected source: its last snapshot, and the answer its page got this run.
struct SourceJob {
  const config::Source* source = nullptr;
  store::Snapshot snapshot;
  std::string lost_baseline;  // why the snapshot's baseline is gone, when it is
  fetch::FetchResult fetched;
};

// A published link to check. When it is also a selected source's page (`page`), it is
// read once, with the source: one URL, one answer, one finding.
struct LinkJob {
  const config::Fact* fact = nullptr;
  std::optional<std::size_t> page;  // index into RunPlan::sources
  fetch::FetchResult fetched;       // when fetched alone
};

struct RunPlan {
  std::vector<SourceJob> sources;
  std::vector<LinkJob> links;
  bool full_run = true;  // every source: guides are checked with full runs only
};

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

bool verified_by(const config::Fact& fact, const std::vector<SourceJob>& sources) {
  return std::any_of(sources.begin(), sources.end(), [&](const SourceJob& job) {
    return std::find(fact.verify_at.begin(), fact.verify_at.end(), job.source->id) !=
           fact.verify_at.end();
  });
}

// Published links are fetched themselves: with every full run, or with a source that
// verifies them.
std::vector<LinkJob> plan_links(const config::Config& config, const std::vector<SourceJob>& sources,
                                bool full_run) {
  std::vector<LinkJob> links;
  for (const auto& dataset : config.datasets)
    for (const auto& fact : dataset.facts) {
      if (fact.kind != config::FactKind::link) continue;
      if (!full_run && !verified_by(fact, sources)) continue;
      LinkJob job;
      job.fact = &fact;
      const auto page = std::find_if(sources.begin(), sources.end(), [&](const SourceJob& s) {
        return url::same_page(fact.value, s.source->url);
      });
      if (page != sources.end()) job.page = static_cast<std::size_t>(page - sources.begin());
      links.push_back(std::move(job));
    }
  return links;
}

RunPlan plan_run(const config::Config& config, const CheckOptions& options,
                 const store::SnapshotStore& store, std::vector<std::string>& warnings) {
  RunPlan plan;
  plan.full_run = options.source_ids.empty() && options.shard_index == 1;
  for (const config::Source* source : select_sources(config, options)) {
    auto loaded = store.load(source->id);
    if (loaded.warning) {
      spdlog::warn("baseline of {} lost: {}", source->id, *loaded.warning);
      warnings.push_back(*loaded.warning);
    }
    SourceJob job;
    job.source = source;
    job.snapshot = std::move(loaded.snapshot);
    job.lost_baseline = loaded.warning.value_or("");
    plan.sources.push_back(std::move(job));
  }
  plan.links = plan_links(config, plan.sources, plan.full_run);
  return plan;
}

// ---- fetch ------------------------------------------------------------------------------

// The observation the last page read belongs to: the one waiting for review, else the
// baseline. The pages folder holds its page.
const core::Observation* latest_observation(const store::Snapshot& snapshot) {
  if (snapshot.pending) return &*snapshot.pending;
  return snapshot.observation ? &*snapshot.observation : nullptr;
}

// What the stored snapshot replays for --offline, shaped as a fetch result.
fetch::FetchResult replay(const config::Source& source, store::Snapshot& snapshot,
                          const store::SnapshotStore& store) {
  fetch::FetchResult result;
  result.id = source.id;
  result.url = source.url;
  const core::Observation* stored = latest_observation(snapshot);
  auto page = store.load_page(source.id, stored);
  if (!stored || !page) {
    result.error = fetch::ErrorKind::other;
    result.message = fmt::format("--offline: {}; run once online first",
                                 page ? "no snapshot of " + source.id : page.error().message);
    return result;
  }
  result.outcome = fetch::Outcome::ok;
  result.final_url = stored->final_url;
  result.http_status = stored->http_status;
  result.headers["content-type"] = stored->content_type;
  result.headers["etag"] = stored->etag;
  result.headers["last-modified"] = stored->last_modified;
  result.body = std::move(page).value();
  return result;
}

// Sources' pages and the links fetched alone go out in one crawl, so that one per-host
// budget covers both; each result goes back to the job that asked for it. Each source's
// answer goes to `arrived` (with its index in the plan) as soon as it is in, on the fetch
// thread: the run reads one page while the next ones are still on the wire.
void fetch_run(RunPlan& plan, const config::Config& config, const CheckOptions& options,
               const store::SnapshotStore& store, const std::function<void(std::size_t)>& arrived) {
  if (options.offline) {
    for (std::size_t i = 0; i < plan.sources.size(); ++i) {
      SourceJob& job = plan.sources[i];
      job.fetched = replay(*job.source, job.snapshot, store);
      arrived(i);
    }
    return;  // links are not checked offline
  }
  std::vector<fetch::FetchRequest> requests;
  for (const SourceJob& job : plan.sources) {
    auto request = request_for(*job.source, options.allow_private);
    // A conditional request only when the page a 304 would send back to is still stored:
    // the validators of the latest observation, whose page the pages folder holds.
    if (const core::Observation* latest = latest_observation(job.snapshot);
        latest && store.has_page(job.source->id, latest)) {
      request.etag = latest->etag;
      request.last_modified = latest->last_modified;
    }
    requests.push_back(std::move(request));
  }
  std::vector<LinkJob*> alone;
  for (LinkJob& link : plan.links)
    if (!link.page) {
      requests.push_back(request_for_link(config, *link.fact, options.allow_private));
      alone.push_back(&link);
    }
  std::vector<bool> handed(plan.sources.size(), false);
  fetch::FetchOptions fetch_options = options.fetch;
  fetch_options.on_finished = [&](std::size_t index, fetch::FetchResult& result) {
    if (index >= plan.sources.size()) return;  // a link fetched alone: read after the crawl
    plan.sources[index].fetched = std::move(result);
    handed[index] = true;
    arrived(index);
  };
  auto results = fetch::fetch_all(requests, fetch_options);
  for (std::size_t i = 0; i < plan.sources.size(); ++i)
    if (!handed[i]) {  // never finished (cannot happen today): read what the crawl returned
      plan.sources[i].fetched = std::move(results[i]);
      arrived(i);
    }
  for (std::size_t i = 0; i < alone.size(); ++i)
    alone[i]->fetched = std::move(results[plan.sources.size() + i]);
}

// ---- read each source -------------------------------------------------------------------

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

// The page behind a source's answer: a 304 re-reads the snapshot's page, a rendered source
// is rendered (on a 304 too: its scripts' data may change behind an unchanged shell). Empty
// when there is no page to read; `job.fetched` then says why.
std::optional<SourceRead> read_source(const config::Config& config, const CheckOptions& options,
                                      const store::SnapshotStore& store, SourceJob& job) {
  fetch::FetchResult& result = job.fetched;
  const bool stored = options.offline || result.outcome == fetch::Outcome::not_modified;
  if (const core::Observation* latest = latest_observation(job.snapshot);
      result.outcome == fetch::Outcome::not_modified && latest) {
    auto page = store.load_page(job.source->id, latest);
    if (!page) {
      result.outcome = fetch::Outcome::failed;
      result.error = fetch::ErrorKind::other;
      result.message = fmt::format(
          "{} answered 304 Not Modified, but {}; the next run fetches "
          "it in full",
          result.final_url, page.error().message);
      return std::nullopt;
    }
    result.body = std::move(page).value();
    result.outcome = fetch::Outcome::ok;
  }
  if (result.outcome == fetch::Outcome::ok && !options.offline)
    render_page(*job.source, result, options.allow_private);
  if (result.outcome != fetch::Outcome::ok) return std::nullopt;
  return read_or_fail(config, *job.source, result, stored);
}

// ---- compare ----------------------------------------------------------------------------

// What a run learned at one source: its line in the report, its findings, the facts it
// checked, and whether it could be read at all.
struct SourceOutcome {
  report::SourceStatus status;
  std::vector<core::Finding> findings;
  std::vector<report::Check> checks;
  bool read = false;
  std::string page;  // the page as read (UTF-8), for the pages folder
};

// The document's warning that says where and why its page was cut.
std::string cut_warning(const html::Document& document) {
  for (const std::string& warning : document.warnings)
    if (warning.starts_with("page cut")) return warning;
  return "page cut: text after some point was not read";
}

// A source whose page could not be read: a finding that says why, escalated after
// `escalate_after` failed runs in a row.
void record_failure(SourceJob& job, const CheckOptions& options, SourceOutcome& outcome) {
  const fetch::FetchResult& result = job.fetched;
  const bool blocked = result.error == fetch::ErrorKind::blocked;
  ++job.snapshot.state.consecutive_failures;
  job.snapshot.state.last_failure = result.message;
  outcome.status.status = blocked ? report::Status::blocked : report::Status::unreachable;
  outcome.status.error = result.message;
  outcome.status.error_kind = fetch::to_string(result.error);
  outcome.findings.push_back(diff::unreachable_finding(*job.source, result.message, blocked,
                                                       job.snapshot.state.consecutive_failures,
                                                       options.escalate_after));
}

// The page as read now against the dataset and the snapshot. The baseline moves only when
// nothing differs; otherwise the new observation waits for review, so that an open finding
// keeps its evidence and fingerprint every night. The same page seen again is not stored
// again (its fetch time, ETag or markup may differ): a quiet night leaves the snapshot file
// as it was.
void compare_source(SourceJob& job, const SourceRead& read, const std::string& now,
                    SourceOutcome& outcome) {
  const config::Source& source = *job.source;
  store::Snapshot& snapshot = job.snapshot;
  for (const auto* fact : read.facts) outcome.checks.push_back({source.id, fact->id});
  outcome.status.warnings = read.page.warnings;
  const core::Observation current = observe(source, job.fetched, read.extraction, read.page, now);
  std::vector<std::string> found;
  for (std::size_t p = 0; p < read.extraction.phrases.size(); ++p)
    if (read.extraction.phrases[p].found) found.push_back(read.phrase_ids[p]);

  std::vector<std::optional<hours::Schedule>> current_hours;  // the schedules, not their text
  for (const auto& phone : read.extraction.phones) current_hours.push_back(phone.hours);
  diff::SourceDiff diffed = diff::diff_source({.source = source,
                                               .facts = read.facts,
                                               .previous = snapshot.observation,
                                               .current = current,
                                               .phrases_found = found,
                                               .current_hours = std::move(current_hours)});
  if (read.page.document.truncated) {
    const std::string cut = cut_warning(read.page.document);
    spdlog::warn("{}: {}", source.id, cut);
    diffed.findings = diff::unverified_on_cut_page(std::move(diffed.findings), cut);
  }
  snapshot.state.consecutive_failures = 0;
  snapshot.state.last_failure.clear();
  const auto keep = [&](std::optional<core::Observation>& slot) {
    if (!slot || !core::same_content(*slot, current)) slot = current;
  };
  if (!snapshot.observation && !diffed.extraction_empty) {
    snapshot.observation = current;  // the first good fetch is the baseline
    outcome.status.status = report::Status::ok;
  } else if (diffed.findings.empty()) {
    keep(snapshot.observation);
    snapshot.pending.reset();
    outcome.status.status = report::Status::unchanged;
  } else if (diffed.extraction_empty) {
    outcome.status.status =
        report::Status::extraction_empty;  // the rule needs fixing: keep the last page
  } else {
    keep(snapshot.pending);
    outcome.status.status = report::Status::changed;
  }
  outcome.findings = std::move(diffed.findings);
}

SourceOutcome read_and_compare(const config::Config& config, const CheckOptions& options,
                               const store::SnapshotStore& store, SourceJob& job) {
  SourceOutcome outcome;
  const fetch::FetchResult& result = job.fetched;
  outcome.status.id = job.source->id;
  outcome.status.url = job.source->url;
  outcome.status.http_status = result.http_status;
  outcome.status.final_url = result.final_url;
  std::optional<SourceRead> read = read_source(config, options, store, job);
  outcome.read = read.has_value();
  if (read) {
    compare_source(job, *read, util::iso_utc(options.clock()), outcome);
    outcome.page = std::move(read->page.text);
  } else {
    record_failure(job, options, outcome);
  }
  if (!job.lost_baseline.empty()) {
    outcome.status.baseline_lost = job.lost_baseline;
    outcome.status.warnings.push_back("baseline lost: " + job.lost_baseline);
  }
  return outcome;
}

// ---- record -----------------------------------------------------------------------------

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
    const bool was_open = state.first_seen.count(finding.id) > 0;
    first_seen[finding.id] = was_open ? state.first_seen[finding.id] : now;
    seen_runs[finding.id] = (was_open ? state.seen_runs[finding.id] : 0) + 1;
    if (core::is_fetch_finding(finding)) continue;
    if (state.closed.erase(finding.id) > 0) {
      finding.state = core::FindingState::flapping;
    } else if (seen_runs[finding.id] < source.confirm_runs) {
      finding.state = core::FindingState::pending;
    }
  }
  for (const auto& [id, since] : state.first_seen) {
    if (first_seen.count(id)) continue;
    const bool content = !core::is_fetch_finding_id(id);
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

// Each source's findings get their history, and its snapshot is saved. A snapshot that
// cannot be written stops the run: the next run would compare against a stale baseline.
core::Result<void> record_source(const store::SnapshotStore& store, SourceJob& job,
                                 SourceOutcome& outcome, const std::string& started) {
  track(job.snapshot.state, outcome.findings, *job.source, outcome.read, started);
  if (auto saved = store.save(job.source->id, job.snapshot); !saved)
    return core::fail(fmt::format("could not save the snapshot of {}: {}", job.source->id,
                                  saved.error().message));
  return {};
}

// The page read from the wire is kept (pages folder) for the next --offline run and 304;
// from then on the snapshot names no page of an older version's.
core::Result<void> keep_page(const store::SnapshotStore& store, SourceJob& job,
                             const SourceOutcome& outcome, bool fetched_in_full) {
  if (!outcome.read || !fetched_in_full) return {};
  if (auto saved = store.save_page(job.source->id, outcome.page); !saved)
    return core::fail(
        fmt::format("could not save the page of {}: {}", job.source->id, saved.error().message));
  for (auto* observation : {&job.snapshot.observation, &job.snapshot.pending})
    if (*observation) (*observation)->page_file.clear();
  return {};
}

// A source is read, compared and recorded, then lets go of its page: the snapshot on disk
// keeps it, and the rest of the run needs only the answer's metadata. Fails when its
// snapshot cannot be written.
core::Result<SourceOutcome> process_source(const config::Config& config,
                                           const CheckOptions& options,
                                           const store::SnapshotStore& store, SourceJob& job,
                                           const std::string& started) {
  const bool fetched_in_full = job.fetched.outcome == fetch::Outcome::ok && !options.offline;
  SourceOutcome outcome = read_and_compare(config, options, store, job);
  auto recorded = keep_page(store, job, outcome, fetched_in_full);
  std::string().swap(outcome.page);
  if (recorded) recorded = record_source(store, job, outcome, started);
  // Swapped with an empty string, not assigned one: assignment keeps the allocation.
  std::string().swap(job.fetched.body);
  for (auto* observation : {&job.snapshot.observation, &job.snapshot.pending})
    if (*observation) std::string().swap((*observation)->body);
  if (!recorded) return core::fail(std::move(recorded).error());
  return outcome;
}

// Reads, compares and records sources on worker threads while the crawl goes on, each as
// its answer arrives; the outcomes come back in the plan's order whatever order the work
// took. Sources share nothing but the read-only config and the store, whose files are per
// source.
class SourceWorkers {
 public:
  SourceWorkers(const config::Config& config, const CheckOptions& options,
                const store::SnapshotStore& store, RunPlan& plan, std::string started)
      : m_config(config),
        m_options(options),
        m_store(store),
        m_plan(plan),
        m_started(std::move(started)),
        m_outcomes(plan.sources.size()) {
    // One reader per core (at most four): the crawl's own thread is mostly waiting.
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t count = std::min<std::size_t>({cores, 4, plan.sources.size()});
    for (std::size_t i = 0; i < count; ++i) m_threads.emplace_back([this] { work(); });
  }

  SourceWorkers(const SourceWorkers&) = delete;
  SourceWorkers& operator=(const SourceWorkers&) = delete;
  ~SourceWorkers() { close(); }

  // plan.sources[index].fetched holds its answer. Waits while enough answers wait already:
  // the crawl then goes no faster than the reading, and holds a few pages, not all of them.
  void submit(std::size_t index) {
    {
      std::unique_lock lock(m_mutex);
      m_room.wait(lock, [this] { return m_queue.size() < k_max_waiting || m_threads.empty(); });
      m_queue.push_back(index);
    }
    m_ready.notify_one();
  }

  // Waits for every submitted source. An error recording one (a snapshot that cannot be
  // written) fails the run; an exception is a bug and goes on up.
  core::Result<std::vector<SourceOutcome>> finish() {
    close();
    if (m_exception) std::rethrow_exception(m_exception);
    if (m_error) return core::fail(std::move(*m_error));
    std::vector<SourceOutcome> outcomes;
    for (auto& outcome : m_outcomes) outcomes.push_back(std::move(outcome).value());
    return outcomes;
  }

 private:
  void close() {
    {
      const std::lock_guard lock(m_mutex);
      m_closed = true;
    }
    m_ready.notify_all();
    for (std::thread& thread : m_threads)
      if (thread.joinable()) thread.join();
  }

  void work() {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return m_closed || !m_queue.empty(); });
        if (m_queue.empty()) return;
        index = m_queue.front();
        m_queue.pop_front();
        m_room.notify_one();
        if (m_error || m_exception) continue;  // the run has failed: nothing more to record
      }
      try {
        auto outcome =
            process_source(m_config, m_options, m_store, m_plan.sources[index], m_started);
        const std::lock_guard lock(m_mutex);
        if (outcome)
          m_outcomes[index] = std::move(outcome).value();
        else if (!m_error)
          m_error = outcome.error().message;
      } catch (...) {
        const std::lock_guard lock(m_mutex);
        if (!m_exception) m_exception = std::current_exception();
      }
    }
  }

  const config::Config& m_config;
  const CheckOptions& m_options;
  const store::SnapshotStore& m_store;
  RunPlan& m_plan;
  const std::string m_started;
  std::vector<std::optional<SourceOutcome>> m_outcomes;  // by plan index
  std::mutex m_mutex;
  static constexpr std::size_t k_max_waiting = 8;
  std::condition_variable m_ready;  // an answer waits
  std::condition_variable m_room;   // fewer than k_max_waiting wait
  std::deque<std::size_t> m_queue;
  bool m_closed = false;
  std::optional<std::string> m_error;
  std::exception_ptr m_exception;
  std::vector<std::thread> m_threads;  // last: started once everything above exists
};

// ---- check links ------------------------------------------------------------------------

// A published link's answer, as the differ reads it.
diff::LinkFetch link_fetch(const fetch::FetchResult& result, const std::string& fetched_at) {
  diff::LinkFetch link;
  link.ok = result.outcome == fetch::Outcome::ok || result.outcome == fetch::Outcome::not_modified;
  link.final_url = result.final_url;
  for (const auto& hop : result.redirects) link.hops.emplace_back(hop.url, hop.http_status);
  link.http_status = result.http_status;
  link.message = result.message;
  link.fetched_at = fetched_at;
  link.permanent_failure = fetch::is_permanent_failure({result.error, result.http_status, {}});
  return link;
}

// Each published link against its answer: its own, or that of the source whose page it is.
void check_published_links(const RunPlan& plan, const std::string& now, CheckOutcome& outcome,
                           bool& any_unchecked) {
  for (const LinkJob& job : plan.links) {
    const fetch::FetchResult& result = job.page ? plan.sources[*job.page].fetched : job.fetched;
    const diff::LinkFetch link = link_fetch(result, now);
    if (!link.ok && !link.permanent_failure) {
      any_unchecked = true;
      spdlog::warn("link {} could not be checked: {}", job.fact->value, result.message);
    }
    if (link.ok || link.permanent_failure)
      outcome.report.checks.push_back({"dataset", job.fact->id});
    if (auto finding = diff::check_link(*job.fact, link))
      outcome.report.findings.push_back(std::move(*finding));
  }
}

// A published link that is also a source's page and is gone: the link's finding and the
// source's are one change. The link's finding stays (its id, its severity: the guide sends
// readers to a dead page) and takes the source's context; the source's finding goes.
void merge_link_and_source_findings(std::vector<core::Finding>& findings, const RunPlan& plan) {
  for (const LinkJob& job : plan.links) {
    if (!job.page) continue;
    const std::string& source_id = plan.sources[*job.page].source->id;
    const auto link = std::find_if(findings.begin(), findings.end(), [&](const core::Finding& f) {
      return f.kind == core::FindingKind::link_broken && f.fact == job.fact->id;
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

// A guide link the links engine judged broken, or moved for good: a finding of the guide's
// links ("guide-links:ID"), whose fact is the URL so that it closes once the link is fixed.
std::optional<core::Finding> guide_link_finding(const std::string& guide_id,
                                                const links::LinkResult& link,
                                                const std::string& now) {
  const bool broken = link.verdict == links::Verdict::broken;
  if (!broken && link.suggestion.empty()) return std::nullopt;
  core::Finding finding;
  finding.kind = broken ? core::FindingKind::link_broken : core::FindingKind::link_redirected;
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
  finding.evidence.fetched_at = now;
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
  auto found =
      links::collect(links::detect_format(location, bytes), bytes, location, base, settings.scope);
  links::CheckOptions check;
  check.allow_private = options.allow_private;
  check.timeout = options.fetch.total_timeout;
  check.user_agent = options.fetch.user_agent;
  check.exclusions = links::Exclusions::compile(settings.exclude).value();  // validated
  const std::string now = util::iso_utc(options.clock());
  for (const links::LinkResult& link : links::check_links(std::move(found), check)) {
    if (link.network_problem) {
      any_unchecked = true;
      spdlog::warn("guide {}: link {} could not be checked: {}", dataset.guide.id, link.url,
                   link.reason);
      continue;
    }
    outcome.report.checks.push_back({"guide-links:" + dataset.guide.id, link.url});
    if (auto finding = guide_link_finding(dataset.guide.id, link, now))
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

// ---- report -----------------------------------------------------------------------------

// Findings bounded (after tracking, so that every finding keeps its history) and ordered most
// severe first; each says when its evidence was taken (a source that could not be fetched
// and a guide were tried during this run).
void order_findings(std::vector<core::Finding>& findings, const std::string& now) {
  for (auto& finding : findings)
    if (finding.evidence.fetched_at.empty()) finding.evidence.fetched_at = now;
  findings = diff::bound_findings(std::move(findings));
  std::stable_sort(findings.begin(), findings.end(),
                   [](const core::Finding& a, const core::Finding& b) {
                     return !core::at_least(b.severity, a.severity);
                   });
}

// The findings people chose not to hear about (dataset/ignored.json) leave the alerting list
// for the report's own: still shown, never alerted, never counted in the exit code.
void set_aside_ignored(const std::vector<config::IgnoredFinding>& ignored,
                       report::RunReport& report, const std::string& now) {
  if (ignored.empty()) return;
  std::vector<core::Finding> kept;
  for (auto& finding : report.findings) {
    if (const auto* entry = config::find_ignored(ignored, finding.id, now))
      report.ignored.push_back({std::move(finding), entry->reason, entry->until});
    else
      kept.push_back(std::move(finding));
  }
  report.findings = std::move(kept);
}

// Content findings decide exit 1; sources that could not be checked alone give 3.
core::ExitCode exit_code_for(const std::vector<core::Finding>& findings, core::Severity threshold,
                             bool any_unchecked) {
  const bool alerting = std::any_of(
      findings.begin(), findings.end(),
      [&](const core::Finding& finding) { return core::decides_exit_1(finding, threshold); });
  return alerting        ? core::ExitCode::findings
         : any_unchecked ? core::ExitCode::sources_unchecked
                         : core::ExitCode::ok;
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

core::Result<CheckOutcome> run_check(const config::Config& config, const CheckOptions& options) {
  CheckOutcome outcome;
  outcome.report.started = util::iso_utc(options.clock());
  // Every source's snapshot and page become durable together, with one flush at the end of
  // the reading (a kill before that leaves last night's snapshots as they were).
  util::AtomicBatch snapshot_files;
  const store::SnapshotStore store(
      options.snapshots,
      options.pages.empty() ? store::SnapshotStore::default_pages_folder(options.snapshots)
                            : options.pages,
      snapshot_files);
  if (const auto removed = store.remove_stale_temporaries())
    spdlog::info("removed {} temporary snapshot files left by an interrupted run", removed);

  RunPlan plan = plan_run(config, options, store, outcome.warnings);
  std::vector<SourceOutcome> sources;
  {
    SourceWorkers workers(config, options, store, plan, outcome.report.started);
    fetch_run(plan, config, options, store, [&](std::size_t index) { workers.submit(index); });
    auto finished = workers.finish();
    if (!finished) return core::fail(std::move(finished).error());
    sources = std::move(finished).value();
  }
  if (auto committed = snapshot_files.commit(); !committed)
    return core::fail(fmt::format("could not save the snapshots: {}", committed.error().message));
  bool any_unchecked = false;
  for (SourceOutcome& source : sources) {
    any_unchecked = any_unchecked || !source.read;
    auto& report = outcome.report;
    report.findings.insert(report.findings.end(), source.findings.begin(), source.findings.end());
    report.checks.insert(report.checks.end(), source.checks.begin(), source.checks.end());
    report.sources.push_back(std::move(source.status));
  }
  if (!options.offline)
    check_published_links(plan, util::iso_utc(options.clock()), outcome, any_unchecked);
  merge_link_and_source_findings(outcome.report.findings, plan);
  check_guides(config, options, outcome, any_unchecked);

  set_aside_ignored(config.ignored, outcome.report, util::iso_utc(options.clock()));
  order_findings(outcome.report.findings, util::iso_utc(options.clock()));
  outcome.report.finished = util::iso_utc(options.clock());
  if (auto written = report::write_reports(outcome.report, options.report); !written)
    return core::fail(written.error().message);
  outcome.exit_code = exit_code_for(outcome.report.findings, options.threshold, any_unchecked);
  return outcome;
}

}  // namespace freshcheck::pipeline
