// Fakes for rule-engine tests: images named by a short string, rules built in one line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ecrlc/evaluate.hpp"
#include "ecrlc/inventory.hpp"
#include "ecrlc/policy.hpp"
#include "ecrlc/time.hpp"

namespace ecrlc::testing {

inline constexpr Micros k_now = 1'750'000'000 * k_micros_per_second;

inline Micros days_ago(std::int64_t days, Micros extra_micros = 0) {
  return k_now - days * k_micros_per_day - extra_micros;
}

// A digest whose bytes start with the name: digest order is name order.
inline Digest digest_of(std::string_view name) {
  Digest digest;
  std::copy_n(name.begin(), std::min<std::size_t>(name.size(), 32), digest.bytes.begin());
  return digest;
}

// Owns images and what their spans point to; the repository is sorted by digest on run().
class FakeRepository {
 public:
  // Adds an ACTIVE image; the reference is valid until the next add().
  ImageRecord& add(const std::string& name, Micros pushed, std::vector<std::string> tags = {}) {
    auto& owned = m_tags.emplace_back(std::move(tags));
    auto& views = m_views.emplace_back(owned.begin(), owned.end());
    ImageRecord image;
    image.digest = digest_of(name);
    image.pushed_at = pushed;
    image.tags = views;
    repository.images.push_back(image);
    return repository.images.back();
  }

  void set_children(const std::string& index, std::initializer_list<std::string_view> children) {
    auto& digests = m_children.emplace_back();
    for (const std::string_view child : children) {
      digests.push_back(digest_of(child));
    }
    find(index).children = digests;
  }

  void set_subject(const std::string& referrer, const std::string& subject) {
    find(referrer).subject = digest_of(subject);
  }

  ImageRecord& find(const std::string& name) {
    const Digest digest = digest_of(name);
    for (ImageRecord& image : repository.images) {
      if (image.digest == digest) {
        return image;
      }
    }
    throw std::logic_error("no image " + name);
  }

  std::uint32_t index_of(const std::string& name) {
    sort();
    return static_cast<std::uint32_t>(&find(name) - repository.images.data());
  }

  const RepositoryEvaluation& run(const std::vector<Rule>& rules, Micros now = k_now) {
    sort();
    policy.rules = rules;
    std::sort(policy.rules.begin(), policy.rules.end(),
              [](const Rule& a, const Rule& b) { return a.priority < b.priority; });
    result = evaluate_repository(policy, repository, EvalContext{now});
    return result;
  }

  const ImageVerdict& verdict(const std::string& name) { return result.verdicts[index_of(name)]; }

  Repository repository;
  LifecyclePolicy policy;
  RepositoryEvaluation result;

 private:
  void sort() {
    std::sort(repository.images.begin(), repository.images.end(),
              [](const ImageRecord& a, const ImageRecord& b) { return a.digest < b.digest; });
  }

  std::deque<std::vector<std::string>> m_tags;
  std::deque<std::vector<std::string_view>> m_views;
  std::deque<std::vector<Digest>> m_children;
};

// Rules: start from count_rule/age_rule, then narrow with the helpers below.
inline Rule count_rule(std::int64_t priority, std::int64_t count) {
  Rule rule;
  rule.priority = priority;
  rule.count_type = CountType::image_count_more_than;
  rule.count_number = count;
  return rule;
}

inline Rule age_rule(std::int64_t priority, CountType type, std::int64_t days) {
  Rule rule;
  rule.priority = priority;
  rule.count_type = type;
  rule.count_number = days;
  if (type == CountType::since_image_pulled) {
    rule.action = ActionType::transition;
    rule.target_storage_class = StorageClass::archive;
  }
  if (type == CountType::since_image_transitioned) {
    rule.storage_class = StorageClass::archive;
  }
  return rule;
}

inline Rule prefixes(Rule rule, std::vector<std::string> list) {
  rule.tag_status = TagStatus::tagged;
  rule.tag_prefixes = std::move(list);
  return rule;
}

inline Rule patterns(Rule rule, std::vector<std::string> list) {
  rule.tag_status = TagStatus::tagged;
  rule.tag_patterns = std::move(list);
  return rule;
}

inline Rule untagged(Rule rule) {
  rule.tag_status = TagStatus::untagged;
  return rule;
}

inline Rule transition(Rule rule) {
  rule.action = ActionType::transition;
  rule.target_storage_class = StorageClass::archive;
  return rule;
}

}  // namespace ecrlc::testing
