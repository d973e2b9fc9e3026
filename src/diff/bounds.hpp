#pragma once
// Every output of a run has a bound, whatever the pages hold: a page with 8,000 new numbers
// gives a report a maintainer can read (and a CI runner can store), not 8,000 findings.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace freshcheck::diff {

struct OutputBounds {
  std::size_t findings_per_source_kind = 50;  // then one "and N more" finding
  std::size_t message_bytes = 1000;
  std::size_t evidence_bytes = 2000;  // snippet and before
  std::size_t detail_bytes = 8000;
  std::size_t summary_values = 100;  // values the "and N more" finding lists
};

// `text` cut to at most about `max_bytes` on a UTF-8 boundary, with a marker that says how
// much was cut ("… [cut: 12,345 more bytes]"); unchanged when it fits.
std::string cut_with_marker(std::string_view text, std::size_t max_bytes);

// "3412" -> "3,412".
std::string group_thousands(std::size_t number);

// The id of the "and N more" finding of one source and kind: the same on every run.
std::string overflow_id(core::FindingKind kind, std::string_view source);

// Whether `findings` summarise some findings of `source` in an "and N more" finding of the
// kind of `finding_id` (ids start with their kind): that finding may be among them.
bool has_overflow(const std::vector<core::Finding>& findings, std::string_view source,
                  std::string_view finding_id);

// At most `findings_per_source_kind` findings of each source and kind, in the given order;
// the rest of each group become one finding of that kind and source, "and 3,412 more", whose
// id is stable across runs (it does not depend on how many), whose severity is the highest
// of those it stands for, whose state is "confirmed" if any of them is (else "flapping" if
// any is, else "pending"), and whose detail lists their values. Every text field is cut with
// a marker. Pure: same input, same output.
std::vector<core::Finding> bound_findings(std::vector<core::Finding> findings,
                                          const OutputBounds& bounds = {});

}  // namespace freshcheck::diff
