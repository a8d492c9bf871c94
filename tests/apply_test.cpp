// Tests of apply: the plan record and its checksums, the decision against a fresh read
// (every skip reason, every guard), a property test over generated registries changed at
// random between plan and apply, the journal, and the command with a fake AWS CLI.
#include "ecrlc/apply.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "ecrlc/apply_journal.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/plan.hpp"
#include "ecrlc/plan_record.hpp"
#include "ecrlc/preview.hpp"
#include "ecrlc/protect.hpp"
#include "ecrlc/sha256.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;
using test::load_inventory;
using test::load_policy;
using test::read_file;

constexpr Micros k_plan_time = 1'748'736'000 * k_micros_per_second;  // 2025-06-01T00:00:00Z
constexpr Micros k_hour = 3600 * k_micros_per_second;

std::string digest(unsigned n) {
  std::string hex = std::to_string(n);
  return "sha256:" + std::string(64 - hex.size(), 'a') + hex;
}

// One imageDetail line: digest n, tags, pushed `days` before the plan time.
struct Img {
  Img(unsigned n_, std::vector<std::string> tags_ = {}, int days_ = 0,
      std::string repository_ = "app", std::vector<unsigned> children_ = {})
      : n(n_),
        tags(std::move(tags_)),
        days(days_),
        repository(std::move(repository_)),
        children(std::move(children_)) {}
  unsigned n = 0;
  std::vector<std::string> tags;
  int days = 0;
  std::string repository = "app";
  std::vector<unsigned> children;
};

std::string ndjson(const std::vector<Img>& images, const std::string& registry = "123456789012") {
  std::string out;
  for (const Img& image : images) {
    out += "{\"registryId\": \"" + registry + "\", \"repositoryName\": \"" + image.repository +
           "\", \"imageDigest\": \"" + digest(image.n) + "\", \"imageSizeInBytes\": 100" +
           ", \"imagePushedAt\": " +
           std::to_string(k_plan_time / k_micros_per_second - image.days * 86400LL) +
           ", \"imageTags\": [";
    for (std::size_t t = 0; t < image.tags.size(); ++t) {
      out += (t == 0 ? "\"" : ", \"") + image.tags[t] + "\"";
    }
    out += "]";
    if (!image.children.empty()) {
      out += ", \"imageManifestMediaType\": \"application/vnd.oci.image.index.v1+json\"";
      out += ", \"childImageDigests\": [";
      for (std::size_t c = 0; c < image.children.size(); ++c) {
        out += (c == 0 ? "\"" : ", \"") + digest(image.children[c]) + "\"";
      }
      out += "]";
    }
    out += "}\n";
  }
  return out;
}

// Keep the 2 newest images of each repository; prod* tags are kept by rule 1.
const std::string k_keep_two = R"({"rules": [
  {"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPrefixList": ["prod"],
   "countType": "imageCountMoreThan", "countNumber": 100}, "action": {"type": "expire"}},
  {"rulePriority": 2, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
   "countNumber": 2}, "action": {"type": "expire"}}]})";

// The plan record of `images` under `policy` (through plan.json and back), with an optional
// protect file.
PlanRecord record_of(const std::string& images, const std::string& policy = k_keep_two,
                     const std::string& protect = "", Micros now = k_plan_time) {
  const Inventory inventory = load_inventory(images);
  const PolicySet set = PolicySet::single("policy.json", load_policy(policy));
  const Preview preview = build_preview(set, inventory, EvalContext{now});
  ProtectList list = parse_protect_file(protect);
  const ResolvedProtection resolved = resolve_protection(list, inventory);
  Plan plan = build_plan(preview, inventory, protect.empty() ? nullptr : &resolved);
  plan.now = now;
  if (!protect.empty()) {
    plan.protect = &list;
    plan.protect_file = "protect.txt";
    plan.protect_texts = {{"protect.txt", protect}};
  }
  const PlanRecord record = make_plan_record(plan, "us-east-1");
  auto parsed = parse_plan_record(render_plan_record(record));
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(*parsed, record);  // plan.json reads back to what plan decided
  return *parsed;
}

const LiveRegistry k_live{"123456789012", "us-east-1"};

ApplyDecision decide(const PlanRecord& record, const std::string& fresh,
                     Micros now = k_plan_time + k_hour, const ApplyGuards& guards = {},
                     const LiveRegistry& live = k_live, const AppliedBefore& before = {}) {
  const Inventory inventory = load_inventory(fresh);
  auto decision = decide_apply(record, inventory, now, guards, live, before);
  EXPECT_TRUE(decision.has_value()) << decision.error().message;
  return *decision;
}

// "digest-number: outcome" for every planned image: act, done_before, or the skip reason.
std::map<unsigned, std::string> outcomes(const ApplyDecision& decision) {
  std::map<unsigned, std::string> out;
  for (const RepositoryApply& repository : decision.repositories) {
    for (const ApplyItem& item : repository.items) {
      const std::string text = item.planned.digest.to_string();
      const unsigned n =
          static_cast<unsigned>(std::stoul(text.substr(text.find_last_not_of("0123456789") + 1)));
      switch (item.disposition) {
        case Disposition::act:
          out[n] = "act";
          break;
        case Disposition::done_before:
          out[n] = "done_before";
          break;
        case Disposition::skip:
          out[n] = std::string(to_json(item.reason)) +
                   (item.reason == SkipReason::kept_by_rule ? " " + std::to_string(item.rule) : "");
          break;
      }
    }
  }
  return out;
}

const std::vector<Img> k_six = {{1, {"v1"}, 60}, {2, {"v2"}, 50}, {3, {"v3"}, 40},
                                {4, {"v4"}, 30}, {5, {"v5"}, 20}, {6, {"v6"}, 10}};

TEST(ApplyDecision, UnchangedRegistryActsOnEveryPlannedImage) {
  const PlanRecord record = record_of(ndjson(k_six));
  ASSERT_EQ(record.repositories.size(), 1U);
  EXPECT_EQ(record.repositories[0].images.size(), 4U);
  EXPECT_EQ(record.repositories[0].images[0].tags, std::vector<std::string>{"v1"});
  EXPECT_EQ(record.repositories[0].images[0].rule, 2);
  const ApplyDecision decision = decide(record, ndjson(k_six));
  EXPECT_TRUE(decision.refusals.empty());
  EXPECT_EQ(outcomes(decision),
            (std::map<unsigned, std::string>{{1, "act"}, {2, "act"}, {3, "act"}, {4, "act"}}));
}

// The issue's cases: a rollback re-tags an old image prod; the newest image is deleted by
// hand after planning ("keep 2" would then keep one image); a tag moves; a new push.
TEST(ApplyDecision, RegistryChangesSkipWithReasons) {
  const PlanRecord record = record_of(ndjson(k_six));
  // 1 re-tagged prod; 6 deleted, so 4 is one of the 2 newest again; 2 deleted by hand.
  std::vector<Img> fresh = {
      {1, {"v1", "prod"}, 60}, {3, {"v3"}, 40}, {4, {"v4"}, 30}, {5, {"v5"}, 20}};
  EXPECT_EQ(outcomes(decide(record, ndjson(fresh))),
            (std::map<unsigned, std::string>{
                {1, "tags_changed"}, {2, "gone"}, {3, "act"}, {4, "kept_by_rule 2"}}));
  // A new image makes 5 expire too: it is not in the plan, so nothing acts on it.
  fresh.push_back({7, {"v7"}, 0});
  fresh.push_back({8, {"v8"}, 0});
  const ApplyDecision decision = decide(record, ndjson(fresh));
  EXPECT_EQ(outcomes(decision), (std::map<unsigned, std::string>{
                                    {1, "tags_changed"}, {2, "gone"}, {3, "act"}, {4, "act"}}));
  // The same image re-tagged with its own tags in another order has not changed.
  std::vector<Img> reordered = k_six;
  reordered[0].tags = {"v1", "x"};
  EXPECT_EQ(outcomes(decide(record_of(ndjson(reordered)), ndjson({{1, {"x", "v1"}, 60},
                                                                  {2, {"v2"}, 50},
                                                                  {3, {"v3"}, 40},
                                                                  {4, {"v4"}, 30},
                                                                  {5, {"v5"}, 20},
                                                                  {6, {"v6"}, 10}})))[1],
            "act");
}

TEST(ApplyDecision, ProtectionResolvedAgainOnTheFreshRead) {
  // At plan time prod is on 6; the rollback moves it to 3 (3's tags change: skipped), and an
  // index pushed since references 4 and is protected by digest: 4 is now protected.
  const std::string protect = "app:prod\napp@" + digest(9) + "\n";
  std::vector<Img> images = k_six;
  images[5].tags = {"v6", "prod"};
  const PlanRecord record = record_of(ndjson(images), k_keep_two, protect);
  ASSERT_EQ(record.protect_texts.size(), 1U);
  EXPECT_EQ(record.protect_texts[0].second, protect);
  ASSERT_EQ(record.repositories[0].protected_images.size(), 1U);
  EXPECT_EQ(record.repositories[0].protected_images[0].reference, "app:prod");
  EXPECT_EQ(record.repositories[0].protected_images[0].line, 1U);
  std::vector<Img> fresh = images;
  fresh[5].tags = {"v6"};
  fresh[2].tags = {"v3", "prod"};
  fresh.push_back({9, {"idx"}, 0, "app", {4}});
  const ApplyDecision decision = decide(record, ndjson(fresh));
  EXPECT_EQ(outcomes(decision),
            (std::map<unsigned, std::string>{
                {1, "act"}, {2, "act"}, {3, "tags_changed"}, {4, "now_protected"}}));
  const SkipDetail& detail = decision.repositories[0].items[3].detail;
  EXPECT_EQ(detail.kind, SkipDetail::Kind::protected_through);
  EXPECT_EQ(detail.relation, ProtectionKind::child_of_index);
  EXPECT_EQ(detail.image.to_string(), digest(9));
  EXPECT_EQ(apply_skip_detail(detail), "child of protected index " + digest(9).substr(7, 12));
  const SkipDetail& retagged = decision.repositories[0].items[2].detail;
  EXPECT_EQ(retagged.kind, SkipDetail::Kind::tags_now);
  EXPECT_EQ(retagged.tags, (std::vector<std::string>{"v3", "prod"}));
  EXPECT_EQ(apply_skip_detail(retagged), "now tagged v3,prod");
}

TEST(ApplyDecision, ChildOfSurvivingIndexAndAmbiguity) {
  const PlanRecord record = record_of(ndjson(k_six));
  // A new index (kept: it is the newest, tagged prod) references planned 2; tag v4 is on
  // two images of the fresh read (it moved while the pages were read).
  std::vector<Img> fresh = k_six;
  fresh.push_back({9, {"prod-idx"}, 0, "app", {2}});
  fresh.push_back({10, {"v4"}, 0});
  const ApplyDecision decision = decide(record, ndjson(fresh));
  const auto o = outcomes(decision);
  EXPECT_EQ(o.at(2), "child_of_surviving_index");
  EXPECT_EQ(o.at(4), "ambiguous");
  EXPECT_EQ(o.at(1), "act");
}

// The text summary's table fits a width as the other tables do: the repository names give way,
// the counts stay whole; without a width (files, pipes) and with --wide, nothing is cut.
TEST(ApplyDecision, TextSummaryFitsTheWidth) {
  ApplyDecision decision = decide(record_of(ndjson(k_six)), ndjson(k_six));
  ASSERT_EQ(decision.repositories.size(), 1U);
  const std::string name = "team/" + std::string(60, 'r');
  decision.repositories[0].name = name;
  const auto table_lines = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text.substr(text.find("\n\n") + 2));
    for (std::string line; std::getline(in, line) && !line.empty();) {
      lines.push_back(line);
    }
    return lines;
  };
  const std::string fitted =
      render_apply(decision, ApplyFormat::text, ApplyRenderOptions{false, TableWidth{80, false}});
  const std::vector<std::string> lines = table_lines(fitted);
  ASSERT_EQ(lines.size(), 2U) << fitted;
  for (const std::string& line : lines) {
    // Code points: every byte but UTF-8's continuation bytes (the ellipsis is one column).
    EXPECT_LE(std::count_if(line.begin(), line.end(),
                            [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }),
              80)
        << line;
  }
  EXPECT_NE(lines[1].find("team/"), std::string::npos) << lines[1];
  EXPECT_NE(lines[0].find("RECLAIMED"), std::string::npos) << lines[0];
  for (const TableWidth width : {TableWidth{}, TableWidth{60, true}}) {
    const std::string whole = render_apply(decision, ApplyFormat::text, {false, width});
    EXPECT_NE(table_lines(whole)[1].find(name), std::string::npos) << whole;
  }
}

// The refusals of a decision in words.
std::vector<std::string> refusals(const ApplyDecision& decision) {
  std::vector<std::string> out;
  for (const ApplyRefusal& refusal : decision.refusals) {
    out.push_back(apply_refusal_sentence(refusal));
  }
  return out;
}

TEST(ApplyDecision, GuardsRefuseTheWholeRun) {
  const PlanRecord record = record_of(ndjson(k_six));
  const std::string fresh = ndjson(k_six);
  EXPECT_TRUE(decide(record, fresh, k_plan_time + 24 * k_hour).refusals.empty());
  EXPECT_EQ(refusals(decide(record, fresh, k_plan_time + 25 * k_hour)),
            std::vector<std::string>{"the plan was evaluated at 2025-06-01 00:00:00 UTC, 25h "
                                     "before 2025-06-02 01:00:00 UTC: older than --max-age 24h; "
                                     "plan again"});
  ApplyGuards short_age;
  short_age.max_age = k_hour / 2;
  EXPECT_EQ(decide(record, fresh, k_plan_time + k_hour, short_age).refusals.size(), 1U);
  ApplyGuards cap;
  cap.max_deletes = 3;
  EXPECT_EQ(refusals(decide(record, fresh, k_plan_time + k_hour, cap)),
            std::vector<std::string>{"the run would delete 4 images, more than --max-deletes 3"});
  cap.max_deletes = 4;
  EXPECT_TRUE(decide(record, fresh, k_plan_time + k_hour, cap).refusals.empty());
  EXPECT_EQ(
      refusals(decide(record, fresh, k_plan_time + k_hour, {}, {"210987654321", "us-east-1"})),
      std::vector<std::string>{
          "the plan is for registry 123456789012, the AWS CLI reads registry 210987654321"});
  EXPECT_EQ(
      refusals(decide(record, fresh, k_plan_time + k_hour, {}, {"123456789012", "eu-west-1"})),
      std::vector<std::string>{"the plan is for region us-east-1, the AWS CLI reads region "
                               "eu-west-1 (--region)"});
  // Two registries in one plan, or none named: refused.
  const std::string two = ndjson({{1, {}, 60}, {2, {}, 50}, {3, {}, 40}}) +
                          ndjson({{4, {}, 60}, {5, {}, 50}, {6, {}, 40}}, "210987654321");
  EXPECT_EQ(refusals(decide(record_of(two), two)),
            std::vector<std::string>{"the plan spans 2 registries: apply acts on one registry; "
                                     "plan each registry's inventory on its own"});
  std::string unnamed = ndjson(k_six);
  for (std::size_t at;
       (at = unnamed.find("\"registryId\": \"123456789012\", ")) != std::string::npos;) {
    unnamed.erase(at, 30);
  }
  EXPECT_NE(refusals(decide(record_of(unnamed), unnamed)).at(0).find("names no registryId"),
            std::string::npos);
}

TEST(ApplyDecision, EarlierRunsAreNotRepeated) {
  const PlanRecord record = record_of(ndjson(k_six));
  AppliedBefore before;
  before.deleted.emplace("app", *Digest::parse(digest(1)));
  before.deleted.emplace("other", *Digest::parse(digest(2)));  // another repository's
  const std::vector<Img> fresh = {
      {2, {"v2"}, 50}, {3, {"v3"}, 40}, {4, {"v4"}, 30}, {5, {"v5"}, 20}, {6, {"v6"}, 10}};
  const ApplyDecision decision =
      decide(record, ndjson(fresh), k_plan_time + k_hour, {}, k_live, before);
  EXPECT_EQ(outcomes(decision), (std::map<unsigned, std::string>{
                                    {1, "done_before"}, {2, "act"}, {3, "act"}, {4, "act"}}));
  const ApplyCounts counts = count_apply(decision);
  EXPECT_EQ(counts.deletions, 3U);
  EXPECT_EQ(counts.done_before, 1U);
}

// Property: over generated registries changed at random between plan and apply, apply acts
// only on images that the plan lists, that a fresh evaluation (computed here on its own)
// still expires with the plan's action, that no protection covers and whose tags are the
// plan's.
TEST(ApplyProperty, NeverActsAgainstTheFreshEvaluation) {
  std::mt19937 random(20250601);
  const std::string protect = "app:prod\nweb:keep\n";
  std::size_t acted = 0;
  std::size_t skipped = 0;
  for (int round = 0; round < 150; ++round) {
    std::vector<Img> images;
    unsigned next = 1;
    for (const char* repository : {"app", "web"}) {
      const int count = 3 + static_cast<int>(random() % 8);
      for (int k = 0; k < count; ++k) {
        Img image{next++, {}, static_cast<int>(random() % 90), repository};
        const unsigned pick = random() % 6;
        if (pick < 3) {
          image.tags.push_back("v" + std::to_string(image.n));
        }
        if (pick == 3) {
          image.tags.emplace_back(random() % 2 == 0 ? "prod" : "keep");
        }
        if (pick == 4 && image.n > 1) {
          image.children.push_back(image.n - 1 - random() % std::min(image.n - 1, 2U));
        }
        images.push_back(image);
      }
    }
    const PlanRecord record = record_of(ndjson(images), k_keep_two, protect);
    std::vector<Img> fresh = images;
    const int mutations = 1 + static_cast<int>(random() % 4);
    for (int m = 0; m < mutations && !fresh.empty(); ++m) {
      Img& target = fresh[random() % fresh.size()];
      switch (random() % 5) {
        case 0:  // deleted
          target.n = 0;
          break;
        case 1:  // re-tagged
          target.tags.push_back(random() % 2 == 0 ? "prod" : "rollback");
          break;
        case 2:  // a new push, maybe an index of an old image
          fresh.push_back(
              {next++,
               {"new"},
               0,
               target.repository,
               random() % 2 == 0 ? std::vector<unsigned>{target.n} : std::vector<unsigned>{}});
          break;
        case 3:  // a tag moves onto it
          if (!fresh.front().tags.empty()) {
            target.tags.push_back(fresh.front().tags.front());
          }
          break;
        default:  // untagged
          target.tags.clear();
          break;
      }
    }
    std::erase_if(fresh, [](const Img& image) { return image.n == 0; });
    for (Img& image : fresh) {
      std::erase_if(image.children, [&](unsigned c) {
        return std::none_of(fresh.begin(), fresh.end(), [&](const Img& i) { return i.n == c; });
      });
    }
    const std::string fresh_text = ndjson(fresh);
    const ApplyDecision decision = decide(record, fresh_text);
    // The independent check: evaluate the fresh read directly.
    const Inventory inventory = load_inventory(fresh_text);
    const PolicySet set = PolicySet::single("policy.json", load_policy(k_keep_two));
    const Preview preview = build_preview(set, inventory, EvalContext{k_plan_time + k_hour});
    const ProtectList list = parse_protect_file(protect);
    const ResolvedProtection resolved = resolve_protection(list, inventory);
    for (const RepositoryApply& repository : decision.repositories) {
      const Repository* live = inventory.find(repository.name);
      const RepositoryPreview* scoped = nullptr;
      for (const RepositoryPreview& r : preview.repositories) {
        scoped = r.repository == live ? &r : scoped;
      }
      const PlannedRepository* planned = nullptr;
      for (const PlannedRepository& p : record.repositories) {
        planned = p.name == repository.name ? &p : planned;
      }
      ASSERT_NE(planned, nullptr);
      for (const ApplyItem& item : repository.items) {
        if (item.disposition != Disposition::act) {
          ++skipped;
          continue;
        }
        ++acted;
        ASSERT_NE(live, nullptr);
        ASSERT_NE(scoped, nullptr);
        EXPECT_TRUE(std::any_of(planned->images.begin(), planned->images.end(),
                                [&](const PlannedImage& p) { return p == item.planned; }));
        const auto i = live->find_image(item.planned.digest);
        ASSERT_TRUE(i.has_value()) << "acts on an image that is gone";
        const ImageRecord& image = live->images[*i];
        EXPECT_EQ(scoped->evaluation.verdicts[*i].action, item.planned.action)
            << "acts on an image the fresh evaluation does not: round " << round;
        const auto index = static_cast<std::size_t>(live - inventory.repositories.data());
        EXPECT_FALSE(resolved.repositories[index].protections[*i].has_value())
            << "acts on a protected image: round " << round;
        EXPECT_FALSE(image.ambiguous);
        std::vector<std::string> tags(image.tags.begin(), image.tags.end());
        std::vector<std::string> planned_tags = item.planned.tags;
        std::sort(tags.begin(), tags.end());
        std::sort(planned_tags.begin(), planned_tags.end());
        EXPECT_EQ(tags, planned_tags);
      }
    }
  }
  // The generator reaches both sides.
  EXPECT_GT(acted, 100U);
  EXPECT_GT(skipped, 100U);
}

// ---- plan.json, checksums, journal -----------------------------------------------------

TEST(PlanRecordParse, RefusesWhatPlanDoesNotWrite) {
  const std::string good = render_plan_record(record_of(ndjson(k_six)));
  ASSERT_TRUE(parse_plan_record(good).has_value());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    auto parsed = parse_plan_record(text);
    return parsed ? std::string("parsed") : parsed.error().message;
  };
  EXPECT_EQ(replaced("ecr-lifecycle-plan/1", "ecr-lifecycle-plan/2"),
            "/format: expected \"ecr-lifecycle-plan/1\", got \"ecr-lifecycle-plan/2\"");
  EXPECT_EQ(replaced("\"action\": \"expire\"", "\"action\": \"delete\""),
            "/repositories/0/images/0/action: expected \"expire\" or \"transition\"");
  EXPECT_EQ(replaced("\"policy\": 0", "\"policy\": 1"),
            "/repositories/0/policy: expected an index into /policies");
  EXPECT_EQ(replaced(digest(1), "sha256:1"),
            "/repositories/0/images/0/imageDigest: expected a sha256 digest");
  EXPECT_EQ(replaced("\"evaluatedAt\"", "\"evaluated\""), "/evaluatedAt: expected a member");
  EXPECT_EQ(parse_plan_record("[1]").error().message, "expected an object");
}

TEST(Checksums, ManifestOfEveryFile) {
  // SHA-256 itself: base_sha256_test.
  const std::string manifest = checksums_text({{"a.json", "abc", false}, {"d/b", "", false}});
  EXPECT_EQ(manifest,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.json\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  d/b\n");
  auto parsed = parse_checksums(manifest);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->size(), 2U);
  EXPECT_EQ((*parsed)[1].path, "d/b");
  const std::string hash(64, 'a');
  EXPECT_EQ(parse_checksums(hash + "  ../x\n").error().message,
            "line 1: expected a relative path inside the folder");
  EXPECT_EQ(parse_checksums(hash + "  /etc/x\n").error().message,
            "line 1: expected a relative path inside the folder");
  EXPECT_EQ(parse_checksums(hash + "  x\n" + hash + "  x\n").error().message,
            "line 2: x is listed twice");
  EXPECT_EQ(parse_checksums(hash + " x\n").error().message,
            "line 1: expected 64 lower-case hex digits, two spaces and a path");
  EXPECT_EQ(parse_checksums(hash + "  x").error().message, "line 1: no final newline");
}

TEST(Journal, RoundTripTornLastLineAndInDoubt) {
  JournalRequest request{1,
                         ApplyOperation::batch_delete_image,
                         "app",
                         "123456789012",
                         {*Digest::parse(digest(1)), *Digest::parse(digest(2))}};
  JournalResponse response{1,
                           0,
                           "",
                           "",
                           {*Digest::parse(digest(1))},
                           {{*Digest::parse(digest(2)), "ImageNotFound", "gone \xff"}}};
  JournalRequest second{2,
                        ApplyOperation::update_image_storage_class,
                        "app",
                        "123456789012",
                        {*Digest::parse(digest(3))}};
  const std::string text = journal_line(request) + journal_line(response) + journal_line(second);
  auto state = parse_journal(text + "{\"event\": \"resp");  // torn: never followed by a request
  ASSERT_TRUE(state.has_value()) << state.error().message;
  ASSERT_EQ(state->requests.size(), 2U);
  EXPECT_EQ(state->requests[0], request);
  ASSERT_TRUE(state->responses[0].has_value());
  EXPECT_EQ(state->responses[0]->failures[0].reason, "gone \xef\xbf\xbd");
  EXPECT_FALSE(state->responses[1].has_value());
  EXPECT_EQ(state->in_doubt, 1U);
  EXPECT_EQ(state->last_step, 2U);
  EXPECT_FALSE(state->complete);
  const AppliedBefore before = state->applied();
  EXPECT_EQ(before.deleted.size(), 2U);  // done, and ImageNotFound
  EXPECT_TRUE(before.transitioned.empty());
  EXPECT_TRUE(parse_journal(text + journal_complete_line(k_plan_time))->complete);
  EXPECT_EQ(parse_journal(text + journal_line(request)).error().message,
            "line 4: expected a request with the next step number");
  EXPECT_EQ(parse_journal(journal_line(response)).error().message,
            "line 1: expected the response of a journaled request");
}

TEST(Journal, BatchDeleteResponses) {
  auto parsed = parse_batch_delete_response(
      "{\"imageIds\": [{\"imageDigest\": \"" + digest(1) +
      "\", \"imageTag\": \"v1\"}], \"failures\": [{\"imageId\": {\"imageDigest\": \"" + digest(2) +
      "\"}, \"failureCode\": \"ImageReferencedByManifestList\", \"failureReason\": \"in use\"}]}");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->done, std::vector<Digest>{*Digest::parse(digest(1))});
  ASSERT_EQ(parsed->failures.size(), 1U);
  EXPECT_EQ(parsed->failures[0].code, "ImageReferencedByManifestList");
  EXPECT_FALSE(parse_batch_delete_response("{\"failures\": [{\"failureCode\": \"X\"}]}"));
  EXPECT_FALSE(parse_batch_delete_response("nope"));
}

// ---- The command, with a fake AWS CLI ---------------------------------------------------

class ApplyCommand : public testing::Test {
 protected:
  void SetUp() override {
    m_dir =
        fs::temp_directory_path() / ("ecrlc-apply-test-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
    fs::create_directories(m_dir / "registry");
  }
  void TearDown() override { fs::remove_all(m_dir); }

  // The registry the fake CLI serves: one describe-images document per repository.
  void serve(const std::vector<Img>& images) {
    fs::remove_all(m_dir / "registry");
    fs::create_directories(m_dir / "registry");
    std::map<std::string, std::vector<Img>> by_repository;
    for (const Img& image : images) {
      by_repository[image.repository].push_back(image);
    }
    for (const auto& [name, list] : by_repository) {
      std::string lines = ndjson(list);
      std::string document = "{\"imageDetails\": [";
      for (std::size_t at = 0, k = 0; at < lines.size(); ++k) {
        const std::size_t end = lines.find('\n', at);
        document += (k == 0 ? "" : ", ") + lines.substr(at, end - at);
        at = end + 1;
      }
      std::ofstream(m_dir / "registry" / (name + ".json")) << document << "]}\n";
    }
  }

  // A fake AWS CLI: --version, describe-repositories and describe-images from registry/,
  // and batch-delete-image that deletes every id but `refused` (ImageReferencedByManifestList).
  std::string fake_cli(const std::string& refused = "none") {
    std::string script = R"(#!/bin/sh
echo "$@" >> LOG
registry=REGISTRY
case $1 in --version) echo "aws-cli/2.9.19 Python/3.11.2 fake"; exit 0;; esac
case $2 in
describe-repositories)
  printf '{"repositories": ['; sep=
  for f in "$registry"/*.json; do
    n=$(basename "$f" .json)
    printf '%s{"repositoryName": "%s", "registryId": "123456789012", "repositoryArn": "arn:aws:ecr:us-east-1:123456789012:repository/%s"}' "$sep" "$n" "$n"
    sep=', '
  done
  echo ']}';;
describe-images) cat "$registry/$4.json";;
batch-delete-image)
  done= failed=
  for a in "$@"; do
    case $a in imageDigest=*)
      d=${a#imageDigest=}
      if [ "$d" = REFUSED ]; then
        failed="{\"imageId\": {\"imageDigest\": \"$d\"}, \"failureCode\": \"ImageReferencedByManifestList\", \"failureReason\": \"in use\"}"
      else
        done="$done${done:+, }{\"imageDigest\": \"$d\"}"
      fi;;
    esac
  done
  echo "{\"imageIds\": [$done], \"failures\": [$failed]}";;
*) exit 2;;
esac
)";
    auto put = [&](const std::string& name, const std::string& value) {
      script.replace(script.find(name), name.size(), value);
    };
    put("LOG", (m_dir / "log").string());
    put("REGISTRY", (m_dir / "registry").string());
    put("REFUSED", refused);
    const fs::path path = m_dir / "aws";
    std::ofstream(path) << script;
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  fs::path plan(const std::vector<Img>& images) {
    const fs::path inventory = m_dir / "inventory.ndjson";
    const fs::path policy = m_dir / "policy.json";
    std::ofstream(inventory) << ndjson(images);
    std::ofstream(policy) << k_keep_two;
    const fs::path out = m_dir / "plan";
    const test::CliRun r =
        test::run_cli({"plan", "--policy", policy.string(), "--images", inventory.string(), "--now",
                       "2025-06-01T00:00:00Z", "--out", out.string()});
    EXPECT_EQ(r.status, 0) << r.err;
    return out;
  }

  test::CliRun apply(const fs::path& plan, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"apply", plan.string(), "--aws-cli", (m_dir / "aws").string()};
    if (std::find(extra.begin(), extra.end(), "--now") == extra.end()) {
      args.insert(args.end(), {"--now", "2025-06-01T01:00:00Z"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_cli(args);
  }

  std::size_t requests(std::string_view operation) {
    const std::string log = read_file(m_dir / "log");
    std::size_t count = 0;
    for (std::size_t at = 0; (at = log.find(operation, at)) != std::string::npos; ++at) {
      ++count;
    }
    return count;
  }

  fs::path m_dir;
};

TEST_F(ApplyCommand, ChunksFailuresResumeAndCompletion) {
  // 205 images in app (203 planned: 3 requests of at most 100 ids), 3 in web (1 planned).
  std::vector<Img> images;
  for (unsigned n = 1; n <= 205; ++n) {
    images.push_back({n, {std::string("v").append(std::to_string(n))}, static_cast<int>(300 - n)});
  }
  images.push_back({301, {}, 30, "web"});
  images.push_back({302, {}, 20, "web"});
  images.push_back({303, {}, 10, "web"});
  const fs::path out = plan(images);
  serve(images);
  fake_cli(digest(150));
  test::CliRun r = apply(out, {"--yes", "--jobs", "3"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("app         202      0         0        1       0            19.7 KiB"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ImageReferencedByManifestList: in use"), std::string::npos);
  EXPECT_NE(r.err.find("1 image(s) failed (see above); run apply again to retry them"),
            std::string::npos);
  EXPECT_EQ(requests("batch-delete-image"), 4U);
  // The registry now holds what survived; the retry sends only the failed image.
  std::vector<Img> left;
  for (const Img& image : images) {
    if (image.n == 150 || image.n >= 204) {
      left.push_back(image);
    }
  }
  serve(left);
  fake_cli();
  r = apply(out, {"--yes", "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("\"deleted\": 1, \"archived\": 0, \"wouldDelete\": 0, \"wouldArchive\": 0, "
                       "\"skipped\": 0, \"failed\": 0, \"doneBefore\": 203"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(requests("batch-delete-image"), 5U);
  const std::string log = read_file(m_dir / "log");
  const std::string retry = std::string(
                                "batch-delete-image --repository-name app --registry-id "
                                "123456789012 --image-ids imageDigest=")
                                .append(digest(150))
                                .append(" --output json");
  EXPECT_NE(log.rfind(retry), std::string::npos);
  // Complete: nothing read, nothing sent.
  fs::remove(m_dir / "log");
  r = apply(out, {"--yes"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("applied completely by an earlier run"), std::string::npos);
  EXPECT_FALSE(fs::exists(m_dir / "log"));
}

TEST_F(ApplyCommand, RefusalsSendNothing) {
  const fs::path out = plan(k_six);
  serve(k_six);
  fake_cli();
  test::CliRun r = apply(out);  // no --yes, standard input is not a terminal
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("pass --yes"), std::string::npos) << r.err;
  r = apply(out, {"--yes", "--max-deletes", "3"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("more than --max-deletes 3"), std::string::npos);
  r = apply(out, {"--yes", "--now", "2025-06-03T00:00:00Z"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("older than --max-age 24h"), std::string::npos);
  r = apply(out, {"--dry-run"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Would delete 4 images and archive 0 images; skip 0 images"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(requests("batch-delete-image"), 0U);
  EXPECT_FALSE(fs::exists(out / "applied"));
  // Edited, incomplete, or with a file plan did not write.
  const std::string record = read_file(out / "plan.json");
  std::ofstream(out / "plan.json") << record << " ";
  r = apply(out, {"--yes"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("plan.json: does not match checksums.sha256"), std::string::npos) << r.err;
  std::ofstream(out / "plan.json") << record;
  fs::remove(out / "summary.txt");
  r = apply(out, {"--yes"});
  EXPECT_NE(r.err.find("summary.txt: missing (listed in checksums.sha256)"), std::string::npos);
  EXPECT_EQ(requests("batch-delete-image"), 0U);
}

}  // namespace
}  // namespace ecrlc
