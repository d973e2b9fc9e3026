#include "diff/finding_builder.hpp"

#include <utility>

namespace freshcheck::diff {

core::Finding build_finding(const SourceDiffInput& input, FindingFields fields) {
  core::Finding finding;
  finding.kind = fields.kind;
  finding.severity = fields.severity;
  finding.source = input.source.id;
  finding.fact = std::move(fields.fact);
  finding.published = std::move(fields.published);
  finding.observed = std::move(fields.observed);
  finding.message = std::move(fields.message);
  finding.evidence.url =
      input.current.final_url.empty() ? input.current.url : input.current.final_url;
  finding.evidence.snippet = std::move(fields.snippet);
  finding.evidence.before = std::move(fields.before);
  finding.evidence.fetched_at = input.current.fetched_at;
  finding.evidence.detail = std::move(fields.detail);
  finding.id = core::fingerprint(finding);
  return finding;
}

}  // namespace freshcheck::diff
