// Opening hours tied to a published number, against the fact's.

#include <fmt/format.h>

#include <algorithm>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"
#include "util/text.hpp"

namespace freshcheck::diff {
namespace {

// The hours a page ties to a number, wherever it stands: each different schedule once, with
// the first occurrence that gives it. Occurrences without hours say nothing about them.
struct HoursSeen {
  const ReadHours* hours = nullptr;
  const core::ObservedPhone* where = nullptr;
};
std::vector<HoursSeen> hours_seen(const std::vector<const core::ObservedPhone*>& places,
                                  const ObservedHours& observed_hours) {
  std::vector<HoursSeen> out;
  for (const auto* place : places) {
    const ReadHours* read = observed_hours.of(*place);
    if (!read) continue;
    if (std::none_of(out.begin(), out.end(),
                     [&](const HoursSeen& h) { return h.hours->schedule == read->schedule; }))
      out.push_back({read, place});
  }
  return out;
}

// One page giving a number different hours in different places: reported as such, for a
// person to settle.
core::Finding hours_disagree(const config::Fact& fact, const ReadHours& published,
                             const std::vector<HoursSeen>& seen, const SourceDiffInput& input) {
  std::string observed, places_text, snippets;
  for (const auto& h : seen) {
    observed += (observed.empty() ? "" : " | ") + h.hours->osm;
    places_text += fmt::format("{}{} in \"{}\"", places_text.empty() ? "" : "; ", h.hours->osm,
                               util::ellipsize(h.where->block, 120));
    snippets += (snippets.empty() ? "" : "\n") + h.where->block;
  }
  return build_finding(
      input,
      {.kind = core::FindingKind::hours_changed,
       .severity = core::Severity::warning,
       .fact = fact.id,
       .published = published.osm,
       .observed = observed,
       .message = fmt::format("the page gives {} different hours in different places ({}); the "
                              "guide says {}: check which is right",
                              fact.value, places_text, published.osm),
       .snippet = snippets});
}

}  // namespace

std::optional<ReadHours> published_hours(const config::Fact& fact) {
  if (!fact.schedule) return std::nullopt;  // none, or they did not read (validate says so)
  return ReadHours{.schedule = *fact.schedule, .osm = fact.schedule->to_osm()};
}

ObservedHours::ObservedHours(const std::vector<core::ObservedPhone>& phones,
                             const std::vector<std::optional<hours::Schedule>>& schedules) {
  for (std::size_t i = 0; i < phones.size() && i < schedules.size(); ++i)
    if (schedules[i])
      m_hours.emplace(&phones[i],
                      ReadHours{.schedule = *schedules[i], .osm = schedules[i]->to_osm()});
}

ObservedHours::ObservedHours(const std::vector<core::ObservedPhone>& phones) {
  for (const auto& phone : phones) {
    if (phone.hours.empty()) continue;
    auto schedule = hours::parse_osm(phone.hours);
    if (!schedule) continue;
    std::string osm = schedule->to_osm();
    m_hours.emplace(&phone, ReadHours{.schedule = std::move(*schedule), .osm = std::move(osm)});
  }
}

const ReadHours* ObservedHours::of(const core::ObservedPhone& phone) const {
  const auto found = m_hours.find(&phone);
  return found == m_hours.end() ? nullptr : &found->second;
}

void compare_hours(const config::Fact& fact, const std::vector<const core::ObservedPhone*>& places,
                   const SourceDiffInput& input, const ObservedHours& observed_hours,
                   std::vector<core::Finding>& findings) {
  const auto published = published_hours(fact);
  if (!published) return;
  const auto seen = hours_seen(places, observed_hours);
  if (seen.empty() || std::all_of(seen.begin(), seen.end(), [&](const HoursSeen& h) {
        return h.hours->schedule == published->schedule;
      }))
    return;
  if (seen.size() > 1) {
    findings.push_back(hours_disagree(fact, *published, seen, input));
    return;
  }
  findings.push_back(build_finding(
      input, {.kind = core::FindingKind::hours_changed,
              .severity = core::Severity::warning,
              .fact = fact.id,
              .published = published->osm,
              .observed = seen[0].hours->osm,
              .message = fmt::format(
                  "hours of {} changed: {}", fact.value,
                  hours::describe_difference(published->schedule, seen[0].hours->schedule)),
              .snippet = seen[0].where->block}));
}

std::optional<std::string> replacement_hours(const config::Fact& fact,
                                             const std::vector<const core::ObservedPhone*>& places,
                                             const ObservedHours& observed_hours,
                                             std::string& message) {
  const auto published = published_hours(fact);
  if (!published) return std::nullopt;
  const auto seen = hours_seen(places, observed_hours);
  if (seen.empty()) {
    message += fmt::format("; no hours are tied to it (the guide says {})", published->osm);
  } else if (seen.size() > 1) {
    message += "; the page gives it different hours in different places: check them by hand";
  } else if (seen[0].hours->schedule == published->schedule) {
    message += fmt::format("; its hours still match ({})", published->osm);
  } else {
    message += fmt::format("; its hours differ: {} ({})",
                           hours::describe_difference(published->schedule, seen[0].hours->schedule),
                           seen[0].hours->osm);
    return seen[0].hours->osm;
  }
  return std::nullopt;
}

}  // namespace freshcheck::diff
