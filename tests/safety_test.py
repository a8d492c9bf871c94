#!/usr/bin/env python3
"""Safety properties of `plan` on generated inventories (docs/reliability.md):

- every planned deletion names an image of the inventory, in the repository of its file;
- `plan` never lists an image that `preview --format json` does not expire (transitions and
  kept images included), never a child of a surviving index, never a protected image
  (`--protect`), never one image twice; without --protect it lists exactly the expired ones;
- with generated in-use files (kubectl pods with spec tags and status imageIDs, ECS
  describe-tasks digests, Lambda get-function URIs, in every ECR host form, with other
  registries mixed in) it never lists an image they name, and it lists exactly what preview
  --protect expires minus what it reports in use;
- request files are `aws ecr batch-delete-image --cli-input-json` input with 1 to 100
  imageIds, one repository each.

Exits 77 (ctest: skipped) while `plan` or `preview` is not built yet.
Usage: safety_test.py BINARY
"""

import hashlib
import json
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from determinism_test import (NOW, POLICIES, SKIP, built, describe_images,  # noqa: E402
                              generated_details, has_flag, run, write)

SEEDS = (21, 22, 23)


def preview_actions(binary, policy_file, images):
    """(repository, digest) -> (action, reason) from `preview --format json`."""
    _, out, _ = run(binary, ["preview", "--policy", policy_file, "--images", images,
                             "--now", NOW, "--format", "json"])
    report = json.loads(out)
    actions = {}
    for repository in report["repositories"]:
        for image in repository["images"]:
            actions[(repository["repositoryName"], image["imageDigest"])] = (
                image["action"], image["reason"])
    return actions


def planned_deletions(directory, failures, label):
    """(repository, digest) pairs of every request file under `directory`."""
    planned = []
    # docs/operations.md: DIR/delete/<repo with / as %2F>/0001.json...; transitions and the
    # summaries live elsewhere.
    for root, _, names in os.walk(os.path.join(directory, "delete")):
        for name in sorted(names):
            path = os.path.join(root, name)
            if not name.endswith(".json"):
                continue
            with open(path, encoding="utf-8") as f:
                request = json.load(f)
            ids = request.get("imageIds")
            repository = request.get("repositoryName")
            if not isinstance(repository, str) or not isinstance(ids, list):
                failures.append("%s: %s is not a batch-delete-image request" % (label, name))
                continue
            if os.path.basename(root) != repository.replace("/", "%2F"):
                failures.append("%s: %s is under %s but names repository %s" %
                                (label, name, os.path.basename(root), repository))
            if not 1 <= len(ids) <= 100:
                failures.append("%s: %s has %d imageIds (1 to 100)" % (label, name, len(ids)))
            for image_id in ids:
                if "imageDigest" not in image_id:
                    # A tag alone deletes whatever the tag points at when the run happens.
                    failures.append("%s: %s: image id without a digest: %r" %
                                    (label, name, image_id))
                    continue
                planned.append((repository, image_id["imageDigest"]))
    return planned


def surviving_index_children(details, planned, actions):
    """Digests of children of indexes that neither expire nor are planned for deletion."""
    children = set()
    for detail in details:
        key = (detail["repositoryName"], detail["imageDigest"])
        if actions.get(key, ("none",))[0] == "expire" or key in planned:
            continue
        for child in detail.get("childImageDigests", []):
            children.add((detail["repositoryName"], child))
    return children


def with_indexes(details, seed):
    """`generate` writes no image indexes at this size: add, per repository, fresh tagged
    indexes over some of its older images, so that children of surviving indexes exist."""
    rng = random.Random(seed)
    by_repository = {}
    for detail in details:
        by_repository.setdefault(detail["repositoryName"], []).append(detail)
    extra = []
    for repository, images in sorted(by_repository.items()):
        for n in range(4):
            children = rng.sample(images, min(5, len(images)))
            newest = max(c["imagePushedAt"] for c in children)
            index = dict(children[0])
            index.pop("imageTags", None)
            index.pop("subjectManifestDigest", None)
            index.update({
                "imageDigest": "sha256:" + hashlib.sha256(
                    ("%s/%d/%d" % (repository, seed, n)).encode()).hexdigest(),
                "imageTags": ["multi-%d" % n] if n % 2 == 0 else [],
                "imagePushedAt": newest,
                "imageManifestMediaType": "application/vnd.oci.image.index.v1+json",
                "childImageDigests": [c["imageDigest"] for c in children],
            })
            if not index["imageTags"]:
                del index["imageTags"]
            extra.append(index)
    return details + extra


HOSTS = ("{a}.dkr.ecr.us-east-1.amazonaws.com", "{a}.dkr.ecr-fips.us-east-1.amazonaws.com",
         "{a}.dkr-ecr.us-east-1.on.aws", "docker-pullable://{a}.dkr.ecr.us-east-1.amazonaws.com")


def in_use_files(folder, details, expired, seed):
    """Writes kubectl, ECS and Lambda outputs that name some expired images (by digest, or by
    a tag), with other registries' images mixed in; returns (files, names) where `names` is
    every (repository, digest) they protect directly."""
    rng = random.Random(seed)
    by_key = {(d["repositoryName"], d["imageDigest"]): d for d in details}
    chosen = sorted(expired)[1::4]
    names = set()
    pods, tasks, functions = [], [], []
    for k, key in enumerate(chosen):
        detail = by_key[key]
        host = HOSTS[k % len(HOSTS)].format(a=detail.get("registryId", "123456789012"))
        by_digest = "%s/%s@%s" % (host, key[0], key[1])
        tags = detail.get("imageTags") or []
        if k % 3 == 0:
            spec = "nginx:1.25"
            if tags:  # the spec names a tag: every image holding it is protected
                tag = rng.choice(tags)
                spec = "%s/%s:%s" % (host.replace("docker-pullable://", ""), key[0], tag)
                names.update(kk for kk, d in by_key.items()
                             if kk[0] == key[0] and tag in (d.get("imageTags") or []))
            pods.append({"apiVersion": "v1", "kind": "Pod",
                         "metadata": {"name": "p%d" % k, "namespace": "ns"},
                         "spec": {"containers": [{"name": "c", "image": spec},
                                                 {"name": "side", "image": "ghcr.io/x/y:1"}]},
                         "status": {"containerStatuses": [{"name": "c", "imageID": by_digest}]}})
        elif k % 3 == 1:
            tasks.append({"taskArn": "arn:aws:ecs:us-east-1:1:task/c/%d" % k, "containers": [
                {"name": "c", "image": "%s/%s:gone" % (host.replace("docker-pullable://", ""),
                                                        key[0]),
                 "imageDigest": key[1]}]})
        else:
            functions.append({"Configuration": {"FunctionName": "f%d" % k},
                              "Code": {"RepositoryType": "ECR",
                                       "ResolvedImageUri": by_digest.replace(
                                           "docker-pullable://", "")}})
        names.add(key)
    files = [
        write(os.path.join(folder, "pods.json"),
              json.dumps({"apiVersion": "v1", "kind": "List", "items": pods}, indent=2)),
        write(os.path.join(folder, "tasks.json"), json.dumps({"tasks": tasks, "failures": []})),
        write(os.path.join(folder, "lambda.json"), json.dumps(functions + [
            {"Configuration": {"FunctionName": "zip"}, "Code": {"RepositoryType": "S3"}}])),
    ]
    return files, names


def main():
    binary = sys.argv[1]
    for command in ("generate", "preview", "plan"):
        if not built(binary, command):
            print("SKIP: `%s` is not built yet" % command)
            return SKIP
    protect_supported = has_flag(binary, "plan", "--protect")
    if not protect_supported:
        print("NOTE: `plan` has no --protect flag; protected images not checked")

    failures = []
    checks = 0
    scratch = tempfile.mkdtemp(prefix="ecrlc-safety-")
    try:
        for seed in SEEDS:
            details = with_indexes(generated_details(binary, 1500, 3, seed), seed)
            inventory = {(d["repositoryName"], d["imageDigest"]) for d in details}
            images = write(os.path.join(scratch, str(seed), "images.json"),
                           describe_images(details))
            indexes = sum(1 for d in details if d.get("childImageDigests"))
            for name, text in POLICIES.items():
                label = "seed %d, %s" % (seed, name)
                policy_file = write(os.path.join(scratch, str(seed), name + ".json"), text)
                actions = preview_actions(binary, policy_file, images)
                expired = {key for key, (action, _) in actions.items() if action == "expire"}

                out_dir = os.path.join(scratch, str(seed), name, "plan")
                run(binary, ["plan", "--policy", policy_file, "--images", images, "--now", NOW,
                             "--out", out_dir])
                planned = planned_deletions(out_dir, failures, label)
                planned_set = set(planned)
                checks += 1
                if len(planned) != len(planned_set):
                    failures.append("%s: %d images planned more than once" %
                                    (label, len(planned) - len(planned_set)))
                for key in sorted(planned_set - inventory)[:5]:
                    failures.append("%s: planned image not in the inventory: %s@%s" %
                                    ((label,) + key))
                for key in sorted(planned_set - expired)[:5]:
                    failures.append("%s: planned but not expired by preview (%s): %s@%s" %
                                    ((label, actions.get(key, ("absent", ""))[1]) + key))
                for key in sorted(expired - planned_set)[:5]:
                    failures.append("%s: expired by preview but not planned: %s@%s" %
                                    ((label,) + key))
                for key in sorted(planned_set & surviving_index_children(
                        details, planned_set, actions))[:5]:
                    failures.append("%s: planned child of a surviving index: %s@%s" %
                                    ((label,) + key))
                if not expired:
                    failures.append("%s: preview expires nothing; the case proves nothing" %
                                    label)

                if protect_supported and expired:
                    # Protect every third expired image (docs/operations.md: REPO@DIGEST lines).
                    protected = sorted(expired)[::3]
                    protect_file = write(os.path.join(scratch, str(seed), name + ".protect"),
                                         "".join("%s@%s\n" % key for key in protected))
                    out_dir = os.path.join(scratch, str(seed), name, "plan-protected")
                    run(binary, ["plan", "--policy", policy_file, "--images", images,
                                 "--now", NOW, "--out", out_dir, "--protect", protect_file])
                    planned_protected = set(planned_deletions(out_dir, failures, label))
                    checks += 1
                    for key in sorted(planned_protected & set(protected))[:5]:
                        failures.append("%s: planned a protected image: %s@%s" %
                                        ((label,) + key))
                    for key in sorted(planned_protected - expired)[:5]:
                        failures.append("%s: --protect plan lists an image not expired: %s@%s"
                                        % ((label,) + key))
                if protect_supported and has_flag(binary, "preview", "--fail-on-protected") \
                        and len(expired) >= 8:
                    folder = os.path.join(scratch, str(seed), name, "in-use")
                    files, named = in_use_files(folder, details, expired, seed)
                    protect_args = [a for f in files for a in ("--protect", f)]
                    out_dir = os.path.join(scratch, str(seed), name, "plan-in-use")
                    run(binary, ["plan", "--policy", policy_file, "--images", images,
                                 "--now", NOW, "--out", out_dir] + protect_args)
                    planned_in_use = set(planned_deletions(out_dir, failures, label))
                    _, out, _ = run(binary, ["preview", "--policy", policy_file, "--images",
                                             images, "--now", NOW, "--format", "json"]
                                    + protect_args)
                    reported = {(i["repositoryName"], i["imageDigest"])
                                for i in json.loads(out)["inUse"]}
                    checks += 1
                    for key in sorted(planned_in_use & named)[:5]:
                        failures.append("%s: planned an image in use: %s@%s" % ((label,) + key))
                    for key in sorted((named & expired) - reported)[:5]:
                        failures.append("%s: in use and expired, not reported: %s@%s"
                                        % ((label,) + key))
                    if planned_in_use != expired - reported:
                        failures.append("%s: plan (%d) is not preview's expired minus in use "
                                        "(%d)" % (label, len(planned_in_use),
                                                  len(expired - reported)))
            print("seed %d: %d images, %d indexes" % (seed, len(details), indexes))
        for failure in failures:
            print("FAIL " + failure)
        print("%d failures in %d plans" % (len(failures), checks))
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
