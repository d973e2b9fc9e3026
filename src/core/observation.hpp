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
  // observation's is read (a fax that appears raises nothing).
  std::string type;
  std::string location;  // where its block is: a DOM path, or "page 2" in a PDF
};

struct ObservedEmail {
  std::string address;
  std::string block;
};

struct ObservedLink {
  std::string url;
  std::string text;
};

struct Observation {
  std::string source_id;
  std::string url;
  std::string final_url;
  std::string fetched_at;  // ISO 8601, UTC
  long http_status = 0;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::vector<std::string> blocks;
  std::vector<ObservedPhone> phones;
  std::vector<ObservedEmail> emails;
  std::vector<ObservedLink> links;
  std::string body;  // the page as fetched, for --offline

  bool has_facts() const { return !phones.empty() || !emails.empty(); }
};

}  // namespace freshcheck::core
