#pragma once
// Runs every extractor over a document's blocks. The result is what `freshcheck extract`
// prints and what the diff stage compares.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hours/schedule.hpp"
#include "html/document.hpp"

namespace freshcheck::extract {

// Where in the page a fact was seen: enough for a maintainer to find it again. The block's
// text lives once, in the document (`document.blocks[block_index].text`); items refer to it,
// since one block may hold thousands of items. `block_window` gives the bounded piece of it
// shown to people.
struct Evidence {
  std::size_t block_index = 0;
  std::string heading;   // heading path joined with " > ", cut when very long
  std::string location;  // DOM path, cut when very long
};

// Where on the page an item was found; `extract --json` writes it as "from".
enum class Origin {
  text,        // the block's words
  tel_link,    // a tel: link's target
  mailto,      // a mailto: link's target
  cloudflare,  // an address Cloudflare's e-mail protection hid, decoded
};

std::string_view to_string(Origin origin);

struct ExtractedPhone {
  std::string e164;
  std::string raw;
  std::string type;
  Origin from = Origin::text;  // text or tel_link
  Evidence evidence;
  std::size_t offset = std::string::npos;  // in the block's text; npos for tel: links
  // The hours that apply to it, if any were found; a schedule until something writes it.
  std::optional<hours::Schedule> hours;
  std::string hours_osm() const { return hours ? hours->to_osm() : std::string(); }
};

// An opening-hours statement and the phone numbers it applies to.
struct ExtractedHours {
  hours::Schedule schedule;
  std::string osm() const { return schedule.to_osm(); }  // canonical OpenStreetMap text
  std::string raw;
  Evidence evidence;
  std::vector<std::string> phones;  // E.164
  // For "mesmo horário" / "same hours": the block whose statement it repeats.
  std::optional<std::size_t> inherited_from;
};

struct ExtractedEmail {
  std::string address;
  std::string raw;
  bool obfuscated = false;
  Origin from = Origin::text;  // text, mailto or cloudflare
  Evidence evidence;
};

struct ExtractedLink {
  std::string url;
  std::string text;
  Evidence evidence;
};

struct ExtractedPhrase {
  std::string text;
  bool found = false;
  std::optional<Evidence> evidence;
};

struct Extraction {
  std::vector<ExtractedPhone> phones;
  std::vector<ExtractedHours> hours;
  std::vector<ExtractedEmail> emails;
  std::vector<ExtractedLink> links;
  std::vector<ExtractedPhrase> phrases;
};

struct ExtractOptions {
  std::string region = "PT";
  std::vector<std::string> phrases;  // to look for
};

// The item's block text, whole: for code that reads around an item (not for output).
const std::string& block_text(const html::Document& document, const Evidence& evidence);

// The bounded window of an item's block shown to people (evidence_window.hpp): around the
// item where its place in the block is known, else the block's start.
std::string block_window(const html::Document& document, const ExtractedPhone& phone);
std::string block_window(const html::Document& document, const ExtractedHours& hours);
std::string block_window(const html::Document& document, const ExtractedEmail& email);
std::string block_window(const html::Document& document, const ExtractedLink& link);
std::string block_window(const html::Document& document, const Evidence& evidence);

Extraction extract_all(const html::Document& document, const ExtractOptions& options);

// How write_json lays the form out.
struct JsonForm {
  int indent = -1;                   // -1: one line; 2: one member a line, indented by 2
  std::optional<std::string> input;  // the "input" member: the file or URL read
};

// The `extract --json` contract (docs/extract-json.md): the items with their evidence fields,
// and the document's warnings, appended to `out` (util::JsonWriter, written as it goes: the
// form of a whole page is ~400 KB).
void write_json(const Extraction& extraction, const html::Document& document, std::string& out,
                const JsonForm& form);

// The same form as a tree, for code that reads it back (tests, fuzz targets).
nlohmann::json to_json(const Extraction& extraction, const html::Document& document);

// A plain-text summary for people.
std::string to_text(const Extraction& extraction, const html::Document& document);

}  // namespace freshcheck::extract
