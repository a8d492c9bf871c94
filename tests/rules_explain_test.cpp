// Explain traces: per-rule selection, rank, reference time, marks, protection and the verdict.
#include <gtest/gtest.h>

#include "ecrlc/explain.hpp"
#include "reference/eval_fakes.hpp"

namespace ecrlc {
namespace {

using testing::age_rule;
using testing::count_rule;
using testing::days_ago;
using testing::FakeRepository;
using testing::k_now;
using testing::prefixes;
using testing::untagged;

TEST(TraceImage, SelectionFailuresSayWhy) {
  FakeRepository f;
  f.add("img", days_ago(3), {"alpha-1", "gamma"});
  f.add("arch", days_ago(3)).status = ImageStatus::archived;
  f.add("wake", days_ago(3)).status = ImageStatus::activating;
  f.run({prefixes(count_rule(1, 5), {"alpha", "beta"}), untagged(count_rule(2, 5)),
         count_rule(3, 5)});
  const EvalContext context{k_now};
  const auto traces = trace_image(f.policy, f.repository, f.index_of("img"), context);
  ASSERT_EQ(traces.size(), 3u);
  EXPECT_EQ(traces[0].selection, SelectionCheck::entry_unmatched);
  EXPECT_EQ(traces[0].unmatched_entry, 1u);  // "beta"
  EXPECT_EQ(traces[1].selection, SelectionCheck::has_tags);
  EXPECT_EQ(traces[2].selection, SelectionCheck::selected);
  EXPECT_EQ(traces[2].rank, 1u);
  EXPECT_EQ(traces[2].selected_count, 1u);  // the archived and ACTIVATING images are not counted
  const auto archived = trace_image(f.policy, f.repository, f.index_of("arch"), context);
  EXPECT_EQ(archived[2].selection, SelectionCheck::storage_class);
  const auto waking = trace_image(f.policy, f.repository, f.index_of("wake"), context);
  EXPECT_EQ(waking[2].selection, SelectionCheck::activating);
  EXPECT_EQ(to_json(SelectionCheck::entry_unmatched), "entry_unmatched");
}

TEST(TraceImage, CountRuleRankMarkAndProtection) {
  FakeRepository f;
  f.add("x1", days_ago(1));
  f.add("p1", days_ago(2), {"prod-1"});
  f.add("x2", days_ago(3));
  f.run({prefixes(count_rule(1, 9999), {"prod"}), count_rule(2, 1)});
  const auto p1 = trace_image(f.policy, f.repository, f.index_of("p1"), EvalContext{k_now});
  EXPECT_EQ(p1[0].rank, 1u);
  EXPECT_FALSE(p1[0].marked);
  EXPECT_EQ(p1[1].rank, 2u);
  EXPECT_EQ(p1[1].selected_count, 3u);
  EXPECT_TRUE(p1[1].marked);
  EXPECT_EQ(p1[1].protector, 1);
  EXPECT_FALSE(p1[1].acted);
  const auto x2 = trace_image(f.policy, f.repository, f.index_of("x2"), EvalContext{k_now});
  EXPECT_EQ(x2[0].selection, SelectionCheck::no_tags);
  EXPECT_EQ(x2[0].selected_count, 1u);
  EXPECT_EQ(x2[1].rank, 3u);
  EXPECT_TRUE(x2[1].acted);
  EXPECT_EQ(x2[1].protector, 0);
}

TEST(TraceImage, AgeRuleReferenceTimeSourceAgeAndThreshold) {
  FakeRepository f;
  auto& image = f.add("img", days_ago(90));
  image.last_pulled = days_ago(40);
  image.last_activated = days_ago(10);  // restored after the last pull
  f.run({age_rule(1, CountType::since_image_pulled, 7)});
  const auto traces = trace_image(f.policy, f.repository, 0, EvalContext{k_now});
  ASSERT_EQ(traces.size(), 1u);
  EXPECT_EQ(traces[0].reference_time, days_ago(10));
  EXPECT_EQ(traces[0].time_source, TimeSource::last_activated_at);
  EXPECT_EQ(traces[0].age, 10 * k_micros_per_day);
  EXPECT_EQ(traces[0].threshold, 7 * k_micros_per_day);
  EXPECT_TRUE(traces[0].marked);
  EXPECT_TRUE(traces[0].acted);
  EXPECT_EQ(to_json(traces[0].time_source), "lastActivatedAt");
}

TEST(ExplainImage, VerdictShowsWithdrawalAndConsequence) {
  FakeRepository f;
  f.add("idx", days_ago(30), {"v1"});
  f.add("child", days_ago(30));
  f.add("app", days_ago(30), {"old"});
  f.add("sig", days_ago(1));
  f.set_children("idx", {"child"});
  f.set_subject("sig", "app");
  f.run({prefixes(age_rule(1, CountType::since_image_pushed, 7), {"old"}),
         untagged(age_rule(2, CountType::since_image_pushed, 7))});
  const auto child = explain_image(f.policy, f.repository, f.index_of("child"), EvalContext{k_now});
  EXPECT_TRUE(child.rules[1].acted);  // phase 2 result, before section 4
  EXPECT_EQ(child.verdict.reason, Reason::child_of_surviving_index);
  EXPECT_EQ(child.verdict.parent, f.index_of("idx"));
  const auto sig = explain_image(f.policy, f.repository, f.index_of("sig"), EvalContext{k_now});
  ASSERT_TRUE(sig.consequence.has_value());
  EXPECT_EQ(sig.consequence->subject, f.index_of("app"));
  EXPECT_EQ(sig.consequence->rule, 1);
}

}  // namespace
}  // namespace ecrlc
