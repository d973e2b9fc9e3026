// Each enum with names has one table (core/name_table.hpp): every enumerator is in it, and
// its name reads back to the same value. A new enumerator left out of its table fails here.
#include <doctest/doctest.h>

#include "config/config.hpp"
#include "extract/extraction.hpp"
#include "report/report.hpp"

namespace {

namespace report = freshcheck::report;
namespace extract = freshcheck::extract;
namespace config = freshcheck::config;

}  // namespace

TEST_CASE("source statuses: every one has a name that reads back") {
  using report::Status;
  for (Status status : {Status::ok, Status::changed, Status::unchanged, Status::unreachable,
                        Status::blocked, Status::extraction_empty}) {
    const auto name = report::to_string(status);
    CHECK_FALSE(name.empty());
    CHECK(report::status_from_string(name) == status);
  }
  CHECK(report::to_string(Status::extraction_empty) == "extraction_empty");
  CHECK_FALSE(report::status_from_string("Changed"));
  CHECK(report::was_read(Status::changed));
  CHECK_FALSE(report::was_read(Status::blocked));
  CHECK_FALSE(report::was_read(Status::unreachable));
}

TEST_CASE("item origins: the words extract --json writes as \"from\"") {
  CHECK(extract::to_string(extract::Origin::text) == "text");
  CHECK(extract::to_string(extract::Origin::tel_link) == "tel_link");
  CHECK(extract::to_string(extract::Origin::mailto) == "mailto");
  CHECK(extract::to_string(extract::Origin::cloudflare) == "cloudflare");
}

TEST_CASE("fact kinds: one table for parsing, printing and suggestions") {
  using config::FactKind;
  for (FactKind kind :
       {FactKind::phone, FactKind::email, FactKind::link, FactKind::hours, FactKind::phrase})
    CHECK(config::fact_kind_from_string(config::to_string(kind)) == kind);
  CHECK(config::fact_kind_names() ==
        std::vector<std::string>{"phone", "email", "link", "hours", "phrase"});
  CHECK_FALSE(config::fact_kind_from_string("telephone"));
}
