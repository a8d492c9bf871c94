#!/usr/bin/env python3
"""End to end: `ecr-lifecycle snapshot` of a moto_server registry through AWS CLI v1 and v2,
then `preview`, `plan`, `diff` and `explain --snapshot`.

usage: moto_snapshot_test.py --binary PATH/ecr-lifecycle [--keep]

The registry (built with boto3, fast): `shop/api` (namespaced, a policy), `multi` (a policy,
a tagged multi-arch index whose two children are untagged, plus a stray untagged image),
`empty` (a policy, no image) and `nopolicy` (images, no policy). Checks: the folder's files
as docs/snapshot.md says; the index's childImageDigests; CLI v2 (2.9) rejecting the
imageStatus filter gives complete.archivedImages false and a warning naming its version;
`plan --snapshot` never deletes an index child, while the same images read by hand
(describe-images, no children) hold every untagged image of `multi` back; preview from the
snapshot equals preview of a hand inventory with the children filled in; `--repository`
wildcards; empty and policy-less repositories are reported."""

import glob
import hashlib
import json
import os

import boto3

from e2e_lib import (MotoServer, aws_env, check, check_equal, find_aws_clis, run_tool, test_main,
                     work_folder)

UNTAGGED_ALL = {"rules": [
    {"rulePriority": 1, "description": "no untagged images",
     "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
    "countNumber": 1},
     "action": {"type": "expire"}}]}
KEEP_ONE_TAGGED = {"rules": [
    {"rulePriority": 1, "description": "one tagged image",
     "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1},
     "action": {"type": "expire"}}]}
LATER = "2030-01-01T00:00:00Z"  # every image is older than a day
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


def sha(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def manifest(name):
    return json.dumps({
        "schemaVersion": 2, "mediaType": DOCKER_MANIFEST,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 100,
                   "digest": sha("config-" + name)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 300, "digest": sha("layer-" + name)}]}, separators=(",", ":"))


def build_registry(url):
    ecr = boto3.client("ecr", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    digests = {}

    def put(repository, name, tag=None, body=None, media=None):
        args = {"repositoryName": repository, "imageManifest": body or manifest(name)}
        if tag:
            args["imageTag"] = tag
        if media:
            args["imageManifestMediaType"] = media
        digests[name] = ecr.put_image(**args)["image"]["imageId"]["imageDigest"]

    for repository in ("shop/api", "multi", "empty", "nopolicy"):
        ecr.create_repository(repositoryName=repository)
    put("shop/api", "api-old")
    put("shop/api", "api-1", "1.0")
    put("multi", "amd64")
    put("multi", "arm64")
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": DOCKER_MANIFEST, "size": 500, "digest": digests["amd64"],
         "platform": {"os": "linux", "architecture": "amd64"}},
        {"mediaType": DOCKER_MANIFEST, "size": 500, "digest": digests["arm64"],
         "platform": {"os": "linux", "architecture": "arm64"}}]})
    put("multi", "index", "prod", body=index, media=OCI_INDEX)
    put("multi", "stray")
    put("nopolicy", "np-1")
    for repository in ("shop/api", "multi", "empty"):
        ecr.put_lifecycle_policy(repositoryName=repository,
                                 lifecyclePolicyText=json.dumps(UNTAGGED_ALL))
    return digests


def read_lines(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def snapshot(binary, cli, url, out, *extra, expect=0):
    env_args = ["--aws-cli", cli, "--endpoint-url", url, "--region", "us-east-1"]
    return run_tool(binary, "snapshot", "--out", out, *env_args, *extra, expect=expect)


def check_folder(out, digests, cli_major):
    with open(os.path.join(out, "snapshot.json"), encoding="utf-8") as handle:
        manifest_json = json.load(handle)
    check_equal(manifest_json["format"], "ecr-lifecycle-snapshot/1", "format")
    check_equal(manifest_json["repositories"], 4, "repositories")
    check_equal(manifest_json["images"], 7, "images")
    check_equal(manifest_json["registryId"], "123456789012", "registryId")
    check_equal(manifest_json["region"], "us-east-1", "region")
    check(manifest_json["awsCli"].startswith(f"aws-cli/{cli_major}."), manifest_json["awsCli"])
    check(manifest_json["complete"]["indexChildren"], "indexChildren")
    check(manifest_json["complete"]["policies"], "policies")
    if cli_major == "2":  # Debian's 2.9 rejects --filter imageStatus=ANY
        check(not manifest_json["complete"]["archivedImages"], "v2 archivedImages")
        check(any("aws-cli/2." in w and "imageStatus" in w for w in manifest_json["warnings"]),
              f"warnings name the CLI version: {manifest_json['warnings']}")
    else:
        check(manifest_json["complete"]["archivedImages"], "v1 archivedImages")
    with open(os.path.join(out, "repositories.json"), encoding="utf-8") as handle:
        names = sorted(r["repositoryName"] for r in json.load(handle)["repositories"])
    check_equal(names, ["empty", "multi", "nopolicy", "shop/api"], "repositories.json")
    lines = read_lines(os.path.join(out, "images.ndjson"))
    check_equal(len(lines), 7, "images.ndjson lines")
    index = [line for line in lines if line["imageDigest"] == digests["index"]][0]
    check_equal(index["childImageDigests"], [digests["amd64"], digests["arm64"]], "children")
    check(all("childImageDigests" not in line for line in lines if line is not index),
          "only the index has childImageDigests")
    policies = sorted(os.path.basename(p) for p in glob.glob(os.path.join(out, "policies", "*")))
    check_equal(policies, ["empty.json", "multi.json", "shop%2Fapi.json"], "policies/")
    return lines


def check_plan(binary, out, work, digests, name):
    plan = os.path.join(work, "plan-" + name)
    done = run_tool(binary, "plan", "--snapshot", out, "--out", plan, "--now", LATER)
    deleted = set()
    for path in glob.glob(os.path.join(plan, "delete", "*", "*.json")):
        with open(path, encoding="utf-8") as handle:
            deleted.update(i["imageDigest"] for i in json.load(handle)["imageIds"])
    check_equal(deleted, {digests["api-old"], digests["stray"]}, f"{name}: planned deletions")
    check("no policy for repository nopolicy" in done.stderr, done.stderr)
    return done


def check_hand_inventory(binary, out, work, digests, v1):
    """describe-images by hand (no children): plan holds every untagged image of multi."""
    inventory = os.path.join(work, "hand.json")
    with open(inventory, "w", encoding="utf-8") as handle:
        for repository in ("shop/api", "multi"):
            handle.write(v1.run("ecr", "describe-images", "--repository-name",
                                repository).stdout)
    plan = os.path.join(work, "plan-hand")
    done = run_tool(binary, "plan", "--policies", os.path.join(out, "policies"),
                    "--images", inventory, "--out", plan, "--now", LATER)
    check("has no childImageDigests" in done.stderr, f"warning:\n{done.stderr}")
    check(done.stderr.count("has no childImageDigests") == 1, "one warning per repository")
    deleted = set()
    for path in glob.glob(os.path.join(plan, "delete", "*", "*.json")):
        with open(path, encoding="utf-8") as handle:
            deleted.update(i["imageDigest"] for i in json.load(handle)["imageIds"])
    check_equal(deleted, {digests["api-old"]}, "hand inventory: deletions")
    with open(os.path.join(plan, "summary.json"), encoding="utf-8") as handle:
        summary = handle.read()
    for name in ("amd64", "arm64", "stray"):
        check(digests[name] in summary, f"{name} listed as held in summary.json")
    check("childImageDigests" in summary, "the reason names childImageDigests")


def check_preview_equals_hand_inventory(binary, out, work, lines):
    hand = os.path.join(work, "hand-with-children.json")
    with open(hand, "w", encoding="utf-8") as handle:
        json.dump({"imageDetails": lines}, handle, indent=4)
    policies = os.path.join(out, "policies")
    from_snapshot = run_tool(binary, "preview", "--snapshot", out, "--policies", policies,
                             "--format", "json", "--now", "2030-01-01T00:00:00Z")
    from_hand = run_tool(binary, "preview", "--images", hand, "--policies", policies,
                         "--format", "json", "--now", "2030-01-01T00:00:00Z")
    snapshot_json = json.loads(from_snapshot.stdout)
    hand_json = json.loads(from_hand.stdout)
    snapshot_json.pop("incomplete", None)
    # The empty repository is known from repositories.json only: reported, with its policy.
    check_equal([r["repositoryName"] for r in snapshot_json["repositories"]],
                ["empty", "multi", "shop/api"], "repositories of preview --snapshot")
    check_equal(snapshot_json["repositories"][0]["summary"]["images"], 0, "empty repository")
    snapshot_json["repositories"].pop(0)
    snapshot_json["policies"] = [p for p in snapshot_json["policies"]
                                 if p["repositories"] != ["empty"]]
    check_equal(snapshot_json, hand_json, "preview --snapshot against the hand inventory")


def body(args):
    v1_path, v2_path = find_aws_clis()
    with work_folder("ecrlc-e2e-snapshot-", args.keep) as work:
        os.environ.update(aws_env(work))
        with MotoServer(work) as moto:
            digests = build_registry(moto.url)
            for name, cli in (("v1", v1_path), ("v2", v2_path)):
                out = os.path.join(work, "snap-" + name)
                done = snapshot(args.binary, cli, moto.url, out)
                check("4 repositories, 7 images (1 image indexes)" in done.stdout, done.stdout)
                lines = check_folder(out, digests, name[1])
                check_plan(args.binary, out, work, digests, name)
                if name == "v2":
                    preview = run_tool(args.binary, "preview", "--snapshot", out)
                    check("Incomplete snapshot: archived images are missing" in preview.stdout,
                          preview.stdout)
                    check("is incomplete" in preview.stderr, preview.stderr)
                    with open(os.path.join(work, "plan-v2", "summary.json"),
                              encoding="utf-8") as handle:
                        check("incomplete" in json.load(handle), "plan summary.json incomplete")
                else:
                    check_preview_equals_hand_inventory(args.binary, out, work, lines)
            out = os.path.join(work, "snap-v1")
            # Live policies against a new one: what the change does to what is there now.
            keep_one = os.path.join(work, "keep-one.json")
            with open(keep_one, "w", encoding="utf-8") as handle:
                json.dump(KEEP_ONE_TAGGED, handle)
            diff = run_tool(args.binary, "diff", "--snapshot", out, "--policy", keep_one,
                            "--format", "json")
            check(json.loads(diff.stdout)["changes"], f"diff lists changes:\n{diff.stdout}")
            explain = run_tool(args.binary, "explain", "--snapshot", out, "--now", LATER,
                               digests["amd64"][7:19])
            check("child of surviving index" in explain.stdout,
                  f"explain names the index:\n{explain.stdout}")
            preview = run_tool(args.binary, "preview", "--snapshot", out, "--format", "json")
            check("incomplete" not in json.loads(preview.stdout), "v1 snapshot is complete")
            check("no policy for repository nopolicy" in preview.stderr, preview.stderr)
            check_hand_inventory(args.binary, out, work, digests, _Aws(v1_path, moto.url))
            # --repository wildcards, and --force to replace a snapshot.
            done = snapshot(args.binary, v1_path, moto.url, out, "--repository", "shop/*",
                            "--repository", "emp*", expect=2)
            check("--force" in done.stderr or "not empty" in done.stderr, done.stderr)
            snapshot(args.binary, v1_path, moto.url, out, "--repository", "shop/*",
                     "--repository", "emp*", "--force")
            with open(os.path.join(out, "snapshot.json"), encoding="utf-8") as handle:
                check_equal(json.load(handle)["repositories"], 2, "--repository scope")
            check_equal([line["repositoryName"] for line in
                         read_lines(os.path.join(out, "images.ndjson"))],
                        ["shop/api", "shop/api"], "--repository images")


class _Aws:
    """describe-images by hand, as the old docs had it."""

    def __init__(self, path, url):
        self.path = path
        self.url = url

    def run(self, *args):
        import subprocess
        done = subprocess.run([self.path, "--endpoint-url", self.url, "--output", "json", *args],
                              capture_output=True, text=True, timeout=120, check=True)
        return done


def main():
    test_main(__doc__, body)


if __name__ == "__main__":
    main()
