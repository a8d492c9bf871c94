// storage_bytes: what each repository stores per storage class before and after the policy
// acts, for the cost figures of every output format.
#include <algorithm>
#include <vector>

#include "ecrlc/preview.hpp"

namespace ecrlc {

StorageBytes& StorageBytes::operator+=(const StorageBytes& other) {
  standard_before += other.standard_before;
  archive_before += other.archive_before;
  standard_after += other.standard_after;
  archive_after += other.archive_after;
  return *this;
}

StorageBytes storage_bytes(const RepositoryPreview& repository) {
  StorageBytes bytes;
  const std::vector<ImageRecord>& images = repository.repository->images;
  const std::vector<ImageVerdict>& verdicts = repository.evaluation.verdicts;
  // Referrers ECR removes with their subject: sorted by referrer index, walked alongside.
  const std::vector<ReferrerConsequence>& removed = repository.evaluation.consequences;
  std::size_t next_removed = 0;
  for (std::uint32_t i = 0; i < images.size(); ++i) {
    const ImageRecord& image = images[i];
    const bool archived = image.status != ImageStatus::active;
    (archived ? bytes.archive_before : bytes.standard_before) += image.size_bytes;
    while (next_removed < removed.size() && removed[next_removed].referrer < i) {
      ++next_removed;
    }
    const bool consequence = next_removed < removed.size() && removed[next_removed].referrer == i;
    const Action action = i < verdicts.size() ? verdicts[i].action : Action::none;
    if (action == Action::expire || consequence) {
      continue;
    }
    (archived || action == Action::transition ? bytes.archive_after : bytes.standard_after) +=
        image.size_bytes;
  }
  return bytes;
}

StorageBytes storage_bytes(const Preview& preview) {
  StorageBytes total;
  for (const RepositoryPreview& repository : preview.repositories) {
    total += storage_bytes(repository);
  }
  return total;
}

}  // namespace ecrlc
