"""Reference model of ECR lifecycle evaluation, written from docs/../semantics.md sections 2-4.

Deliberately naive: phase 1 marks per rule, phase 2 walks rules with a protected set, and
section 4 loops until nothing changes. It is the oracle for differential_test.py, so it
favours being obviously right over being fast. Reasons follow ImageVerdict in
engine/include/ecrlc/evaluate.hpp; the choices are those of docs/semantics-choices.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DAY = 86_400 * 1_000_000  # microseconds


@dataclass
class Rule:
    priority: int
    tag_status: str  # tagged | untagged | any
    storage_class: str  # standard | archive
    count_type: str  # imageCountMoreThan | sinceImagePushed | sinceImagePulled | sinceImageTransitioned
    count_number: int
    action: str  # expire | transition
    prefixes: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)

    @property
    def is_count(self) -> bool:
        return self.count_type == "imageCountMoreThan"


@dataclass
class Image:
    digest: str  # 64 lower-case hex digits; images of a case are sorted by it
    status: str  # ACTIVE | ARCHIVED | ACTIVATING
    pushed: int
    pulled: int | None = None
    archived: int | None = None
    activated: int | None = None
    subject: str | None = None
    tags: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    action: str = "none"
    reason: str = "not_selected"
    rule: int = 0
    protector: int = 0
    rank: int = 0
    reference: int | None = None
    parent: int | None = None

    def line(self, index: int) -> str:
        ref = "-" if self.reference is None else str(self.reference)
        parent = "-" if self.parent is None else str(self.parent)
        return (f"v {index} {self.action} {self.reason} {self.rule} {self.protector} "
                f"{self.rank} {ref} {parent}")


def pattern_matches(pattern: str, tag: str) -> bool:
    regex = "".join(".*" if c == "*" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, tag, re.DOTALL) is not None


def storage_class(image: Image) -> str | None:
    return {"ACTIVE": "standard", "ARCHIVED": "archive"}.get(image.status)


def selects(rule: Rule, image: Image) -> bool:
    if storage_class(image) is None or storage_class(image) != rule.storage_class:
        return False
    if rule.tag_status == "any":
        return True
    if rule.tag_status == "untagged":
        return not image.tags
    if not image.tags:
        return False
    return (all(any(t.startswith(p) for t in image.tags) for p in rule.prefixes)
            and all(any(pattern_matches(p, t) for t in image.tags) for p in rule.patterns))


def ordering_time(image: Image) -> int:
    return image.activated if image.activated is not None else image.pushed


def reference_time(rule: Rule, image: Image) -> int:
    if rule.count_type == "sinceImagePulled":
        if image.pulled is None:
            return ordering_time(image)
        if image.activated is not None and image.pulled < image.activated:
            return image.activated
        return image.pulled
    if rule.count_type == "sinceImageTransitioned":
        return image.archived if image.archived is not None else ordering_time(image)
    return ordering_time(image)


def end_state(image: Image, action: str) -> str:
    if action == "expire":
        return "expired"
    if action == "transition" or image.status == "ARCHIVED":
        return "archive"
    return "standard"


def withdraws(child_action: str, parent_state: str) -> bool:
    return ((child_action == "expire" and parent_state != "expired")
            or (child_action == "transition" and parent_state == "standard"))


def evaluate(rules: list[Rule], images: list[Image], now: int) -> list[str]:
    """Returns the harness's output lines (without the case/end lines)."""
    rules = sorted(rules, key=lambda r: r.priority)
    n = len(images)
    position = {image.digest: i for i, image in enumerate(images)}

    # Phase 1: every rule on the same snapshot.
    selected: dict[int, set[int]] = {}
    marked: dict[int, set[int]] = {}
    detail: dict[tuple[int, int], tuple[int, int | None]] = {}  # (rule, image) -> (rank, ref)
    for rule in rules:
        chosen = [i for i in range(n) if selects(rule, images[i])]
        selected[rule.priority] = set(chosen)
        marked[rule.priority] = set()
        if rule.is_count:
            newest_first = sorted(chosen, key=lambda i: (-ordering_time(images[i]), images[i].digest))
            for rank, i in enumerate(newest_first, start=1):
                detail[(rule.priority, i)] = (rank, None)
                if rank > rule.count_number:
                    marked[rule.priority].add(i)
        else:
            for i in chosen:
                t = reference_time(rule, images[i])
                detail[(rule.priority, i)] = (0, t)
                if now - t > rule.count_number * DAY:
                    marked[rule.priority].add(i)

    # Phase 2: ascending priority, selection by a higher rule protects.
    action = ["none"] * n
    acting_rule = [0] * n
    protected: set[int] = set()
    for rule in rules:
        for i in sorted(marked[rule.priority]):
            if i not in protected and action[i] == "none":
                action[i] = rule.action
                acting_rule[i] = rule.priority
        protected |= selected[rule.priority]

    verdicts = [Verdict() for _ in range(n)]
    for i, image in enumerate(images):
        v = verdicts[i]
        if image.status == "ACTIVATING":
            v.reason = "activating"
            continue
        if action[i] != "none":
            v.action, v.reason, v.rule = action[i], "acted_on", acting_rule[i]
        else:
            markers = [r for r in rules if i in marked[r.priority]]
            selectors = [r for r in rules if i in selected[r.priority]]
            if markers:
                v.reason, v.rule = "protected_by_rule", markers[0].priority
                v.protector = next(r.priority for r in selectors
                                   if r.priority < markers[0].priority)
            elif selectors:
                v.rule = selectors[0].priority
                v.reason = "within_count" if selectors[0].is_count else "too_young"
            else:
                continue
        v.rank, v.reference = detail[(v.rule, i)]

    # Section 4: children of surviving indexes, to a fixed point.
    original = list(action)
    withdrawn = [False] * n
    changed = True
    while changed:
        changed = False
        for p, parent in enumerate(images):
            for child_digest in parent.children:
                c = position.get(child_digest)
                if c is None or c == p:
                    continue
                if withdraws(action[c], end_state(parent, action[p])):
                    action[c] = "none"
                    withdrawn[c] = True
                    changed = True
    for c in range(n):
        if withdrawn[c]:
            verdicts[c].action = "none"
            verdicts[c].reason = "child_of_surviving_index"
            verdicts[c].parent = min(
                p for p, parent in enumerate(images)
                if p != c and images[c].digest in parent.children
                and withdraws(original[c], end_state(parent, action[p])))

    # Section 4: referrers of expired subjects, transitively.
    removed = {i: verdicts[i].rule for i in range(n) if action[i] == "expire"}
    consequences: dict[int, tuple[int, int]] = {}
    changed = True
    while changed:
        changed = False
        for r, image in enumerate(images):
            s = position.get(image.subject) if image.subject else None
            if s is not None and s in removed and action[r] != "expire" and r not in removed:
                removed[r] = removed[s]
                consequences[r] = (s, removed[s])
                changed = True

    lines = [v.line(i) for i, v in enumerate(verdicts)]
    lines += [f"c {r} {s} {rule}" for r, (s, rule) in sorted(consequences.items())]
    return lines
