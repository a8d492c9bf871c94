// Tests of protect files, plans (request files, summary, apply.sh) and `ecr-lifecycle plan`.
#include "ecrlc/plan.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "app.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/output.hpp"
#include "ecrlc/policy_parser.hpp"
#include "ecrlc/protect.hpp"
#include "generate/generate.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

namespace fs = std::filesystem;
using test::CliRun;
using test::load_inventory;
using test::load_policy;
using test::read_file;
using test::run_cli;

const std::string k_fixtures = std::string(ECRLC_FIXTURES_DIR) + "/ops/";

// sha256:000...0<n> with n in hex.
std::string digest_of(unsigned n) {
  char buffer[65];
  std::snprintf(buffer, sizeof buffer, "%064x", n);
  return std::string("sha256:") + buffer;
}

struct TestImage {
  TestImage(unsigned id_, std::vector<std::string> tags_ = {}, int days_ago_ = 0,
            std::int64_t size_ = 1000, std::vector<unsigned> children_ = {}, unsigned subject_ = 0,
            std::string repository_ = "app")
      : id(id_),
        tags(std::move(tags_)),
        days_ago(days_ago_),
        size(size_),
        children(std::move(children_)),
        subject(subject_),
        repository(std::move(repository_)) {}

  unsigned id = 0;
  std::vector<std::string> tags;
  int days_ago = 0;
  std::int64_t size = 1000;
  std::vector<unsigned> children;
  unsigned subject = 0;  // 0: none
  std::string repository = "app";
};

constexpr Micros k_now = 1'748'736'000 * k_micros_per_second;  // 2025-06-01T00:00:00Z

std::string inventory_json(const std::vector<TestImage>& images, bool registry = true) {
  std::string out = "{\"imageDetails\": [";
  for (std::size_t k = 0; k < images.size(); ++k) {
    const TestImage& image = images[k];
    out += k == 0 ? "\n" : ",\n";
    out += "{";
    if (registry) {
      out += "\"registryId\": \"123456789012\", ";
    }
    out += "\"repositoryName\": \"" + image.repository + "\", \"imageDigest\": \"" +
           digest_of(image.id) + "\", \"imageSizeInBytes\": " + std::to_string(image.size) +
           ", \"imagePushedAt\": " +
           std::to_string(k_now / k_micros_per_second - image.days_ago * 86400LL);
    if (!image.tags.empty()) {
      out += ", \"imageTags\": [";
      for (std::size_t t = 0; t < image.tags.size(); ++t) {
        out += (t == 0 ? "\"" : ", \"") + image.tags[t] + "\"";
      }
      out += "]";
    }
    if (!image.children.empty()) {
      out += ", \"childImageDigests\": [";
      for (std::size_t c = 0; c < image.children.size(); ++c) {
        out += (c == 0 ? "\"" : ", \"") + digest_of(image.children[c]) + "\"";
      }
      out += "]";
    }
    if (image.subject != 0) {
      out += ", \"subjectManifestDigest\": \"" + digest_of(image.subject) + "\"";
    }
    out += "}";
  }
  return out + "\n]}\n";
}

// Rule 1 expires untagged images older than 7 days; rule 2 moves `old*` images to archive
// after 30 days.
const std::string k_policy = R"({"rules": [
  {"rulePriority": 1, "description": "untagged",
   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                 "countNumber": 7}, "action": {"type": "expire"}},
  {"rulePriority": 2, "description": "archive old",
   "selection": {"tagStatus": "tagged", "tagPrefixList": ["old"], "countType": "sinceImagePushed",
                 "countUnit": "days", "countNumber": 30},
   "action": {"type": "transition", "targetStorageClass": "archive"}}]})";

struct Scenario {
  Inventory inventory;
  PolicySet policies;
  Preview report;
};

Scenario run(const std::vector<TestImage>& images, const std::string& policy = k_policy,
             bool registry = true) {
  Scenario s{load_inventory(inventory_json(images, registry)),
             PolicySet::single("policy.json", load_policy(policy)),
             {}};
  s.report = build_preview(s.policies, s.inventory, EvalContext{k_now});
  return s;
}

std::vector<std::string> paths_of(const std::vector<PlanFile>& files) {
  std::vector<std::string> paths;
  for (const PlanFile& file : files) {
    paths.push_back(file.path);
  }
  return paths;
}

// ---- Protect files ----------------------------------------------------------------------

TEST(ProtectParse, AcceptsEveryForm) {
  const std::string d = digest_of(7);
  const std::string text = "# comment line\n\n  app:v1  \nteam/app@" + d + "\nteam/app:v2@" + d +
                           "\n123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:latest # c\n"
                           "210987654321.dkr.ecr.cn-north-1.amazonaws.com.cn/x.y/z-1@" +
                           d + "\n\tmy.repo/app:1.0_rc-1\n";
  ProtectList list = parse_protect_file(text);
  ASSERT_TRUE(list.diagnostics.empty());
  ASSERT_EQ(list.references.size(), 6U);
  const auto& r = list.references;
  EXPECT_EQ(r[0].repository, "app");
  EXPECT_EQ(r[0].tag, "v1");
  EXPECT_FALSE(r[0].digest);
  EXPECT_EQ(r[0].line, 3U);
  EXPECT_EQ(r[0].column, 3U);
  EXPECT_EQ(r[0].text, "app:v1");
  EXPECT_EQ(r[1].repository, "team/app");
  EXPECT_EQ(r[1].digest->to_string(), d);
  EXPECT_FALSE(r[1].tag);
  EXPECT_EQ(r[2].repository, "team/app");  // tag and digest: the digest decides
  EXPECT_FALSE(r[2].tag);
  EXPECT_EQ(r[2].digest->to_string(), d);
  EXPECT_EQ(r[3].registry_id, "123456789012");
  EXPECT_EQ(r[3].repository, "team/app");
  EXPECT_EQ(r[3].tag, "latest");
  EXPECT_EQ(r[3].text, "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:latest");
  EXPECT_EQ(r[4].registry_id, "210987654321");
  EXPECT_EQ(r[4].repository, "x.y/z-1");
  EXPECT_EQ(r[5].repository, "my.repo/app");  // dots in a first component: not a host
  EXPECT_EQ(r[5].tag, "1.0_rc-1");
  EXPECT_EQ(r[5].column, 2U);
}

struct MalformedCase {
  const char* name;
  const char* line;
  std::size_t column;
  const char* message;
};

const MalformedCase k_malformed[] = {
    {"NoTagOrDigest", "app", 4, "expected REPO:TAG, REPO@sha256:DIGEST or an ECR image URI"},
    {"EmptyTag", "  app:", 7, "expected a tag after ':'"},
    {"UpperCaseRepository", "App:v1", 1,
     "unexpected character 'A' in repository name (expected a-z, 0-9, . _ - or /)"},
    {"BadDigest", "app@sha256:abc", 5,
     "expected sha256: followed by 64 lower-case hex digits after '@'"},
    {"BlankInside", "app:v 1", 6, "unexpected blank inside an image reference"},
    {"BadTagCharacter", "app:v!1", 6,
     "unexpected character '!' in tag (expected A-Z, a-z, 0-9, _ . or -)"},
    {"BadHost", "123456789012.dkr.ecr.us-east-1.example.com/app:v1", 1,
     "expected an ECR registry host ACCOUNT.dkr.ecr.REGION.amazonaws.com"},
    {"EmptyComponent", "team//app:v1", 5,
     "repository name components start and end with a-z or 0-9"},
    {"NoRepository", ":v1", 1, "expected a repository name"},
};

class ProtectMalformed : public testing::TestWithParam<MalformedCase> {};

TEST_P(ProtectMalformed, ReportsLocation) {
  const MalformedCase& c = GetParam();
  ProtectList list = parse_protect_file(std::string("ok:v1\n") + c.line + "\nok:v2\n");
  ASSERT_EQ(list.diagnostics.items().size(), 1U);
  const Diagnostic& d = list.diagnostics.items()[0];
  EXPECT_EQ(d.severity, Severity::error);
  EXPECT_EQ(d.code, "E0801");
  EXPECT_EQ(d.line, 2U);
  EXPECT_EQ(d.column, c.column);
  EXPECT_EQ(d.message, c.message);
  EXPECT_EQ(list.references.size(), 2U);  // the other lines still parse
}

INSTANTIATE_TEST_SUITE_P(Lines, ProtectMalformed, testing::ValuesIn(k_malformed),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ProtectResolve, IndexChildrenReferrersAndSubjects) {
  // 10 = index of 11, 12; 20 = referrer of 10; 30 = image with referrer 31 (protected);
  // 40 = index of 41, only 41 protected; 50 = referrer of 41.
  const std::vector<TestImage> images = {{10, {"multi"}, 1, 1, {11, 12}},
                                         {11, {}, 1},
                                         {12, {}, 1},
                                         {20, {}, 1, 1, {}, 10},
                                         {30, {"v3"}, 1},
                                         {31, {}, 1, 1, {}, 30},
                                         {40, {"idx"}, 1, 1, {41}},
                                         {41, {}, 1},
                                         {50, {}, 1, 1, {}, 41},
                                         {60, {"free"}, 1}};
  Inventory inventory = load_inventory(inventory_json(images));
  ProtectList list =
      parse_protect_file("app:multi\napp@" + digest_of(31) + "\napp@" + digest_of(41) +
                         "\nother:v1\n123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:free\n"
                         "999999999999.dkr.ecr.eu-west-1.amazonaws.com/app:free\n");
  ASSERT_TRUE(list.diagnostics.empty());
  ResolvedProtection resolved = resolve_protection(list, inventory);
  EXPECT_EQ(resolved.unmatched, (std::vector<std::size_t>{3}));  // another repository
  // Another account than the inventory's: about another registry, ignored (no W0801).
  EXPECT_EQ(resolved.foreign, (std::vector<std::size_t>{5}));
  EXPECT_EQ(resolved.diagnostics.items().size(), 1U);
  const Repository& repo = inventory.repositories[0];
  std::vector<std::string> lines;
  for (std::uint32_t i = 0; i < repo.images.size(); ++i) {
    const auto& p = resolved.repositories[0].protections[i];
    std::string line = repo.images[i].digest.to_string().substr(69) + " ";
    if (!p) {
      line += "-";
    } else if (p->kind == ProtectionKind::direct) {
      line += "direct #" + std::to_string(p->reference);
    } else {
      line += std::string(to_json(p->kind)) + " via " +
              repo.images[p->via].digest.to_string().substr(69);
    }
    lines.push_back(line);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "0a direct #0", "0b child_of_index via 0a", "0c child_of_index via 0a",
                       "14 referrer via 0a", "1e subject via 1f", "1f direct #1",
                       "28 -",  // protecting a child does not protect its index
                       "29 direct #2", "32 referrer via 29", "3c direct #4"}));
  EXPECT_EQ(resolved.repositories[0].count, 9U);
}

// A snapshot of two pages: `prod` on 1 (pushed 10 days ago), then on 2 (pushed 40 days ago:
// a rollback while the pages were read); 3 untagged; 4 a referrer of 5, listed twice with
// different sizes.
std::string ambiguous_inventory() {
  std::string out;
  auto image = [&](unsigned id, const std::string& tags, int days_ago, std::int64_t size,
                   const std::string& extra) {
    out +=
        "{\"registryId\": \"123456789012\", \"repositoryName\": \"app\", \"imageDigest\": \"" +
        digest_of(id) + "\", \"imageSizeInBytes\": " + std::to_string(size) +
        ", \"imagePushedAt\": " + std::to_string(k_now / k_micros_per_second - days_ago * 86400LL) +
        (tags.empty() ? "" : ", \"imageTags\": [\"" + tags + "\"]") + extra + "}\n";
  };
  image(1, "prod", 10, 100, "");
  image(2, "prod", 40, 200, "");
  image(3, "", 40, 300, "");
  image(5, "", 40, 500, "");
  image(4, "", 40, 40, ", \"subjectManifestDigest\": \"" + digest_of(5) + "\"");
  image(4, "", 40, 41, ", \"subjectManifestDigest\": \"" + digest_of(5) + "\"");
  return out;
}

TEST(ProtectResolve, AmbiguousTagProtectsEveryImageItIsOn) {
  Inventory inventory = load_inventory(ambiguous_inventory());
  ProtectList list = parse_protect_file("app:prod\n");
  ResolvedProtection resolved = resolve_protection(list, inventory);
  EXPECT_TRUE(resolved.unmatched.empty());
  const auto& protections = resolved.repositories[0].protections;
  EXPECT_TRUE(protections[0] && protections[1]);  // 1 and 2
  EXPECT_FALSE(protections[2]);
}

TEST(ProtectResolve, AccountMatchesOnlyItsRegistry) {
  const std::string a = inventory_json({{1, {"v1"}, 1}});
  std::string b = inventory_json({{2, {"v1"}, 1}});
  b.replace(b.find("123456789012"), 12, "210987654321");
  Inventory inventory = load_inventory(a + b);
  ASSERT_EQ(inventory.repositories.size(), 2U);
  ProtectList list = parse_protect_file(
      "210987654321.dkr.ecr.us-east-1.amazonaws.com/app:v1\napp@" + digest_of(1) + "\napp:v1\n");
  ResolvedProtection resolved = resolve_protection(list, inventory);
  EXPECT_TRUE(resolved.unmatched.empty());
  // The first reference protects only 210987654321's image; the last protects both.
  EXPECT_EQ(resolved.repositories[0].protections[0]->reference, 1U);
  EXPECT_EQ(resolved.repositories[1].protections[0]->reference, 0U);
}

// ---- Plans ------------------------------------------------------------------------------

TEST(Plan, RequestFilesChunkAt100) {
  for (const unsigned count : {100U, 101U}) {
    std::vector<TestImage> images;
    for (unsigned i = 1; i <= count; ++i) {
      images.push_back({i, {}, 10});
    }
    Scenario s = run(images);
    const Plan plan = build_plan(s.report, s.inventory, nullptr);
    const auto files = plan_files(plan);
    if (count == 100) {
      EXPECT_EQ(paths_of(files),
                (std::vector<std::string>{"delete/app/0001.json", "summary.json", "summary.txt",
                                          "apply.sh", "plan.json", "checksums.sha256"}));
    } else {
      EXPECT_EQ(paths_of(files), (std::vector<std::string>{
                                     "delete/app/0001.json", "delete/app/0002.json", "summary.json",
                                     "summary.txt", "apply.sh", "plan.json", "checksums.sha256"}));
      // All pushed the same second: listing order is by digest.
      EXPECT_EQ(files[1].content,
                "{\n"
                "    \"registryId\": \"123456789012\",\n"
                "    \"repositoryName\": \"app\",\n"
                "    \"imageIds\": [\n"
                "        {\n"
                "            \"imageDigest\": \"" +
                    digest_of(101) +
                    "\"\n"
                    "        }\n"
                    "    ]\n"
                    "}\n");
    }
    std::size_t ids = 0;
    for (std::size_t pos = 0;
         (pos = files[0].content.find("imageDigest", pos)) != std::string::npos; ++pos) {
      ++ids;
    }
    EXPECT_EQ(ids, 100U);
  }
}

TEST(Plan, FilesAreEmittedOneAtATimeAndTheFirstFailureStops) {
  std::vector<TestImage> images;
  for (unsigned i = 1; i <= 250; ++i) {
    images.push_back({i, {}, 10});
  }
  Scenario s = run(images);
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  const std::vector<PlanFile> files = plan_files(plan);
  ASSERT_EQ(files.size(), 8U);  // 3 request files, summaries, apply.sh, plan.json, checksums
  // The checksums cover every file emitted before them, as sha256sum prints them.
  EXPECT_EQ(files.back().content,
            checksums_text(std::vector<PlanFile>(files.begin(), files.end() - 1)));
  std::vector<std::string> seen;
  const Result<void> stopped = emit_plan_files(plan, [&](const PlanFile& file) -> Result<void> {
    seen.push_back(file.path);
    if (seen.size() == 2) {
      return unexpected("disk full");
    }
    return {};
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "disk full");
  EXPECT_EQ(seen, (std::vector<std::string>{"delete/app/0001.json", "delete/app/0002.json"}));
}

TEST(Plan, PlanJsonComesInPartsThatMakeTheWholeRecord) {
  std::vector<TestImage> images;
  for (unsigned i = 1; i <= 250; ++i) {
    images.push_back({i, {}, 10});  // untagged: all planned
  }
  Scenario s = run(images);
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  const PlanRecord record = make_plan_record(plan, plan.region);
  const std::string whole = render_plan_record(record);
  std::vector<std::string> parts;
  render_plan_record(record, 1000, [&](std::string& text) {
    parts.push_back(text);
    text.clear();
  });
  ASSERT_GT(parts.size(), 10U);
  std::string joined;
  for (const std::string& part : parts) {
    joined += part;
  }
  EXPECT_EQ(joined, whole);
  // emit_plan_files hands plan.json out as parts flagged `continues`, the last one not, and
  // plan_files joins them into the file render_plan_record writes.
  std::vector<bool> flags;
  ASSERT_TRUE(emit_plan_files(plan, [&](const PlanFile& file) -> Result<void> {
    if (file.path == "plan.json") {
      flags.push_back(file.continues);
    }
    return {};
  }));
  ASSERT_GE(flags.size(), 2U);
  EXPECT_FALSE(flags.back());
  EXPECT_TRUE(flags.front());
  const std::vector<PlanFile> files = plan_files(plan);
  const auto json = std::find_if(files.begin(), files.end(),
                                 [](const PlanFile& f) { return f.path == "plan.json"; });
  ASSERT_NE(json, files.end());
  EXPECT_EQ(json->content, whole);
  EXPECT_FALSE(json->continues);
}

TEST(Plan, TransitionFilesAndNoRegistry) {
  Scenario s = run({{1, {"old-1"}, 40, 500, {}, 0, "team/app"},
                    {2, {"old-2"}, 35, 700, {}, 0, "team/app"},
                    {3, {"old-3"}, 5, 900, {}, 0, "team/app"},
                    {4, {}, 8, 300, {}, 0, "team/app"}},
                   k_policy, false);
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  const auto files = plan_files(plan);
  EXPECT_EQ(paths_of(files), (std::vector<std::string>{
                                 "delete/team%2Fapp/0001.json", "transition/team%2Fapp/0001.json",
                                 "transition/team%2Fapp/0002.json", "summary.json", "summary.txt",
                                 "apply.sh", "plan.json", "checksums.sha256"}));
  EXPECT_EQ(files[1].content,
            "{\n"
            "    \"repositoryName\": \"team/app\",\n"
            "    \"imageId\": {\n"
            "        \"imageDigest\": \"" +
                digest_of(1) +
                "\"\n"
                "    },\n"
                "    \"targetStorageClass\": \"ARCHIVE\"\n"
                "}\n");
  EXPECT_NE(files[2].content.find(digest_of(2)), std::string::npos);
  EXPECT_EQ(
      files[4].content,
      "Plan as of 2025-06-01 00:00:00 UTC\n"
      "\n"
      "REPOSITORY  POLICY       RULE  ACTION      IMAGES  SIZE     PROTECTED  PROTECTED SIZE\n"
      "team/app    policy.json  1     expire      1       300 B    0          0 B\n"
      "team/app    policy.json  2     transition  2       1.2 KiB  0          0 B\n"
      "\n"
      "Total: delete 1 image (300 B) in 1 request file; transition 2 images (1.2 KiB) in 2 "
      "request files\n");
  // apply.sh runs `ecr-lifecycle apply` on its folder: no request is sent without the re-check.
  EXPECT_NE(files[5].content.find("(2025-06-01 00:00:00 UTC: delete 1, transition 2 images)"),
            std::string::npos);
  EXPECT_EQ(files[5].content.substr(files[5].content.find("exec ")),
            "exec \"${ECR_LIFECYCLE:-ecr-lifecycle}\" apply \"$(dirname \"$0\")\" \\\n"
            "  ${ECR_ENDPOINT_URL:+--endpoint-url \"$ECR_ENDPOINT_URL\"} \"$@\"\n");
  EXPECT_EQ(files[5].content.find("batch-delete-image"), std::string::npos);
  EXPECT_TRUE(files[5].executable);
}

// A 256-character name (valid in ECR) is longer than a file name once escaped: its folder is
// a prefix, '~' and the FNV-1a 64 hash of the name, stable and distinct. Ordinary names keep
// their folder (the goldens).
TEST(Plan, LongRepositoryNamesFitInOneFileName) {
  EXPECT_EQ(escape_repository("team/app"), "team%2Fapp");
  const std::string plain(k_max_repository_folder, 'a');
  EXPECT_EQ(escape_repository(plain), plain);
  const std::string name = std::string(200, 'a') + "/" + std::string(55, 'b');
  EXPECT_EQ(escape_repository(name), std::string(180, 'a') + "~04fec727fcf76690");
  EXPECT_NE(escape_repository(name),
            escape_repository(std::string(200, 'a') + "/" + std::string(55, 'c')));
  // Never cut inside a %2F.
  EXPECT_EQ(escape_repository(std::string(179, 'x') + "/" + std::string(60, 'y')).substr(0, 180),
            std::string(179, 'x') + "~");
  EXPECT_EQ(escape_repository(std::string(178, 'x') + "/" + std::string(60, 'y')).substr(0, 179),
            std::string(178, 'x') + "~");
}

TEST(Plan, ProtectionRemovesImagesAndIsReported) {
  // Untagged 11 and 12 are children of tagged index 10 (kept: tagged, no rule); 20 is an
  // untagged index of 21 (both expire); 30 untagged with referrer 31.
  Scenario s = run({{10, {"multi"}, 20, 100, {11, 12}},
                    {11, {}, 20, 1000},
                    {12, {}, 20, 1000},
                    {20, {}, 20, 100, {21}},
                    {21, {}, 20, 2000},
                    {30, {}, 20, 3000},
                    {31, {}, 20, 10, {}, 30}});
  ProtectList list = parse_protect_file("app@" + digest_of(20) + "\n");
  ResolvedProtection resolved = resolve_protection(list, s.inventory);
  Plan plan = build_plan(s.report, s.inventory, &resolved);
  plan.protect = &list;
  plan.protect_file = "protect.txt";
  ASSERT_EQ(plan.repositories.size(), 1U);
  const RepositoryPlan& r = plan.repositories[0];
  // 11, 12: children of a surviving index, withdrawn by the engine; 20, 21 protected.
  ASSERT_EQ(r.deletions.size(), 2U);
  EXPECT_EQ(r.repository->images[r.deletions[0]].digest.to_string(), digest_of(30));
  EXPECT_EQ(r.repository->images[r.deletions[1]].digest.to_string(), digest_of(31));
  EXPECT_TRUE(r.referrers_removed.empty());  // 31 is deleted by its own rule
  EXPECT_EQ(r.saved.size(), 2U);
  EXPECT_EQ(r.saved_bytes, 2100);
  const std::string text = plan_summary_text(plan);
  EXPECT_EQ(text.substr(text.find("Total")),
            "Total: delete 2 images (2.9 KiB) in 1 request file; transition 0 images (0 B) in 0 "
            "request files\n"
            "Protection saved 2 images (2.1 KiB):\n"
            "  app 000000000000 <untagged>: expire by rule 1, kept by protect.txt:1:1 app@" +
                digest_of(20) +
                "\n"
                "  app 000000000000 <untagged>: expire by rule 1, kept by child of protected "
                "index 000000000000\n");
  const std::string json = plan_files(plan)[1].content;
  EXPECT_NE(json.find("\"protected\": {\"images\": 2, \"bytes\": 2100},"), std::string::npos);
  EXPECT_NE(json.find("\"protection\": {\"kind\": \"child_of_index\", \"via\": \"" + digest_of(20) +
                      "\"}"),
            std::string::npos);
}

TEST(Plan, ReferrersOfDeletedSubjectsAreReportedNotListed) {
  // 1: untagged, expires; 2: tagged referrer of 1 (no rule selects it).
  Scenario s = run({{1, {}, 20, 100}, {2, {"sig"}, 20, 10, {}, 1}});
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  EXPECT_EQ(plan.repositories[0].deletions.size(), 1U);
  EXPECT_EQ(plan.repositories[0].referrers_removed, (std::vector<std::uint32_t>{1}));
  const std::string text = plan_summary_text(plan);
  EXPECT_NE(text.find("\nECR also removes 1 referrer (10 B) of deleted images by itself\n"),
            std::string::npos);
}

TEST(Plan, AmbiguousImagesAreHeldBack) {
  Scenario s{load_inventory(ambiguous_inventory()),
             PolicySet::single("policy.json", load_policy(k_policy)),
             {}};
  s.report = build_preview(s.policies, s.inventory, EvalContext{k_now});
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  const RepositoryPlan& r = plan.repositories[0];
  // Only 3 goes: 2 (its tag moved), 4 (listed twice) and 5 (deleting it removes 4) are held.
  ASSERT_EQ(r.deletions.size(), 1U);
  EXPECT_EQ(r.repository->images[r.deletions[0]].digest.to_string(), digest_of(3));
  ASSERT_EQ(r.held.size(), 3U);
  EXPECT_EQ(r.held_bytes, 200 + 41 + 500);
  const std::string text = plan_summary_text(plan);
  EXPECT_NE(text.find("Held back, the snapshot disagrees with itself: 3 images (741 B):\n"
                      "  app 000000000000 <untagged>: expire by rule 1, held: ambiguous: tag prod "
                      "is on several images\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("held: ambiguous: referrer 000000000000: listed twice with different data\n"),
            std::string::npos)
      << text;
  const std::string json = plan_files(plan)[1].content;
  EXPECT_NE(json.find("\"held\": {\"images\": 3, \"bytes\": 741},"), std::string::npos) << json;
  EXPECT_NE(json.find("\"reason\": \"ambiguous: tag prod is on several images\"}"),
            std::string::npos);
}

TEST(Plan, OneRequestSetPerRegistry) {
  const std::string a = inventory_json({{1, {}, 10}});
  std::string b = inventory_json({{1, {}, 10}, {2, {}, 10}});
  for (std::size_t at = 0; (at = b.find("123456789012", at)) != std::string::npos;) {
    b.replace(at, 12, "210987654321");
  }
  Scenario s{load_inventory(a + b), PolicySet::single("policy.json", load_policy(k_policy)), {}};
  s.report = build_preview(s.policies, s.inventory, EvalContext{k_now});
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  const auto files = plan_files(plan);
  EXPECT_EQ(paths_of(files),
            (std::vector<std::string>{"delete/123456789012/app/0001.json",
                                      "delete/210987654321/app/0001.json", "summary.json",
                                      "summary.txt", "apply.sh", "plan.json", "checksums.sha256"}));
  EXPECT_NE(files[0].content.find("\"registryId\": \"123456789012\""), std::string::npos);
  EXPECT_EQ(files[0].content.find(digest_of(2)), std::string::npos);
  EXPECT_NE(files[1].content.find("\"registryId\": \"210987654321\""), std::string::npos);
  EXPECT_NE(files[1].content.find(digest_of(2)), std::string::npos);
  EXPECT_NE(files[3].content.find("app (210987654321)"), std::string::npos);
}

TEST(Plan, ByteTotalsAtTheDocumentedMaximum) {
  constexpr std::int64_t k_max = std::numeric_limits<std::int64_t>::max();  // 2^63-1
  Scenario s = run({{1, {}, 10, k_max}, {2, {}, 10, k_max}, {3, {}, 10, k_max}});
  const Plan plan = build_plan(s.report, s.inventory, nullptr);
  EXPECT_EQ(plan.repositories[0].deletion_bytes.to_string(), "27670116110564327421");
  EXPECT_EQ(s.report.totals.bytes_reclaimed.to_string(), "27670116110564327421");
  EXPECT_NE(plan_files(plan)[1].content.find("\"delete\": {\"images\": 3, \"bytes\": "
                                             "27670116110564327421}"),
            std::string::npos);
  EXPECT_NE(plan_summary_text(plan).find("delete 3 images (24.0 EiB)"), std::string::npos);
}

// Property: over generated inventories and random protect lists, a plan never lists a
// protected image, a child of an index that survives the plan, or an image the engine
// does not act on; and lists every image the engine acts on that is not protected.
TEST(PlanProperty, NeverTouchesWhatMustSurvive) {
  const LifecyclePolicy policy = load_policy(R"({"rules": [
    {"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPatternList": ["prod*"],
     "countType": "imageCountMoreThan", "countNumber": 3}, "action": {"type": "expire"}},
    {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
     "countUnit": "days", "countNumber": 5}, "action": {"type": "expire"}},
    {"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
     "countNumber": 20}, "action": {"type": "expire"}}]})");
  std::size_t checked_deletions = 0;
  std::size_t checked_protected = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    GenerateOptions options;
    options.images = 400;
    options.repositories = 3;
    options.seed = seed;
    std::ostringstream generated;
    ASSERT_TRUE(write_inventory(options, generated));
    Inventory inventory = load_inventory(generated.str());
    std::mt19937_64 random(seed);
    std::string protect_text;
    for (const Repository& repository : inventory.repositories) {
      for (const ImageRecord& image : repository.images) {
        if (random() % 9 == 0) {
          protect_text += repository.name + "@" + image.digest.to_string() + "\n";
        }
      }
    }
    ProtectList list = parse_protect_file(protect_text);
    ASSERT_TRUE(list.diagnostics.empty());
    ResolvedProtection resolved = resolve_protection(list, inventory);
    const PolicySet set = PolicySet::single("p.json", policy);
    const Preview report = build_preview(set, inventory, EvalContext{options.now});
    const Plan plan = build_plan(report, inventory, &resolved);
    for (const RepositoryPlan& r : plan.repositories) {
      const auto index = static_cast<std::size_t>(r.repository - inventory.repositories.data());
      const auto& protections = resolved.repositories[index].protections;
      const RepositoryEvaluation evaluation =
          evaluate_repository(policy, *r.repository, EvalContext{options.now});
      std::vector<bool> deleted(r.repository->images.size(), false);
      for (const std::uint32_t i : r.deletions) {
        EXPECT_FALSE(protections[i]) << "protected image deleted";
        EXPECT_EQ(evaluation.verdicts[i].action, Action::expire);
        deleted[i] = true;
        ++checked_deletions;
      }
      for (std::uint32_t i = 0; i < r.repository->images.size(); ++i) {
        checked_protected += protections[i] ? 1 : 0;
        const bool should = evaluation.verdicts[i].action == Action::expire && !protections[i];
        EXPECT_EQ(deleted[i], should);
        if (deleted[i] || r.repository->images[i].children.empty()) {
          continue;
        }
        for (const Digest& child : r.repository->images[i].children) {
          for (const std::uint32_t d : r.deletions) {
            EXPECT_NE(r.repository->images[d].digest, child) << "child of a surviving index";
          }
        }
      }
    }
  }
  EXPECT_GT(checked_deletions, 100U);
  EXPECT_GT(checked_protected, 100U);
}

// `plan` reads the inventory and evaluates repositories with every core: the request files,
// summary and script must not depend on the number of threads.
TEST(PlanThreads, SameFilesForAnyThreadCount) {
  const std::string json = test::generated_inventory(20'000, 40, 3);
  const PolicySet set = PolicySet::single("policy.json", load_policy(R"({"rules": [
    {"rulePriority": 1, "selection": {"tagStatus": "tagged", "tagPatternList": ["v*"],
     "countType": "imageCountMoreThan", "countNumber": 20}, "action": {"type": "expire"}},
    {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
     "countUnit": "days", "countNumber": 7}, "action": {"type": "expire"}},
    {"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "sinceImagePushed",
     "countUnit": "days", "countNumber": 120},
     "action": {"type": "transition", "targetStorageClass": "archive"}}]})"));
  std::size_t files = 0;
  const std::string text = test::same_for_1_2_3_threads([&](unsigned threads) {
    const Inventory inventory = load_inventory(json, threads);
    PreviewOptions options;
    options.threads = threads;
    const Preview report =
        build_preview(set, inventory, EvalContext{k_generate_default_now}, options);
    Plan plan = build_plan(report, inventory, nullptr);
    plan.now = k_generate_default_now;
    std::string all = plan_summary_text(plan);
    const std::vector<PlanFile> written = plan_files(plan);
    files = written.size();
    for (const PlanFile& file : written) {
      all += "\n== " + file.path + (file.executable ? " (executable)\n" : "\n") + file.content;
    }
    return all;
  });
  // apply.sh, summary.txt, summary.json, plan.json, checksums.sha256, and a request file per
  // 100 deletions of a repository and per transition.
  EXPECT_EQ(files, 5U + 101U + 7534U);
  EXPECT_NE(text.find("\nTotal: delete 7787 images (850.4 GiB) in 101 request files; transition "
                      "7534 images (1.5 TiB) in 7534 request files\n"),
            std::string::npos);
}

// ---- The command --------------------------------------------------------------------------

class PlanCommand : public test::FolderTest {
 protected:
  // Relative names when run from the fixture folder (golden files hold the names as given).
  std::vector<std::string> args(const std::string& out, const std::string& dir = k_fixtures) {
    return {"plan",
            "--policy",
            dir + "policy-old.json",
            "--images",
            dir + "inventory.json",
            "--protect",
            dir + "protect.txt",
            "--now",
            "2025-06-01T00:00:00Z",
            "--out",
            out};
  }
};

// The whole plan folder of the fixture scenario equals fixtures/ops/plan-golden
// (ECRLC_UPDATE_GOLDEN=1 rewrites it).
TEST_F(PlanCommand, FixturePlanMatchesGolden) {
  const fs::path out = m_dir / "plan";
  const fs::path previous = fs::current_path();
  fs::current_path(k_fixtures);
  CliRun r = run_cli(args(out.string(), ""));
  fs::current_path(previous);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, std::string() +
                       "protect.txt:5:1: warning: team/app:gone matches no image of the "
                       "inventory [W0801]\nteam/app:gone\n^\n");
  const fs::path golden = k_fixtures + "plan-golden";
  if (std::getenv("ECRLC_UPDATE_GOLDEN") != nullptr) {
    fs::remove_all(golden);
    fs::copy(out, golden, fs::copy_options::recursive);
  }
  std::vector<std::string> produced;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (entry.is_regular_file()) {
      const fs::path relative = fs::relative(entry.path(), out);
      produced.push_back(relative.string());
      // Paths in the summary name the fixture folder: compare them relative to it.
      std::string text = read_file(entry.path());
      std::string expected = read_file(golden / relative);
      EXPECT_EQ(text, expected) << relative;
    }
  }
  std::sort(produced.begin(), produced.end());
  EXPECT_EQ(produced, (std::vector<std::string>{".ecr-lifecycle-plan", "apply.sh",
                                                "checksums.sha256", "delete/team%2Fapp/0001.json",
                                                "plan.json", "summary.json", "summary.txt"}));
  EXPECT_TRUE((fs::status(out / "apply.sh").permissions() & fs::perms::owner_exec) !=
              fs::perms::none);
  EXPECT_EQ(r.out, read_file(out / "summary.txt") + "\nWrote 6 files to " + out.string() +
                       " (apply with " + out.string() + "/apply.sh)\n");
}

TEST_F(PlanCommand, RefusesNonEmptyFolderUnlessForced) {
  const fs::path out = m_dir / "plan";
  fs::create_directories(out / "delete/stale");
  std::ofstream(out / "delete/stale/0001.json") << "{}";
  CliRun refused = run_cli(args(out.string()));
  EXPECT_EQ(refused.status, 2);
  EXPECT_EQ(refused.err, "ecr-lifecycle plan: error: " + out.string() +
                             " is not empty (use --force to replace it)\n");
  EXPECT_TRUE(fs::exists(out / "delete/stale/0001.json"));

  auto forced_args = args(out.string());
  forced_args.push_back("--force");
  // --force replaces only a folder that a plan wrote (its marker file).
  CliRun not_a_plan = run_cli(forced_args);
  EXPECT_EQ(not_a_plan.status, 2);
  EXPECT_EQ(not_a_plan.err, "ecr-lifecycle plan: error: " + out.string() +
                                " is not a plan folder (it has no .ecr-lifecycle-plan): --force "
                                "replaces only a folder that ecr-lifecycle plan wrote\n");
  EXPECT_TRUE(fs::exists(out / "delete/stale/0001.json"));
  std::ofstream(out / ".ecr-lifecycle-plan") << "written by an older run\n";
  CliRun forced = run_cli(forced_args);
  ASSERT_EQ(forced.status, 0) << forced.err;
  EXPECT_FALSE(fs::exists(out / "delete/stale"));  // replaced whole, not merged
  EXPECT_TRUE(fs::exists(out / "delete/team%2Fapp/0001.json"));
  // Nothing is left beside the folder (temporary or old plans).
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(m_dir)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"plan"}));

  // An empty folder is fine without --force.
  const fs::path empty = m_dir / "empty";
  fs::create_directories(empty);
  EXPECT_EQ(run_cli(args(empty.string())).status, 0);
  EXPECT_TRUE(fs::exists(empty / "summary.json"));
}

TEST_F(PlanCommand, MalformedProtectFileIsExit2WithLocation) {
  const fs::path protect = m_dir / "protect.txt";
  std::ofstream(protect) << "# ok\nteam/app:v1\nteam/app:\n";
  auto a = args((m_dir / "plan").string());
  a[6] = protect.string();
  CliRun r = run_cli(a);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, protect.string() +
                       ":3:10: error: expected a tag after ':' [E0801]\nteam/app:\n         ^\n");
  EXPECT_FALSE(fs::exists(m_dir / "plan"));
}

}  // namespace
}  // namespace ecrlc
