#!/usr/bin/env python3
"""End to end: `ecr-lifecycle apply` against moto_server through AWS CLI v1 and v2.

usage: moto_apply_test.py --binary PATH/ecr-lifecycle [--keep]

With v1: three repositories are planned ("keep the 2 newest", prod-* tags kept); then the
registry changes behind the plan: a planned image is re-tagged prod-1 (a rollback), one is
deleted by hand, a tag moves onto a planned image, a new image is pushed. --dry-run changes
nothing; --max-deletes, --max-age, a hand-edited plan and a file added to the plan are
refused with nothing done; an apply through a fake AWS CLI that fails the third request
stops with exit 2, and the next apply resumes: exactly the planned images that still expire
are deleted (never the re-tagged, moved-onto or newly expiring ones); a third run does
nothing. With v2: plan, one planned image deleted by hand, apply, apply again."""

import json
import os
import shutil
import stat
import subprocess
import time
from datetime import datetime, timedelta, timezone

from e2e_lib import (Aws, MotoServer, check, check_equal, fail, find_aws_clis, manifest,
                     moto_digest, run_tool, test_main, work_folder, write_json)

POLICY = {"rules": [
    {"rulePriority": 1, "description": "releases stay",
     "selection": {"tagStatus": "tagged", "tagPrefixList": ["prod"],
                   "countType": "imageCountMoreThan", "countNumber": 100},
     "action": {"type": "expire"}},
    {"rulePriority": 2, "description": "the 2 newest of the rest",
     "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 2},
     "action": {"type": "expire"}},
]}

# A fake AWS CLI: the real one, except that the third batch-delete-image fails before it
# reaches the registry (as a dropped connection would).
FAKE_CLI = """#!/bin/sh
case " $* " in
  *" batch-delete-image "*)
    count=$(cat "{counter}" 2>/dev/null || echo 0)
    count=$((count + 1))
    echo "$count" > "{counter}"
    if [ "$count" -eq 3 ]; then
      echo "Could not connect to the endpoint URL (fake CLI: request 3 fails)" >&2
      exit 255
    fi
    ;;
esac
exec "{real}" "$@"
"""


class Registry:
    """boto3 on moto for the test's own setup, changes and checks: much faster than an AWS
    CLI process per call; the tool itself goes through the AWS CLIs."""

    def __init__(self, endpoint, work):
        import boto3
        self.client = boto3.client("ecr", endpoint_url=endpoint, region_name="us-east-1",
                                   aws_access_key_id="testing", aws_secret_access_key="testing")
        self.work = work

    def push(self, repository, name, tag):
        reply = self.client.put_image(repositoryName=repository, imageTag=tag,
                                      imageManifest=manifest(name, 1000))
        digest = reply["image"]["imageId"]["imageDigest"]
        check_equal(digest, moto_digest(name), f"moto's digest of image {name}")
        return digest

    def tag(self, repository, name, tag):
        self.client.put_image(repositoryName=repository, imageTag=tag,
                              imageManifest=manifest(name, 1000))

    def delete(self, repository, digest):
        self.client.batch_delete_image(repositoryName=repository,
                                       imageIds=[{"imageDigest": digest}])


def next_second():
    """Sleeps to the next whole second: moto stamps imagePushedAt with whole seconds."""
    time.sleep(1.01 - (time.time() % 1))


def digests_of(registry, repository):
    pages = registry.client.get_paginator("describe_images").paginate(repositoryName=repository)
    return {d["imageDigest"]: sorted(d.get("imageTags", []))
            for page in pages for d in page["imageDetails"]}


def registry_state(registry, repositories):
    return {r: digests_of(registry, r) for r in repositories}


def make_plan(binary, aws, repositories, work, name):
    inventory = os.path.join(work, f"inventory-{name}.json")
    with open(inventory, "w", encoding="utf-8") as handle:
        for repository in repositories:
            handle.write(aws.run("ecr", "describe-images", "--repository-name",
                                 repository).stdout)
    out = os.path.join(work, f"plan-{name}")
    run_tool(binary, "plan", "--policy", os.path.join(work, "policy.json"), "--images",
             inventory, "--out", out)
    with open(os.path.join(out, "plan.json"), encoding="utf-8") as handle:
        return out, json.load(handle)


def apply(binary, aws, plan, *args, expect=0, cli=None):
    command = [binary, "apply", plan, "--aws-cli", cli or aws.path, "--endpoint-url",
               aws.endpoint, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=aws.env,
                          stdin=subprocess.DEVNULL)
    if done.returncode != expect:
        fail(f"{' '.join(command)} -> exit {done.returncode} (expected {expect})\n"
             f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return done


def refused(binary, aws, plan, what, *args, needle):
    done = apply(binary, aws, plan, "--yes", *args, expect=2)
    check(needle in done.stderr and "nothing done" in done.stderr,
          f"{what}: expected a refusal naming {needle!r}, got:\n{done.stderr}")


def fake_cli(work, real):
    path = os.path.join(work, "fake-aws")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(FAKE_CLI.replace("{counter}", os.path.join(work, "fake-count"))
                     .replace("{real}", real))
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def journal_lines(plan):
    with open(os.path.join(plan, "applied", "journal.ndjson"), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def v1_scenario(binary, aws, registry, work):
    digest = {}
    for repository in ("app", "web", "api"):
        registry.client.create_repository(repositoryName=repository)
    # app: app1..app6 (app6 also tagged b6, which moves later); web, api: 3 images each; one
    # second apart within a repository, so that push order is age order.
    for n in range(1, 7):
        next_second()
        digest[f"app{n}"] = registry.push("app", f"app{n}", f"v{n}")
        if n <= 3:
            for repository in ("web", "api"):
                digest[f"{repository}{n}"] = registry.push(repository, f"{repository}{n}",
                                                           f"v{n}")
    registry.tag("app", "app6", "b6")
    repositories = ["api", "app", "web"]
    plan, record = make_plan(binary, aws, repositories, work, "v1")
    planned = {r["repositoryName"]: sorted(i["imageDigest"] for i in r["images"])
               for r in record["repositories"]}
    check_equal(planned, {"api": sorted([digest["api1"]]), "app": sorted(
        digest[f"app{n}"] for n in range(1, 5)), "web": sorted([digest["web1"]])},
                "planned deletions")

    # The registry changes behind the plan.
    registry.tag("app", "app1", "prod-1")  # a rollback: kept by rule 1 now
    registry.delete("app", digest["app2"])  # deleted by hand
    registry.tag("app", "app3", "b6")  # a tag moves onto a planned image
    next_second()
    digest["app7"] = registry.push("app", "app7", "v7")  # app5 now expires too: not planned
    before = registry_state(registry, repositories)

    # --dry-run: the re-check, nothing sent.
    done = apply(binary, aws, plan, "--dry-run", "--format", "json")
    report = json.loads(done.stdout)
    outcomes = {i["imageDigest"]: (i["outcome"], i.get("reason"))
                for r in report["repositories"] for i in r["images"]}
    check_equal(outcomes, {
        digest["api1"]: ("would_delete", None), digest["web1"]: ("would_delete", None),
        digest["app1"]: ("skipped", "tags_changed"), digest["app2"]: ("skipped", "gone"),
        digest["app3"]: ("skipped", "tags_changed"), digest["app4"]: ("would_delete", None)},
                "dry-run outcomes")
    check_equal(registry_state(registry, repositories), before, "registry after --dry-run")
    check(not os.path.exists(os.path.join(plan, "applied")), "--dry-run wrote a journal")

    # Guards: each refuses the whole run.
    refused(binary, aws, plan, "--max-deletes", "--max-deletes", "2", needle="--max-deletes 2")
    evaluated = datetime.fromisoformat(record["evaluatedAt"].replace("Z", "+00:00"))
    late = (evaluated + timedelta(hours=25)).astimezone(timezone.utc)
    refused(binary, aws, plan, "--max-age", "--now", late.strftime("%Y-%m-%dT%H:%M:%SZ"),
            needle="older than --max-age")
    refused(binary, aws, plan, "--max-age 1h", "--max-age", "1h", "--now",
            (evaluated + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            needle="older than --max-age 1h")
    edited = os.path.join(work, "plan-edited")
    shutil.copytree(plan, edited)
    with open(os.path.join(edited, "plan.json"), encoding="utf-8") as handle:
        text = handle.read()
    with open(os.path.join(edited, "plan.json"), "w", encoding="utf-8") as handle:
        handle.write(text.replace(digest["app4"], digest["app5"]))
    done = apply(binary, aws, edited, "--yes", expect=2)
    check("does not match checksums.sha256" in done.stderr, f"edited plan: {done.stderr}")
    shutil.rmtree(edited)
    shutil.copytree(plan, edited)
    with open(os.path.join(edited, "delete", "extra.json"), "w", encoding="utf-8") as handle:
        handle.write("{}")
    done = apply(binary, aws, edited, "--yes", expect=2)
    check("not written by plan" in done.stderr, f"plan with an added file: {done.stderr}")
    done = apply(binary, aws, plan, expect=2)  # no --yes, standard input not a terminal
    check("pass --yes" in done.stderr, f"apply without --yes: {done.stderr}")
    check_equal(registry_state(registry, repositories), before, "registry after the refusals")

    # Interrupted: the third request fails; the journal holds three requests, two answered.
    done = apply(binary, aws, plan, "--yes", "--jobs", "1", expect=2,
                 cli=fake_cli(work, aws.path))
    lines = journal_lines(plan)
    check_equal([(line["event"], line.get("step")) for line in lines],
                [("request", 1), ("response", 1), ("request", 2), ("response", 2),
                 ("request", 3), ("response", 3)], "journal of the interrupted run")
    check_equal(lines[5]["exitStatus"], 255, "the failed request's exit status")
    # Resumed with the real CLI: only the failed request's image is requested again.
    done = apply(binary, aws, plan, "--yes", "--jobs", "1", "--format", "json")
    report = json.loads(done.stdout)
    check_equal((report["totals"]["deleted"], report["totals"]["doneBefore"],
                 report["totals"]["skipped"]), (1, 2, 3), "resumed run totals")
    lines = journal_lines(plan)
    check_equal([line["event"] for line in lines[6:]], ["request", "response", "complete"],
                "journal of the resumed run")
    check_equal(len(lines[6]["imageDigests"]), 1, "the resumed request's images")
    after = registry_state(registry, repositories)
    survivors = {r: sorted(after[r]) for r in repositories}
    check_equal(survivors, {
        "api": sorted(digest[f"api{n}"] for n in (2, 3)),
        "web": sorted(digest[f"web{n}"] for n in (2, 3)),
        "app": sorted(digest[f"app{n}"] for n in (1, 3, 5, 6, 7))}, "survivors")
    # A completed plan: nothing to do, nothing sent.
    done = apply(binary, aws, plan, "--yes")
    check("nothing to do" in done.stdout, f"third run: {done.stdout}")
    check_equal(registry_state(registry, repositories), after, "registry after the third run")


def v2_scenario(binary, aws, registry, work):
    registry.client.create_repository(repositoryName="v2/app")
    digest = {}
    for n in range(1, 6):
        next_second()
        digest[f"x{n}"] = registry.push("v2/app", f"x{n}", f"v{n}")
    plan, _record = make_plan(binary, aws, ["v2/app"], work, "v2")
    registry.delete("v2/app", digest["x1"])
    # apply.sh is the same command.
    env = dict(aws.env, ECR_LIFECYCLE=binary, AWS_CLI=aws.path, ECR_ENDPOINT_URL=aws.endpoint)
    for attempt in (1, 2):
        done = subprocess.run(["sh", os.path.join(plan, "apply.sh"), "--yes"],
                              capture_output=True, text=True, timeout=120, env=env)
        check_equal(done.returncode, 0, f"v2 apply.sh run {attempt}: {done.stderr}")
        if attempt == 1:
            check("Total: deleted 2 images" in done.stdout, f"v2 apply: {done.stdout}")
        else:
            check("nothing to do" in done.stdout, f"v2 second apply: {done.stdout}")
    check_equal(sorted(digests_of(registry, "v2/app")), sorted(digest[f"x{n}"] for n in (4, 5)),
                "v2 survivors")


def body(args):
    v1_path, v2_path = find_aws_clis()
    with work_folder("ecrlc-e2e-apply-", args.keep) as work:
        write_json(os.path.join(work, "policy.json"), POLICY)
        with MotoServer(work) as moto:
            registry = Registry(moto.url, work)
            v1_scenario(args.binary, Aws(v1_path, moto.url, work), registry, work)
            v2_scenario(args.binary, Aws(v2_path, moto.url, work), registry, work)


def main():
    test_main(__doc__, body)


if __name__ == "__main__":
    main()
