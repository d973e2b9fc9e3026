#pragma once
// The comparisons behind diff_source, one per fact kind (phones, hours, e-mails, phrases,
// content). Each appends its findings in the order the report lists them. Internal to diff/.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/finding.hpp"
#include "core/observation.hpp"
#include "diff/differ.hpp"
#include "hours/schedule.hpp"

namespace freshcheck::diff {

// Opening hours as a schedule and as the canonical OSM text the findings show.
struct ReadHours {
  hours::Schedule schedule{};
  std::string osm{};
};

// A fact's published hours, read once per comparison of the fact; nothing when it has none
// or they do not read (validate reports those).
std::optional<ReadHours> published_hours(const config::Fact& fact);

// The hours an observation ties to its numbers: the extraction's schedules for the page read
// now, or a stored observation's canonical OSM read back once.
class ObservedHours {
 public:
  // `schedules[i]` is the hours of `phones[i]`, as the extraction found them.
  ObservedHours(const std::vector<core::ObservedPhone>& phones,
                const std::vector<std::optional<hours::Schedule>>& schedules);
  explicit ObservedHours(const std::vector<core::ObservedPhone>& phones);
  // The hours of `phone`, one of the phones given; null when it has none or they do not read.
  const ReadHours* of(const core::ObservedPhone& phone) const;

 private:
  std::map<const core::ObservedPhone*, ReadHours> m_hours;
};

// phones.cpp
const core::ObservedPhone* find_phone(const std::vector<core::ObservedPhone>& phones,
                                      const std::string& e164);
// A published number (as E.164): missing, with its likely replacement, or found and its hours
// compared. A replacement is added to `replaced_by`, so that it is not news as well.
void compare_phone(const config::Fact& fact, const std::string& e164, const SourceDiffInput& input,
                   const ObservedHours& observed_hours, std::set<std::string>& replaced_by,
                   std::vector<core::Finding>& findings);
// Numbers the page shows that neither the snapshot nor the dataset (`known`) had.
void add_new_phones(const SourceDiffInput& input, const std::set<std::string>& known,
                    std::vector<core::Finding>& findings);

// hours.cpp
// hours_changed when the hours tied to a number (`places`, its occurrences) differ from the
// fact's.
void compare_hours(const config::Fact& fact, const std::vector<const core::ObservedPhone*>& places,
                   const SourceDiffInput& input, const ObservedHours& observed_hours,
                   std::vector<core::Finding>& findings);
// What a replacement number's hours say about the fact's, added to `message`; the new hours
// when they differ (to be accepted with the number).
std::optional<std::string> replacement_hours(const config::Fact& fact,
                                             const std::vector<const core::ObservedPhone*>& places,
                                             const ObservedHours& observed_hours,
                                             std::string& message);

// emails.cpp
bool has_email(const std::vector<core::ObservedEmail>& emails, const std::string& address);
void compare_email(const config::Fact& fact, const SourceDiffInput& input,
                   std::vector<core::Finding>& findings);
// Addresses the page shows that neither the snapshot nor the dataset (`known`, lower case) had.
void add_new_emails(const SourceDiffInput& input, const std::set<std::string>& known,
                    std::vector<core::Finding>& findings);

// phrases.cpp
void compare_phrase(const config::Fact& fact, const SourceDiffInput& input,
                    std::vector<core::Finding>& findings);

// content.cpp
// content_changed when text blocks in scope changed since the snapshot, paired block by block.
void add_content_change(const SourceDiffInput& input, std::vector<core::Finding>& findings);

}  // namespace freshcheck::diff
