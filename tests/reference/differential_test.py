#!/usr/bin/env python3
"""Differential test: the C++ engine (through tests/eval_harness) against model.py.

Generates random valid policies and inventories from a seed, with the hard cases made
common: push-time ties, ages of exactly N days and +-1 microsecond, restored, archived and
ACTIVATING images, image indexes (nested, missing children) and referrer chains. Runs the
harness once per batch and stops at the first disagreement, printing the seed, the case
and the differing lines.

    differential_test.py --harness build/tests/eval_harness [--cases 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import DAY, Image, Rule, evaluate  # noqa: E402

NOW_BASE = 1_750_000_000 * 1_000_000
TAGS = ["prod", "prod-1", "prod-2", "beta", "beta-1", "v1", "v1.2.3", "v2.0", "latest",
        "release-1", "rc-1", "dev", "a", "ab", "abc", "x-prod", "Prod"]
PREFIXES = ["prod", "prod-", "beta", "v1", "v", "rel", "a", "ab", "latest", "dev", "x"]
PATTERNS = ["prod*", "*-1", "v*.*.*", "*", "latest", "beta*", "*a*", "a*b*c", "*prod*",
            "*1", "v*", "rc-?", "ab", "**", "p*o*d", "*-*-*", "b*1"]
AGE_DAYS = [1, 5, 14, 30]
ARCHIVE_DAYS = [90, 91, 120]
COUNTS = [1, 2, 3, 5, 9999]


def random_time(rng: random.Random, now: int) -> int:
    days = rng.choice([0, 1, 2, 5, 13, 14, 15, 30, 89, 90, 91, 120, 200])
    delta = rng.choice([0, 0, 0, -1, 1, rng.randrange(-DAY, DAY)])
    return now - days * DAY + delta


def random_list(rng: random.Random, pool: list[str]) -> list[str]:
    return rng.sample(pool, rng.choice([1, 1, 1, 2, 2, 3]))


def random_rules(rng: random.Random) -> list[Rule]:
    """A valid policy (V2-V13): lists only with tagged, one untagged and a last `any` per
    storage class, distinct list sets, archive only with sinceImageTransitioned + expire."""
    rules: list[Rule] = []
    seen_lists: set[tuple[str, tuple[str, ...]]] = set()
    for storage in ("standard", "archive"):
        count = rng.choice([0, 1, 2, 3, 4]) if storage == "standard" else rng.choice([0, 0, 1, 2])
        used_untagged = False
        for k in range(count):
            last = k == count - 1
            options = ["tagged", "tagged"] + ([] if used_untagged else ["untagged"])
            options += ["any"] if last else []
            status = rng.choice(options)
            used_untagged |= status == "untagged"
            prefixes: list[str] = []
            patterns: list[str] = []
            if status == "tagged":
                for _ in range(10):
                    kind = rng.choice(["prefix", "pattern"])
                    entries = random_list(rng, PREFIXES if kind == "prefix" else PATTERNS)
                    key = (kind, tuple(sorted(set(entries))))
                    if key not in seen_lists:
                        seen_lists.add(key)
                        break
                else:
                    continue
                if kind == "prefix":
                    prefixes = entries
                else:
                    patterns = entries
            if storage == "archive":
                count_type, number, action = "sinceImageTransitioned", rng.choice(ARCHIVE_DAYS), "expire"
            else:
                count_type = rng.choice(["imageCountMoreThan", "imageCountMoreThan",
                                         "sinceImagePushed", "sinceImagePulled"])
                if count_type == "imageCountMoreThan":
                    number = rng.choice(COUNTS)
                    action = rng.choice(["expire", "expire", "transition"])
                elif count_type == "sinceImagePushed":
                    number = rng.choice(AGE_DAYS + [90])
                    action = rng.choice(["expire", "transition"])
                else:
                    number, action = rng.choice(AGE_DAYS + [90]), "transition"
            rules.append(Rule(0, status, storage, count_type, number, action, prefixes, patterns))
    # Distinct priorities; within a storage class, an `any` rule gets the highest (V6).
    priorities = sorted(rng.sample(range(1, 60), len(rules)))
    rng.shuffle(priorities)
    for storage in ("standard", "archive"):
        group = [r for r in rules if r.storage_class == storage]
        mine = sorted(priorities[:len(group)])
        priorities = priorities[len(group):]
        rng.shuffle(mine)
        for rule, priority in zip(group, mine):
            rule.priority = priority
        anys = [r for r in group if r.tag_status == "any"]
        if anys:
            top = max(r.priority for r in group)
            holder = next(r for r in group if r.priority == top)
            holder.priority, anys[0].priority = anys[0].priority, top
    rng.shuffle(rules)  # the harness (like the parser) sorts by priority
    return rules


def random_digest(rng: random.Random) -> str:
    return "%064x" % rng.getrandbits(256)


def random_images(rng: random.Random, now: int) -> list[Image]:
    n = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24])
    shared_times = [random_time(rng, now) for _ in range(3)]  # makes ties common
    images = []
    for _ in range(n):
        status = rng.choices(["ACTIVE", "ARCHIVED", "ACTIVATING"], [70, 22, 8])[0]
        pushed = rng.choice(shared_times) if rng.random() < 0.4 else random_time(rng, now)
        image = Image(random_digest(rng), status, pushed)
        if rng.random() < 0.6:
            image.pulled = rng.choice([pushed, random_time(rng, now)])
        if rng.random() < 0.2 or (status == "ACTIVATING" and rng.random() < 0.5):
            image.activated = rng.choice([random_time(rng, now), rng.choice(shared_times)])
        if (status == "ARCHIVED" and rng.random() < 0.85) or rng.random() < 0.1:
            image.archived = random_time(rng, now)
        image.tags = rng.sample(TAGS, rng.choice([0, 0, 1, 1, 2, 3]))
        images.append(image)
    digests = [i.digest for i in images]
    for image in images:
        if digests and rng.random() < 0.2:
            image.children = rng.sample(digests, min(len(digests), rng.choice([1, 2, 3])))
            if rng.random() < 0.15:
                image.children.append(random_digest(rng))  # absent from the inventory
        if digests and rng.random() < 0.2:
            image.subject = rng.choice(digests) if rng.random() < 0.9 else random_digest(rng)
    images.sort(key=lambda i: i.digest)
    return images


def case_text(name: str, now: int, rules: list[Rule], images: list[Image]) -> str:
    def t(value: int | None) -> str:
        return "-" if value is None else str(value)

    out = [f"case {name}", f"now {now}"]
    for r in rules:
        kind, entries = ("prefix", r.prefixes) if r.prefixes else (
            ("pattern", r.patterns) if r.patterns else ("none", []))
        out.append(" ".join([f"rule {r.priority} {r.tag_status} {r.storage_class} {r.count_type}",
                             f"{r.count_number} {r.action} {kind} {len(entries)}", *entries]))
    for i in images:
        out.append(" ".join([f"image {i.digest} {i.status} {i.pushed} {t(i.pulled)}",
                             f"{t(i.archived)} {t(i.activated)} {i.subject or '-'}",
                             str(len(i.tags)), *i.tags, str(len(i.children)), *i.children]))
    out.append("end")
    return "\n".join(out) + "\n"


def parse_output(text: str) -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("case "):
            current = cases.setdefault(line[5:], [])
        elif line == "end":
            current = None
        elif current is not None:
            current.append(line)
    return cases


def run_harness(harness: str, text: str) -> dict[str, list[str]]:
    run = subprocess.run([harness], input=text, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"harness failed (exit {run.returncode}): {run.stderr}")
    return parse_output(run.stdout)


def shrink(harness: str, now: int, rules: list[Rule], images: list[Image]):
    """Greedily drops rules, images, tags, children and subjects while engine and model
    still disagree, so that the printout is small."""

    def disagrees(rs: list[Rule], ims: list[Image]) -> bool:
        got = run_harness(harness, case_text("s", now, rs, ims)).get("s")
        return got != evaluate(rs, ims, now)

    changed = True
    while changed:
        changed = False
        for k in range(len(rules) - 1, -1, -1):
            if disagrees(rules[:k] + rules[k + 1:], images):
                rules, changed = rules[:k] + rules[k + 1:], True
        for k in range(len(images) - 1, -1, -1):
            if k < len(images) and disagrees(rules, images[:k] + images[k + 1:]):
                images, changed = images[:k] + images[k + 1:], True
        for k, image in enumerate(images):
            for attr, empty in (("tags", []), ("children", []), ("subject", None),
                                ("pulled", None), ("activated", None), ("archived", None)):
                if getattr(image, attr) not in (empty,):
                    trial = copy.deepcopy(images)
                    setattr(trial[k], attr, empty)
                    if disagrees(rules, trial):
                        images, changed = trial, True
    return now, rules, images


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--harness", required=True, help="path of the eval_harness executable")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2_500, help="cases per harness process")
    args = parser.parse_args()

    start = time.monotonic()
    rng = random.Random(args.seed)
    for first in range(0, args.cases, args.batch):
        texts, expected, cases = {}, {}, {}
        for k in range(first, min(args.cases, first + args.batch)):
            now = NOW_BASE + rng.randrange(0, 10 * DAY)
            rules, images = random_rules(rng), random_images(rng, now)
            name = str(k)
            texts[name] = case_text(name, now, rules, images)
            expected[name] = evaluate(rules, images, now)
            cases[name] = (now, rules, images)
        actual = run_harness(args.harness, "".join(texts.values()))
        for name, want in expected.items():
            got = actual.get(name)
            if got == want:
                continue
            print(f"DISAGREEMENT: seed {args.seed}, case {name} "
                  f"(rerun: --seed {args.seed} --cases {int(name) + 1}); shrunk case:")
            now, rules, images = shrink(args.harness, *cases[name])
            print(case_text(name, now, rules, images), end="")
            want = evaluate(rules, images, now)
            got = run_harness(args.harness, case_text(name, now, rules, images)).get(name, [])
            for w, g in zip(want + [""] * len(got), got + [""] * len(want)):
                if w != g:
                    print(f"  model:  {w}\n  engine: {g}")
            return 1
    elapsed = time.monotonic() - start
    print(f"engine and model agree on {args.cases} cases (seed {args.seed}, {elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
