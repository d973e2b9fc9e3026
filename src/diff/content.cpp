// The page's text blocks against the snapshot's: what changed, paired block by block.

#include <fmt/format.h>

#include <memory>
#include <set>

#include "diff/comparisons.hpp"
#include "diff/finding_builder.hpp"
#include "util/regex.hpp"
#include "util/text.hpp"

namespace freshcheck::diff {
namespace {

constexpr double k_same_block = 0.5;  // at least half the words shared: an edit

// A block's words with the rule's noise (compiled once per source) removed first.
std::string comparison_key(std::string_view block, const std::vector<std::unique_ptr<RE2>>& noise) {
  std::string text(block);
  for (const auto& pattern : noise) RE2::GlobalReplace(&text, *pattern, " ");
  return block_key(text);
}

std::vector<std::string> comparison_keys(const std::vector<std::string>& blocks,
                                         const std::vector<std::unique_ptr<RE2>>& noise) {
  std::vector<std::string> keys;
  for (const auto& block : blocks) keys.push_back(comparison_key(block, noise));
  return keys;
}

std::vector<std::unique_ptr<RE2>> compile_noise(const std::vector<std::string>& patterns) {
  std::vector<std::unique_ptr<RE2>> noise;
  for (const auto& pattern : patterns) {
    auto compiled = std::make_unique<RE2>(pattern, util::regex_options());
    if (compiled->ok()) noise.push_back(std::move(compiled));  // validate reports bad ones
  }
  return noise;
}

// How alike two blocks' words are: twice the shared words over all words (Dice), 0..1.
double word_likeness(const std::string& a_key, const std::string& b_key) {
  if (a_key.empty() || b_key.empty()) return 0;
  const auto a = util::split(a_key, ' ');
  const auto b = util::split(b_key, ' ');
  if (a.empty() || b.empty()) return 0;
  std::multiset<std::string_view> rest(b.begin(), b.end());
  std::size_t shared = 0;
  for (const auto word : a)
    if (const auto found = rest.find(word); found != rest.end()) {
      rest.erase(found);
      ++shared;
    }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

// The added block (an index into `added`, not yet paired) that reads most like `removed_key`,
// if one shares at least half its words.
std::optional<std::size_t> most_like(const std::string& removed_key,
                                     const std::vector<std::string>& after_keys,
                                     const std::vector<std::size_t>& added,
                                     const std::vector<bool>& paired) {
  std::optional<std::size_t> best;
  double best_likeness = k_same_block;
  for (std::size_t k = 0; k < added.size(); ++k) {
    const double likeness = paired[k] ? 0 : word_likeness(removed_key, after_keys[added[k]]);
    if (likeness >= best_likeness && (!best || likeness > best_likeness)) {
      best = k;
      best_likeness = likeness;
    }
  }
  return best;
}

// The blocks that disappeared and appeared, by their words (so a reordered page changes
// nothing), with each removed block paired to the added block that reads most like it: one
// edited sentence is one change, not a removal and an addition.
std::vector<core::BlockChange> block_changes(const std::vector<std::string>& before,
                                             const std::vector<std::string>& after,
                                             const std::vector<std::string>& noise_patterns) {
  const auto noise = compile_noise(noise_patterns);
  const auto before_keys = comparison_keys(before, noise);
  const auto after_keys = comparison_keys(after, noise);
  const std::multiset<std::string> before_set(before_keys.begin(), before_keys.end());
  const std::multiset<std::string> after_set(after_keys.begin(), after_keys.end());
  std::vector<std::size_t> added;
  for (std::size_t j = 0; j < after.size(); ++j)
    if (before_set.count(after_keys[j]) == 0) added.push_back(j);
  std::vector<bool> paired(added.size(), false);
  std::vector<core::BlockChange> changes;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (after_set.count(before_keys[i]) > 0) continue;
    const auto best = most_like(before_keys[i], after_keys, added, paired);
    if (best) paired[*best] = true;
    changes.push_back({before[i], best ? after[added[*best]] : std::string()});
  }
  for (std::size_t k = 0; k < added.size(); ++k)
    if (!paired[k]) changes.push_back({std::string(), after[added[k]]});
  return changes;
}

// The changes as a unified-style listing: "- old" and "+ new", an edit's two lines together.
std::string unified(const std::vector<core::BlockChange>& changes) {
  std::string out;
  for (const auto& change : changes) {
    if (!change.before.empty()) out += "- " + change.before + "\n";
    if (!change.after.empty()) out += "+ " + change.after + "\n";
  }
  return out;
}

}  // namespace

std::string block_key(std::string_view block) {
  const std::string folded = util::fold_for_search(block);
  std::string words;
  bool pending_space = false;
  for (char c : folded) {
    const bool letter = (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    if (!letter) {
      pending_space = !words.empty();
      continue;
    }
    if (pending_space) words += ' ';
    pending_space = false;
    words += c;
  }
  return words;
}

void add_content_change(const SourceDiffInput& input, std::vector<core::Finding>& findings) {
  auto changes = block_changes(input.previous->blocks, input.current.blocks, input.source.noise);
  if (changes.empty()) return;
  std::size_t edited = 0, added = 0, removed = 0;
  for (const auto& change : changes)
    ++(change.before.empty() ? added : change.after.empty() ? removed : edited);
  auto finding = build_finding(
      input,
      {.kind = core::FindingKind::content_changed,
       .severity = core::Severity::info,
       .message = fmt::format(
           "{}: {} text block{} changed in scope ({} edited, {} added, {} removed)",
           input.source.id, changes.size(), changes.size() == 1 ? "" : "s", edited, added, removed),
       .detail = unified(changes)});
  finding.evidence.changes = std::move(changes);
  findings.push_back(std::move(finding));
}

}  // namespace freshcheck::diff
