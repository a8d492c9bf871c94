#!/usr/bin/env python3
"""End to end: repositories and images made with the AWS CLI in moto_server, inventories
taken with `aws ecr describe-images` from AWS CLI v1 and v2, previews of a policy on each.

usage: moto_preview_test.py --binary PATH/ecr-lifecycle [--keep]

Asserts the exact expiring images (from the push order), that the v1 and v2 inventories
give byte-identical previews in every format, and that the output of
`aws ecr get-lifecycle-policy` (after `put-lifecycle-policy`) lints and previews as the
policy itself. Needs moto_server, AWS CLI v1 (`aws`) and v2 (/usr/bin/aws)."""

import json
import os

from e2e_lib import (REGISTRY_ID, Aws, MotoServer, Pusher, check, check_equal, check_push_order,
                     fail, find_aws_clis, run_tool, test_main, work_folder, write_json)

# rule 1 keeps the 2 newest release-* images; rule 2 expires untagged images older than a
# day; rule 3 keeps the 4 newest images of any kind (counting the ones rules 1-2 select).
POLICY = {"rules": [
    {"rulePriority": 1, "description": "keep two releases",
     "selection": {"tagStatus": "tagged", "tagPrefixList": ["release-"],
                   "countType": "imageCountMoreThan", "countNumber": 2},
     "action": {"type": "expire"}},
    {"rulePriority": 2, "description": "untagged after a day",
     "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                   "countUnit": "days", "countNumber": 1},
     "action": {"type": "expire"}},
    {"rulePriority": 3, "description": "four newest of the rest",
     "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 4},
     "action": {"type": "expire"}},
]}

# Two rules with priority 1: moto's validator (and so put-lifecycle-policy) accepts it,
# ECR and ecr-lifecycle do not (V1).
DUPLICATE_PRIORITY_POLICY = {"rules": [
    {"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan",
                                      "countNumber": 1}, "action": {"type": "expire"}},
    {"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                                      "countNumber": 9}, "action": {"type": "expire"}},
]}

WEB = "web"
API = "team/api"
# (name, tag, size) in push order; None = untagged.
WEB_PUSHES = [("u1", None, 1100), ("r10", "release-1.0", 1200), ("deva", "dev-a", 1300),
              ("u2", None, 1400), ("r11", "release-1.1", 1500), ("devb", "dev-b", 1600),
              ("r12", "release-1.2", 1700), ("devc", "dev-c", 1800)]
API_PUSHES = [("a90", "release-9.0", 2100), ("a91", "release-9.1", 2200),
              ("a92", "release-9.2", 2300)]


def expected_actions(digest):
    """repository -> {digest: rule}: what the policy expires at now = u2's push + 1 day."""
    return {
        WEB: {
            digest[WEB]["r10"]: 1,   # third newest release-*
            digest[WEB]["u1"]: 2,    # untagged, pushed more than a day before now
            digest[WEB]["deva"]: 3,  # 6th newest; u1 (7th) and release-1.0 (8th) went earlier
        },
        # u2 is 5th newest too, but rule 2 selects it (exactly one day old: not "more than"),
        # which protects it from rule 3. Counts are per repository: team/api's own three
        # releases are counted on their own.
        API: {digest[API]["a90"]: 1},
    }


def expiring_from_json(report):
    result = {}
    for repository in report["repositories"]:
        result[repository["repositoryName"]] = {
            image["imageDigest"]: image["rule"]
            for image in repository["images"] if image["action"] == "expire"}
    return result


def describe(aws, repository, path, mode="w"):
    done = aws.run("ecr", "describe-images", "--repository-name", repository)
    with open(path, mode, encoding="utf-8") as handle:
        handle.write(done.stdout)
    return json.loads(done.stdout)


def lint_column(wrapper_path, needle, occurrence):
    """(line, column) of the byte after the occurrence-th `needle` in the wrapper file."""
    with open(wrapper_path, "rb") as handle:
        lines = handle.read().split(b"\n")
    for number, line in enumerate(lines, start=1):
        if b"lifecyclePolicyText" in line:
            index = -1
            for _ in range(occurrence):
                index = line.index(needle, index + 1)
            return number, index + len(needle) + 1
    fail(f"no lifecyclePolicyText line in {wrapper_path}")


def body(args):
    v1_path, v2_path = find_aws_clis()
    with work_folder("ecrlc-e2e-preview-", args.keep) as work:
        policy_path = os.path.join(work, "policy.json")
        write_json(policy_path, POLICY)
        binary = args.binary
        with MotoServer(work) as moto:
            v1 = Aws(v1_path, moto.url, work)
            # v2 prints timestamps in the local time zone: a non-UTC one exercises offsets.
            v2 = Aws(v2_path, moto.url, work, tz="Asia/Kolkata")
            for repository in (WEB, API):
                v1.run("ecr", "create-repository", "--repository-name", repository)
            pusher = Pusher(v1, work)
            digest = {WEB: {}, API: {}}
            for repository, pushes in ((WEB, WEB_PUSHES), (API, API_PUSHES)):
                for name, tag, size in pushes:
                    digest[repository][name] = pusher.push(repository, name, tag, size)

            # v1: both repositories' describe-images pages concatenated in one file;
            # v2: one file per repository, given as two --images.
            inv_v1 = os.path.join(work, "inventory-v1.json")
            pages_v1 = [describe(v1, WEB, inv_v1), describe(v1, API, inv_v1, mode="a")]
            inv_v2 = [os.path.join(work, "inventory-v2-web.json"),
                      os.path.join(work, "inventory-v2-api.json")]
            pages_v2 = [describe(v2, WEB, inv_v2[0]), describe(v2, API, inv_v2[1])]
            check(isinstance(pages_v1[0]["imageDetails"][0]["imagePushedAt"], (int, float)),
                  "AWS CLI v1 prints imagePushedAt as epoch seconds")
            check(str(pages_v2[0]["imageDetails"][0]["imagePushedAt"]).endswith("+05:30"),
                  "AWS CLI v2 prints imagePushedAt in the local time zone (TZ=Asia/Kolkata)")
            for pages, cli in ((pages_v1, "v1"), (pages_v2, "v2")):
                for page, (repository, pushes) in zip(pages, ((WEB, WEB_PUSHES),
                                                              (API, API_PUSHES))):
                    pushed_at = check_push_order(
                        [page], [digest[repository][n] for n, _t, _s in pushes],
                        f"{cli} describe-images {repository}")
                    if cli == "v1" and repository == WEB:
                        u2_pushed = pushed_at[digest[WEB]["u2"]]
            untagged = [d for d in pages_v1[0]["imageDetails"] if "imageTags" not in d]
            check_equal(sorted(d["imageDigest"] for d in untagged),
                        sorted([digest[WEB]["u1"], digest[WEB]["u2"]]), "untagged images in moto")

            now = str(int(u2_pushed) + 86400)
            images_v1 = ["--images", inv_v1]
            images_v2 = ["--images", inv_v2[0], "--images", inv_v2[1]]
            outputs = {}
            for fmt in ("json", "aws", "table", "csv", "ndjson"):
                for cli, images in (("v1", images_v1), ("v2", images_v2)):
                    done = run_tool(binary, "preview", "--policy", policy_path, *images,
                                    "--now", now, "--format", fmt)
                    outputs[(fmt, cli)] = done.stdout
                check_equal(outputs[(fmt, "v2")], outputs[(fmt, "v1")],
                            f"--format {fmt} preview of the v2 inventory vs the v1 one")

            expected = expected_actions(digest)
            report = json.loads(outputs[("json", "v1")])
            check_equal(expiring_from_json(report), expected, "expiring images (--format json)")
            check_equal(report["totals"]["expiring"], 4, "totals.expiring")
            check_equal(report["totals"]["bytesReclaimed"], 1200 + 1100 + 1300 + 2100,
                        "totals.bytesReclaimed (moto's imageSizeInBytes is the config size)")

            # --format aws: one get-lifecycle-policy-preview object per repository.
            aws_report = json.loads(outputs[("aws", "v1")])
            check(isinstance(aws_report, list) and len(aws_report) == 2,
                  f"--format aws with two repositories is an array of two: {aws_report!r}")
            by_repo = {item["repositoryName"]: item for item in aws_report}
            check_equal(sorted(by_repo), sorted([WEB, API]), "--format aws repositories")
            for repository, item in by_repo.items():
                check_equal(item["registryId"], REGISTRY_ID, f"{repository} registryId")
                check_equal(item["status"], "COMPLETE", f"{repository} status")
                check_equal(json.loads(item["lifecyclePolicyText"]), POLICY,
                            f"{repository} lifecyclePolicyText")
                got = {r["imageDigest"]: r["appliedRulePriority"] for r in item["previewResults"]}
                check_equal(got, expected[repository], f"{repository} previewResults")
                for result in item["previewResults"]:
                    check_equal(result["action"], {"type": "EXPIRE"}, "previewResults action")
                check_equal(item["summary"]["expiringImageTotalCount"],
                            len(expected[repository]), f"{repository} summary")

            # put-lifecycle-policy, then the get-lifecycle-policy output as the policy file.
            v1.run("ecr", "put-lifecycle-policy", "--repository-name", WEB,
                   "--lifecycle-policy-text", f"file://{policy_path}")
            for cli_name, cli in (("v1", v1), ("v2", v2)):
                wrapper = os.path.join(work, f"get-lifecycle-policy-{cli_name}.json")
                got = cli.run("ecr", "get-lifecycle-policy", "--repository-name", WEB)
                with open(wrapper, "w", encoding="utf-8") as handle:
                    handle.write(got.stdout)
                check_equal(json.loads(json.loads(got.stdout)["lifecyclePolicyText"]), POLICY,
                            f"{cli_name} get-lifecycle-policy text")
                # Valid, with one warning located inside the escaped policy text.
                done = run_tool(binary, "lint", wrapper)
                line, column = lint_column(wrapper, b'\\"countNumber\\": ', 3)
                check_equal(done.stderr.splitlines()[0].split(": this rule")[0],
                            f"{wrapper}:{line}:{column}: warning: /rules/2/selection/countNumber",
                            f"lint of the {cli_name} get-lifecycle-policy output")
                check(done.stderr.splitlines()[0].endswith("[W0013]"), "W0013 expected")
                run_tool(binary, "lint", "--strict", wrapper, expect=1)
                for fmt in ("json", "aws"):
                    via_wrapper = run_tool(binary, "preview", "--policy", wrapper, *images_v1,
                                           "--now", now, "--format", fmt).stdout
                    mine = json.loads(via_wrapper)
                    theirs = json.loads(outputs[(fmt, "v1")])
                    if fmt == "json":
                        check_equal(expiring_from_json(mine), expected,
                                    f"preview --policy {cli_name} wrapper")
                        check_equal(mine["repositories"], theirs["repositories"],
                                    f"{cli_name} wrapper vs policy file: repositories")
                    else:
                        check_equal([json.loads(i["lifecyclePolicyText"]) for i in mine],
                                    [POLICY, POLICY], "lifecyclePolicyText via the wrapper")
                        check_equal([i["previewResults"] for i in mine],
                                    [i["previewResults"] for i in theirs],
                                    f"{cli_name} wrapper vs policy file: previewResults")

            # A policy moto accepts and ECR would refuse: the diagnostic points into the
            # lifecyclePolicyText string of the get-lifecycle-policy output.
            bad_path = os.path.join(work, "duplicate-priority.json")
            with open(bad_path, "w", encoding="utf-8") as handle:
                json.dump(DUPLICATE_PRIORITY_POLICY, handle)
            v1.run("ecr", "put-lifecycle-policy", "--repository-name", API,
                   "--lifecycle-policy-text", f"file://{bad_path}")
            bad_wrapper = os.path.join(work, "get-lifecycle-policy-api.json")
            with open(bad_wrapper, "w", encoding="utf-8") as handle:
                handle.write(v1.run("ecr", "get-lifecycle-policy",
                                    "--repository-name", API).stdout)
            done = run_tool(binary, "lint", bad_wrapper, expect=1)
            line, column = lint_column(bad_wrapper, b'\\"rulePriority\\": ', 2)
            # One error at the second rulePriority (duplicate, V1), with its source excerpt and
            # caret: the 'any' rule at the same priority is that fault's consequence, not a
            # second fault (E0206 counts only strictly higher priorities).
            lines = done.stderr.splitlines()
            check_equal(len(lines), 3, f"one diagnostic with excerpt and caret:\n{done.stderr}")
            text = lines[0]
            check(text.startswith(f"{bad_wrapper}:{line}:{column}: error: /rules/1/rulePriority:")
                  and text.endswith("[E0201]"),
                  f"lint diagnostic E0201 in the wrapper at {line}:{column}: {text}")
            run_tool(binary, "preview", "--policy", bad_wrapper, *images_v1, "--now", now,
                     expect=1)


def main():
    test_main(__doc__, body)


if __name__ == "__main__":
    main()
