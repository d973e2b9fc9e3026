#pragma once
// What one run saw at one source: fetch metadata, the scoped text blocks, and the facts
// extracted from them. A snapshot is the last accepted observation of a source.

#include <string>
#include <vector>

namespace freshcheck::core {

struct ObservedPhone {
  std::string e164;
  std::string raw;
  std::string block;  // the text block it was seen in
  std::string hours;  // canonical OSM of the hours tied to it, if any
  // The extractor's kind ("fax", "mobile", ...). Not written to snapshots: only the current
  // observation's is read (a fax that appears raises nothing), so it takes no part in
  // comparing an observation with the stored one.
  std::string type;
  std::string location;  // where its block is: a DOM path, or "page 2" in a PDF
  bool operator==(const ObservedPhone& other) const {
    return e164 == other.e164 && raw == other.raw && block == other.block && hours == other.hours &&
           location == other.location;
  }
};

struct ObservedEmail {
  std::string address;
  std::string block;
  bool operator==(const ObservedEmail&) const = default;
};

struct ObservedLink {
  std::string url;
  std::string text;
  bool operator==(const ObservedLink&) const = default;
};

struct Observation {
  std::string source_id;
  std::string url;
  std::string final_url;
  // ISO 8601, UTC. Kept in memory for the findings' evidence, never in a snapshot file: a
  // quiet night must leave the snapshot byte for byte as it was.
  std::string fetched_at;
  long http_status = 0;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::vector<std::string> blocks;
  std::vector<ObservedPhone> phones;
  std::vector<ObservedEmail> emails;
  std::vector<ObservedLink> links;
  // The page as read (UTF-8), while a run holds it; never written into a snapshot (the
  // store keeps the last page apart, store::SnapshotStore::save_page). Snapshots of older
  // versions held it inline ("body") or named a file under snapshots/pages/ ("page"): both
  // are still read, for --offline and a 304, until the source's next page is saved.
  std::string body;
  std::string page_file;

  bool has_facts() const { return !phones.empty() || !emails.empty(); }
};

// Whether two observations saw the same page: the same text and facts at the same address.
// Fetch metadata (time, ETag, Last-Modified) and the raw body are left out: a page whose
// markup, cache headers or hidden tokens change while its text does not is the same page,
// and its snapshot stays as it was.
inline bool same_content(const Observation& a, const Observation& b) {
  return a.source_id == b.source_id && a.url == b.url && a.final_url == b.final_url &&
         a.http_status == b.http_status && a.blocks == b.blocks && a.phones == b.phones &&
         a.emails == b.emails && a.links == b.links;
}

}  // namespace freshcheck::core
