#!/usr/bin/env python3
"""End to end: `ecr-lifecycle plan` on describe-images output of moto_server, applied with
the generated apply.sh through AWS CLI v1 and v2; describe-images afterwards must show
exactly the expected survivors.

usage: moto_plan_test.py --binary PATH/ecr-lifecycle [--keep]

Each CLI gets its own repository (`v1/app`, `v2/app`: a '/' in the name also exercises the
%2F folder names of the plan). A protect file keeps one image the policy would expire
(REPO:TAG for v1, the image URI for v2). apply.sh is run twice: the second run finds
nothing left (ImageNotFound) and must still succeed. Also probes whether moto implements
StartLifecyclePolicyPreview (5.2.1 does not; docs/workflows.md says so)."""

import json
import os
import subprocess

from e2e_lib import (REGISTRY_ID, Aws, MotoServer, Pusher, check, check_equal, check_push_order,
                     find_aws_clis, run_tool, test_main, work_folder, write_json)

POLICY = {"rules": [
    {"rulePriority": 1, "description": "one untagged image",
     "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
     "action": {"type": "expire"}},
    {"rulePriority": 2, "description": "two 1.x releases",
     "selection": {"tagStatus": "tagged", "tagPatternList": ["1.*"],
                   "countType": "imageCountMoreThan", "countNumber": 2},
     "action": {"type": "expire"}},
]}

# (name, tag, size) in push order.
PUSHES = [("u1", None, 1000), ("r10", "1.0", 2000), ("u2", None, 3000),
          ("r11", "1.1", 4000), ("r12", "1.2", 5000), ("r13", "1.3", 6000)]
# rule 1 expires u1, rule 2 expires 1.0 and 1.1; the protect file keeps 1.1.
DELETED = ["u1", "r10"]
SURVIVORS = ["u2", "r11", "r12", "r13"]


def plan_and_apply(binary, aws, cli_name, repository, protect_line, work):
    pusher = Pusher(aws, work)
    aws.run("ecr", "create-repository", "--repository-name", repository)
    digest = {name: pusher.push(repository, name, tag, size) for name, tag, size in PUSHES}
    inventory = os.path.join(work, f"inventory-{cli_name}.json")
    before = aws.run("ecr", "describe-images", "--repository-name", repository).stdout
    with open(inventory, "w", encoding="utf-8") as handle:
        handle.write(before)
    check_push_order([json.loads(before)], [digest[n] for n, _t, _s in PUSHES],
                     f"{cli_name} describe-images")

    policy = os.path.join(work, "policy.json")
    protect = os.path.join(work, f"protect-{cli_name}.txt")
    with open(protect, "w", encoding="utf-8") as handle:
        handle.write("# keep the 1.1 release whatever the policy says\n" + protect_line + "\n")
    out = os.path.join(work, f"plan-{cli_name}")
    done = run_tool(binary, "plan", "--policy", policy, "--images", inventory,
                    "--protect", protect, "--out", out)
    check("Total: delete 2 images" in done.stdout, f"plan summary:\n{done.stdout}")

    folder = repository.replace("/", "%2F")
    check_equal(sorted(os.listdir(out)),
                [".ecr-lifecycle-plan", "apply.sh", "checksums.sha256", "delete", "plan.json",
                 "summary.json", "summary.txt"],
                f"{cli_name} plan folder")
    check_equal(os.listdir(os.path.join(out, "delete")), [folder], "delete/ folders")
    check_equal(os.listdir(os.path.join(out, "delete", folder)), ["0001.json"], "request files")
    with open(os.path.join(out, "delete", folder, "0001.json"), encoding="utf-8") as handle:
        request = json.load(handle)
    check_equal(request, {"registryId": REGISTRY_ID, "repositoryName": repository,
                          "imageIds": [{"imageDigest": digest[n]} for n in DELETED]},
                f"{cli_name} batch-delete-image request")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as handle:
        summary = json.load(handle)
    check_equal(summary["totals"]["delete"], {"images": 2, "bytes": 3000}, "summary delete")
    check_equal(summary["totals"]["protected"], {"images": 1, "bytes": 4000}, "summary protected")

    # The generated script (`ecr-lifecycle apply` on the folder), through this CLI, against
    # moto; twice (the second run finds the plan applied and does nothing).
    env = dict(aws.env, ECR_LIFECYCLE=binary, AWS_CLI=aws.path, ECR_ENDPOINT_URL=aws.endpoint)
    for attempt in (1, 2):
        applied = subprocess.run(["sh", os.path.join(out, "apply.sh"), "--yes"],
                                 capture_output=True, text=True, timeout=120, env=env,
                                 stdin=subprocess.DEVNULL)
        expected = ("Total: deleted 2 images (" if attempt == 1 else
                    "applied completely by an earlier run")
        check(applied.returncode == 0 and expected in applied.stdout,
              f"{cli_name} apply.sh run {attempt}: exit {applied.returncode}\n"
              f"{applied.stdout}\n{applied.stderr}")
        after = json.loads(aws.run("ecr", "describe-images", "--repository-name",
                                   repository).stdout)
        check_equal(sorted(d["imageDigest"] for d in after["imageDetails"]),
                    sorted(digest[n] for n in SURVIVORS),
                    f"{cli_name} survivors after apply.sh run {attempt}")
    return inventory


def probe_moto_preview(binary, aws, repository, inventory, work):
    """Compares our --format aws with moto's GetLifecyclePolicyPreview when moto has it."""
    policy = os.path.join(work, "policy.json")
    env = dict(aws.env, AWS_MAX_ATTEMPTS="1")
    started = aws.run("ecr", "start-lifecycle-policy-preview", "--repository-name", repository,
                      "--lifecycle-policy-text", f"file://{policy}", check_status=False, env=env)
    if started.returncode != 0:
        check("StartLifecyclePolicyPreview" in started.stderr,
              f"unexpected start-lifecycle-policy-preview failure: {started.stderr}")
        print("moto does not implement StartLifecyclePolicyPreview "
              f"({started.stderr.strip().splitlines()[0][:120]}); nothing to compare")
        return
    theirs = aws.json("ecr", "get-lifecycle-policy-preview", "--repository-name", repository)
    mine = json.loads(run_tool(binary, "preview", "--policy", policy, "--images", inventory,
                               "--format", "aws").stdout)
    check_equal(sorted(mine), sorted(k for k in theirs if k != "nextToken"),
                "keys of --format aws vs moto's get-lifecycle-policy-preview")
    check_equal(mine["previewResults"], theirs["previewResults"], "previewResults vs moto")


def body(args):
    v1_path, v2_path = find_aws_clis()
    with work_folder("ecrlc-e2e-plan-", args.keep) as work:
        write_json(os.path.join(work, "policy.json"), POLICY)
        with MotoServer(work) as moto:
            v1 = Aws(v1_path, moto.url, work)
            v2 = Aws(v2_path, moto.url, work, tz="America/New_York")
            inventory = plan_and_apply(args.binary, v1, "v1", "v1/app", "v1/app:1.1", work)
            plan_and_apply(args.binary, v2, "v2", "v2/app",
                           f"{REGISTRY_ID}.dkr.ecr.us-east-1.amazonaws.com/v2/app:1.1", work)
            probe_moto_preview(args.binary, v1, "v1/app", inventory, work)


def main():
    test_main(__doc__, body)


if __name__ == "__main__":
    main()
