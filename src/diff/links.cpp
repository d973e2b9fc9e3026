// Published links, fetched themselves: broken or moved.

#include <fmt/format.h>

#include "diff/differ.hpp"
#include "url/url.hpp"

namespace freshcheck::diff {

std::optional<core::Finding> check_link(const config::Fact& fact, const LinkFetch& fetched) {
  core::Finding finding;
  finding.fact = fact.id;
  finding.published = fact.value;
  finding.evidence.url = fact.value;
  finding.evidence.fetched_at = fetched.fetched_at;
  std::string chain;
  for (const auto& [hop, status] : fetched.hops) chain += fmt::format("{} {} -> ", status, hop);
  if (fetched.ok) {
    if (url::same_page(fact.value, fetched.final_url)) return std::nullopt;
    finding.kind = core::FindingKind::link_redirected;
    finding.severity = core::Severity::warning;
    finding.observed = fetched.final_url;
    finding.message = fmt::format("{} now leads to {}", fact.value, fetched.final_url);
    finding.evidence.detail = chain + fetched.final_url;
  } else if (fetched.permanent_failure) {
    finding.kind = core::FindingKind::link_broken;
    finding.severity = core::Severity::critical;
    finding.observed = fetched.http_status
                           ? std::optional(fmt::format("HTTP {}", fetched.http_status))
                           : std::nullopt;
    finding.message = fmt::format("{} is broken: {}", fact.value, fetched.message);
    finding.evidence.detail = chain.empty() ? fetched.message : chain + fetched.message;
  } else {
    return std::nullopt;
  }
  finding.source = "dataset";  // the link itself was fetched, not a source page
  finding.id = core::fingerprint(finding);
  return finding;
}

}  // namespace freshcheck::diff
