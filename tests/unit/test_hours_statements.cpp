// Opening-hours statements as whole pages write them, read through the real page reader and
// extractor: each line of statements.jsonl is an HTML snippet modelled on a kind of official
// page and the OSM schedules `extract` must report for it (none for negatives). Prints the
// precision and recall over the whole set.
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "extract/extraction.hpp"
#include "hours/schedule.hpp"
#include "html/document.hpp"
#include "support.hpp"

using namespace freshcheck;

namespace {

struct StatementCase {
  std::string page;
  std::string html;
  std::vector<std::string> expect;  // canonical OSM
};

std::vector<StatementCase> load_statement_cases() {
  std::ifstream in(FRESHCHECK_FIXTURES "/hours/statements.jsonl");
  REQUIRE(in);
  std::vector<StatementCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto item = nlohmann::json::parse(line);
    StatementCase entry{item.at("page"), item.at("html"), {}};
    for (const auto& text : item.at("expect")) {
      // Expectations are compared in canonical form; one that is not valid OSM is a bad
      // fixture, not a miss.
      auto schedule = hours::parse_osm(text.get<std::string>());
      REQUIRE_MESSAGE(schedule.has_value(), "line " << number << ": " << text);
      entry.expect.push_back(schedule->to_osm());
    }
    cases.push_back(std::move(entry));
  }
  return cases;
}

std::vector<std::string> reported_hours(const std::string& snippet) {
  const std::string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" +
                           snippet + "</body></html>";
  auto document = html::parse_document(page, {});
  REQUIRE(document.has_value());
  std::vector<std::string> out;
  for (const auto& statement : extract::extract_all(*document, {}).hours)
    out.push_back(statement.osm());
  return out;
}

// How many items the two multisets share.
std::size_t shared(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return both.size();
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) out += (out.empty() ? "" : " && ") + value;
  return "[" + out + "]";
}

}  // namespace

TEST_CASE("hours statements on pages: precision and recall over the fixture set") {
  const std::vector<StatementCase> cases = load_statement_cases();
  std::size_t expected = 0, reported = 0, correct = 0, positives = 0, negatives = 0;
  std::string misses;
  for (const StatementCase& entry : cases) {
    const std::vector<std::string> got = reported_hours(entry.html);
    (entry.expect.empty() ? negatives : positives)++;
    expected += entry.expect.size();
    reported += got.size();
    const std::size_t right = shared(got, entry.expect);
    correct += right;
    if (right != got.size() || right != entry.expect.size())
      misses += "\n  " + entry.page + ": expected " + joined(entry.expect) + ", got " +
                joined(got) + "\n    " + entry.html;
    if (entry.expect.empty())
      CHECK_MESSAGE(got.empty(), entry.page << ": " << entry.html << " -> " << joined(got));
  }
  const double precision = reported == 0 ? 0.0 : double(correct) / double(reported);
  const double recall = expected == 0 ? 0.0 : double(correct) / double(expected);
  MESSAGE("hours on pages: " << positives << " positive cases (" << expected << " schedules), "
                             << negatives << " negative cases; reported " << reported
                             << ", correct " << correct << "; precision " << precision
                             << ", recall " << recall);
  if (!misses.empty()) MESSAGE("misses:" << misses);
  CHECK(positives >= 150);
  CHECK(negatives >= 150);
  CHECK(precision >= 0.97);
  CHECK(recall >= 0.95);
}
