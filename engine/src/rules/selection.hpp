// Building blocks shared by the rule engine and the explain traces (semantics.md 2-3).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/selection_check.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::detail {

// Storage class an image is in; ACTIVATING images have none (callers check first).
inline StorageClass storage_class_of(const ImageRecord& image) {
  return image.status == ImageStatus::archived ? StorageClass::archive : StorageClass::standard;
}

// Index of the first list entry that no tag of `tags` matches, or `entries.size()` when every
// entry is matched by at least one tag (AND across entries, OR across tags).
template <typename Matcher>
inline std::size_t first_unmatched_entry(std::span<const std::string> entries,
                                         std::span<const std::string_view> tags, Matcher match) {
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const std::string_view entry = entries[e];
    bool matched = false;
    for (const std::string_view tag : tags) {
      if (match(entry, tag)) {
        matched = true;
        break;
      }
    }
    if (!matched) {
      return e;
    }
  }
  return entries.size();
}

// starts_with, with a first-byte test before memcmp: most tags fail on their first byte.
inline bool prefix_matches(std::string_view prefix, std::string_view tag) {
  if (prefix.empty()) {
    return true;
  }
  return tag.size() >= prefix.size() && tag[0] == prefix[0] &&
         std::memcmp(tag.data(), prefix.data(), prefix.size()) == 0;
}

inline bool pattern_matches(std::string_view pattern, std::string_view tag) {
  return matches_pattern(pattern, tag);
}

// The full selection test with the reason for a miss; `unmatched_entry` is set for
// SelectionCheck::entry_unmatched.
inline SelectionCheck check_selection(const Rule& rule, const ImageRecord& image,
                                      std::size_t& unmatched_entry) {
  if (image.status == ImageStatus::activating) {
    return SelectionCheck::activating;
  }
  if (storage_class_of(image) != rule.storage_class) {
    return SelectionCheck::storage_class;
  }
  switch (rule.tag_status) {
    case TagStatus::any:
      return SelectionCheck::selected;
    case TagStatus::untagged:
      return image.tags.empty() ? SelectionCheck::selected : SelectionCheck::has_tags;
    case TagStatus::tagged:
      break;
  }
  if (image.tags.empty()) {
    return SelectionCheck::no_tags;
  }
  // V4 guarantees at most one list is non-empty; checking both keeps an invalid rule
  // (both lists) conservative: every entry of both must match.
  std::size_t e = first_unmatched_entry(rule.tag_prefixes, image.tags, prefix_matches);
  if (e != rule.tag_prefixes.size()) {
    unmatched_entry = e;
    return SelectionCheck::entry_unmatched;
  }
  e = first_unmatched_entry(rule.tag_patterns, image.tags, pattern_matches);
  if (e != rule.tag_patterns.size()) {
    unmatched_entry = rule.tag_prefixes.size() + e;
    return SelectionCheck::entry_unmatched;
  }
  return SelectionCheck::selected;
}

// A tag pattern split as head + middle + tail, where head and tail hold no '*' and middle is
// empty or starts and ends with '*'. Anchored head and tail reject most tags without the
// general matcher; patterns with at most one '*' never need it.
struct CompiledPattern {
  std::string_view whole;
  std::string_view head;
  std::string_view middle;
  std::string_view tail;
  bool has_star = false;

  explicit CompiledPattern(std::string_view pattern) : whole(pattern) {
    const std::size_t first = pattern.find('*');
    if (first == std::string_view::npos) {
      return;
    }
    has_star = true;
    const std::size_t last = pattern.rfind('*');
    head = pattern.substr(0, first);
    middle = pattern.substr(first, last - first + 1);
    tail = pattern.substr(last + 1);
  }

  bool matches(std::string_view tag) const {
    if (!has_star) {
      return tag == whole;
    }
    if (tag.size() < head.size() + tail.size() || !prefix_matches(head, tag) ||
        !tag.ends_with(tail)) {
      return false;
    }
    return middle.size() == 1 ||
           matches_pattern(middle, tag.substr(head.size(), tag.size() - head.size() - tail.size()));
  }
};

// The selection test of both hot paths below: status, storage class and tag status here,
// and for a tagged rule and a tagged image, `tag_lists_match()`.
template <typename TagListsMatch>
inline bool selects_with(const Rule& rule, const ImageRecord& image,
                         TagListsMatch tag_lists_match) {
  if (image.status == ImageStatus::activating || storage_class_of(image) != rule.storage_class) {
    return false;
  }
  switch (rule.tag_status) {
    case TagStatus::any:
      return true;
    case TagStatus::untagged:
      return image.tags.empty();
    case TagStatus::tagged:
      break;
  }
  return !image.tags.empty() && tag_lists_match();
}

// The hot-path selection test: same answer as check_selection() == selected.
inline bool fast_selects(const Rule& rule, const ImageRecord& image) {
  return selects_with(rule, image, [&] {
    return first_unmatched_entry(rule.tag_prefixes, image.tags, prefix_matches) ==
               rule.tag_prefixes.size() &&
           first_unmatched_entry(rule.tag_patterns, image.tags, pattern_matches) ==
               rule.tag_patterns.size();
  });
}

// A rule prepared for evaluating many images: patterns compiled once. Same answers as
// fast_selects(). Holds pointers into the rule, which must outlive it.
class CompiledRule {
 public:
  explicit CompiledRule(const Rule& rule) : m_rule(&rule) {
    m_patterns.reserve(rule.tag_patterns.size());
    for (const std::string& pattern : rule.tag_patterns) {
      m_patterns.emplace_back(pattern);
    }
  }

  const Rule& rule() const { return *m_rule; }

  bool selects(const ImageRecord& image) const {
    return selects_with(*m_rule, image, [&] { return tag_lists_match(image); });
  }

 private:
  bool tag_lists_match(const ImageRecord& image) const {
    if (first_unmatched_entry(m_rule->tag_prefixes, image.tags, prefix_matches) !=
        m_rule->tag_prefixes.size()) {
      return false;
    }
    for (const CompiledPattern& pattern : m_patterns) {
      bool matched = false;
      for (const std::string_view tag : image.tags) {
        if (pattern.matches(tag)) {
          matched = true;
          break;
        }
      }
      if (!matched) {
        return false;
      }
    }
    return true;
  }

  const Rule* m_rule;
  std::vector<CompiledPattern> m_patterns;
};

struct ReferenceTime {
  Micros time = 0;
  TimeSource source = TimeSource::image_pushed_at;
};

// Ordering time (section 3) with the field it came from.
inline ReferenceTime ordering_reference(const ImageRecord& image) {
  if (image.last_activated) {
    return {*image.last_activated, TimeSource::last_activated_at};
  }
  return {image.pushed_at, TimeSource::image_pushed_at};
}

// The time an age rule compares with now. Only meaningful for age rules.
inline ReferenceTime reference_time(CountType type, const ImageRecord& image) {
  switch (type) {
    case CountType::since_image_pulled:
      if (!image.last_pulled) {
        return ordering_reference(image);  // never pulled
      }
      if (image.last_activated && *image.last_pulled < *image.last_activated) {
        return {*image.last_activated,
                TimeSource::last_activated_at};  // restored, not pulled since
      }
      return {*image.last_pulled, TimeSource::last_recorded_pull_time};
    case CountType::since_image_transitioned:
      // semantics-choices.md: an archived image without lastArchivedAt falls back to its
      // ordering time.
      if (image.last_archived) {
        return {*image.last_archived, TimeSource::last_archived_at};
      }
      return ordering_reference(image);
    case CountType::since_image_pushed:
    case CountType::image_count_more_than:
      break;
  }
  return ordering_reference(image);
}

// countNumber days in microseconds, saturated so that absurd counts never overflow.
inline Micros days_threshold(std::int64_t days) {
  constexpr Micros k_max = std::numeric_limits<Micros>::max();
  if (days >= k_max / k_micros_per_day) {
    return k_max;
  }
  return days * k_micros_per_day;
}

// "More than N days before now": strict, exact to the microsecond.
inline bool older_than(Micros reference, Micros now, Micros threshold) {
  return now - reference > threshold;
}

inline Action to_action(ActionType type) {
  return type == ActionType::transition ? Action::transition : Action::expire;
}

}  // namespace ecrlc::detail
