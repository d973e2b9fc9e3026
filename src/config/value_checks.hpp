#pragma once
// Checks of values that rules and dataset files share: plain ids, http(s) URLs without
// credentials, scope selectors and RE2 pattern lists. Each reports through the
// ObjectReader it is given.

#include <string>
#include <string_view>
#include <vector>

#include "config/json_reader.hpp"

namespace freshcheck::config {

inline constexpr std::string_view k_source_credentials_advice =
    " and send credentials in the source's \"headers\" (for example \"Authorization\")";
inline constexpr std::string_view k_published_credentials_advice =
    ": a published address must work without them";

// Ids appear in file names, fingerprints and URLs of reports: keep them plain. Reports a
// non-empty id that is not plain at the reader's "id" and returns false; `what` names the
// item ("fact \"x\"").
bool check_plain_id(ObjectReader& reader, const std::string& id, const std::string& what);

// Credentials in a URL would be copied into snapshots, reports, logs and issues: refuses
// them, and anything but http(s). `advice` says where credentials belong instead.
void check_http_url(ObjectReader& reader, const std::string& key, const std::string& value,
                    const std::string& what, std::string_view advice);

// The optional "scope" selector (html/selector.hpp); empty when absent. One that does not
// parse is reported and returned as written.
std::string read_scope(ObjectReader& reader, const std::string& what);

// The array of RE2 patterns at `key` (for example "noise"); an entry that is no string or
// does not compile is reported as `problem`, followed by RE2's error when
// `with_regex_error`.
std::vector<std::string> read_patterns(ObjectReader& reader, const std::string& key,
                                       const std::string& problem, bool with_regex_error);

}  // namespace freshcheck::config
