// Images in use that a policy would act on: what `preview --protect`, `explain --protect`,
// `plan --protect` and `diff --protect` report, found in one place so they always agree.
// The rule results stay ECR's: protection never changes a verdict, it only keeps a cleanup
// run (plan) from acting and makes the conflict visible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ecrlc/diff.hpp"
#include "ecrlc/evaluate.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/protect.hpp"

namespace ecrlc {

// One image the policy expires or archives that a protect file says is in use.
struct InUseImage {
  const Repository* repository = nullptr;
  std::uint32_t image = 0;  // index in repository->images
  Action action = Action::none;
  std::int64_t rule = 0;
  ImageProtection protection;
};

// The protect files of a run, resolved against its inventory.
struct ProtectContext {
  const ProtectList* list = nullptr;
  const ResolvedProtection* resolved = nullptr;
  const Inventory* inventory = nullptr;

  // How `repository` (of `inventory`) image `image` is protected, or nullopt.
  std::optional<ImageProtection> find(const Repository& repository, std::uint32_t image) const;
};

// The images of `preview` that get an action and are protected, repository by repository
// in the preview's listing order. The same images, in the same order, as the plan's `saved`.
std::vector<InUseImage> find_in_use(const Preview& preview, const ProtectContext& protect);

// The changes of `diff` that newly expire or newly archive an image in use, in the diff's
// order.
std::vector<InUseImage> find_in_use(const PolicyDiff& diff, const ProtectContext& protect);

}  // namespace ecrlc
