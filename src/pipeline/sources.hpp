#pragma once
// Wiring between stages that must not know each other: a configured source becomes a fetch
// request, and a fetched page becomes a document.

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/observation.hpp"
#include "core/result.hpp"
#include "extract/extraction.hpp"
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

// A fetched page as read: the decoded text (what a snapshot keeps, so that --offline and a
// 304 re-read it as UTF-8), its document, and what a maintainer should know about the
// reading (bytes that did not decode, a page cut short, a scope that matched nothing).
struct ReadPage {
  std::string text;
  html::Document document;
  std::vector<std::string> warnings;
};

// Why an answer could not be read as a page: `kind` is not_html or unreadable, and the
// message says what came back.
struct ReadFailure {
  fetch::ErrorKind kind = fetch::ErrorKind::unreadable;
  std::string message;
};

// Reads a successful fetch: a PDF (by its type or its bytes) goes to the PDF reader, and
// its snapshot text is the PDF in base64; refuses what is not a page (an image, JSON, an
// empty body); else decodes with the charset the answer declared or the page's bytes show
// (`stored`: the body is a page a snapshot kept, UTF-8 already) and parses `scope`.
// Never throws: whatever goes wrong on this page's data is this page's outcome.
core::Result<ReadPage, ReadFailure> read_page(const fetch::FetchResult& result,
                                              const std::string& scope, bool stored);

// What one run saw at `source`: the answer's validators, the page's blocks and its facts,
// each with a bounded window of its block, and the decoded page for --offline and 304s.
core::Observation observe(const config::Source& source, const fetch::FetchResult& fetched,
                          const extract::Extraction& extraction, const ReadPage& page,
                          const std::string& fetched_at);

// For a source with "render": "chromium": replaces the fetched answer's body by the DOM
// headless Chromium built from result.final_url (UTF-8 HTML, read like any page). A render
// that fails or runs out of time makes `result` a failed fetch (render_failed,
// render_timeout, private_address): the source's outcome, never a content change.
// `allow_private` (the run's --allow-private) widens what the rule allows.
void render_page(const config::Source& source, fetch::FetchResult& result, bool allow_private);

}  // namespace freshcheck::pipeline
