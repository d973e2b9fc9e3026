#include "config/dataset_editor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/located_json.hpp"
#include "phone/phone_number.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace freshcheck::config {
namespace {

// The byte offset of a 1-based line and code-point column.
std::size_t offset_of(std::string_view text, Location where) {
  std::size_t offset = 0;
  for (int line = 1; line < where.line && offset < text.size(); ++line) {
    const auto newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  for (int column = 1; column < where.column && offset < text.size(); ++column)
    util::next_code_point(text, offset);
  return offset;
}

}  // namespace

core::Result<void> replace_fact_fields(const std::filesystem::path& file,
                                       const std::string& fact_id,
                                       const std::vector<FieldEdit>& edits) {
  auto read = util::read_file(file);
  if (!read) return core::fail(fmt::format("cannot read {}", file.string()));
  std::string text = std::move(*read);

  const LocatedJson document = LocatedJson::parse(file.string(), text);
  if (!document.diagnostics().empty())
    return core::fail(document.diagnostics().front().to_string());
  const auto& facts = document.value().value("facts", nlohmann::json::array());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].value("id", "") != fact_id) continue;
    // Where each old value stands; replaced from the end so earlier offsets stay true.
    std::vector<std::pair<std::size_t, const FieldEdit*>> places;
    for (const FieldEdit& edit : edits) {
      const auto pointer = nlohmann::json::json_pointer("/facts") / i / edit.field;
      const std::string expected = nlohmann::json(edit.old_value).dump();
      const std::size_t at = offset_of(text, document.value_at(pointer));
      if (facts[i].value(edit.field, "") != edit.old_value ||
          text.compare(at, expected.size(), expected) != 0)
        return core::fail(fmt::format("{}: fact \"{}\" no longer has {} \"{}\"; edit it by hand",
                                      file.string(), fact_id, edit.field, edit.old_value));
      places.emplace_back(at, &edit);
    }
    std::sort(places.begin(), places.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [at, edit] : places)
      text.replace(at, nlohmann::json(edit->old_value).dump().size(),
                   nlohmann::json(edit->new_value).dump());
    return util::write_atomically(file, text);
  }
  return core::fail(
      fmt::format("{}: no fact \"{}\"; edit the dataset by hand", file.string(), fact_id));
}

core::Result<void> replace_fact_field(const std::filesystem::path& file, const std::string& fact_id,
                                      const std::string& field, const std::string& old_value,
                                      const std::string& new_value) {
  return replace_fact_fields(file, fact_id, {{field, old_value, new_value}});
}

namespace {

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

}  // namespace

std::string format_like(std::string_view written, std::string_view old_e164,
                        std::string_view new_e164) {
  const std::string written_digits = digits_of(written);
  const std::string old_digits = digits_of(old_e164);
  const std::string new_digits = digits_of(new_e164);
  const std::string fallback = phone::format_international(new_e164);
  // How the old number was written: with its country code ("+351 ...", "00351 ...") or
  // nationally; the country code is what the E.164 form has before the national digits.
  std::string prefix;  // the digits written before the national number, kept as they were
  std::size_t country_digits = 0;
  if (!old_digits.empty() && written_digits.ends_with(old_digits) &&
      written_digits.size() - old_digits.size() <= 2) {
    prefix = written_digits.substr(0, written_digits.size() - old_digits.size());  // "", "00"
  } else if (old_digits.ends_with(written_digits) && written_digits.size() < old_digits.size()) {
    country_digits = old_digits.size() - written_digits.size();
  } else {
    return fallback;
  }
  if (country_digits && new_digits.compare(0, country_digits, old_digits, 0, country_digits) != 0)
    return fallback;  // another country: the international form says so
  const std::string wanted = prefix + new_digits.substr(country_digits);
  if (wanted.size() != written_digits.size()) {
    if (!country_digits) return fallback;
    const auto space = fallback.find(' ');  // "+351 217 115 999" without "+351 "
    return space == std::string::npos ? fallback : fallback.substr(space + 1);
  }
  std::string out(written);
  std::size_t next = 0;
  for (char& c : out)
    if (c >= '0' && c <= '9') c = wanted[next++];
  return out;
}

}  // namespace freshcheck::config
