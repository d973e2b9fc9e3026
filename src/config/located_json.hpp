#pragma once
// JSON with comments, remembering where every value stands in the file, so configuration
// errors can say file:line:col. nlohmann/json parses; a SAX pass over the same text records
// positions and catches duplicate keys, which nlohmann otherwise accepts silently.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace freshcheck::config {

struct Location {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in code points

  bool operator==(const Location&) const = default;
};

// One problem in one file. Printed as "file:line:col: message".
struct Diagnostic {
  std::string file;
  Location where;
  std::string message;

  std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

// Deeper nesting is an error at the bracket that goes too deep: configuration needs a few
// levels, and a hostile file of 100,000 would otherwise cost minutes.
inline constexpr std::size_t k_max_json_depth = 64;

class LocatedJson {
 public:
  // Parses `text` (read from `file`, a name for messages). On malformed JSON, nesting deeper
  // than k_max_json_depth or duplicate keys, `diagnostics()` is non-empty; on malformed or
  // too deep JSON `value()` is null. Takes time linear in the text.
  static LocatedJson parse(std::string file, std::string_view text);

  const nlohmann::json& value() const { return m_value; }
  const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }
  const std::string& file() const { return m_file; }

  // Where the value at `pointer` starts; for an object member, where its key starts
  // (`key_of`). Falls back to the nearest recorded ancestor, then to 1:1.
  Location value_at(const nlohmann::json::json_pointer& pointer) const;
  Location key_of(const nlohmann::json::json_pointer& pointer) const;

  Diagnostic error_at(const nlohmann::json::json_pointer& pointer, std::string message) const;
  Diagnostic error_at_key(const nlohmann::json::json_pointer& pointer, std::string message) const;

 private:
  friend class PositionRecorder;

  std::string m_file;
  nlohmann::json m_value;
  std::vector<Diagnostic> m_diagnostics;
  std::map<std::string, Location> m_value_locations;
  std::map<std::string, Location> m_key_locations;
};

}  // namespace freshcheck::config
