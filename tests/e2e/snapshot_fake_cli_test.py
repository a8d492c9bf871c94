#!/usr/bin/env python3
"""`ecr-lifecycle snapshot` against a fake AWS CLI (fake_aws.py): the failure paths moto
cannot produce. A failed call (access denied, throttling after the CLI's own retries, a
failed get-lifecycle-policy) is exit 2 with the command and its stderr, and nothing written;
a CLI that rejects `--filter imageStatus=ANY` gives complete.archivedImages false and a
warning naming its version; a describe-images page ending with nextToken makes the
repository incomplete, and `plan --snapshot` holds all of it back; --jobs does not change
the folder.

usage: snapshot_fake_cli_test.py --binary PATH/ecr-lifecycle"""

import filecmp
import glob
import json
import os
import sys

from e2e_lib import (check, check_equal, run_tool, test_main, work_folder)

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_aws.py")
VERSION = "aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12 prompt/off"
POLICY = json.dumps({"rules": [{"rulePriority": 1, "selection": {
    "tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
    "countNumber": 1},
    "action": {"type": "expire"}}]})
INDEX = "application/vnd.oci.image.index.v1+json"


def digest(n):
    return "sha256:" + f"{n:064x}"


def image(repository, n, tag=None, media=None, children=None):
    detail = {"registryId": "111122223333", "repositoryName": repository,
              "imageDigest": digest(n), "imageSizeInBytes": 1000 + n,
              "imagePushedAt": f"2026-01-{n:02d}T00:00:00+00:00"}
    if tag:
        detail["imageTags"] = [tag]
    if media:
        detail["imageManifestMediaType"] = media
    if children is not None:
        detail["x-children"] = [digest(c) for c in children]
    return detail


def scenario(**extra):
    base = {"version": VERSION,
            "repositories": {
                "team/a": [image("team/a", 1), image("team/a", 2, "v1")],
                "b": [image("b", 3), image("b", 4), image("b", 5, "prod", INDEX, [3, 4])],
                "empty": []},
            "policies": {"team/a": POLICY, "b": POLICY}}
    base.update(extra)
    return base


class Runner:
    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.count = 0

    def snapshot(self, scene, *extra, expect=0):
        self.count += 1
        path = os.path.join(self.work, f"scenario-{self.count}.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(scene, handle)
        os.environ["FAKE_AWS_SCENARIO"] = path
        out = os.path.join(self.work, f"snap-{self.count}")
        done = run_tool(self.binary, "snapshot", "--aws-cli", FAKE, "--out", out, *extra,
                        expect=expect)
        return out, done


def check_failure(runner, fail, *fragments):
    out, done = runner.snapshot(scenario(fail=fail), expect=2)
    check(not os.path.exists(out), f"{out} must not be written")
    check(not glob.glob(out + "*"), f"no leftovers beside {out}: {glob.glob(out + '*')}")
    for fragment in fragments:
        check(fragment in done.stderr, f"stderr names {fragment!r}:\n{done.stderr}")
    check("nothing written" in done.stderr, done.stderr)


def body(args):
    with work_folder("ecrlc-e2e-fake-cli-", args.keep) as work:
        runner = Runner(args.binary, work)
        # A complete snapshot; the same folder whatever --jobs.
        out1, done = runner.snapshot(scenario(), "--jobs", "1")
        check("3 repositories, 5 images (1 image indexes), 2 lifecycle policies" in done.stdout,
              done.stdout)
        check_equal(done.stderr, "", "no warnings")
        out8, _ = runner.snapshot(scenario(), "--jobs", "8")
        for name in ("images.ndjson", "repositories.json", "policies/team%2Fa.json"):
            check(filecmp.cmp(os.path.join(out1, name), os.path.join(out8, name), shallow=False),
                  f"{name} differs between --jobs 1 and 8")
        with open(os.path.join(out1, "snapshot.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        check_equal(manifest["complete"], {"archivedImages": True, "indexChildren": True,
                                           "policies": True, "images": True}, "complete")
        check_equal(manifest["region"], "eu-west-1", "region from the ARN")
        check_equal(manifest["awsCli"], VERSION, "awsCli")
        lines = [json.loads(l) for l in open(os.path.join(out1, "images.ndjson"), encoding="utf-8")]
        check_equal([l.get("childImageDigests") for l in lines if l["repositoryName"] == "b"],
                    [None, None, [digest(3), digest(4)]], "children of b's index")

        # Failed calls: exit 2, the command and its stderr, nothing written.
        check_failure(runner, {"operation": "describe-images", "repository": "b", "stderr":
                               "An error occurred (AccessDeniedException) when calling the "
                               "DescribeImages operation: not allowed"},
                      "describe-images --repository-name b", "AccessDeniedException",
                      "exit status 254")
        check_failure(runner, {"operation": "batch-get-image", "stderr":
                               "An error occurred (ThrottlingException) when calling the "
                               "BatchGetImage operation (reached max retries: 2): Rate "
                               "exceeded"}, "batch-get-image", "ThrottlingException")
        check_failure(runner, {"operation": "get-lifecycle-policy", "repository": "team/a",
                               "stderr": "An error occurred (AccessDeniedException) when "
                               "calling the GetLifecyclePolicy operation: no"},
                      "get-lifecycle-policy --repository-name team/a")
        check_failure(runner, {"operation": "describe-repositories", "status": 255,
                               "stderr": "Could not connect to the endpoint URL"},
                      "describe-repositories", "Could not connect")

        # The CLI rejects the imageStatus filter: listed without it, said so.
        out, done = runner.snapshot(scenario(reject_filter=True))
        with open(os.path.join(out, "snapshot.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        check(not manifest["complete"]["archivedImages"], "archivedImages false")
        check_equal(len(manifest["warnings"]), 1, "one warning")
        check(manifest["warnings"][0].startswith("aws-cli/2.9.19"), manifest["warnings"][0])
        check(done.stderr.count("imageStatus") == 1, f"one warning on stderr:\n{done.stderr}")
        check("Incomplete: archived images are missing" in done.stdout, done.stdout)

        # A page that ends with nextToken: the repository is incomplete, plan holds it back.
        out, done = runner.snapshot(scenario(truncated=["team/a"]))
        check("team/a" in done.stderr and "nextToken" in done.stderr, done.stderr)
        with open(os.path.join(out, "snapshot.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        check_equal(manifest["incompleteRepositories"], ["team/a"], "incompleteRepositories")
        check(not manifest["complete"]["images"], "complete.images false")
        plan = os.path.join(work, "plan-truncated")
        done = run_tool(args.binary, "plan", "--snapshot", out, "--out", plan, "--now",
                        "2026-06-01T00:00:00Z")
        deleted = set()
        for path in glob.glob(os.path.join(plan, "delete", "*", "*.json")):
            with open(path, encoding="utf-8") as handle:
                deleted.update(i["imageDigest"] for i in json.load(handle)["imageIds"])
        # b's children stay (their index lives); team/a's untagged image is held back.
        check_equal(deleted, set(), "nothing deleted")
        with open(os.path.join(plan, "summary.txt"), encoding="utf-8") as handle:
            summary = handle.read()
        check("Incomplete snapshot" in summary, summary)
        with open(os.path.join(plan, "summary.json"), encoding="utf-8") as handle:
            summary_json = handle.read()
        check(digest(1) in summary_json and "incomplete" in summary_json, summary_json)


def main():
    test_main(__doc__, body)


if __name__ == "__main__":
    main()
