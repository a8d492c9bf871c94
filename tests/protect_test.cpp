// Protect files of every shape (fixtures/protect/, written from the Kubernetes and AWS API
// references): recognition by content, references with their sources, located diagnostics,
// fail-closed shapes; and preview, explain, plan and diff agreeing on what is in use.
#include "ecrlc/protect.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "ecrlc/in_use.hpp"
#include "ecrlc/plan.hpp"
#include "ecrlc/policy_set.hpp"
#include "test_support.hpp"

namespace ecrlc {
namespace {

const std::filesystem::path k_dir = std::filesystem::path(ECRLC_FIXTURES_DIR) / "protect";

std::string fixture(const std::string& name) { return (k_dir / name).string(); }
ProtectList parse_fixture(const std::string& name) {
  return parse_protect_file(test::read_file(k_dir / name));
}
std::string digest(const std::string& pair) {
  std::string hex;
  while (hex.size() < 64) {
    hex += pair;
  }
  return "sha256:" + hex;
}

// The sources of the references naming `digest_or_tag` (a digest "sha256:..." or a tag).
std::set<std::string> sources_of(const ProtectList& list, const std::string& key) {
  std::set<std::string> sources;
  for (const ProtectReference& r : list.references) {
    if ((r.digest && r.digest->to_string() == key) || (r.tag && *r.tag == key)) {
      sources.insert(r.source);
    }
  }
  return sources;
}

TEST(ProtectFormats, KubernetesPodsEveryContainerAndRunningDigest) {
  const ProtectList list = parse_fixture("pods.json");
  EXPECT_EQ(list.format, ProtectFormat::kubernetes);
  EXPECT_FALSE(list.diagnostics.has_error());
  // Spec images of api and the init container migrate, their status digests, the moved
  // tag v0 and the digest that pod still runs.
  ASSERT_EQ(list.references.size(), 6U);
  EXPECT_EQ(sources_of(list, digest("a1")),
            (std::set<std::string>{"pod payments/api-7d9f8b6c4-x2klm container api",
                                   "pod payments/api-7d9f8b6c4-x2klm init container migrate"}));
  EXPECT_EQ(sources_of(list, digest("a0")),
            (std::set<std::string>{"pod payments/api-legacy-0 container api"}));
  // docker-pullable:// is stripped; the reference keeps where it was.
  const auto it =
      std::find_if(list.references.begin(), list.references.end(), [](const ProtectReference& r) {
        return r.pointer == "/items/1/status/containerStatuses/0/imageID";
      });
  ASSERT_NE(it, list.references.end());
  EXPECT_EQ(it->registry_id, "111122223333");
  EXPECT_EQ(it->region, "us-east-1");
  EXPECT_EQ(it->repository, "payments/api");
  EXPECT_GT(it->line, 1U);
  // nginx, busybox (Docker Hub), the agent twice (ghcr.io), nginx's status digest; an empty
  // imageID (still pulling) is no reference.
  EXPECT_EQ(list.other_registry, 5U);
  EXPECT_EQ(list.other_registries, (std::vector<std::string>{"docker.io", "ghcr.io"}));
}

TEST(ProtectFormats, KubernetesWorkloadsPodTemplates) {
  const ProtectList list = parse_fixture("workloads.json");
  EXPECT_EQ(list.format, ProtectFormat::kubernetes);
  ASSERT_EQ(list.references.size(), 2U);
  EXPECT_EQ(list.references[0].source, "deployment payments/api container api");
  EXPECT_EQ(list.references[0].tag, "v1");
  EXPECT_EQ(list.references[1].source, "cronjob reports/nightly container report");
  EXPECT_EQ(list.references[1].pointer,
            "/items/1/spec/jobTemplate/spec/template/spec/containers/0/image");
  // The Service has no pod template: one warning, not an error.
  ASSERT_EQ(list.diagnostics.items().size(), 1U);
  EXPECT_EQ(list.diagnostics.items()[0].code, "W0803");
  EXPECT_EQ(list.diagnostics.items()[0].pointer, "/items/2");
}

TEST(ProtectFormats, EcsTasksKeepTheRunningDigest) {
  const ProtectList list = parse_fixture("ecs-tasks.json");
  EXPECT_EQ(list.format, ProtectFormat::ecs_tasks);
  // web:1.5 and the digest it runs, and the other account's image and digest.
  ASSERT_EQ(list.references.size(), 4U);
  const std::string task =
      "ECS task arn:aws:ecs:us-east-1:111122223333:task/prod/4d590253bb114126b7afa7b58eea9221";
  EXPECT_EQ(sources_of(list, digest("b1")), (std::set<std::string>{task + " container web"}));
  EXPECT_EQ(list.references[1].pointer, "/tasks/0/containers/0/imageDigest");
  EXPECT_EQ(list.references[2].registry_id, "999988887777");
}

TEST(ProtectFormats, EcsTaskDefinitionFipsHost) {
  const ProtectList list = parse_fixture("ecs-task-definition.json");
  EXPECT_EQ(list.format, ProtectFormat::ecs_task_definition);
  ASSERT_EQ(list.references.size(), 1U);
  EXPECT_EQ(list.references[0].registry_id, "111122223333");
  EXPECT_EQ(list.references[0].repository, "web");
  EXPECT_EQ(list.references[0].tag, "1.3");
  EXPECT_EQ(list.references[0].source,
            "ECS task definition arn:aws:ecs:us-east-1:111122223333:task-definition/web-canary:7 "
            "container web");
}

TEST(ProtectFormats, LambdaArrayDualStackAndZipFunctions) {
  const ProtectList list = parse_fixture("lambda.json");
  EXPECT_EQ(list.format, ProtectFormat::array);
  EXPECT_TRUE(list.diagnostics.empty());
  ASSERT_EQ(list.references.size(), 2U);  // the .zip function names no image
  EXPECT_EQ(list.references[0].tag, "nightly");
  EXPECT_EQ(list.references[1].digest->to_string(), digest("c1"));
  EXPECT_EQ(list.references[1].region, "us-east-1");
  EXPECT_EQ(list.references[1].source, "Lambda function report-export");
  EXPECT_EQ(list.references[1].pointer, "/0/Code/ResolvedImageUri");
}

TEST(ProtectFormats, LinesStayAsTheyWere) {
  const ProtectList list = parse_fixture("lines.txt");
  EXPECT_EQ(list.format, ProtectFormat::lines);
  ASSERT_EQ(list.references.size(), 2U);
  EXPECT_EQ(list.references[1].line, 3U);
  EXPECT_TRUE(list.references[1].source.empty());
  EXPECT_EQ(list.other_registry, 0U);
}

TEST(ProtectFormats, UnknownShapeFailsClosed) {
  const ProtectList list = parse_fixture("bad-shape.json");
  ASSERT_EQ(list.diagnostics.items().size(), 1U);
  const Diagnostic& d = list.diagnostics.items()[0];
  EXPECT_EQ(d.code, "E0802");
  EXPECT_EQ(d.line, 1U);
  EXPECT_EQ(d.column, 1U);
  EXPECT_NE(d.message.find("not a protect file"), std::string::npos);
  // One unknown element of an array is as bad as an unknown file.
  const ProtectList mixed = parse_protect_file(R"([{"Code": {}}, {"x": 1}])");
  ASSERT_EQ(mixed.diagnostics.items().size(), 1U);
  EXPECT_EQ(mixed.diagnostics.items()[0].pointer, "/1");
  EXPECT_EQ(mixed.diagnostics.items()[0].column, 16U);
}

TEST(ProtectFormats, UnusableReferenceIsLocated) {
  const ProtectList list = parse_fixture("bad-reference.json");
  ASSERT_EQ(list.diagnostics.items().size(), 1U);
  const Diagnostic& d = list.diagnostics.items()[0];
  EXPECT_EQ(d.code, "E0803");
  EXPECT_EQ(d.pointer, "/items/0/spec/containers/0/image");
  // The column of the 'P' of Payments: after the quote and the 39-byte host and '/'.
  const std::string line(
      SourceMap::line_text(test::read_file(k_dir / "bad-reference.json"), d.line));
  EXPECT_EQ(line.substr(d.column - 1, 8), "Payments");
  EXPECT_NE(d.message.find("pod n/p container c"), std::string::npos);
}

TEST(ProtectFormats, SyntaxErrorsAndEmptyInputs) {
  const ProtectList broken = parse_protect_file("{\n  \"tasks\": [\n}\n");
  ASSERT_TRUE(broken.diagnostics.has_error());
  EXPECT_EQ(broken.diagnostics.items()[0].line, 3U);
  const ProtectList empty = parse_protect_file("[]");
  ASSERT_EQ(empty.diagnostics.items().size(), 1U);
  EXPECT_EQ(empty.diagnostics.items()[0].code, "W0802");
  const ProtectList none = parse_protect_file(R"({"tasks": [], "failures": []})");
  EXPECT_EQ(none.diagnostics.items()[0].code, "W0802");
  // A container without image, a containers member that is no array: errors, not silence.
  const ProtectList no_image = parse_protect_file(
      R"({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "c"}]}})");
  ASSERT_TRUE(no_image.diagnostics.has_error());
  EXPECT_EQ(no_image.diagnostics.items()[0].pointer, "/spec/containers/0");
  const ProtectList not_array = parse_protect_file(
      R"({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": {"name": "c"}}})");
  ASSERT_TRUE(not_array.diagnostics.has_error());
  EXPECT_EQ(not_array.diagnostics.items()[0].pointer, "/spec/containers");
}

TEST(ProtectFormats, ImageWithoutTagMeansLatestAndBareDigestIsSkipped) {
  // Appended piecewise: g++ 12 reports a false -Warray-bounds on `R"(...)" + std::string`.
  std::string pod =
      R"({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
          "spec": {"containers": [{"name": "c", "image": "111122223333.dkr.ecr.eu-west-1.amazonaws.com.cn/app"}]},
          "status": {"containerStatuses": [{"name": "c", "imageID": "sha256:)";
  pod.append(64, '1');
  pod.append(R"("}]}})");
  const ProtectList list = parse_protect_file(pod);
  ASSERT_EQ(list.references.size(), 1U) << list.diagnostics.items().size();
  EXPECT_EQ(list.references[0].tag, "latest");
  EXPECT_EQ(list.references[0].region, "eu-west-1");
  EXPECT_EQ(list.references[0].source, "pod p container c");
}

TEST(ProtectResolve, MovedTagOnlyTheRunningDigestMatches) {
  const Inventory inventory = test::load_inventory(test::read_file(k_dir / "inventory.json"));
  ProtectList list = merge_protect_lists({{"pods.json", parse_fixture("pods.json")}});
  const ResolvedProtection resolved = resolve_protection(list, inventory);
  // payments/api:v0 moved away; its pod's imageID still protects a0.
  ASSERT_EQ(resolved.unmatched.size(), 1U);
  EXPECT_EQ(*list.references[resolved.unmatched[0]].tag, "v0");
  const Repository* api = inventory.find("payments/api");
  ASSERT_NE(api, nullptr);
  const auto a0 = api->find_image(*Digest::parse(digest("a0")));
  const auto index = static_cast<std::size_t>(api - inventory.repositories.data());
  const auto protection = image_protection(resolved, index, *a0);
  ASSERT_TRUE(protection.has_value());
  ASSERT_EQ(protection->references.size(), 1U);
  EXPECT_EQ(list.references[protection->references[0]].source,
            "pod payments/api-legacy-0 container api");
}

TEST(ProtectResolve, OtherAccountsAreForeignNotUnmatched) {
  const Inventory inventory = test::load_inventory(test::read_file(k_dir / "inventory.json"));
  ProtectList list = merge_protect_lists({{"ecs.json", parse_fixture("ecs-tasks.json")}});
  const ResolvedProtection resolved = resolve_protection(list, inventory);
  EXPECT_EQ(resolved.foreign.size(), 2U);  // 999988887777's image and digest
  EXPECT_TRUE(resolved.unmatched.empty());
  EXPECT_EQ(list.files, (std::vector<std::string>{"ecs.json"}));
}

// The images in use that preview, explain, plan and diff name, through the commands.
std::vector<std::string> all_fixtures() {
  std::vector<std::string> args;
  for (const char* name : {"pods.json", "workloads.json", "ecs-tasks.json",
                           "ecs-task-definition.json", "lambda.json", "lines.txt"}) {
    args.emplace_back("--protect");
    args.push_back(fixture(name));
  }
  return args;
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

const std::vector<std::string> k_in_use = {"a0", "a1", "a3", "b0", "b1", "c0", "c1"};

TEST(ProtectCommands, PreviewPlanExplainDiffAgree) {
  const std::vector<std::string> common = {"--policy", fixture("policy.json"),
                                           "--images", fixture("inventory.json"),
                                           "--now",    "2026-01-01T00:00:00Z"};
  // preview --format json: the "inUse" digests.
  const test::CliRun preview =
      test::run_cli(with(with({"preview", "--format", "json"}, common), all_fixtures()));
  ASSERT_EQ(preview.status, 0) << preview.err;
  const std::string in_use =
      preview.out.substr(preview.out.find("\"inUse\""),
                         preview.out.find("\"repositories\": [") - preview.out.find("\"inUse\""));
  for (const std::string& d : k_in_use) {
    EXPECT_NE(in_use.find(digest(d)), std::string::npos) << d << "\n" << in_use;
  }
  for (const std::string d : {"a2", "b2", "b3", "c2"}) {
    EXPECT_EQ(in_use.find(digest(d)), std::string::npos) << d;
  }
  EXPECT_NE(in_use.find("pod payments/api-legacy-0 container api"), std::string::npos);
  EXPECT_NE(preview.err.find("references to other registries ignored (docker.io, ghcr.io)"),
            std::string::npos)
      << preview.err;
  EXPECT_NE(preview.err.find("W0801"), std::string::npos);  // payments/api:v0

  // --fail-on-protected turns it into exit 1; the table has its own section.
  const test::CliRun gate =
      test::run_cli(with(with({"preview", "--fail-on-protected"}, common), all_fixtures()));
  EXPECT_EQ(gate.status, 1);
  EXPECT_NE(gate.out.find("In use: 7 images the policy expires or archives"), std::string::npos)
      << gate.out;
  EXPECT_NE(gate.out.find("Lambda function report-export"), std::string::npos);

  // plan: the same seven are saved, the others deleted.
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("protect_test_plan_" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  const test::CliRun plan =
      test::run_cli(with(with({"plan", "--out", out.string()}, common), all_fixtures()));
  ASSERT_EQ(plan.status, 0) << plan.err;
  EXPECT_NE(plan.out.find("Protection saved 7 images"), std::string::npos) << plan.out;
  const std::string summary = test::read_file(out / "summary.json");
  for (const std::string& d : k_in_use) {
    const std::string quoted = std::string(1, '"').append(digest(d)).append(1, '"');
    EXPECT_NE(summary.find(quoted), std::string::npos) << d;
  }
  EXPECT_NE(summary.find("\"source\": \"ECS task arn:aws:ecs"), std::string::npos);
  std::filesystem::remove_all(out);

  // explain: the source of each; an image nobody uses says so.
  for (const std::string& d : k_in_use) {
    const test::CliRun explain =
        test::run_cli(with(with({"explain", digest(d)}, common), all_fixtures()));
    ASSERT_EQ(explain.status, 0) << explain.err;
    EXPECT_NE(explain.out.find("In use: "), std::string::npos) << d;
    EXPECT_EQ(explain.out.find("In use: no --protect"), std::string::npos) << d;
  }
  const test::CliRun unused =
      test::run_cli(with(with({"explain", digest("b2")}, common), all_fixtures()));
  EXPECT_NE(unused.out.find("In use: no --protect file names it"), std::string::npos);

  // diff from a policy that expires nothing: every in-use image is newly expiring, first.
  const std::string keep_all = (std::filesystem::temp_directory_path() /
                                ("protect_test_keep_" + std::to_string(::getpid()) + ".json"))
                                   .string();
  {
    std::ofstream file(keep_all);
    file
        << R"({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any",)"
           R"( "countType": "imageCountMoreThan", "countNumber": 100}, "action": {"type": "expire"}}]})";
  }
  const test::CliRun diff = test::run_cli(
      with(with({"diff", "--policy", keep_all, "--policy", fixture("policy.json"), "--images",
                 fixture("inventory.json"), "--now", "2026-01-01T00:00:00Z", "--format", "json"},
                {}),
           all_fixtures()));
  ASSERT_EQ(diff.status, 0) << diff.err;
  const std::size_t diff_in_use = diff.out.find("\"inUse\"");
  ASSERT_NE(diff_in_use, std::string::npos) << diff.out;
  EXPECT_LT(diff_in_use, diff.out.find("\"changes\""));
  const std::string diff_section =
      diff.out.substr(diff_in_use, diff.out.find("\"old\"") - diff_in_use);
  for (const std::string& d : k_in_use) {
    EXPECT_NE(diff_section.find(digest(d)), std::string::npos) << d;
  }
  EXPECT_EQ(diff_section.find(digest("b2")), std::string::npos);
  const test::CliRun table =
      test::run_cli(with({"diff", "--policy", keep_all, "--policy", fixture("policy.json"),
                          "--images", fixture("inventory.json"), "--now", "2026-01-01T00:00:00Z"},
                         all_fixtures()));
  EXPECT_EQ(table.out.rfind("In use and newly expiring", 0), 0U) << table.out;
  std::filesystem::remove(keep_all);
}

TEST(ProtectCommands, CsvColumnAndNdjsonLines) {
  const std::vector<std::string> common = {"preview",
                                           "--policy",
                                           fixture("policy.json"),
                                           "--images",
                                           fixture("inventory.json"),
                                           "--now",
                                           "2026-01-01T00:00:00Z",
                                           "--protect",
                                           fixture("pods.json")};
  const test::CliRun csv = test::run_cli(with(common, {"--format", "csv"}));
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_NE(csv.out.find(",reason_text,in_use\r\n"), std::string::npos);
  EXPECT_NE(csv.out.find(digest("a0") + ",,2025-10-09T08:53:20Z"), std::string::npos);
  EXPECT_NE(csv.out.find(",pod payments/api-legacy-0 container api\r\n"), std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find("(#3),\r\n"), std::string::npos);  // a3: not in use, empty field
  const test::CliRun ndjson = test::run_cli(with(common, {"--format", "ndjson"}));
  ASSERT_EQ(ndjson.status, 0) << ndjson.err;
  std::size_t lines = 0;
  for (std::size_t at = ndjson.out.find("\"inUse\": true"); at != std::string::npos;
       at = ndjson.out.find("\"inUse\": true", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 2U);  // a0 and a1: the pods file names nothing else
  // Without --protect the formats are what they were: no column, no lines.
  const test::CliRun plain = test::run_cli({"preview", "--policy", fixture("policy.json"),
                                            "--images", fixture("inventory.json"), "--now",
                                            "2026-01-01T00:00:00Z", "--format", "csv"});
  EXPECT_EQ(plain.out.find("in_use"), std::string::npos);
}

TEST(ProtectCommands, UnknownShapeExits2NamingTheFile) {
  const test::CliRun run =
      test::run_cli({"preview", "--policy", fixture("policy.json"), "--images",
                     fixture("inventory.json"), "--protect", fixture("bad-shape.json")});
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.err.find(fixture("bad-shape.json") + ":1:1: error: not a protect file"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(run.out.empty());
}

}  // namespace
}  // namespace ecrlc
