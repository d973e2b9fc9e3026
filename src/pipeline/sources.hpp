#pragma once
// Wiring between stages that must not know each other: a configured source becomes a fetch
// request, and a fetched page becomes a document.

#include "config/config.hpp"
#include "core/result.hpp"
#include "fetch/fetcher.hpp"
#include "html/document.hpp"

namespace freshcheck::pipeline {

// The request for `source`, with its site's fetch settings. `allow_private` (the run's
// --allow-private) widens, never narrows, what the rule allows.
fetch::FetchRequest request_for(const config::Source& source, bool allow_private);

// Parses a successful fetch with the charset its Content-Type declared.
core::Result<html::Document> document_from(const fetch::FetchResult& result,
                                           const std::string& scope);

}  // namespace freshcheck::pipeline
