// Explain traces: the engine's decisions for one image, rule by rule.
#include "ecrlc/explain.hpp"

#include <algorithm>
#include <string>

#include "base/enum_names.hpp"
#include "rules/selection.hpp"

namespace ecrlc {

std::string_view to_json(SelectionCheck value) {
  static constexpr std::array<std::string_view, 6> k_names{
      "selected", "activating", "storage_class", "has_tags", "no_tags", "entry_unmatched"};
  return detail::enum_name(value, k_names);
}

std::string_view to_json(TimeSource value) {
  static constexpr std::array<std::string_view, 4> k_names{
      "imagePushedAt", "lastActivatedAt", "lastRecordedPullTime", "lastArchivedAt"};
  return detail::enum_name(value, k_names);
}

std::vector<RuleTrace> trace_image(const LifecyclePolicy& policy, const Repository& repository,
                                   std::uint32_t image_index, const EvalContext& context) {
  const auto& images = repository.images;
  const ImageRecord& image = images[image_index];
  const Micros ordering = image.ordering_time();
  std::vector<RuleTrace> traces;
  traces.reserve(policy.rules.size());
  std::int64_t first_selector = 0;  // protects the image from every later rule
  for (const Rule& rule : policy.rules) {
    RuleTrace trace;
    trace.rule = &rule;
    trace.priority = rule.priority;
    trace.selection = detail::check_selection(rule, image, trace.unmatched_entry);
    const bool selected = trace.selection == SelectionCheck::selected;
    if (!rule.is_age_rule()) {
      // Rank = 1 + selected images newer than this one (later ordering time, or the same time
      // and a smaller digest, i.e. a smaller index). Linear: explain runs once per image.
      std::uint32_t newer = 0;
      for (std::uint32_t j = 0; j < images.size(); ++j) {
        if (!detail::fast_selects(rule, images[j])) {
          continue;
        }
        ++trace.selected_count;
        const Micros t = images[j].ordering_time();
        newer += static_cast<std::uint32_t>(t > ordering || (t == ordering && j < image_index));
      }
      if (selected) {
        trace.rank = newer + 1;
        trace.marked = static_cast<std::int64_t>(trace.rank) > rule.count_number;
      }
    } else if (selected) {
      const auto reference = detail::reference_time(rule.count_type, image);
      trace.reference_time = reference.time;
      trace.time_source = reference.source;
      trace.age = context.now - reference.time;
      trace.threshold = detail::days_threshold(rule.count_number);
      trace.marked = detail::older_than(reference.time, context.now, trace.threshold);
    }
    if (trace.marked) {
      if (first_selector != 0) {
        trace.protector = first_selector;
      } else {
        trace.acted = true;
      }
    }
    if (selected && first_selector == 0) {
      first_selector = rule.priority;
    }
    traces.push_back(trace);
  }
  return traces;
}

ImageExplanation explain_image(const LifecyclePolicy& policy, const Repository& repository,
                               std::uint32_t image_index, const EvalContext& context) {
  ImageExplanation explanation;
  explanation.rules = trace_image(policy, repository, image_index, context);
  RepositoryEvaluation evaluation = evaluate_repository(policy, repository, context);
  explanation.verdict = evaluation.verdicts[image_index];
  const auto it = std::find_if(
      evaluation.consequences.begin(), evaluation.consequences.end(),
      [image_index](const ReferrerConsequence& c) { return c.referrer == image_index; });
  if (it != evaluation.consequences.end()) {
    explanation.consequence = *it;
  }
  return explanation;
}

}  // namespace ecrlc
