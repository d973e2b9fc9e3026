#pragma once
// Edits values of one fact in a dataset file in place, keeping everything else byte for
// byte (comments, order, layout), so that a reviewed pull request shows a one-line change.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace freshcheck::config {

// One field of a fact ("value", "hours") that should now read `new_value`, if it still
// reads `old_value`.
struct FieldEdit {
  std::string field;
  std::string old_value;
  std::string new_value;
};

// Applies every edit to fact `fact_id` in one atomic write, or none: fails, changing
// nothing, when the file, the fact or an old value is not where the report said (the
// dataset was edited since, and a person should look).
core::Result<void> replace_fact_fields(const std::filesystem::path& file,
                                       const std::string& fact_id,
                                       const std::vector<FieldEdit>& edits);

// One field; see replace_fact_fields.
core::Result<void> replace_fact_field(const std::filesystem::path& file, const std::string& fact_id,
                                      const std::string& field, const std::string& old_value,
                                      const std::string& new_value);

// A new number (E.164) written the way the dataset wrote the old one: the same grouping
// and spaces, with the "+351"/"00351" prefix or without it ("217 115 000" and
// "+351217115100" give "217 115 100"). When the digits do not fit the old layout, the
// number's usual international or national form.
std::string format_like(std::string_view written, std::string_view old_e164,
                        std::string_view new_e164);

}  // namespace freshcheck::config
