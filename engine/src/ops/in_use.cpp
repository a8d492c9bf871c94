// Images in use that a policy acts on, for preview, explain, plan and diff alike.
#include "ecrlc/in_use.hpp"

#include <utility>

namespace ecrlc {

std::optional<ImageProtection> ProtectContext::find(const Repository& repository,
                                                    std::uint32_t image) const {
  if (resolved == nullptr || inventory == nullptr) {
    return std::nullopt;
  }
  const auto index = static_cast<std::size_t>(&repository - inventory->repositories.data());
  return image_protection(*resolved, index, image);
}

std::vector<InUseImage> find_in_use(const Preview& preview, const ProtectContext& protect) {
  std::vector<InUseImage> result;
  for (const RepositoryPreview& scoped : preview.repositories) {
    for (std::uint32_t k = 0; k < scoped.acted_count; ++k) {
      const std::uint32_t i = scoped.order[k];
      const ImageVerdict& verdict = scoped.evaluation.verdicts[i];
      if (verdict.action != Action::expire && verdict.action != Action::transition) {
        continue;
      }
      if (auto protection = protect.find(*scoped.repository, i)) {
        result.push_back(
            {scoped.repository, i, verdict.action, verdict.rule, std::move(*protection)});
      }
    }
  }
  return result;
}

std::vector<InUseImage> find_in_use(const PolicyDiff& diff, const ProtectContext& protect) {
  std::vector<InUseImage> result;
  for (const ImageChange& change : diff.changes) {
    if (change.kind != ChangeKind::newly_expiring &&
        change.kind != ChangeKind::newly_transitioning) {
      continue;
    }
    if (auto protection = protect.find(*change.repository, change.image)) {
      result.push_back({change.repository, change.image, change.new_outcome.action,
                        change.new_outcome.rule, std::move(*protection)});
    }
  }
  return result;
}

}  // namespace ecrlc
