#pragma once
// Reading configuration objects out of a LocatedJson: known keys checked (with a "did you
// mean"), typed getters, and every problem appended as a Diagnostic at the position of the
// offending key or value. Knows nothing of rules or datasets.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/located_json.hpp"

namespace freshcheck::config {

// "an object", "a string", ...: how messages name a JSON value's type.
const char* type_name(const nlohmann::json& value);

// "<head>; did you mean "<closest>"? (<label>: <all known>)": the message for a name that is
// none of the known ones, with the closest one when it is close enough.
std::string unknown_name_message(std::string head, std::string_view name,
                                 const std::vector<std::string>& known, std::string_view label);

// Parses a configuration file's text and appends its syntax problems to `diagnostics`;
// nothing when the text is no JSON at all (the problem is already reported).
std::optional<LocatedJson> parse_document(const std::string& file, std::string_view text,
                                          std::vector<Diagnostic>& diagnostics);

// Reads one JSON object against a list of known keys, reporting each problem with the
// position of the offending key or value. `what` names the object in messages ("source").
// A getter returns nothing when the key is absent (an error if it is required) or its value
// is of the wrong kind (always an error).
class ObjectReader {
 public:
  ObjectReader(const LocatedJson& document, nlohmann::json::json_pointer at, std::string what,
               const std::vector<std::string>& known_keys, std::vector<Diagnostic>& diagnostics);

  bool ok() const { return m_object != nullptr; }
  const nlohmann::json::json_pointer& at() const { return m_at; }
  const LocatedJson& document() const { return m_document; }
  bool has(const std::string& key) const { return m_object && m_object->contains(key); }

  // A reader of the object at `at` (within the same document), reporting to the same list.
  ObjectReader nested(nlohmann::json::json_pointer at, std::string what,
                      const std::vector<std::string>& known_keys) const {
    return ObjectReader(m_document, std::move(at), std::move(what), known_keys, m_diagnostics);
  }

  // A required string must also not be blank.
  std::optional<std::string> string(const std::string& key, bool required);
  std::optional<bool> boolean(const std::string& key);
  std::optional<long long> integer(const std::string& key, long long minimum, long long maximum);
  // An object whose values are all strings ("headers").
  std::map<std::string, std::string> string_map(const std::string& key);
  const nlohmann::json* array(const std::string& key, bool required);

  // Calls `read(entry, position)` for each entry of the optional array at `key`.
  template <class Read>
  void each_entry(const std::string& key, Read read) {
    const nlohmann::json* entries = array(key, false);
    if (!entries) return;
    for (std::size_t i = 0; i < entries->size(); ++i) read((*entries)[i], m_at / key / i);
  }

  void error(const nlohmann::json::json_pointer& where, std::string message);

 private:
  const nlohmann::json* member(const std::string& key, bool required);
  void report_unknown_keys(const std::vector<std::string>& known_keys);

  const LocatedJson& m_document;
  nlohmann::json::json_pointer m_at;
  std::string m_what;
  std::vector<Diagnostic>& m_diagnostics;
  const nlohmann::json* m_object = nullptr;
};

}  // namespace freshcheck::config
