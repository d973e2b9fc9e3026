#pragma once
// Edits one value of one fact in a dataset file in place, keeping everything else byte for
// byte (comments, order, layout), so that a reviewed pull request shows a one-line change.

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace freshcheck::config {

// Replaces fact `fact_id`'s `field` ("value", "hours") when it still reads `old_value`.
// Fails, changing nothing, when the file, the fact or the old value is not where the
// report said: then the dataset was edited since, and a person should look.
core::Result<void> replace_fact_field(const std::filesystem::path& file, const std::string& fact_id,
                                      const std::string& field, const std::string& old_value,
                                      const std::string& new_value);

}  // namespace freshcheck::config
