#pragma once
// One finding about a source page, built from named fields: the source, the page's address
// and fetch time and the fingerprint are filled in from the diff's input.

#include <optional>
#include <string>

#include "core/finding.hpp"
#include "diff/differ.hpp"

namespace freshcheck::diff {

// What a comparison found, set by name. Fields left out stay empty: `fact` for a change that is
// not about a dataset fact, `published`/`observed` when a side has no value. (Each has a
// default, so that g++ does not ask for the ones left out of a designated initializer.)
struct FindingFields {
  core::FindingKind kind = core::FindingKind::content_changed;
  core::Severity severity = core::Severity::warning;
  std::string fact{};  // dataset fact id
  std::optional<std::string> published{};
  std::optional<std::string> observed{};
  std::string message{};
  std::string snippet{};  // the block as observed now
  std::string before{};   // the block as the snapshot had it
  std::string detail{};
};

core::Finding build_finding(const SourceDiffInput& input, FindingFields fields);

}  // namespace freshcheck::diff
