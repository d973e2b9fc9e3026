#include "config/json_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "util/spelling.hpp"
#include "util/text.hpp"

namespace freshcheck::config {

using json = nlohmann::json;
using pointer = json::json_pointer;

const char* type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "true/false";
    case json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

std::string unknown_name_message(std::string head, std::string_view name,
                                 const std::vector<std::string>& known, std::string_view label) {
  if (const auto suggestion = util::closest_match(name, known))
    head += fmt::format("; did you mean \"{}\"?", *suggestion);
  head += fmt::format(" ({}: {})", label, fmt::join(known, ", "));
  return head;
}

std::optional<LocatedJson> parse_document(const std::string& file, std::string_view text,
                                          std::vector<Diagnostic>& diagnostics) {
  LocatedJson document = LocatedJson::parse(file, text);
  diagnostics.insert(diagnostics.end(), document.diagnostics().begin(),
                     document.diagnostics().end());
  if (document.value().is_null()) return std::nullopt;
  return document;
}

ObjectReader::ObjectReader(const LocatedJson& document, pointer at, std::string what,
                           const std::vector<std::string>& known_keys,
                           std::vector<Diagnostic>& diagnostics)
    : m_document(document),
      m_at(std::move(at)),
      m_what(std::move(what)),
      m_diagnostics(diagnostics) {
  const json& value = m_document.value()[m_at];
  if (!value.is_object()) {
    error(m_at, fmt::format("{} must be an object, got {}", m_what, type_name(value)));
    return;
  }
  m_object = &value;
  report_unknown_keys(known_keys);
}

void ObjectReader::report_unknown_keys(const std::vector<std::string>& known_keys) {
  for (const auto& [key, member] : m_object->items()) {
    if (std::find(known_keys.begin(), known_keys.end(), key) != known_keys.end()) continue;
    m_diagnostics.push_back(m_document.error_at_key(
        m_at / key, unknown_name_message(fmt::format("unknown key \"{}\" in {}", key, m_what), key,
                                         known_keys, "known keys")));
  }
}

std::optional<std::string> ObjectReader::string(const std::string& key, bool required) {
  const json* value = member(key, required);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    error(m_at / key,
          fmt::format("\"{}\" in {} must be a string, got {}", key, m_what, type_name(*value)));
    return std::nullopt;
  }
  if (required && util::trim(value->get_ref<const std::string&>()).empty()) {
    error(m_at / key, fmt::format("\"{}\" in {} must not be empty", key, m_what));
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<bool> ObjectReader::boolean(const std::string& key) {
  const json* value = member(key, false);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    error(m_at / key, fmt::format("\"{}\" in {} must be true or false, got {}", key, m_what,
                                  type_name(*value)));
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<long long> ObjectReader::integer(const std::string& key, long long minimum,
                                               long long maximum) {
  const json* value = member(key, false);
  if (!value) return std::nullopt;
  if (!value->is_number_integer() || value->get<long long>() < minimum ||
      value->get<long long>() > maximum) {
    error(m_at / key, fmt::format("\"{}\" in {} must be a whole number from {} to {}", key, m_what,
                                  minimum, maximum));
    return std::nullopt;
  }
  return value->get<long long>();
}

std::map<std::string, std::string> ObjectReader::string_map(const std::string& key) {
  std::map<std::string, std::string> out;
  const json* value = member(key, false);
  if (!value) return out;
  if (!value->is_object()) {
    error(m_at / key, fmt::format("\"{}\" in {} must be an object of strings, got {}", key, m_what,
                                  type_name(*value)));
    return out;
  }
  for (const auto& [name, item] : value->items()) {
    if (item.is_string())
      out[name] = item.get<std::string>();
    else
      error(m_at / key / name, fmt::format("\"{}\" in {} must map names to strings", key, m_what));
  }
  return out;
}

const json* ObjectReader::array(const std::string& key, bool required) {
  const json* value = member(key, required);
  if (!value) return nullptr;
  if (!value->is_array()) {
    error(m_at / key,
          fmt::format("\"{}\" in {} must be an array, got {}", key, m_what, type_name(*value)));
    return nullptr;
  }
  return value;
}

void ObjectReader::error(const pointer& where, std::string message) {
  m_diagnostics.push_back(m_document.error_at(where, std::move(message)));
}

const json* ObjectReader::member(const std::string& key, bool required) {
  if (!m_object) return nullptr;
  const auto found = m_object->find(key);
  if (found == m_object->end()) {
    if (required) error(m_at, fmt::format("{} is missing the required key \"{}\"", m_what, key));
    return nullptr;
  }
  return &*found;
}

}  // namespace freshcheck::config
