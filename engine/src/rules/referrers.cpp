// The subject-to-referrer pairs of a repository, for the referrer walk.
#include "rules/referrers.hpp"

namespace ecrlc::detail {

std::vector<SubjectReferrer> subject_referrer_pairs(const Repository& repository) {
  const auto& images = repository.images;
  std::vector<SubjectReferrer> pairs;
  for (std::uint32_t r = 0; r < images.size(); ++r) {
    if (images[r].subject) {
      if (const auto s = repository.find_image(*images[r].subject)) {
        pairs.emplace_back(*s, r);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace ecrlc::detail
