#include "config/dataset_editor.hpp"

#include <fmt/format.h>

#include "config/located_json.hpp"
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

core::Result<void> replace_fact_field(const std::filesystem::path& file, const std::string& fact_id,
                                      const std::string& field, const std::string& old_value,
                                      const std::string& new_value) {
  auto read = util::read_file(file);
  if (!read) return core::fail(fmt::format("cannot read {}", file.string()));
  std::string text = std::move(*read);

  const LocatedJson document = LocatedJson::parse(file.string(), text);
  if (!document.diagnostics().empty())
    return core::fail(document.diagnostics().front().to_string());
  const auto& facts = document.value().value("facts", nlohmann::json::array());
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].value("id", "") != fact_id) continue;
    const auto pointer = nlohmann::json::json_pointer("/facts") / i / field;
    const std::string expected = nlohmann::json(old_value).dump();
    const std::size_t at = offset_of(text, document.value_at(pointer));
    if (facts[i].value(field, "") != old_value || text.compare(at, expected.size(), expected) != 0)
      return core::fail(fmt::format("{}: fact \"{}\" no longer has {} \"{}\"; edit it by hand",
                                    file.string(), fact_id, field, old_value));
    text.replace(at, expected.size(), nlohmann::json(new_value).dump());
    return util::write_atomically(file, text);
  }
  return core::fail(
      fmt::format("{}: no fact \"{}\"; edit the dataset by hand", file.string(), fact_id));
}

}  // namespace freshcheck::config
