#pragma once
// RE2 patterns are part of the program: one that does not compile is a bug, and RE2 would
// otherwise just never match. Every pattern goes through compiled().

#include <re2/re2.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace freshcheck::util {

inline RE2::Options regex_options(bool case_sensitive = true) {
  RE2::Options options;
  options.set_case_sensitive(case_sensitive);
  options.set_log_errors(false);
  return options;
}

// Throws std::logic_error naming the pattern if it does not compile.
inline const RE2& compiled(const RE2& pattern) {
  if (!pattern.ok())
    throw std::logic_error("regular expression does not compile: " + pattern.error() +
                           " in: " + pattern.pattern());
  return pattern;
}

}  // namespace freshcheck::util
