// Opening hours: free text to canonical OSM, comparison by meaning, differences in words.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hours/parser.hpp"
#include "hours/schedule.hpp"
#include "support.hpp"

using namespace freshcheck::hours;

namespace {

nlohmann::json load_cases() {
  std::ifstream in(FRESHCHECK_FIXTURES "/hours/cases.json");
  REQUIRE(in);
  return nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
}

Schedule osm(std::string_view text) {
  auto parsed = parse_osm(text);
  REQUIRE_MESSAGE(parsed.has_value(), text);
  return std::move(parsed).value();
}

}  // namespace

TEST_CASE("hours statements from fixtures") {
  std::size_t positives = 0;
  std::size_t negatives = 0;
  for (const auto& item : load_cases()) {
    const std::string text = item.at("text");
    (item.at("osm").is_null() ? negatives : positives)++;
    SUBCASE(text.c_str()) {
      const auto statements = parse_hours(text);
      if (item.at("osm").is_null()) {
        CHECK_MESSAGE(statements.empty(), "parsed as " << statements[0].schedule.to_osm());
      } else {
        // Each of these lines states one schedule.
        REQUIRE(statements.size() == 1);
        const HoursStatement& statement = statements[0];
        CHECK(statement.schedule.to_osm() == item.at("osm").get<std::string>());
        // The canonical form reads back as the same schedule.
        CHECK(osm(statement.schedule.to_osm()) == statement.schedule);
        CHECK_FALSE(statement.raw.empty());
        CHECK(text.substr(statement.begin, statement.end - statement.begin) == statement.raw);
      }
    }
  }
  CHECK(positives >= 80);
  CHECK(negatives >= 20);
}

TEST_CASE("the prefilter rules out only texts that state no hours") {
  // Every case of the fixtures: a text the full reader finds hours in passes the prefilter.
  for (const auto& item : load_cases()) {
    const std::string text = item.at("text");
    if (!parse_hours_unfiltered(text).empty()) CHECK_MESSAGE(may_state_hours(text), text);
  }
  // Clock times written in other ways: accented words, full-width digits, named clocks.
  for (const std::string_view text :
       {"das nove às três da tarde", "９h-１７h", "do meio-dia à meia-noite", "9:30-17:00",
        "Abertos 24 horas", "24/7", "nine to five pm", "8 h 30 às 12 h", "DAS 9H ÀS 17H"}) {
    CHECK_MESSAGE(may_state_hours(text), text);
    CHECK_MESSAGE(!parse_hours_unfiltered(text).empty(), text);
  }
  // Ordinary text, numbers that are no clock times, and bare numbers with no mark.
  for (const std::string_view text :
       {"Uma pessoa e uma casa.", "Taxa de 129,12 € em 43 dias", "Consulte o artigo 12.",
        "das 9 às 17", "", "Saúde Pública — Contactos"}) {
    CHECK_FALSE_MESSAGE(may_state_hours(text), text);
    CHECK_MESSAGE(parse_hours_unfiltered(text).empty(), text);
  }
}

TEST_CASE("raw is the statement as written") {
  const auto statements =
      parse_hours("Centro de Contacto — dias úteis, das 8h00 às 20h00. Ligue já.");
  REQUIRE(statements.size() == 1);
  CHECK(statements[0].raw == "dias úteis, das 8h00 às 20h00");
}

TEST_CASE("schedules compare by meaning") {
  CHECK(osm("Mo-Fr 08:00-20:00") == osm("Mo,Tu,We,Th,Fr 08:00-20:00"));
  CHECK(osm("Mo-Fr 08:00-12:00,12:00-20:00") == osm("Mo-Fr 08:00-20:00"));
  CHECK(osm("Mo-Fr 08:00-20:00; Sa 09:00-13:00") == osm("Sa 09:00-13:00; Mo-Fr 08:00-20:00"));
  CHECK(osm("24/7") == osm("Mo-Su 00:00-24:00"));
  CHECK(osm("24/7; PH off").to_osm() == "Mo-Su 00:00-24:00; PH off");
  CHECK(osm("Mo-Fr 08:00-20:00") != osm("Mo-Fr 08:00-18:00"));
  CHECK(osm("Mo-Sa 08:00-20:00") != osm("Mo-Fr 08:00-20:00"));
  CHECK(osm("Mo-Fr 08:00-20:00; PH off") != osm("Mo-Fr 08:00-20:00"));
  CHECK(osm("Mo-Fr 08:00-20:00; Sa off") == osm("Mo-Fr 08:00-20:00"));
  CHECK(osm("Fr-Mo 10:00-12:00").to_osm() == "Mo,Fr-Su 10:00-12:00");
}

TEST_CASE("a pause that ends past midnight leaves the rest of the night to the next morning") {
  // Found by fuzz_hours: what was left came out as "29:00-06:00", which OSM cannot state.
  Schedule schedule;
  schedule.add(every_day(), {{14 * 60, 30 * 60}});  // 14:00 to 06:00 the next day
  schedule.remove({9 * 60, 29 * 60});               // 09:00 to 05:00 the next day
  CHECK(schedule.to_osm() == "05:00-06:00");
  CHECK(osm(schedule.to_osm()) == schedule);
  // Only the days that had the night get its morning.
  Schedule saturday;
  saturday.add(only_day(5), {{20 * 60, 28 * 60}});  // Sa 20:00 to 04:00
  saturday.remove({21 * 60, 27 * 60});
  CHECK(saturday.to_osm() == "Sa 20:00-21:00; Su 03:00-04:00");
  CHECK(osm(saturday.to_osm()) == saturday);
}

TEST_CASE("differences are described in words") {
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00"), osm("Mo-Fr 08:00-18:00")) ==
        "Mo-Fr: closes at 18:00 instead of 20:00");
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00"), osm("Mo-Fr 09:00-20:00")) ==
        "Mo-Fr: opens at 09:00 instead of 08:00");
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00; Sa 09:00-13:00"), osm("Mo-Fr 08:00-20:00")) ==
        "Sa: no longer open (was 09:00-13:00)");
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00"), osm("Mo-Sa 08:00-20:00")) ==
        "Sa: now open 08:00-20:00");
  CHECK(describe_difference(osm("Mo-Fr 09:00-17:00"), osm("Mo-Fr 09:00-13:00,14:00-17:00")) ==
        "Mo-Fr: 09:00-13:00,14:00-17:00 instead of 09:00-17:00");
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00"), osm("Mo-Fr 08:00-20:00; PH off")) ==
        "now closed on public holidays");
  CHECK(describe_difference(osm("Mo-Fr 08:00-20:00"), osm("Mo,Tu,We,Th,Fr 08:00-20:00")).empty());
}

TEST_CASE("OSM syntax errors say what is wrong") {
  CHECK(parse_osm("Mo-Fx 08:00-20:00").error().message ==
        "\"Mo-Fx\" is not a weekday or weekday range (Mo, Tu, We, Th, Fr, Sa, Su)");
  CHECK(parse_osm("Mo-Fr 8h-20h").error().message ==
        "\"8h-20h\" is not a time range such as 09:00-17:30");
  CHECK(parse_osm("Mo-Fr").error().message == "\"Mo-Fr\" has weekdays but no times");
  CHECK_FALSE(parse_osm("").has_value());
  CHECK_FALSE(parse_osm("Mo-Fr 25:00-26:00").has_value());
}

TEST_CASE("overlapping overnight ranges that last over a day keep their meaning") {
  // Found by fuzz_osm: merged into 09:00 to 17:00 the next day, the range was written as
  // "09:00-17:00", which reads back as a daytime range.
  const Schedule merged = osm("Mo,We,Fr 09:00-02:00,18:00-17:00; Sa 10:00-13:00");
  CHECK(merged.to_osm() == "Mo,We,Fr 09:00-41:00; Sa 10:00-13:00");
  CHECK(osm(merged.to_osm()) == merged);
  CHECK(osm("Mo-Fr 22:00-02:00").to_osm() == "Mo-Fr 22:00-02:00");
  CHECK_FALSE(parse_osm("Mo 41:00-42:00").has_value());  // extended hours only for an end
}

TEST_CASE("a range never starts at 24:00, and what is read states itself in OSM") {
  // Found by fuzz_hours: "24:00-17:00" gave a range starting at 24:00, whose OSM form does not
  // read back.
  for (const char* text :
       {"Working 24:00-17:00", "Aberto das 24h às 17h", "Diariamente, das 20h às 24h"}) {
    CAPTURE(text);
    for (const auto& statement : parse_hours(text)) {
      for (int day = 0; day < k_days_per_week; ++day)
        for (const auto& range : statement.schedule.ranges_on(day))
          CHECK(range.start < k_minutes_per_day);
      CHECK(osm(statement.schedule.to_osm()) == statement.schedule);
    }
  }
  const auto evening = parse_hours("Diariamente, das 20h às 24h");
  REQUIRE(evening.size() == 1);
  CHECK(evening[0].schedule.to_osm() == "20:00-24:00");
}

TEST_CASE("same-hours statements") {
  CHECK(says_same_hours("Linha alternativa: 965 903 700 (mesmo horário)"));
  CHECK(says_same_hours("Alternative line, same hours"));
  CHECK_FALSE(says_same_hours("Horário: 9h-17h"));
}

TEST_CASE("every canonical form passes the reference opening_hours validator") {
  // All outputs of the fixture cases, plus forms the writer produces that they do not cover.
  std::vector<std::string> values = {
      "Mo,Fr-Su 10:00-12:00",          "Mo-Su 00:00-24:00; PH off", "PH off",
      "Mo-We,Fr 09:00-17:00",          "Mo-Fr 22:00-02:00",         "Mo,We,Fr 09:00-41:00",
      "Mo 09:00-41:00; Sa 10:00-13:00"};
  for (const auto& item : load_cases()) {
    if (item.at("osm").is_null()) continue;
    const auto statements = parse_hours(item.at("text").get<std::string>());
    REQUIRE(statements.size() == 1);
    values.push_back(statements[0].schedule.to_osm());
  }
  // And the canonical form of every schedule the page fixtures expect.
  std::ifstream statements(FRESHCHECK_FIXTURES "/hours/statements.jsonl");
  REQUIRE(statements);
  for (std::string line; std::getline(statements, line);)
    if (!line.empty()) {
      // Named: at() returns into the parsed value, which a temporary would free first.
      const nlohmann::json statement = nlohmann::json::parse(line);
      for (const auto& expected : statement.at("expect"))
        values.push_back(osm(expected.get<std::string>()).to_osm());
    }
  for (const std::string& value :
       {std::string("Mo-We,Fr 09:00-17:00"), std::string("Mo-Fr 22:00-02:00")})
    CHECK(osm(value).to_osm() == value);

  const auto list =
      std::filesystem::temp_directory_path() / ("freshcheck-osm-" + std::to_string(::getpid()));
  {
    std::ofstream out(list);
    for (const std::string& value : values) out << value << '\n';
  }
  const std::string command =
      "node " FRESHCHECK_TEST_TOOLS "/check-opening-hours.js " + list.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(list);
  INFO(output);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(std::count(output.begin(), output.end(), '\n') == static_cast<long>(values.size()));
}

TEST_CASE("every cut of every fixture statement reads without losing its place") {
  // Texts cut anywhere (a page truncated mid-sentence, a cell split oddly) must still give
  // statements whose offsets point at their raw text.
  std::vector<std::string> texts;
  for (const auto& item : load_cases()) texts.push_back(item.at("text"));
  std::ifstream in(FRESHCHECK_FIXTURES "/hours/statements.jsonl");
  REQUIRE(in);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) texts.push_back(nlohmann::json::parse(line).at("html"));
  std::size_t cuts = 0;
  for (const std::string& text : texts) {
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
      // Cut only between characters, never inside one.
      if (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) continue;
      const std::string_view part = std::string_view(text).substr(0, cut);
      for (const HoursStatement& statement : parse_hours(part)) {
        REQUIRE(statement.begin <= statement.end);
        REQUIRE(statement.end <= part.size());
        CHECK(part.substr(statement.begin, statement.end - statement.begin) == statement.raw);
        CHECK_FALSE(statement.schedule.empty());
      }
      ++cuts;
    }
  }
  CHECK(cuts > 10000);
}

TEST_CASE("several statements in one text, each with its place") {
  const std::string text =
      "Atendimento personalizado: dias úteis, 9h-18h; serviço automático: 24 horas por dia";
  const auto statements = parse_hours(text);
  REQUIRE(statements.size() == 2);
  CHECK(statements[0].schedule.to_osm() == "Mo-Fr 09:00-18:00");
  CHECK(statements[0].raw == "Atendimento personalizado: dias úteis, 9h-18h");
  CHECK(statements[1].schedule.to_osm() == "24/7");
  CHECK(statements[1].raw == "serviço automático: 24 horas por dia");
  CHECK(text.substr(statements[1].begin, statements[1].end - statements[1].begin) ==
        statements[1].raw);
}

TEST_CASE("days named alone, for timetable headers") {
  const auto days = [](std::string_view text) {
    const auto set = parse_days(text);
    REQUIRE_MESSAGE(set.has_value(), text);
    std::string out;
    for (int day = 0; day < k_days_per_week; ++day)
      if ((*set)[day]) out += weekday_code(day);
    return out;
  };
  CHECK(days("Segunda") == "Mo");
  CHECK(days("Seg.") == "Mo");
  CHECK(days("3.ª feira") == "Tu");
  CHECK(days("Sábado:") == "Sa");
  CHECK(days("Sat") == "Sa");
  CHECK(days("2.ª a 6.ª feira") == "MoTuWeThFr");
  CHECK(days("Dias úteis") == "MoTuWeThFr");
  // Each way a day expression can begin: a group, every day, a list after a preposition.
  CHECK(days("Fins de semana") == "SaSu");
  CHECK(days("Todos os dias") == "MoTuWeThFrSaSu");
  CHECK(days("De segunda a sexta") == "MoTuWeThFr");
  CHECK(days("Sábados, domingos e feriados") == "SaSu");
  CHECK(days("Mon-Fri") == "MoTuWeThFr");
  CHECK_FALSE(parse_days("Taxa | 129,12 €").has_value());
  CHECK_FALSE(parse_days("Balcão: segunda").has_value());
  CHECK_FALSE(parse_days("Serviço").has_value());
  CHECK_FALSE(parse_days("").has_value());
  CHECK_FALSE(parse_days("Segunda: 9h-17h").has_value());
  CHECK_FALSE(parse_days("Dr. Silva").has_value());
}
