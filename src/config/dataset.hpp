#pragma once
// The dataset schema: a `dataset/*.json` file holds a guide's metadata and the facts it
// publishes (numbers, e-mails, links, hours, phrases). Checks what one file can; config.hpp's
// cross_check ties the facts to the sources that verify them.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/located_json.hpp"
#include "core/name_table.hpp"
#include "hours/schedule.hpp"

namespace freshcheck::config {

enum class FactKind { phone, email, link, hours, phrase };

// The one list of fact kinds, as written in dataset files and shown in messages: parsing,
// printing and the "did you mean" list all read it.
inline constexpr core::NameTable<FactKind, 5> k_fact_kinds = {{{FactKind::phone, "phone"},
                                                               {FactKind::email, "email"},
                                                               {FactKind::link, "link"},
                                                               {FactKind::hours, "hours"},
                                                               {FactKind::phrase, "phrase"}}};

const char* to_string(FactKind kind);
std::optional<FactKind> fact_kind_from_string(std::string_view text);
// The names of k_fact_kinds, in its order.
const std::vector<std::string>& fact_kind_names();

struct Fact {
  std::string id;
  FactKind kind = FactKind::phone;
  std::string value;
  std::string hours;                        // opening hours, OpenStreetMap syntax, for phone facts
  std::optional<hours::Schedule> schedule;  // `hours`, read once when the dataset loads
  std::vector<std::string> verify_at;
  std::string note;
  std::string file;
  Location where;
};

// "guide": {"links": {"scope": "main", "exclude": [...]}}: the guide's own links are checked
// on every full run by the links engine, within the scope (so its navigation is left out).
struct GuideLinks {
  bool check = false;
  std::string scope;                 // a selector for HTML guides; empty: the whole page
  std::vector<std::string> exclude;  // RE2 patterns of URLs not to check
};

struct Guide {
  GuideLinks links;
  std::string id;
  std::string title;
  std::string checked;
  std::string url;   // the published guide, checked against the dataset when set
  std::string file;  // or a local copy of it (HTML, Markdown or text)
};

struct Dataset {
  Guide guide;
  std::vector<Fact> facts;
  std::string file;
};

// Parses one dataset file's text (read from `file`, a name for messages); problems are
// appended to `diagnostics`. Nothing when the text is no JSON object. A fact of unknown kind
// is left out (after its error); any other fact with problems is kept.
std::optional<Dataset> read_dataset_text(const std::string& file, std::string_view text,
                                         std::vector<Diagnostic>& diagnostics);

}  // namespace freshcheck::config
