// apply.sh of a plan folder: the request files in order through the AWS CLI, resumable.
#include <string_view>
#include <utility>
#include <vector>

#include "output/plan_layout.hpp"
#include "output/sentences.hpp"

namespace ecrlc::detail {
namespace {

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

std::string apply_script(const Plan& plan) {
  std::vector<std::pair<std::string, std::string>> steps;  // (operation, file)
  for (const RepositoryPlan& r : plan.repositories) {
    const std::size_t files = delete_file_count(r);
    for (std::size_t f = 1; f <= files; ++f) {
      steps.emplace_back("batch-delete-image", delete_path(plan, *r.repository, f, files));
    }
    for (std::size_t f = 1; f <= r.transitions.size(); ++f) {
      steps.emplace_back("update-image-storage-class",
                         transition_path(plan, *r.repository, f, r.transitions.size()));
    }
  }
  std::string out =
      "#!/bin/sh\n"
      "# Applies this ecr-lifecycle plan (" +
      format_utc(plan.now) +
      ") with the AWS CLI, one request file at a time.\n"
      "# Environment: AWS_CLI (default: aws), ECR_ENDPOINT_URL (passed as --endpoint-url),\n"
      "# and whatever the AWS CLI reads itself (AWS_PROFILE, AWS_REGION, ...).\n"
      "# Stops at the first failure; images already deleted (ImageNotFound) are not failures,\n"
      "# so the script can be run again after an interruption.\n"
      "set -eu\n"
      "cd \"$(dirname \"$0\")\"\n"
      "aws_cli=${AWS_CLI:-aws}\n"
      "total=" +
      std::to_string(steps.size()) +
      "\n"
      "step=0\n"
      "\n"
      "# batch-delete-image reports per-image failures in its output with exit status 0.\n"
      "delete_images() {\n"
      "  step=$((step + 1))\n"
      "  printf '[%d/%d] batch-delete-image %s\\n' \"$step\" \"$total\" \"$1\"\n"
      "  failures=$(\"$aws_cli\" ecr batch-delete-image --cli-input-json \"file://$1\" \\\n"
      "    ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} \\\n"
      "    --query \"failures[?failureCode!='ImageNotFound']\" --output json) || {\n"
      "    printf 'failed: %s\\n' \"$1\" >&2\n"
      "    exit 1\n"
      "  }\n"
      "  case $failures in\n"
      "    '[]' | '') ;;\n"
      "    *)\n"
      "      printf 'failed: %s:\\n%s\\n' \"$1\" \"$failures\" >&2\n"
      "      exit 1\n"
      "      ;;\n"
      "  esac\n"
      "}\n"
      "\n"
      "transition_image() {\n"
      "  step=$((step + 1))\n"
      "  printf '[%d/%d] update-image-storage-class %s\\n' \"$step\" \"$total\" \"$1\"\n"
      "  \"$aws_cli\" ecr update-image-storage-class --cli-input-json \"file://$1\" \\\n"
      "    ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} >/dev/null || {\n"
      "    printf 'failed: %s\\n' \"$1\" >&2\n"
      "    exit 1\n"
      "  }\n"
      "}\n"
      "\n";
  for (const auto& [operation, file] : steps) {
    out += operation == "batch-delete-image" ? "delete_images " : "transition_image ";
    out += shell_quote(file);
    out += '\n';
  }
  out += "printf 'done: %d requests\\n' \"$total\"\n";
  return out;
}

}  // namespace ecrlc::detail
