#include "links/cache.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "util/atomic_file.hpp"
#include "util/file.hpp"

namespace freshcheck::links {

namespace {

std::optional<Verdict> verdict_from(std::string_view text) {
  for (Verdict verdict : {Verdict::ok, Verdict::redirected, Verdict::broken})
    if (text == to_string(verdict)) return verdict;
  return std::nullopt;
}

std::int64_t epoch_seconds(LinkCache::Clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

}  // namespace

std::optional<std::chrono::seconds> parse_age(std::string_view text) {
  if (text.empty()) return std::nullopt;
  long long unit = 1;
  switch (text.back()) {
    case 'd':
      unit = 86'400;
      break;
    case 'h':
      unit = 3'600;
      break;
    case 'm':
      unit = 60;
      break;
    case 's':
      break;
    default:
      if (text.back() < '0' || text.back() > '9') return std::nullopt;
  }
  if (text.back() < '0' || text.back() > '9') text.remove_suffix(1);
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > 100LL * 365 * 86'400 / unit)
    return std::nullopt;
  return std::chrono::seconds(value * unit);
}

LinkCache LinkCache::load(const std::filesystem::path& path, std::chrono::seconds max_age,
                          Clock::time_point now) {
  LinkCache cache;
  cache.m_max_age = max_age;
  cache.m_now = now;
  const auto text = util::read_file(path);
  if (!text) return cache;
  const nlohmann::json document = nlohmann::json::parse(*text, nullptr, false);
  if (!document.is_object() || !document.contains("links") || !document["links"].is_object()) {
    spdlog::warn("the link cache {} is not a freshcheck cache; it is ignored and rewritten",
                 path.string());
    return cache;
  }
  for (const auto& [url, entry] : document["links"].items()) {
    if (!entry.is_object()) continue;
    const auto verdict = verdict_from(entry.value("verdict", ""));
    if (!verdict) continue;
    Entry kept;
    kept.checked = entry.value("checked", std::int64_t{0});
    kept.result.url = url;
    kept.result.verdict = *verdict;
    kept.result.status = entry.value("status", 0L);
    kept.result.final_url = entry.value("final_url", "");
    kept.result.reason = entry.value("reason", "");
    kept.result.suggestion = entry.value("suggestion", "");
    if (const auto chain = entry.find("chain"); chain != entry.end() && chain->is_array())
      for (const auto& hop : *chain)
        if (hop.is_object())
          kept.result.chain.push_back({hop.value("url", ""), hop.value("status", 0L)});
    cache.m_entries[url] = std::move(kept);
  }
  return cache;
}

std::optional<LinkResult> LinkCache::find(const std::string& url) const {
  const auto found = m_entries.find(url);
  if (found == m_entries.end()) return std::nullopt;
  const std::int64_t age = epoch_seconds(m_now) - found->second.checked;
  if (age < 0 || age >= m_max_age.count()) return std::nullopt;
  LinkResult result = found->second.result;
  result.from_cache = true;
  return result;
}

void LinkCache::store(const LinkResult& result, Clock::time_point now) {
  if (result.from_cache || result.network_problem || !verdict_from(to_string(result.verdict)))
    return;
  Entry entry;
  entry.result = result;
  entry.result.where.clear();
  entry.checked = epoch_seconds(now);
  m_entries[result.url] = std::move(entry);
}

core::Result<void> LinkCache::save(const std::filesystem::path& path) const {
  nlohmann::json links = nlohmann::json::object();
  for (const auto& [url, entry] : m_entries) {
    nlohmann::json chain = nlohmann::json::array();
    for (const ChainHop& hop : entry.result.chain)
      chain.push_back({{"url", hop.url}, {"status", hop.status}});
    links[url] = {{"verdict", to_string(entry.result.verdict)},
                  {"status", entry.result.status},
                  {"final_url", entry.result.final_url},
                  {"chain", std::move(chain)},
                  {"reason", entry.result.reason},
                  {"suggestion", entry.result.suggestion},
                  {"checked", entry.checked}};
  }
  const nlohmann::json document = {{"version", 1}, {"links", std::move(links)}};
  return util::write_atomically(path, document.dump(1) + "\n");
}

}  // namespace freshcheck::links
