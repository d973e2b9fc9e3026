#pragma once
// A published guide as a source of facts: the numbers, e-mails and links it shows, read from
// HTML, Markdown or plain text. Used to draft a dataset (`import-guide`) and to check the
// guide against the dataset (`guide_mismatch`).

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/finding.hpp"
#include "core/observation.hpp"
#include "extract/extraction.hpp"
#include "html/document.hpp"

namespace freshcheck::guide {

struct Guide {
  html::Document document;
  extract::Extraction facts;
};

// HTML is parsed as a page; anything else is read line by line: "#" lines are headings,
// "[text](url)" and bare addresses ("contactenos.aima.gov.pt") are links.
Guide read_guide(std::string_view bytes, std::string_view name, std::string_view region);

// A dataset draft: guide metadata and one fact per number (with its hours), e-mail and
// link, ids from the words before each. verify_at is left for a maintainer.
nlohmann::json draft_dataset(const Guide& guide, std::string_view guide_id);

// Fills each drafted fact's verify_at with the sources whose page, as observed, shows its
// value (`import-guide --rules`). Returns how many facts got at least one source.
std::size_t tie_to_sources(
    nlohmann::json& draft,
    const std::vector<std::pair<const config::Source*, const core::Observation*>>& pages);

// Facts the guide shows that the dataset lacks, and the other way round.
std::vector<core::Finding> compare(const Guide& guide, const config::Dataset& dataset,
                                   std::string_view region, const std::string& guide_location);

}  // namespace freshcheck::guide
