#!/usr/bin/env python3
"""Safety properties of `plan` on generated inventories (docs/reliability.md):

- every planned deletion names an image of the inventory, in the repository of its file;
- `plan` never lists an image that `preview --format json` does not expire (transitions and
  kept images included), never a child of a surviving index, never a protected image
  (`--protect`), never one image twice; without --protect it lists exactly the expired ones;
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
            print("seed %d: %d images, %d indexes" % (seed, len(details), indexes))
        for failure in failures:
            print("FAIL " + failure)
        print("%d failures in %d plans" % (len(failures), checks))
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
