// Lint warnings W0001 to W0018: policies that ECR accepts but that are surprising or dangerous.
#include "ecrlc/lint.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/text.hpp"
#include "ecrlc/limits.hpp"
#include "json/syntax_check.hpp"

namespace ecrlc {
namespace {

// The thresholds of the "close to a limit" warnings: 90% of ECR's limit. An entry is only
// called unmatchable when even ECR could not hold a matching tag.
constexpr std::size_t k_policy_length_warning = k_ecr_max_policy_characters * 9 / 10;
constexpr std::size_t k_rule_count_warning = k_ecr_max_rules_per_policy * 9 / 10;
// Below this, `any` + imageCountMoreThan leaves very few releases once untagged images,
// index children and signatures have taken their share of the count.
constexpr std::int64_t k_small_any_count = 10;
// Ten years: an age rule beyond this is unlikely to ever act.
constexpr std::int64_t k_never_days = 3'650;
// A transition after fewer days than this may archive images that are in use but rarely
// pulled (nodes cache images; a running service does not pull again).
constexpr std::int64_t k_short_transition_days = 30;
// Archive storage is billed for at least this many days each time an image is archived.
constexpr std::int64_t k_archive_minimum_days = 90;

// Docker tag grammar [A-Za-z0-9_][A-Za-z0-9_.-]*.
bool is_tag_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool is_tag_first_char(char c) { return is_tag_char(c) && c != '.' && c != '-'; }

// A character for a message: 'c' when printable ASCII, else its byte value.
std::string describe_char(char c) {
  return detail::describe_byte(std::string_view(&c, 1), 0, {"", false, false});
}

// A string as a JSON string literal, so that odd characters stay visible in messages.
std::string quote(std::string_view text) { return detail::quote_for_message(text); }

std::string days(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " day" : " days");
}

// One entry of a tagPrefixList or tagPatternList.
struct Entry {
  bool is_prefix = true;
  std::string_view text;
};

bool is_all_stars(std::string_view text) {
  return !text.empty() && text.find_first_not_of('*') == std::string_view::npos;
}

// Matches every tag: the prefix "" or a pattern of '*' only.
bool is_universal(const Entry& entry) {
  return entry.is_prefix ? entry.text.empty() : is_all_stars(entry.text);
}

// Why no tag that ECR can store matches `entry`, or nothing when some tag may.
std::optional<std::string> unmatchable_reason(const Entry& entry) {
  const std::string_view text = entry.text;
  if (!entry.is_prefix && text.empty()) {
    return std::string("it matches only the empty tag");
  }
  // For a pattern, every literal character must appear in the tag; '*' stands for any run.
  std::size_t literal_length = 0;
  for (const char c : text) {
    if (!entry.is_prefix && c == '*') {
      continue;
    }
    if (!is_tag_char(c)) {
      return describe_char(c) + " is not allowed in a tag (letters, digits, '_', '.', '-')";
    }
    ++literal_length;
  }
  if (!text.empty() && text.front() != '*' && !is_tag_first_char(text.front())) {
    return "a tag cannot start with " + describe_char(text.front());
  }
  if (literal_length > k_ecr_max_tag_length) {
    return "it needs " + std::to_string(literal_length) + " characters and ECR tags have at most " +
           std::to_string(k_ecr_max_tag_length);
  }
  return std::nullopt;
}

// True when every tag matching `narrow` also matches `wide` (sound, not always complete).
// A prefix p is the pattern p*; matching `wide` against `narrow` as if it were a tag is a
// sound inclusion test because a '*' of `narrow` can only be consumed by a '*' of `wide`.
bool entry_includes(const Entry& wide, const Entry& narrow) {
  if (wide.is_prefix) {
    const std::string_view head =
        narrow.is_prefix ? narrow.text : narrow.text.substr(0, narrow.text.find('*'));
    return head.starts_with(wide.text);
  }
  std::string narrow_pattern(narrow.text);
  if (narrow.is_prefix) {
    narrow_pattern += '*';
  }
  return matches_pattern(wide.text, narrow_pattern);
}

std::vector<Entry> entries_of(const Rule& rule) {
  std::vector<Entry> entries;
  const bool is_prefix = !rule.tag_prefixes.empty();
  for (const auto& text : is_prefix ? rule.tag_prefixes : rule.tag_patterns) {
    entries.push_back({is_prefix, text});
  }
  return entries;
}

// True when every image that `lower` selects is also selected by `higher` (same storage class
// assumed). For tagged rules: each entry of `higher` must be implied by some entry of `lower`.
bool selection_covers(const Rule& higher, const Rule& lower) {
  if (higher.tag_status == TagStatus::any) {
    return true;
  }
  if (lower.tag_status != TagStatus::tagged || higher.tag_status != TagStatus::tagged) {
    return lower.tag_status == TagStatus::untagged && higher.tag_status == TagStatus::untagged;
  }
  const auto lower_entries = entries_of(lower);
  for (const auto& wide : entries_of(higher)) {
    const bool implied =
        std::any_of(lower_entries.begin(), lower_entries.end(),
                    [&](const Entry& narrow) { return entry_includes(wide, narrow); });
    if (!implied) {
      return false;
    }
  }
  return true;
}

bool selects_every_tagged_image(const Rule& rule) {
  if (rule.tag_status == TagStatus::any) {
    return true;
  }
  if (rule.tag_status != TagStatus::tagged) {
    return false;
  }
  const auto entries = entries_of(rule);
  return std::all_of(entries.begin(), entries.end(), is_universal);
}

class Linter {
 public:
  Linter(const ParsedPolicy& parsed, const LifecyclePolicy& policy, Diagnostics& out)
      : m_parsed(parsed), m_policy(policy), m_out(out) {}

  void run() {
    check_limits();
    check_untagged_rule();
    const Rule* first_transition = nullptr;
    for (std::size_t index = 0; index < m_policy.rules.size(); ++index) {
      const Rule& rule = m_policy.rules[index];
      check_description(rule);
      check_entries(rule);
      // A shadowed rule gets W0001 only: what it would do never happens.
      if (check_shadowed(index)) {
        continue;
      }
      check_shared_entries(index);
      check_counts(rule);
      check_any_age_expiry(index);
      check_push_age_archive(rule);
      if (first_transition == nullptr && rule.action == ActionType::transition) {
        first_transition = &rule;
      }
    }
    if (first_transition != nullptr) {
      check_archive_expiry(*first_transition);
    }
  }

 private:
  void warn(const char* code, const std::string& pointer, std::string message) {
    const SourceLocation location = m_parsed.locate(pointer);
    m_out.warning(code, pointer, location.line, location.column, std::move(message));
  }

  static std::string rule_pointer(const Rule& rule) {
    return "/rules/" + std::to_string(rule.document_index);
  }

  static std::string list_name(const Rule& rule) {
    return rule.tag_prefixes.empty() ? "tagPatternList" : "tagPrefixList";
  }

  static std::string entry_pointer(const Rule& rule, std::size_t entry) {
    return rule_pointer(rule) + "/selection/" + list_name(rule) + "/" + std::to_string(entry);
  }

  static std::string kind(const Entry& entry) {
    return entry.is_prefix ? "tag prefix" : "tag pattern";
  }

  // W0009, W0010.
  void check_limits() {
    // Characters, as ECR counts them (and as the parser checks V15), not bytes.
    const std::size_t length = detail::code_points(m_policy.text);
    if (length > k_policy_length_warning) {
      warn("W0009", "",
           "the policy is " + std::to_string(length) +
               " characters long, close to ECR's limit of " +
               std::to_string(k_ecr_max_policy_characters));
    }
    if (m_policy.rules.size() >= k_rule_count_warning) {
      warn("W0010", "/rules",
           "the policy has " + std::to_string(m_policy.rules.size()) +
               " rules, close to ECR's limit of " + std::to_string(k_ecr_max_rules_per_policy));
    }
  }

  // W0003.
  void check_untagged_rule() {
    const bool covered =
        std::any_of(m_policy.rules.begin(), m_policy.rules.end(), [](const Rule& rule) {
          return rule.storage_class == StorageClass::standard &&
                 rule.tag_status != TagStatus::tagged;
        });
    if (!covered) {
      warn("W0003", "/rules",
           "no rule selects untagged images, so this policy never cleans them up; add a rule "
           "with \"tagStatus\": \"untagged\"");
    }
  }

  // W0015.
  void check_description(const Rule& rule) {
    if (rule.description && rule.description->find_first_not_of(" \t\r\n") == std::string::npos) {
      warn("W0015", rule_pointer(rule) + "/description",
           "the description is blank; say what the rule is for (the ECR console shows it)");
    }
  }

  // W0013, W0014, W0016.
  void check_counts(const Rule& rule) {
    const std::string selection = rule_pointer(rule) + "/selection";
    const std::int64_t count = rule.count_number;
    const bool expires = rule.action == ActionType::expire;
    if (rule.tag_status == TagStatus::any && rule.storage_class == StorageClass::standard &&
        rule.count_type == CountType::image_count_more_than && count < k_small_any_count) {
      warn("W0013", selection + "/countNumber",
           std::string("this rule ") + (expires ? "expires" : "archives") + " all but the " +
               std::to_string(count) +
               " most recent images, and untagged images, image index children and signatures "
               "count toward that number, so fewer releases may be kept");
    }
    if (rule.is_age_rule() && count > k_never_days) {
      warn("W0014", selection + "/countNumber",
           "countNumber " + std::to_string(count) + " is more than 10 years (" +
               std::to_string(k_never_days) + " days), so this rule will practically never act");
    }
    if (rule.action == ActionType::transition && rule.is_age_rule() &&
        count < k_short_transition_days) {
      const std::string when = rule.count_type == CountType::since_image_pulled
                                   ? "not pulled for " + days(count)
                                   : days(count) + " after their push";
      warn("W0016", selection + "/countNumber",
           "this rule archives images " + when +
               "; an archived image cannot be pulled until it is restored, and images in use "
               "are not necessarily pulled often");
    }
  }

  // W0004: an `any` rule that expires by push age reaches every image that no higher-priority
  // rule of its storage class selects (selection protects, semantics.md section 3).
  void check_any_age_expiry(std::size_t index) {
    const Rule& rule = m_policy.rules[index];
    if (rule.tag_status != TagStatus::any || rule.storage_class != StorageClass::standard ||
        rule.action != ActionType::expire || rule.count_type != CountType::since_image_pushed) {
      return;
    }
    const Rule* untagged_guard = nullptr;
    std::vector<const Rule*> tagged_guards;
    for (std::size_t h = 0; h < index; ++h) {
      const Rule& higher = m_policy.rules[h];
      if (higher.storage_class != rule.storage_class) {
        continue;
      }
      if (higher.tag_status == TagStatus::untagged) {
        untagged_guard = untagged_guard != nullptr ? untagged_guard : &higher;
      } else if (selects_every_tagged_image(higher)) {
        return;  // only untagged images are left to this rule: no release is at risk
      } else {
        tagged_guards.push_back(&higher);
      }
    }
    const std::string age =
        "this rule expires every image pushed more than " + days(rule.count_number) + " ago";
    if (untagged_guard == nullptr && tagged_guards.empty()) {
      warn("W0004", rule_pointer(rule) + "/selection/tagStatus",
           age +
               ", tagged or not, including releases that may still be deployed; protect them "
               "with a higher-priority rule");
      return;
    }
    std::string reach = tagged_reach(tagged_guards);
    if (untagged_guard == nullptr) {
      reach += " and untagged images";
    }
    warn("W0004", rule_pointer(rule) + "/selection/tagStatus",
         age + " that no higher-priority rule selects: " + reach +
             ", including releases that may still be deployed; protect them with a "
             "higher-priority rule");
  }

  // The tagged images that `guards` (tagged rules, none selecting every tagged image) leave.
  static std::string tagged_reach(const std::vector<const Rule*>& guards) {
    if (guards.empty()) {
      return "every tagged image";
    }
    if (guards.size() == 1) {
      const auto entries = entries_of(*guards.front());
      if (entries.size() == 1) {
        return std::string("tagged images without a tag ") +
               (entries.front().is_prefix ? "starting with " : "matching ") +
               quote(entries.front().text) + " (rulePriority " +
               std::to_string(guards.front()->priority) + ")";
      }
      return "tagged images that the rule with rulePriority " +
             std::to_string(guards.front()->priority) + " does not select";
    }
    std::string priorities;
    for (std::size_t i = 0; i < guards.size(); ++i) {
      priorities += i == 0 ? "" : (i + 1 == guards.size() ? " and " : ", ");
      priorities += std::to_string(guards[i]->priority);
    }
    return "tagged images that the rules with rulePriority " + priorities + " do not select";
  }

  // W0017: a transition with nothing that ever expires the archived images.
  void check_archive_expiry(const Rule& transition) {
    const bool expires_archived =
        std::any_of(m_policy.rules.begin(), m_policy.rules.end(), [](const Rule& rule) {
          return rule.storage_class == StorageClass::archive && rule.action == ActionType::expire;
        });
    if (expires_archived) {
      return;
    }
    warn("W0017", rule_pointer(transition) + "/action/targetStorageClass",
         "no rule expires archived images, so the images this rule archives stay in the archive "
         "forever, billed for at least " +
             days(k_archive_minimum_days) +
             " each time one is archived; add a rule with \"storageClass\": \"archive\" and "
             "\"countType\": \"sinceImageTransitioned\"");
  }

  // W0018: archiving every tagged image by push age archives images still pulled every day
  // (W0016 covers fewer than 30 days, W0014 more than ten years).
  void check_push_age_archive(const Rule& rule) {
    const std::int64_t count = rule.count_number;
    if (rule.action != ActionType::transition || rule.count_type != CountType::since_image_pushed ||
        !selects_every_tagged_image(rule) || count < k_short_transition_days ||
        count > k_never_days) {
      return;
    }
    const std::string which =
        rule.tag_status == TagStatus::any ? "every image" : "every tagged image";
    warn("W0018", rule_pointer(rule) + "/selection/countType",
         "this rule archives " + which + " pushed more than " + days(count) +
             " ago, even one that is still pulled, and an archived image cannot be pulled until "
             "it is restored; \"countType\": \"sinceImagePulled\" archives only images not "
             "pulled for " +
             days(count));
  }

  // W0002, W0005, W0006, W0011, W0012.
  void check_entries(const Rule& rule) {
    if (rule.tag_status != TagStatus::tagged) {
      return;
    }
    const auto entries = entries_of(rule);
    std::vector<bool> unmatchable(entries.size(), false);
    std::vector<std::string_view> distinct;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& entry = entries[i];
      if (const auto reason = unmatchable_reason(entry)) {
        unmatchable[i] = true;
        warn("W0005", entry_pointer(rule, i),
             kind(entry) + " " + quote(entry.text) + " can never match: " + *reason +
                 ", so this rule selects no image");
      }
      if (entry.is_prefix && entry.text.empty()) {
        warn("W0006", entry_pointer(rule, i),
             "the empty tag prefix matches every tag; write \"tagPatternList\": [\"*\"] if "
             "this rule is meant to select every tagged image");
      }
      const auto first = std::find_if(entries.begin(), entries.begin() + static_cast<long>(i),
                                      [&](const Entry& other) { return other.text == entry.text; });
      if (first != entries.begin() + static_cast<long>(i)) {
        warn("W0011", entry_pointer(rule, i),
             "duplicate " + kind(entry) + " " + quote(entry.text) + " (same as entry " +
                 std::to_string(first - entries.begin()) + ")");
      } else {
        distinct.push_back(entry.text);
      }
    }
    check_redundant_entries(rule, entries, unmatchable);
    if (distinct.size() >= 2) {
      const bool is_prefix = entries.front().is_prefix;
      std::string conditions;
      for (const auto text : distinct) {
        conditions += conditions.empty() ? "" : " and ";
        conditions += (is_prefix ? "a tag starting with " : "a tag matching ") + quote(text);
      }
      warn("W0002", rule_pointer(rule) + "/selection/" + list_name(rule),
           "the entries of " + list_name(rule) + " are ANDed: this rule selects only images with " +
               conditions + "; use one rule per entry to select images with any of them");
    }
  }

  // W0012: an entry implied by another entry of the same (ANDed) list adds nothing.
  void check_redundant_entries(const Rule& rule, const std::vector<Entry>& entries,
                               const std::vector<bool>& unmatchable) {
    for (std::size_t j = 0; j < entries.size(); ++j) {
      const Entry& wide = entries[j];
      if (unmatchable[j] || (wide.is_prefix && wide.text.empty())) {
        continue;  // W0005 and W0006 say more
      }
      for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& narrow = entries[i];
        if (i == j || unmatchable[i] || narrow.text == wide.text || !entry_includes(wide, narrow)) {
          continue;
        }
        // Two spellings of the same language: report only the later one.
        if (entry_includes(narrow, wide) && j < i) {
          continue;
        }
        const std::string verb = wide.is_prefix ? "starts with " : "matches ";
        std::string message = kind(wide) + " " + quote(wide.text);
        message += " is redundant: a tag that " + verb + quote(narrow.text);
        message += " (entry " + std::to_string(i) + ") also " + verb + quote(wide.text);
        warn("W0012", entry_pointer(rule, j), std::move(message));
        break;
      }
    }
  }

  // W0001. Returns whether the rule is shadowed.
  bool check_shadowed(std::size_t index) {
    const Rule& lower = m_policy.rules[index];
    const Rule* untagged_cover = nullptr;
    const Rule* tagged_cover = nullptr;
    for (std::size_t h = 0; h < index; ++h) {
      const Rule& higher = m_policy.rules[h];
      if (higher.storage_class != lower.storage_class) {
        continue;
      }
      if (selection_covers(higher, lower)) {
        warn("W0001", rule_pointer(lower),
             "this rule can never act: every image it selects is already selected by the rule "
             "with rulePriority " +
                 std::to_string(higher.priority) + ", which is applied first");
        return true;
      }
      if (untagged_cover == nullptr && higher.tag_status == TagStatus::untagged) {
        untagged_cover = &higher;
      }
      if (tagged_cover == nullptr && selects_every_tagged_image(higher)) {
        tagged_cover = &higher;
      }
    }
    // An `any` rule is also shadowed by two rules together: one for untagged images and one
    // for every tagged image.
    if (lower.tag_status == TagStatus::any && untagged_cover != nullptr &&
        tagged_cover != nullptr) {
      const auto [first, second] = std::minmax(untagged_cover->priority, tagged_cover->priority);
      warn("W0001", rule_pointer(lower),
           "this rule can never act: every image it selects is already selected by the rules "
           "with rulePriority " +
               std::to_string(first) + " and " + std::to_string(second) +
               ", which are applied first");
      return true;
    }
    return false;
  }

  // W0007, W0008: one entry in two rules' different sets (identical sets are error V8).
  void check_shared_entries(std::size_t index) {
    const Rule& lower = m_policy.rules[index];
    if (lower.tag_status != TagStatus::tagged) {
      return;
    }
    const auto entries = entries_of(lower);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Entry& entry = entries[i];
      const bool repeated = std::any_of(entries.begin(), entries.begin() + static_cast<long>(i),
                                        [&](const Entry& e) { return e.text == entry.text; });
      if (repeated) {
        continue;  // W0011
      }
      for (std::size_t h = 0; h < index; ++h) {
        const Rule& higher = m_policy.rules[h];
        const auto& list = entry.is_prefix ? higher.tag_prefixes : higher.tag_patterns;
        if (higher.storage_class != lower.storage_class ||
            std::find(list.begin(), list.end(), entry.text) == list.end()) {
          continue;
        }
        warn(entry.is_prefix ? "W0007" : "W0008", entry_pointer(lower, i),
             kind(entry) + " " + quote(entry.text) + " is also in the " + list_name(higher) +
                 " of the rule with rulePriority " + std::to_string(higher.priority) +
                 ", which decides for the images that both rules select");
        break;
      }
    }
  }

  const ParsedPolicy& m_parsed;
  const LifecyclePolicy& m_policy;
  Diagnostics& m_out;
};

}  // namespace

void lint_policy(const ParsedPolicy& parsed, Diagnostics& out) {
  if (!parsed.policy) {
    return;
  }
  Linter(parsed, *parsed.policy, out).run();
}

}  // namespace ecrlc
