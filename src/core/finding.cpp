#include "core/finding.hpp"

#include <fmt/format.h>

#include "core/hash.hpp"

namespace freshcheck::core {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::critical:
      return "critical";
  }
  return "warning";
}

std::optional<Severity> severity_from_string(std::string_view text) {
  for (Severity severity : {Severity::info, Severity::warning, Severity::critical})
    if (text == to_string(severity)) return severity;
  return std::nullopt;
}

bool is_fetch_finding(const Finding& finding) {
  return finding.kind == "source_unreachable" || finding.kind == "source_blocked";
}

std::string fingerprint(const Finding& finding) {
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", finding.kind, finding.source, finding.fact,
                  finding.published.value_or(""), finding.observed.value_or(""));
  return fmt::format("{}-{:016x}", finding.kind, core::fnv1a(key));
}

std::string accept_command(const Finding& finding) {
  if (is_fetch_finding(finding)) return {};
  const bool writable = !finding.fact.empty() && finding.observed &&
                        (finding.kind == "phone_missing" || finding.kind == "hours_changed" ||
                         finding.kind == "link_redirected");
  return fmt::format("freshcheck accept {}{}", finding.id, writable ? " --update-dataset" : "");
}

}  // namespace freshcheck::core
