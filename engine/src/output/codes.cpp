// The catalogue of diagnostic codes: one line on what each E and W code means.
#include <array>

#include "ecrlc/diagnostic_render.hpp"

namespace ecrlc {
namespace {

struct CodeSummary {
  std::string_view code;
  std::string_view summary;
};

// Keep in step with docs/diagnostics.md; SARIF rule descriptions come from here.
constexpr std::array k_codes{
    CodeSummary{"E0001", "the input is not valid JSON"},
    CodeSummary{"E0002", "the input is not valid UTF-8"},
    CodeSummary{"E0003", "arrays and objects are nested too deeply"},
    CodeSummary{"E0004", "the policy text is shorter than 100 or longer than 30,720 characters"},
    CodeSummary{"E0005", "a lifecyclePolicyText starts with a byte order mark"},
    CodeSummary{"E0101", "unknown key"},
    CodeSummary{"E0102", "value of the wrong JSON type"},
    CodeSummary{"E0103", "null value"},
    CodeSummary{"E0104", "duplicate key in one object"},
    CodeSummary{"E0105", "missing required key"},
    CodeSummary{"E0106", "number is not an integer"},
    CodeSummary{"E0107", "number out of range"},
    CodeSummary{"E0108", "value not among the allowed values"},
    CodeSummary{"E0109", "the policy has no rules"},
    CodeSummary{"E0201", "rulePriority values must be unique (V1)"},
    CodeSummary{"E0202", "tagged rules need exactly one non-empty tag list (V2)"},
    CodeSummary{"E0203", "untagged and any rules carry no tag list (V3)"},
    CodeSummary{"E0204", "a rule has both tagPrefixList and tagPatternList (V4)"},
    CodeSummary{"E0205", "a tag pattern has more than four wildcards (V5)"},
    CodeSummary{"E0206",
                "a tagStatus any rule must have the highest rulePriority of its "
                "storage class (V6)"},
    CodeSummary{"E0207", "more than one tagStatus untagged rule per storage class (V7)"},
    CodeSummary{"E0208", "two rules of one storage class have the same tag list (V8)"},
    CodeSummary{"E0209", "countUnit required with since* count types, forbidden otherwise (V9)"},
    CodeSummary{"E0210", "storageClass archive goes with sinceImageTransitioned only (V10)"},
    CodeSummary{"E0211", "sinceImagePulled only with action type transition (V11)"},
    CodeSummary{"E0212",
                "sinceImageTransitioned needs action expire and countNumber >= 90 "
                "(V12)"},
    CodeSummary{"E0213", "transition needs targetStorageClass archive and standard images (V13)"},
    CodeSummary{"E0215", "more than 50 rules (V15)"},
    CodeSummary{"W0001",
                "a higher-priority rule selects every image this rule selects: it can never act"},
    CodeSummary{"W0002", "several list entries are ANDed: an image needs a matching tag for each"},
    CodeSummary{"W0003", "no untagged or any rule: untagged images are never cleaned up"},
    CodeSummary{"W0004",
                "tagStatus any expiring by push age reaches old releases that no "
                "higher-priority rule protects"},
    CodeSummary{"W0005", "a prefix or pattern that no legal tag can match"},
    CodeSummary{"W0006", "the empty prefix matches every tagged image"},
    CodeSummary{"W0007", "a prefix shared with another rule's different prefix list"},
    CodeSummary{"W0008", "a pattern shared with another rule's different pattern list"},
    CodeSummary{"W0009", "the policy text is close to the 30,720 character limit"},
    CodeSummary{"W0010", "the policy is close to the 50 rule limit"},
    CodeSummary{"W0011", "the same entry twice in one list"},
    CodeSummary{"W0012", "a list entry implied by another entry of the same list"},
    CodeSummary{"W0013", "tagStatus any with a small imageCountMoreThan"},
    CodeSummary{"W0014", "an age threshold above ten years practically never acts"},
    CodeSummary{"W0015", "a blank description"},
    CodeSummary{"W0016", "a transition to archive after less than 30 days"},
    CodeSummary{"W0017", "archived images are never expired: billed forever"},
    CodeSummary{"W0018", "every tagged image archived by push age, even images still pulled"},
    CodeSummary{"E0301", "a CloudFormation template that is not valid YAML"},
    CodeSummary{"E0302", "a template's lifecycle policy property is not a string"},
    CodeSummary{
        "W0301",
        "a policy text built at deploy time (Fn::Sub variables, Fn::Join, Ref): not checked"},
    CodeSummary{"W0302", "a Terraform policy known only after apply: not checked"},
    CodeSummary{"N0301", "a template or plan without a lifecycle policy"},
    CodeSummary{"E0401", "an inventory that is not JSON, or not describe-images output"},
    CodeSummary{"E0402", "an inventory image with a field missing or of the wrong JSON type"},
    CodeSummary{"E0403", "an inventory value that ECR never reports"},
    CodeSummary{"E0404", "an inventory beyond the reader's limits"},
    CodeSummary{"W0401", "a describe-images page ends with nextToken: later pages are missing"},
    CodeSummary{"E0405", "plan refuses an inventory whose later describe-images pages are missing"},
    CodeSummary{"E0801", "malformed line in a protect file"},
    CodeSummary{"W0801", "a protect file reference that matches no image"},
    CodeSummary{"E0802", "a protect file of no known shape"},
    CodeSummary{"E0803", "an unusable value in a JSON protect file"},
    CodeSummary{"W0802", "a JSON protect file that names no ECR image"},
    CodeSummary{"W0803", "a Kubernetes object without pod template, ignored"},
    CodeSummary{"E0811", "malformed policy map or policy set"},
};

}  // namespace

std::string_view describe_code(std::string_view code) {
  for (const CodeSummary& entry : k_codes) {
    if (entry.code == code) {
      return entry.summary;
    }
  }
  return {};
}

}  // namespace ecrlc
