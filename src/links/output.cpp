#include "links/output.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/markdown.hpp"
#include "util/text.hpp"

namespace freshcheck::links {

namespace {

// Control characters made visible in anything printed on a terminal or in a log: one line.
std::string printable(std::string_view text) {
  return util::printable(text, false);
}

std::string where_text(const LinkResult& result) {
  if (result.where.empty()) return {};
  const Where& first = result.where.front();
  std::string text = first.line > 0 ? fmt::format("{}:{}", first.file, first.line) : first.file;
  if (result.where.size() > 1) text += fmt::format(" (+{} more)", result.where.size() - 1);
  return printable(text);
}

bool worth_listing(const LinkResult& result) {
  return result.verdict != Verdict::ok;
}

std::string summary_line(const Summary& summary) {
  return fmt::format("{} links: {} ok, {} redirected, {} broken, {} blocked, {} unchecked",
                     summary.total, summary.ok, summary.redirected, summary.broken, summary.blocked,
                     summary.unchecked);
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
std::string annotation_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string annotation_property(std::string_view text) {
  std::string out;
  for (char c : annotation_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

nlohmann::json link_json(const LinkResult& result) {
  nlohmann::json chain = nlohmann::json::array();
  for (const ChainHop& hop : result.chain)
    chain.push_back({{"url", hop.url}, {"status", hop.status}});
  nlohmann::json where = nlohmann::json::array();
  for (const Where& place : result.where)
    where.push_back({{"file", place.file}, {"line", place.line}});
  const bool failed = result.verdict == Verdict::broken || result.verdict == Verdict::blocked ||
                      result.verdict == Verdict::unchecked;
  return {
      {"url", result.url},
      {"verdict", to_string(result.verdict)},
      {"status", result.status},
      {"final_url", result.final_url.empty() ? nlohmann::json() : nlohmann::json(result.final_url)},
      {"chain", std::move(chain)},
      {"error", failed ? nlohmann::json(result.reason) : nlohmann::json()},
      {"suggestion",
       result.suggestion.empty() ? nlohmann::json() : nlohmann::json(result.suggestion)},
      {"cached", result.from_cache},
      {"where", std::move(where)}};
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  if (name == "markdown") return Format::markdown;
  if (name == "junit") return Format::junit;
  return std::nullopt;
}

void write_text(std::ostream& out, const std::vector<LinkResult>& results) {
  for (const LinkResult& result : results) {
    if (!worth_listing(result)) continue;
    std::string why = result.reason;
    if (result.verdict == Verdict::redirected && result.suggestion.empty())
      why = fmt::format("-> {}", result.final_url);
    out << fmt::format("{:<10}  {}  {}  [{}]\n", to_string(result.verdict), printable(result.url),
                       printable(why), where_text(result));
  }
  out << summary_line(summarise(results)) << '\n';
}

void write_json(std::ostream& out, const std::vector<LinkResult>& results) {
  // One link at a time: a document of thousands of links is never held whole in memory.
  // Invalid UTF-8 from a page is replaced, never a reason to lose the report.
  const auto dump = [](const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  out << "{\"links\": [";
  for (std::size_t i = 0; i < results.size(); ++i)
    out << (i == 0 ? "\n " : ",\n ") << dump(link_json(results[i]));
  const Summary summary = summarise(results);
  const nlohmann::json totals = {
      {"total", summary.total},   {"ok", summary.ok},           {"redirected", summary.redirected},
      {"broken", summary.broken}, {"blocked", summary.blocked}, {"unchecked", summary.unchecked}};
  out << "\n],\n\"summary\": " << dump(totals) << "}\n";
}

void write_markdown(std::ostream& out, const std::vector<LinkResult>& results) {
  out << "## Links\n\n" << summary_line(summarise(results)) << ".\n";
  bool header = false;
  for (const LinkResult& result : results) {
    if (!worth_listing(result)) continue;
    if (!header) {
      out << "\n| verdict | link | why | where |\n| --- | --- | --- | --- |\n";
      header = true;
    }
    std::string why = result.reason;
    if (result.verdict == Verdict::redirected && result.suggestion.empty())
      why = "temporary redirect to " + result.final_url;
    out << fmt::format("| {} | {} | {} | {} |\n", to_string(result.verdict),
                       report::md_table_code(result.url), report::md_text(why, true),
                       report::md_text(where_text(result), true));
  }
}

void write_junit(std::ostream& out, const std::vector<LinkResult>& results) {
  const Summary summary = summarise(results);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites>\n<testsuite name=\"links\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
      summary.total, summary.broken, summary.blocked + summary.unchecked);
  for (const LinkResult& result : results) {
    out << fmt::format("<testcase classname=\"links\" name=\"{}\"",
                       util::markup_escape(result.url));
    const std::string where = util::markup_escape(where_text(result));
    if (result.verdict == Verdict::broken) {
      out << fmt::format(">\n<failure message=\"{}\">{}</failure>\n</testcase>\n",
                         util::markup_escape(result.reason), where);
    } else if (result.verdict == Verdict::blocked || result.verdict == Verdict::unchecked) {
      out << fmt::format(">\n<skipped message=\"{}: {}\"/>\n</testcase>\n",
                         to_string(result.verdict), util::markup_escape(result.reason));
    } else {
      out << "/>\n";
    }
  }
  out << "</testsuite>\n</testsuites>\n";
}

void write_github_annotations(std::ostream& out, const std::vector<LinkResult>& results) {
  for (const LinkResult& result : results) {
    const bool broken = result.verdict == Verdict::broken;
    if (!broken && result.suggestion.empty()) continue;
    for (const Where& place : result.where) {
      std::string properties = "file=" + annotation_property(place.file);
      if (place.line > 0) properties += fmt::format(",line={}", place.line);
      out << fmt::format("::{} {},title={}::{}: {}\n", broken ? "error" : "warning", properties,
                         broken ? "Broken link" : "Link moved permanently",
                         annotation_data(result.url), annotation_data(result.reason));
    }
  }
}

void write(Format format, std::ostream& out, const std::vector<LinkResult>& results) {
  switch (format) {
    case Format::text:
      return write_text(out, results);
    case Format::json:
      return write_json(out, results);
    case Format::markdown:
      return write_markdown(out, results);
    case Format::junit:
      return write_junit(out, results);
  }
}

}  // namespace freshcheck::links
