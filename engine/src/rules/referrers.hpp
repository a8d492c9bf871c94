// The one subject-to-referrer walk: which referrers ECR removes once their subject is gone
// (semantics.md 4), shared by the rule engine's consequences and the plan's removed referrers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "ecrlc/inventory.hpp"

namespace ecrlc::detail {

// (subject, referrer) image indexes of every referrer whose subject is in the repository,
// sorted by subject.
using SubjectReferrer = std::pair<std::uint32_t, std::uint32_t>;
std::vector<SubjectReferrer> subject_referrer_pairs(const Repository& repository);

// Breadth-first from the images `is_root(i)` accepts, in index order: each referrer `r` of a
// visited image `s` that `skip(r)` does not exclude is visited once, as `visit(r, s)`, and its
// own referrers follow. Allocates nothing beyond the pairs when no image has a subject.
template <typename IsRoot, typename Skip, typename Visit>
void walk_referrers(const Repository& repository, IsRoot is_root, Skip skip, Visit visit) {
  const std::vector<SubjectReferrer> pairs = subject_referrer_pairs(repository);
  if (pairs.empty()) {
    return;
  }
  const auto count = static_cast<std::uint32_t>(repository.images.size());
  std::deque<std::uint32_t> work;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (is_root(i)) {
      work.push_back(i);
    }
  }
  std::vector<bool> visited(count, false);
  while (!work.empty()) {
    const std::uint32_t s = work.front();
    work.pop_front();
    auto it = std::lower_bound(pairs.begin(), pairs.end(), SubjectReferrer{s, 0});
    for (; it != pairs.end() && it->first == s; ++it) {
      const std::uint32_t r = it->second;
      if (visited[r] || skip(r)) {
        continue;
      }
      visited[r] = true;
      visit(r, s);
      work.push_back(r);
    }
  }
}

}  // namespace ecrlc::detail
