#include "core/finding.hpp"

#include <fmt/format.h>

#include <cstdint>

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

namespace {

// FNV-1a, 64 bit: stable across runs, platforms and compilers, unlike std::hash.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string fingerprint(const Finding& finding) {
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", finding.kind, finding.source, finding.fact,
                  finding.published.value_or(""), finding.observed.value_or(""));
  return fmt::format("{}-{:016x}", finding.kind, fnv1a(key));
}

}  // namespace freshcheck::core
