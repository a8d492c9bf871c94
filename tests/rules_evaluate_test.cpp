// The rule engine, point by point of semantics.md 2-4, plus the AWS documentation examples.
#include <gtest/gtest.h>

#include "ecrlc/evaluate.hpp"
#include "reference/eval_fakes.hpp"

namespace ecrlc {
namespace {

using testing::age_rule;
using testing::count_rule;
using testing::days_ago;
using testing::FakeRepository;
using testing::k_now;
using testing::patterns;
using testing::prefixes;
using testing::transition;
using testing::untagged;

constexpr auto k_pushed = CountType::since_image_pushed;
constexpr auto k_pulled = CountType::since_image_pulled;
constexpr auto k_transitioned = CountType::since_image_transitioned;

// ---- Section 2: selection ----

TEST(Selection, EveryEntryMatchedByAtLeastOneTag) {
  FakeRepository f;
  f.add("both", days_ago(1), {"alpha-1", "beta-1"});
  f.add("alpha", days_ago(1), {"alpha-1"});
  f.add("onetag", days_ago(1), {"abc"});  // one tag may satisfy several entries
  const Rule and_rule = prefixes(count_rule(1, 1), {"alpha", "beta"});
  const Rule shared = prefixes(count_rule(1, 1), {"a", "ab"});
  f.run({});
  EXPECT_TRUE(selects(and_rule, f.find("both")));
  EXPECT_FALSE(selects(and_rule, f.find("alpha")));
  EXPECT_TRUE(selects(shared, f.find("onetag")));
}

TEST(Selection, PrefixIsByteWiseAndCaseSensitive) {
  FakeRepository f;
  f.add("upper", days_ago(1), {"Prod-1"});
  f.add("lower", days_ago(1), {"prod-1"});
  const Rule rule = prefixes(count_rule(1, 1), {"prod"});
  EXPECT_FALSE(selects(rule, f.find("upper")));
  EXPECT_TRUE(selects(rule, f.find("lower")));
}

TEST(Selection, PatternMatchesTheWholeTag) {
  FakeRepository f;
  f.add("x", days_ago(1), {"xprod"});
  f.add("p", days_ago(1), {"prod"});
  const Rule rule = patterns(count_rule(1, 1), {"prod*"});
  EXPECT_FALSE(selects(rule, f.find("x")));
  EXPECT_TRUE(selects(rule, f.find("p")));
  EXPECT_FALSE(selects(patterns(count_rule(1, 1), {"prod"}), f.find("x")));
}

TEST(Selection, TagStatusUntaggedAndAny) {
  FakeRepository f;
  f.add("bare", days_ago(1));
  f.add("tagged", days_ago(1), {"v1"});
  EXPECT_TRUE(selects(untagged(count_rule(1, 1)), f.find("bare")));
  EXPECT_FALSE(selects(untagged(count_rule(1, 1)), f.find("tagged")));
  EXPECT_TRUE(selects(count_rule(1, 1), f.find("bare")));
  EXPECT_TRUE(selects(count_rule(1, 1), f.find("tagged")));
  EXPECT_FALSE(selects(prefixes(count_rule(1, 1), {"v"}), f.find("bare")));
}

TEST(Selection, StorageClassMustMatch) {
  FakeRepository f;
  f.add("active", days_ago(1));
  f.add("archived", days_ago(1)).status = ImageStatus::archived;
  f.add("activating", days_ago(1)).status = ImageStatus::activating;
  const Rule standard = count_rule(1, 1);
  const Rule archive = age_rule(2, k_transitioned, 90);
  EXPECT_TRUE(selects(standard, f.find("active")));
  EXPECT_FALSE(selects(standard, f.find("archived")));
  EXPECT_FALSE(selects(archive, f.find("active")));
  EXPECT_TRUE(selects(archive, f.find("archived")));
  EXPECT_FALSE(selects(standard, f.find("activating")));
  EXPECT_FALSE(selects(archive, f.find("activating")));
}

// ---- Section 3, phase 1 ----

TEST(CountRule, MarksAllButTheNewestN) {
  FakeRepository f;
  f.add("a", days_ago(3));
  f.add("b", days_ago(2));
  f.add("c", days_ago(1));
  f.run({count_rule(1, 2)});
  EXPECT_EQ(f.verdict("a").action, Action::expire);
  EXPECT_EQ(f.verdict("a").reason, Reason::acted_on);
  EXPECT_EQ(f.verdict("a").rank, 3u);
  EXPECT_EQ(f.verdict("a").rule, 1);
  EXPECT_EQ(f.verdict("b").reason, Reason::within_count);
  EXPECT_EQ(f.verdict("b").rank, 2u);
  EXPECT_EQ(f.verdict("c").rank, 1u);
  EXPECT_FALSE(f.verdict("c").reference_time.has_value());
}

TEST(CountRule, EqualTimesSmallerDigestCountsAsNewer) {
  FakeRepository f;
  f.add("bbb", days_ago(5));
  f.add("aaa", days_ago(5));
  f.run({count_rule(1, 1)});
  EXPECT_EQ(f.verdict("aaa").reason, Reason::within_count);
  EXPECT_EQ(f.verdict("aaa").rank, 1u);
  EXPECT_EQ(f.verdict("bbb").action, Action::expire);
  EXPECT_EQ(f.verdict("bbb").rank, 2u);
}

TEST(CountRule, RestoredImageCountsFromItsActivation) {
  FakeRepository f;
  f.add("old", days_ago(100)).last_activated = days_ago(1);  // restored yesterday
  f.add("mid", days_ago(10));
  f.run({count_rule(1, 1)});
  EXPECT_EQ(f.verdict("old").reason, Reason::within_count);
  EXPECT_EQ(f.verdict("mid").action, Action::expire);
}

TEST(CountRule, ActivatingImagesAreNeitherCountedNorActedOn) {
  FakeRepository f;
  f.add("waking", days_ago(1)).status = ImageStatus::activating;
  f.add("older", days_ago(2));
  f.add("oldest", days_ago(3));
  f.run({count_rule(1, 1)});
  EXPECT_EQ(f.verdict("waking").action, Action::none);
  EXPECT_EQ(f.verdict("waking").reason, Reason::activating);
  EXPECT_EQ(f.verdict("waking").rule, 0);
  EXPECT_EQ(f.verdict("older").reason, Reason::within_count);
  EXPECT_EQ(f.verdict("older").rank, 1u);
  EXPECT_EQ(f.verdict("oldest").action, Action::expire);
}

TEST(AgeRule, MoreThanNDaysIsStrictToTheMicrosecond) {
  FakeRepository f;
  f.add("exact", days_ago(14));
  f.add("plus1", days_ago(14, 1));
  f.add("minus1", days_ago(14, -1));
  f.run({age_rule(1, k_pushed, 14)});
  EXPECT_EQ(f.verdict("exact").reason, Reason::too_young);
  EXPECT_EQ(f.verdict("exact").reference_time, days_ago(14));
  EXPECT_EQ(f.verdict("plus1").action, Action::expire);
  EXPECT_EQ(f.verdict("plus1").reference_time, days_ago(14, 1));
  EXPECT_EQ(f.verdict("minus1").reason, Reason::too_young);
}

TEST(AgeRule, SincePushedUsesTheOrderingTimeOfRestoredImages) {
  FakeRepository f;
  f.add("restored", days_ago(100)).last_activated = days_ago(2);
  f.run({age_rule(1, k_pushed, 30)});
  EXPECT_EQ(f.verdict("restored").reason, Reason::too_young);
  EXPECT_EQ(f.verdict("restored").reference_time, days_ago(2));
}

TEST(AgeRule, SincePulledReferenceTimes) {
  FakeRepository f;
  f.add("never", days_ago(40));                             // never pulled: push time
  f.add("pulled", days_ago(40)).last_pulled = days_ago(5);  // pull time
  auto& restored = f.add("restored", days_ago(90));         // restored, not pulled since
  restored.last_pulled = days_ago(60);
  restored.last_activated = days_ago(3);
  auto& pulled_after = f.add("pulledafter", days_ago(90));  // pulled after restore
  pulled_after.last_pulled = days_ago(1);
  pulled_after.last_activated = days_ago(3);
  f.add("restorednopull", days_ago(90)).last_activated = days_ago(4);
  f.run({age_rule(1, k_pulled, 30)});
  EXPECT_EQ(f.verdict("never").action, Action::transition);
  EXPECT_EQ(f.verdict("never").reference_time, days_ago(40));
  EXPECT_EQ(f.verdict("pulled").reason, Reason::too_young);
  EXPECT_EQ(f.verdict("pulled").reference_time, days_ago(5));
  EXPECT_EQ(f.verdict("restored").reference_time, days_ago(3));
  EXPECT_EQ(f.verdict("pulledafter").reference_time, days_ago(1));
  EXPECT_EQ(f.verdict("restorednopull").reference_time, days_ago(4));
}

TEST(AgeRule, SinceTransitionedUsesLastArchivedAtOrFallsBackToOrderingTime) {
  FakeRepository f;
  auto& recent = f.add("recent", days_ago(400));
  recent.status = ImageStatus::archived;
  recent.last_archived = days_ago(30);
  auto& old = f.add("old", days_ago(400));
  old.status = ImageStatus::archived;
  old.last_archived = days_ago(91);
  f.add("nodate", days_ago(400)).status = ImageStatus::archived;
  f.add("standard", days_ago(400));
  f.run({age_rule(1, k_transitioned, 90)});
  EXPECT_EQ(f.verdict("recent").reason, Reason::too_young);
  EXPECT_EQ(f.verdict("recent").reference_time, days_ago(30));
  EXPECT_EQ(f.verdict("old").action, Action::expire);
  EXPECT_EQ(f.verdict("nodate").action, Action::expire);
  EXPECT_EQ(f.verdict("nodate").reference_time, days_ago(400));
  EXPECT_EQ(f.verdict("standard").reason, Reason::not_selected);
}

TEST(AgeRule, TransitionRuleGivesTransitionAction) {
  FakeRepository f;
  f.add("a", days_ago(31));
  f.run({transition(age_rule(1, k_pushed, 30))});
  EXPECT_EQ(f.verdict("a").action, Action::transition);
  EXPECT_EQ(f.verdict("a").reason, Reason::acted_on);
}

TEST(AgeRule, HugeCountNumberSaturatesInsteadOfOverflowing) {
  FakeRepository f;
  f.add("ancient", days_ago(3'000'000));
  f.run({age_rule(1, k_pushed, 9'223'372'036'854'775'807)});
  EXPECT_EQ(f.verdict("ancient").reason, Reason::too_young);
}

// ---- Section 3, phase 2 ----

TEST(Protection, SelectionByAHigherRuleProtectsButStillCounts) {
  FakeRepository f;
  f.add("x1", days_ago(1));
  f.add("p1", days_ago(2), {"prod-1"});
  f.add("p2", days_ago(3), {"prod-2"});
  f.add("x2", days_ago(4));
  f.run({prefixes(count_rule(1, 9999), {"prod"}), count_rule(2, 1)});
  EXPECT_EQ(f.verdict("x1").reason, Reason::within_count);
  EXPECT_EQ(f.verdict("x1").rule, 2);
  EXPECT_EQ(f.verdict("p1").action, Action::none);
  EXPECT_EQ(f.verdict("p1").reason, Reason::protected_by_rule);
  EXPECT_EQ(f.verdict("p1").rule, 2);
  EXPECT_EQ(f.verdict("p1").protector, 1);
  EXPECT_EQ(f.verdict("p1").rank, 2u);  // rank in the marking rule
  EXPECT_EQ(f.verdict("p2").reason, Reason::protected_by_rule);
  // x2 is the 4th newest: the prod images count toward rule 2 although it cannot expire them.
  EXPECT_EQ(f.verdict("x2").action, Action::expire);
  EXPECT_EQ(f.verdict("x2").rank, 4u);
}

TEST(Protection, AgeRuleMarkingAProtectedImageReportsItsReferenceTime) {
  FakeRepository f;
  f.add("p", days_ago(20), {"prod"});
  f.run({prefixes(age_rule(1, k_pushed, 30), {"prod"}), age_rule(2, k_pushed, 7)});
  EXPECT_EQ(f.verdict("p").reason, Reason::protected_by_rule);
  EXPECT_EQ(f.verdict("p").rule, 2);
  EXPECT_EQ(f.verdict("p").protector, 1);
  EXPECT_EQ(f.verdict("p").reference_time, days_ago(20));
}

TEST(Protection, FirstSelectingRuleGivesTheReasonWhenNothingMarks) {
  FakeRepository f;
  f.add("p", days_ago(2), {"prod"});
  f.add("lonely", days_ago(2), {"dev"});
  f.run({prefixes(age_rule(1, k_pushed, 30), {"prod"}), prefixes(count_rule(2, 5), {"prod"})});
  EXPECT_EQ(f.verdict("p").reason, Reason::too_young);
  EXPECT_EQ(f.verdict("p").rule, 1);
  EXPECT_EQ(f.verdict("lonely").reason, Reason::not_selected);
  EXPECT_EQ(f.verdict("lonely").rule, 0);
}

TEST(Protection, AtMostOneActionTheHighestPriorityRuleWins) {
  FakeRepository f;
  f.add("a", days_ago(40));
  f.add("b", days_ago(50));
  f.run({transition(age_rule(1, k_pushed, 30)), age_rule(2, k_pushed, 10)});
  EXPECT_EQ(f.verdict("a").action, Action::transition);
  EXPECT_EQ(f.verdict("a").rule, 1);
}

// ---- Section 4: indexes ----

TEST(Index, ChildOfASurvivingIndexKeepsLiving) {
  FakeRepository f;
  f.add("idx", days_ago(30), {"v1"});
  f.add("c1", days_ago(30));
  f.add("c2", days_ago(30));
  f.add("stray", days_ago(30));
  f.set_children("idx", {"c1", "c2", "missing"});  // children absent from the inventory are ignored
  f.run({untagged(age_rule(1, k_pushed, 7))});
  EXPECT_EQ(f.verdict("c1").action, Action::none);
  EXPECT_EQ(f.verdict("c1").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("c1").rule, 1);
  EXPECT_EQ(f.verdict("c1").parent, f.index_of("idx"));
  EXPECT_EQ(f.verdict("c1").reference_time, days_ago(30));
  EXPECT_EQ(f.verdict("c2").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("stray").action, Action::expire);
}

TEST(Index, ChildrenOfAnExpiredIndexExpire) {
  FakeRepository f;
  f.add("idx", days_ago(30), {"v1"});
  f.add("child", days_ago(30));
  f.set_children("idx", {"child"});
  f.run({age_rule(1, k_pushed, 7)});
  EXPECT_EQ(f.verdict("idx").action, Action::expire);
  EXPECT_EQ(f.verdict("child").action, Action::expire);
  EXPECT_FALSE(f.verdict("child").parent.has_value());
}

TEST(Index, NestedIndexesReachAFixedPoint) {
  FakeRepository f;
  f.add("top", days_ago(30), {"v1"});
  f.add("mid", days_ago(30));
  f.add("leaf", days_ago(30));
  f.set_children("top", {"mid"});
  f.set_children("mid", {"leaf"});
  f.run({untagged(age_rule(1, k_pushed, 7))});
  EXPECT_EQ(f.verdict("mid").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("mid").parent, f.index_of("top"));
  EXPECT_EQ(f.verdict("leaf").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("leaf").parent, f.index_of("mid"));
}

TEST(Index, ReportsTheSmallestDigestSurvivingParent) {
  FakeRepository f;
  f.add("zz-idx", days_ago(1), {"v2"});
  f.add("mm-idx", days_ago(1), {"v1"});
  f.add("aa-idx", days_ago(30), {"old"});  // expires: not a surviving parent
  f.add("child", days_ago(30));
  f.set_children("zz-idx", {"child"});
  f.set_children("mm-idx", {"child"});
  f.set_children("aa-idx", {"child"});
  f.run({prefixes(age_rule(1, k_pushed, 7), {"old"}), untagged(age_rule(2, k_pushed, 7))});
  EXPECT_EQ(f.verdict("aa-idx").action, Action::expire);
  EXPECT_EQ(f.verdict("child").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("child").rule, 2);
  EXPECT_EQ(f.verdict("child").parent, f.index_of("mm-idx"));
}

TEST(Index, ChildTransitionWithdrawnWhileTheIndexStaysInStandard) {
  FakeRepository f;
  f.add("idx", days_ago(1), {"v1"});
  f.add("child", days_ago(40));
  f.set_children("idx", {"child"});
  f.run({untagged(transition(age_rule(1, k_pushed, 30)))});
  EXPECT_EQ(f.verdict("child").action, Action::none);
  EXPECT_EQ(f.verdict("child").reason, Reason::child_of_surviving_index);
}

TEST(Index, ChildTransitionKeptWhenTheIndexTransitionsToo) {
  FakeRepository f;
  f.add("idx", days_ago(40), {"v1"});
  f.add("child", days_ago(40));
  f.set_children("idx", {"child"});
  f.run({transition(age_rule(1, k_pushed, 30))});
  EXPECT_EQ(f.verdict("idx").action, Action::transition);
  EXPECT_EQ(f.verdict("child").action, Action::transition);
}

TEST(Index, ChildExpiryWithdrawnWhenTheIndexOnlyTransitions) {
  FakeRepository f;
  f.add("idx", days_ago(40), {"v1"});
  f.add("child", days_ago(40));
  f.set_children("idx", {"child"});
  f.run({prefixes(transition(age_rule(1, k_pushed, 30)), {"v"}),
         untagged(age_rule(2, k_pushed, 30))});
  EXPECT_EQ(f.verdict("idx").action, Action::transition);
  EXPECT_EQ(f.verdict("child").action, Action::none);
  EXPECT_EQ(f.verdict("child").reason, Reason::child_of_surviving_index);
  EXPECT_EQ(f.verdict("child").rule, 2);
}

// ---- Section 4: referrers ----

TEST(Referrer, FollowsItsExpiredSubjectTransitively) {
  FakeRepository f;
  f.add("app", days_ago(30), {"v1"});
  f.add("sig", days_ago(1));
  f.add("sigsig", days_ago(1));
  f.add("keptapp", days_ago(1), {"v2"});
  f.add("keptsig", days_ago(1));
  f.set_subject("sig", "app");
  f.set_subject("sigsig", "sig");
  f.set_subject("keptsig", "keptapp");
  const auto& result = f.run({prefixes(age_rule(1, k_pushed, 7), {"v"})});
  ASSERT_EQ(result.consequences.size(), 2u);
  EXPECT_EQ(result.consequences[0].referrer, f.index_of("sig"));
  EXPECT_EQ(result.consequences[0].subject, f.index_of("app"));
  EXPECT_EQ(result.consequences[0].rule, 1);
  EXPECT_EQ(result.consequences[1].referrer, f.index_of("sigsig"));
  EXPECT_EQ(result.consequences[1].subject, f.index_of("sig"));
  EXPECT_EQ(result.consequences[1].rule, 1);
  EXPECT_EQ(f.verdict("sig").action, Action::none);  // listed apart from rule results
}

TEST(Referrer, ReferrerWithItsOwnActionIsNotAConsequence) {
  FakeRepository f;
  f.add("app", days_ago(30), {"v1"});
  f.add("sig", days_ago(30));
  f.set_subject("sig", "app");
  const auto& result = f.run({age_rule(1, k_pushed, 7)});
  EXPECT_EQ(f.verdict("sig").action, Action::expire);
  EXPECT_TRUE(result.consequences.empty());
}

TEST(Referrer, TransitioningReferrerOfAnExpiredSubjectIsAConsequence) {
  // ECR removes a referrer with its subject whatever the referrer's own rule would do.
  FakeRepository f;
  f.add("app", days_ago(30), {"v1"});
  f.add("sig", days_ago(30));
  f.set_subject("sig", "app");
  const auto& result = f.run(
      {prefixes(age_rule(1, k_pushed, 7), {"v"}), transition(untagged(age_rule(2, k_pulled, 7)))});
  EXPECT_EQ(f.verdict("app").action, Action::expire);
  EXPECT_EQ(f.verdict("sig").action, Action::transition);
  ASSERT_EQ(result.consequences.size(), 1u);
  EXPECT_EQ(result.consequences[0].rule, 1);
}

TEST(Reasons, JsonSpellings) {
  EXPECT_EQ(to_json(Action::transition), "transition");
  EXPECT_EQ(to_json(Reason::child_of_surviving_index), "child_of_surviving_index");
  EXPECT_EQ(to_json(Reason::protected_by_rule), "protected_by_rule");
}

// ---- AWS "Examples of lifecycle policies" (lifecycle_policy_examples.html) ----

TEST(AwsExamples, FilteringOnImageAge) {
  FakeRepository f;
  f.add("old", days_ago(15), {"prod-1"});
  f.add("young", days_ago(13), {"prod-2"});
  f.add("dev", days_ago(30), {"dev"});
  f.run({patterns(age_rule(1, k_pushed, 14), {"prod*"})});
  EXPECT_EQ(f.verdict("old").action, Action::expire);
  EXPECT_EQ(f.verdict("young").action, Action::none);
  EXPECT_EQ(f.verdict("dev").reason, Reason::not_selected);
}

TEST(AwsExamples, FilteringOnImageCount) {
  FakeRepository f;
  f.add("u1", days_ago(3));
  f.add("u2", days_ago(2));
  f.add("u3", days_ago(1));
  f.add("t", days_ago(5), {"v1"});
  f.run({untagged(count_rule(1, 1))});
  EXPECT_EQ(f.verdict("u1").action, Action::expire);
  EXPECT_EQ(f.verdict("u2").action, Action::expire);
  EXPECT_EQ(f.verdict("u3").action, Action::none);
  EXPECT_EQ(f.verdict("t").action, Action::none);
}

// Multiple rules, example A: only Image A expires; B is marked by rule 2 but rule 1 saw it.
TEST(AwsExamples, MultipleRulesExampleA) {
  FakeRepository f;
  f.add("A", days_ago(10), {"beta-1", "prod-1"});
  f.add("B", days_ago(9), {"beta-2", "prod-2"});
  f.add("C", days_ago(8), {"beta-3"});
  f.run({prefixes(count_rule(1, 1), {"prod"}), prefixes(count_rule(2, 1), {"beta"})});
  EXPECT_EQ(f.verdict("A").action, Action::expire);
  EXPECT_EQ(f.verdict("A").rule, 1);
  EXPECT_EQ(f.verdict("B").action, Action::none);
  EXPECT_EQ(f.verdict("B").reason, Reason::protected_by_rule);
  EXPECT_EQ(f.verdict("C").action, Action::none);
}

// Multiple rules, example B: Images A and B expire.
TEST(AwsExamples, MultipleRulesExampleB) {
  FakeRepository f;
  f.add("A", days_ago(10), {"beta-1", "prod-1"});
  f.add("B", days_ago(9), {"beta-2", "prod-2"});
  f.add("C", days_ago(8), {"beta-3", "prod-3"});
  f.run({prefixes(count_rule(1, 1), {"prod"}), prefixes(count_rule(2, 1), {"beta"})});
  EXPECT_EQ(f.verdict("A").action, Action::expire);
  EXPECT_EQ(f.verdict("B").action, Action::expire);
  EXPECT_EQ(f.verdict("C").action, Action::none);
}

// Multiple tags in a single rule: only C and F carry both alpha and beta tags.
void add_alpha_beta_images(FakeRepository& f) {
  f.add("A", days_ago(12), {"alpha-1"});
  f.add("B", days_ago(11), {"beta-1"});
  f.add("C", days_ago(10), {"alpha-2", "beta-2"});
  f.add("D", days_ago(4), {"alpha-3"});
  f.add("E", days_ago(3), {"beta-3"});
  f.add("F", days_ago(2), {"alpha-4", "beta-4"});
}

TEST(AwsExamples, MultipleTagsSingleRuleByAge) {
  FakeRepository f;
  add_alpha_beta_images(f);
  f.run({prefixes(age_rule(1, k_pushed, 5), {"alpha", "beta"})});
  for (const char* name : {"A", "B", "D", "E", "F"}) {
    EXPECT_EQ(f.verdict(name).action, Action::none) << name;
  }
  EXPECT_EQ(f.verdict("C").action, Action::expire);
}

TEST(AwsExamples, MultipleTagsSingleRuleByCount) {
  FakeRepository f;
  add_alpha_beta_images(f);
  f.run({prefixes(count_rule(1, 1), {"alpha", "beta"})});
  for (const char* name : {"A", "B", "D", "E", "F"}) {
    EXPECT_EQ(f.verdict(name).action, Action::none) << name;
  }
  EXPECT_EQ(f.verdict("C").action, Action::expire);
}

TEST(AwsExamples, AllImagesExampleA) {
  FakeRepository f;
  f.add("A", days_ago(4), {"alpha-1"});
  f.add("B", days_ago(3), {"beta-1"});
  f.add("C", days_ago(2));
  f.add("D", days_ago(1), {"alpha-2"});
  f.run({count_rule(1, 1)});
  EXPECT_EQ(f.verdict("A").action, Action::expire);
  EXPECT_EQ(f.verdict("B").action, Action::expire);
  EXPECT_EQ(f.verdict("C").action, Action::expire);
  EXPECT_EQ(f.verdict("D").action, Action::none);
}

// The page lists D and E both as "pushed 1 day ago" and expires D, so E counts as newer:
// E is given a push one hour later to state that without relying on the digest tie-break.
TEST(AwsExamples, AllImagesExampleB) {
  FakeRepository f;
  f.add("A", days_ago(4), {"alpha-1", "beta-1"});
  f.add("B", days_ago(3));
  f.add("C", days_ago(2), {"alpha-2"});
  f.add("D", days_ago(1), {"git hash"});
  f.add("E", days_ago(1) + 3600 * k_micros_per_second);
  f.run({prefixes(count_rule(1, 1), {"alpha"}), untagged(count_rule(2, 1)), count_rule(3, 1)});
  EXPECT_EQ(f.verdict("A").action, Action::expire);
  EXPECT_EQ(f.verdict("A").rule, 1);
  EXPECT_EQ(f.verdict("B").action, Action::expire);
  EXPECT_EQ(f.verdict("B").rule, 2);
  EXPECT_EQ(f.verdict("C").action, Action::none);
  EXPECT_EQ(f.verdict("D").action, Action::expire);
  EXPECT_EQ(f.verdict("D").rule, 3);
  EXPECT_EQ(f.verdict("E").action, Action::none);
}

}  // namespace
}  // namespace ecrlc
