// The checks V1-V15 of semantics.md section 1 on rule drafts: one rule's fields (V2-V5,
// V9-V13), rules across rules (V1, V6-V8) and the policy length (V15).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/text.hpp"
#include "ecrlc/limits.hpp"
#include "json/syntax_check.hpp"
#include "policy/parse.hpp"

namespace ecrlc::detail {
namespace {

std::string_view json_name(CountType type) { return to_json(type); }

}  // namespace

// Rules about one rule's own fields: V2-V5 and V9-V13.
void PolicyWalker::check_rule(const RuleDraft& rule) {
  std::string selection = rule.pointer + "/selection";
  std::string prefixes = selection + "/tagPrefixList";
  std::string patterns = selection + "/tagPatternList";
  if (rule.tag_status == TagStatus::tagged) {
    if (rule.prefixes_present && rule.patterns_present) {
      report("E0204", patterns,
             "expected only one of tagPrefixList and tagPatternList in a rule, got both");
    } else if (!rule.prefixes_present && !rule.patterns_present && !meant("tagPrefixList") &&
               !meant("tagPatternList")) {
      report("E0202", selection,
             "expected tagPrefixList or tagPatternList with tagStatus \"tagged\", got neither");
    } else {
      const auto& list = rule.prefixes_present ? rule.prefixes : rule.patterns;
      if (list && list->empty()) {
        report("E0202", rule.prefixes_present ? prefixes : patterns,
               "expected a non-empty list with tagStatus \"tagged\", got an empty list");
      }
    }
  } else if (rule.tag_status) {
    std::string status = quote(to_json(*rule.tag_status));
    if (rule.prefixes_present) {
      report("E0203", prefixes, "expected no tagPrefixList with tagStatus " + status + ", got one");
    }
    if (rule.patterns_present) {
      report("E0203", patterns,
             "expected no tagPatternList with tagStatus " + status + ", got one");
    }
  }
  if (rule.patterns) {
    for (std::size_t i = 0; i < rule.patterns->size(); ++i) {
      auto stars = static_cast<std::size_t>(
          std::count((*rule.patterns)[i].begin(), (*rule.patterns)[i].end(), '*'));
      if (stars > k_ecr_max_wildcards_per_pattern) {
        report("E0205", child(patterns, i),
               "expected at most 4 '*' wildcards in a pattern, got " + std::to_string(stars));
      }
    }
  }
  std::string count_type_pointer = selection + "/countType";
  std::string storage_pointer = selection + "/storageClass";
  if (rule.count_type) {
    std::string count_type = quote(json_name(*rule.count_type));
    bool age = *rule.count_type != CountType::image_count_more_than;
    if (age && rule.has_selection && !rule.count_unit_present) {
      report("E0209", selection,
             "expected required key \"countUnit\" with countType " + count_type + ", got none");
    }
    if (!age && rule.count_unit_present) {
      report("E0209", selection + "/countUnit",
             "expected no countUnit with countType " + count_type + ", got one");
    }
    bool transitioned = *rule.count_type == CountType::since_image_transitioned;
    if (rule.storage_class == StorageClass::archive && !transitioned) {
      report("E0210", storage_pointer,
             "expected countType \"sinceImageTransitioned\" with storageClass \"archive\", got " +
                 count_type);
    }
    if (transitioned && !rule.storage_class_present) {
      report("E0210", count_type_pointer,
             "expected storageClass \"archive\" with countType \"sinceImageTransitioned\", got "
             "no storageClass");
    } else if (transitioned && rule.storage_class == StorageClass::standard) {
      report("E0210", count_type_pointer,
             "expected storageClass \"archive\" with countType \"sinceImageTransitioned\", got "
             "\"standard\"");
    }
    if (*rule.count_type == CountType::since_image_pulled && rule.action == ActionType::expire) {
      report("E0211", count_type_pointer,
             "expected action type \"transition\" with countType \"sinceImagePulled\", got "
             "\"expire\"");
    }
    if (transitioned && rule.action == ActionType::transition) {
      report("E0212", count_type_pointer,
             "expected action type \"expire\" with countType \"sinceImageTransitioned\", got "
             "\"transition\"");
    }
    if (transitioned && rule.count_number && *rule.count_number < k_ecr_min_archive_days) {
      report("E0212", selection + "/countNumber",
             "expected a countNumber of at least 90 with countType \"sinceImageTransitioned\", "
             "got " +
                 std::to_string(*rule.count_number));
    }
  }
  std::string action = rule.pointer + "/action";
  if (rule.action == ActionType::transition) {
    if (!rule.target_present) {
      report("E0213", action,
             "expected required key \"targetStorageClass\" with action type \"transition\", got "
             "none");
    }
    if (rule.storage_class == StorageClass::archive) {
      report("E0213", storage_pointer,
             "expected storageClass \"standard\" with action type \"transition\", got "
             "\"archive\"");
    }
  } else if (rule.action == ActionType::expire && rule.target_present) {
    report("E0213", action + "/targetStorageClass",
           "expected no targetStorageClass with action type \"expire\", got one");
  }
}

// Rules across rules: V1, V6, V7, V8.
void PolicyWalker::check_rules() {
  std::map<std::int64_t, const RuleDraft*> priorities;
  for (const RuleDraft& rule : m_rules) {
    if (!rule.priority) {
      continue;
    }
    auto [it, inserted] = priorities.emplace(*rule.priority, &rule);
    if (!inserted) {
      report("E0201", rule.pointer + "/rulePriority",
             "expected a rulePriority unique in the policy, got " + std::to_string(*rule.priority) +
                 " as in " + it->second->pointer);
    }
  }
  for (StorageClass storage : {StorageClass::standard, StorageClass::archive}) {
    std::string storage_name = quote(to_json(storage));
    std::vector<const RuleDraft*> members;
    for (const RuleDraft& rule : m_rules) {
      bool storage_known = rule.storage_class || !rule.storage_class_present;
      if (storage_known && rule.storage_class.value_or(StorageClass::standard) == storage &&
          rule.tag_status) {
        members.push_back(&rule);
      }
    }
    const RuleDraft* first_untagged = nullptr;
    for (const RuleDraft* rule : members) {
      if (*rule->tag_status == TagStatus::any && rule->priority) {
        // Only a strictly higher priority: a tie is E0201's fault, reported once, there.
        const RuleDraft* above = nullptr;
        for (const RuleDraft* other : members) {
          if (other != rule && other->priority && *other->priority > *rule->priority &&
              (above == nullptr || *other->priority > *above->priority)) {
            above = other;
          }
        }
        if (above != nullptr) {
          report("E0206", rule->pointer + "/rulePriority",
                 "expected the highest rulePriority of the " + storage_name +
                     " rules for a tagStatus \"any\" rule, got " + std::to_string(*rule->priority) +
                     " while " + above->pointer + " has " + std::to_string(*above->priority));
        }
      }
      if (*rule->tag_status == TagStatus::untagged) {
        if (first_untagged == nullptr) {
          first_untagged = rule;
        } else {
          report("E0207", rule->pointer + "/selection/tagStatus",
                 "expected at most one tagStatus \"untagged\" rule for storage class " +
                     storage_name + ", got another one after " + first_untagged->pointer);
        }
      }
    }
    // V8: identical sets (order and repetition do not matter) within one storage class.
    auto check_sets = [&](bool prefixes) {
      std::vector<std::pair<std::vector<std::string>, const RuleDraft*>> sets;
      for (const RuleDraft* rule : members) {
        const auto& list = prefixes ? rule->prefixes : rule->patterns;
        if (*rule->tag_status != TagStatus::tagged || !list || list->empty()) {
          continue;
        }
        std::vector<std::string> set = *list;
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        auto same = std::find_if(sets.begin(), sets.end(),
                                 [&](const auto& entry) { return entry.first == set; });
        std::string name = prefixes ? "tagPrefixList" : "tagPatternList";
        if (same != sets.end()) {
          std::string message = "expected a " + name + " different from that of ";
          message += same->second->pointer;
          message += " (storage class ";
          message += storage_name;
          message += "), got the same set";
          report("E0208", rule->pointer + "/selection/" + name, std::move(message));
        } else {
          sets.emplace_back(std::move(set), rule);
        }
      }
    };
    check_sets(true);
    check_sets(false);
  }
}

void check_length(ParsedPolicy& parsed, std::string_view policy_text, SourceLocation where,
                  bool report_short) {
  std::size_t characters = detail::code_points(policy_text);
  if (characters < k_ecr_min_policy_characters) {
    if (!report_short) {
      return;
    }
    parsed.diagnostics.error("E0004", "", where.line, where.column,
                             "expected a policy text of at least " +
                                 std::to_string(k_ecr_min_policy_characters) + " characters, got " +
                                 std::to_string(characters));
  } else if (characters > k_ecr_max_policy_characters) {
    parsed.diagnostics.error("E0004", "", where.line, where.column,
                             "expected a policy text of at most " +
                                 std::to_string(k_ecr_max_policy_characters) + " characters, got " +
                                 std::to_string(characters));
  }
}

}  // namespace ecrlc::detail
