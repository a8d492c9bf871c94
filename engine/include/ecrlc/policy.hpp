// The lifecycle policy model: the full ECR grammar of semantics.md section 1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecrlc {

enum class TagStatus { tagged, untagged, any };
enum class StorageClass { standard, archive };
enum class CountType {
  image_count_more_than,     // "imageCountMoreThan"
  since_image_pushed,        // "sinceImagePushed"
  since_image_pulled,        // "sinceImagePulled"
  since_image_transitioned,  // "sinceImageTransitioned"
};
enum class ActionType { expire, transition };

// JSON spellings ("tagged", "imageCountMoreThan", "archive", "expire", ...).
std::string_view to_json(TagStatus value);
std::string_view to_json(StorageClass value);
std::string_view to_json(CountType value);
std::string_view to_json(ActionType value);
// Upper-case API spellings used by GetLifecyclePolicyPreview ("EXPIRE", "ARCHIVE", ...).
std::string_view to_api(StorageClass value);
std::string_view to_api(ActionType value);

struct Rule {
  std::int64_t priority = 0;
  std::optional<std::string> description;
  TagStatus tag_status = TagStatus::any;
  // At most one of the two lists is non-empty (V4); both empty unless tag_status is tagged.
  std::vector<std::string> tag_prefixes;
  std::vector<std::string> tag_patterns;
  StorageClass storage_class = StorageClass::standard;
  CountType count_type = CountType::image_count_more_than;
  std::int64_t count_number = 1;
  ActionType action = ActionType::expire;
  // Set iff action is transition; always archive today.
  std::optional<StorageClass> target_storage_class;

  // Index of the rule in the document's "rules" array, for locating diagnostics.
  std::size_t document_index = 0;

  bool is_age_rule() const { return count_type != CountType::image_count_more_than; }
};

// A valid policy. `rules` is sorted by ascending priority (the order ECR applies them).
struct LifecyclePolicy {
  std::vector<Rule> rules;
  // The policy text as submitted to ECR (for a get-lifecycle-policy wrapper, the unescaped
  // contents of lifecyclePolicyText).
  std::string text;
};

// Whole-tag match of an ECR tag pattern: '*' matches any run of characters, including none.
bool matches_pattern(std::string_view pattern, std::string_view tag);

}  // namespace ecrlc
