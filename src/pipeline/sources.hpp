#pragma once
// Wiring between stages that must not know each other: a configured source becomes a fetch
// request, and a fetched page becomes a document.

#include "config/config.hpp"
#include "core/observation.hpp"
#include "core/result.hpp"
#include "fetch/fetcher.hpp"
#include "html/document.hpp"

namespace freshcheck::pipeline {

// The request for `source`, with its site's fetch settings. `allow_private` (the run's
// --allow-private) widens, never narrows, what the rule allows.
fetch::FetchRequest request_for(const config::Source& source, bool allow_private);

// The source whose site a published link belongs to: the same host and port, else the same
// host; a source that verifies the link wins a tie. Null when no source is on that host.
const config::Source* site_of_link(const config::Config& config, const config::Fact& link);

// The request for a published link: fetched with its site's settings (allow_private,
// user_agent, headers, delay, per-host limits, verify_tls, robots) when a configured source
// shares its host, so a local site's "allow_private" holds for its links too.
fetch::FetchRequest request_for_link(const config::Config& config, const config::Fact& link,
                                     bool allow_private);

// Every configured source's page as it reads now (fetched with its rule's settings, read in
// its scope), for tying drafted facts to the sources that show them. A source that cannot
// be read is left out, with a warning that says why.
struct SourcePage {
  const config::Source* source = nullptr;
  core::Observation observation;
};
std::vector<SourcePage> read_sources(const config::Config& config, bool allow_private,
                                     std::vector<std::string>& warnings);

// Parses a successful fetch with the charset its Content-Type declared.
core::Result<html::Document> document_from(const fetch::FetchResult& result,
                                           const std::string& scope);

}  // namespace freshcheck::pipeline
