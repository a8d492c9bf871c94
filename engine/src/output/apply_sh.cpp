// apply.sh of a plan folder: `ecr-lifecycle apply` on the folder, so that a script user gets
// the same re-check, guards and journal as the command (nothing is deleted on the plan's word
// alone: the registry may have changed since).
#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {

std::string apply_script(const Plan& plan) {
  const PlanTotals totals = totals_of(plan);
  return "#!/bin/sh\n"
         "# Applies this ecr-lifecycle plan (" +
         format_readable(plan.now) + ": delete " + std::to_string(totals.deletions) +
         ", transition " + std::to_string(totals.transitions) +
         " images) with `ecr-lifecycle apply`, which re-reads\n"
         "# the registry, evaluates the plan's policies and protections again, and acts only on\n"
         "# the images the plan lists that still expire; it journals every request in applied/,\n"
         "# so running it again resumes. Options are passed on: --dry-run, --yes, --max-deletes "
         "N,\n"
         "# --max-age 24h, --region, --profile, --endpoint-url, --aws-cli (docs/operations.md).\n"
         "# Environment: ECR_LIFECYCLE (default: ecr-lifecycle on PATH), AWS_CLI (the AWS CLI to\n"
         "# run), ECR_ENDPOINT_URL (passed as --endpoint-url).\n"
         "exec \"${ECR_LIFECYCLE:-ecr-lifecycle}\" apply \"$(dirname \"$0\")\" \\\n"
         "  ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} \"$@\"\n";
}

}  // namespace ecrlc::detail
