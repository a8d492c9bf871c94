// The preview report: scope, listing order, summaries and thread independence.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ecrlc/preview.hpp"

namespace ecrlc {
namespace {

constexpr Micros k_now = 1'742'000'000LL * k_micros_per_second;  // 2025-03-15T00:53:20Z

Micros days_ago(double days) {
  return k_now - static_cast<Micros>(days * static_cast<double>(k_micros_per_day));
}

// Builds repositories of fake images whose digests are one hex digit repeated.
class InventoryMaker {
 public:
  Repository& repository(std::string name) {
    Repository& repository = m_inventory.repositories.emplace_back();
    repository.name = std::move(name);
    repository.registry_id = "123456789012";
    return repository;
  }
  void image(Repository& repository, char digit, std::vector<std::string> tags, Micros pushed,
             std::int64_t size) {
    ImageRecord image;
    image.digest = *Digest::parse("sha256:" + std::string(64, digit));
    auto views = m_inventory.arena.allocate_views(tags.size());
    for (std::size_t t = 0; t < tags.size(); ++t) {
      views[t] = m_inventory.arena.store(tags[t]);
    }
    image.tags = views;
    image.pushed_at = pushed;
    image.size_bytes = size;
    repository.images.push_back(image);
  }
  // Repositories by name and images by digest, as the reader leaves them.
  Inventory take() {
    for (Repository& repository : m_inventory.repositories) {
      std::sort(repository.images.begin(), repository.images.end(),
                [](const ImageRecord& a, const ImageRecord& b) { return a.digest < b.digest; });
    }
    std::sort(m_inventory.repositories.begin(), m_inventory.repositories.end(),
              [](const Repository& a, const Repository& b) { return a.name < b.name; });
    return std::move(m_inventory);
  }

 private:
  Inventory m_inventory;
};

// Rule 1 keeps prod images (selects them); rule 2 expires anything pushed > 14 days ago;
// rule 3 would archive anything older than 7 days (never reached: rule 2 selects all).
LifecyclePolicy keep_prod_policy() {
  LifecyclePolicy policy;
  Rule keep;
  keep.priority = 1;
  keep.tag_status = TagStatus::tagged;
  keep.tag_prefixes = {"prod"};
  keep.count_type = CountType::image_count_more_than;
  keep.count_number = 9999;
  Rule age;
  age.priority = 2;
  age.tag_status = TagStatus::any;
  age.count_type = CountType::since_image_pushed;
  age.count_number = 14;
  policy.rules = {keep, age};
  policy.text = "{}";
  return policy;
}

Inventory two_repositories() {
  InventoryMaker maker;
  Repository& web = maker.repository("web");
  maker.image(web, 'a', {"prod-1"}, days_ago(40), 100);
  maker.image(web, 'b', {"dev-1"}, days_ago(30), 200);
  maker.image(web, 'c', {}, days_ago(20), 300);
  maker.image(web, 'd', {"dev-2"}, days_ago(3), 400);
  Repository& api = maker.repository("api");
  maker.image(api, 'e', {}, days_ago(15), 1000);
  return maker.take();
}

// A `--policy FILE` run.
PreviewOptions single(PreviewOptions options) {
  options.single_policy = true;
  return options;
}

TEST(BuildPreview, SummariesPerRulePerRepositoryAndTotals) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Inventory inventory = two_repositories();
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single({}));

  ASSERT_EQ(report.repositories.size(), 2U);
  EXPECT_EQ(report.repositories[0].repository->name, "api");
  EXPECT_EQ(report.repositories[1].repository->name, "web");

  const RepositoryPreview& web = report.repositories[1];
  EXPECT_EQ(web.summary, (RepositorySummary{4, 2, 0, 2, 500, 0, 0, 0}));
  ASSERT_EQ(web.rules.size(), 2U);
  EXPECT_EQ(web.rules[0].priority, 1);
  EXPECT_EQ(web.rules[0].expiring, 0U);
  EXPECT_EQ(web.rules[1].expiring, 2U);
  EXPECT_EQ(web.rules[1].expiring_bytes, 500);

  EXPECT_EQ(report.totals, (RepositorySummary{5, 3, 0, 2, 1500, 0, 0, 0}));
  EXPECT_EQ(report.policies[0].rules[1].expiring, 3U);
  EXPECT_EQ(report.policies[0].rules[1].expiring_bytes, 1500);
  EXPECT_EQ(report.policies[0].rules[0].expiring + report.policies[0].rules[0].transitioning, 0U);
}

// Storage per class before and after: expired images leave, archived ones stay archived,
// transitioned ones move to archive (two_repositories: web a prod 100 kept, b 200 and c 300
// expire, d 400 kept; api e 1000 expires; and here api f, 50 bytes, archived and kept).
TEST(StorageBytes, ExpiredLeaveArchivedStayTransitionedMove) {
  Inventory inventory = two_repositories();
  ImageRecord archived = inventory.repositories[0].images.back();  // api: after e, by digest
  archived.digest = *Digest::parse("sha256:" + std::string(64, 'f'));
  archived.tags = {};
  archived.pushed_at = days_ago(2);
  archived.size_bytes = 50;
  archived.status = ImageStatus::archived;
  inventory.repositories[0].images.push_back(archived);
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single({}));

  const StorageBytes api_bytes = storage_bytes(report.repositories[0]);
  EXPECT_EQ(api_bytes, (StorageBytes{1000, 50, 0, 50}));
  const StorageBytes web_bytes = storage_bytes(report.repositories[1]);
  EXPECT_EQ(web_bytes, (StorageBytes{1000, 0, 500, 0}));
  const StorageBytes total = storage_bytes(report);
  EXPECT_EQ(total, (StorageBytes{2000, 50, 500, 50}));
  EXPECT_EQ(total.before(), 2050);
  EXPECT_EQ(total.after(), 550);

  // With a transition rule instead, the images it selects move to archive.
  LifecyclePolicy archive = keep_prod_policy();
  archive.rules[1].action = ActionType::transition;
  const PolicySet archiving = PolicySet::single("policy.json", archive);
  const Preview moved = build_preview(archiving, inventory, EvalContext{k_now}, single({}));
  EXPECT_EQ(storage_bytes(moved), (StorageBytes{2000, 50, 500, 1550}));
}

TEST(BuildPreview, ListingOrderActedByRuleThenPushTimeThenKept) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Inventory inventory = two_repositories();
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single({}));
  const RepositoryPreview& web = report.repositories[1];
  // Images are stored by digest: a=0 (prod, 40d), b=1 (30d), c=2 (20d), d=3 (3d).
  EXPECT_EQ(web.acted_count, 2U);
  EXPECT_EQ(web.order, (std::vector<std::uint32_t>{1, 2, 0, 3}));
}

TEST(BuildPreview, ScopeByNameReportsMissingRepositories) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Inventory inventory = two_repositories();
  PreviewOptions options;
  options.repositories = {"web", "nope", "web", "also-missing"};
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single(options));
  ASSERT_EQ(report.repositories.size(), 1U);
  EXPECT_EQ(report.repositories[0].repository->name, "web");
  EXPECT_EQ(report.missing_repositories, (std::vector<std::string>{"also-missing", "nope"}));
  EXPECT_EQ(report.totals.images, 4U);
}

TEST(BuildPreview, MissingRepositoriesNameTheClosestOne) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Inventory inventory = two_repositories();
  PreviewOptions options;
  // A typo, a case slip, and a name too far from any: the last gets no suggestion.
  options.repositories = {"wbe", "API", "database"};
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single(options));
  EXPECT_EQ(report.missing_repositories, (std::vector<std::string>{"API", "database", "wbe"}));
  EXPECT_EQ(report.missing_closest, (std::vector<std::string>{"api", "", "web"}));
}

TEST(BuildPreview, ThreadsDoNotChangeTheReport) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  InventoryMaker maker;
  for (int r = 0; r < 9; ++r) {
    Repository& repository = maker.repository("repo-" + std::to_string(r));
    for (int i = 0; i < 6; ++i) {
      maker.image(
          repository, "0123456789abcdef" [i + r % 4], { i % 2 == 0 ? "prod" : "x" },
          days_ago(5.0 * i + r), 10 * i);
    }
  }
  const Inventory inventory = maker.take();
  const Preview one = build_preview(policy, inventory, EvalContext{k_now}, single({}));
  PreviewOptions options;
  options.threads = 4;
  const Preview four = build_preview(policy, inventory, EvalContext{k_now}, single(options));
  ASSERT_EQ(one.repositories.size(), four.repositories.size());
  for (std::size_t r = 0; r < one.repositories.size(); ++r) {
    EXPECT_EQ(one.repositories[r].order, four.repositories[r].order);
    EXPECT_EQ(one.repositories[r].summary, four.repositories[r].summary);
    EXPECT_EQ(one.repositories[r].rules, four.repositories[r].rules);
  }
  EXPECT_EQ(one.totals, four.totals);
  EXPECT_EQ(one.policies[0].rules, four.policies[0].rules);
  EXPECT_EQ(one.totals.expiring, 9U * 2U);  // per repository: x images older than 14 days
}

TEST(BuildPreview, EmptyInventoryGivesEmptyReport) {
  const PolicySet policy = PolicySet::single("policy.json", keep_prod_policy());
  const Inventory inventory;
  const Preview report = build_preview(policy, inventory, EvalContext{k_now}, single({}));
  EXPECT_TRUE(report.repositories.empty());
  ASSERT_EQ(report.policies.size(), 1U);
  EXPECT_EQ(report.totals, RepositorySummary{});
  ASSERT_EQ(report.policies[0].rules.size(), 2U);
  EXPECT_EQ(report.policies[0].rules[1].priority, 2);
}

TEST(FindRule, ByPriority) {
  const LifecyclePolicy policy = keep_prod_policy();
  ASSERT_NE(find_rule(policy, 2), nullptr);
  EXPECT_EQ(find_rule(policy, 2)->count_number, 14);
  EXPECT_EQ(find_rule(policy, 3), nullptr);
}

}  // namespace
}  // namespace ecrlc
