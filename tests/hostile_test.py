#!/usr/bin/env python3
"""Hostile inputs and outputs for `lint`, `preview` and `plan` (docs/reliability.md).

Every case must end with exit status 0, 1 or 2 (a narrower set when the outcome is known),
within a time limit and a memory limit (RLIMIT_AS in the child), never through a signal,
and a failure must come with a clear message on stderr: an `error:` line, naming the input
file when the problem is in a file. Inputs are generated here from fixed seeds.

Usage: hostile_test.py BINARY [--only SUBSTRING] [--timeout S] [--jobs N] [--list]

The time limit is 20 s per run, 100 s when the binary is built with ASan (or
ECRLC_SANITIZED=1 is set).
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

NOW = "2025-06-01T00:00:00Z"
MEMORY_LIMIT = 4 << 30
TIMEOUT = 20  # seconds per run
SANITIZED_TIMEOUT = 100
MAX_STDERR = 1 << 20  # a diagnostic shows a window of the line, never a 5 MB tag

VALID_POLICY = {
    "rules": [
        {
            "rulePriority": 1,
            "description": "keep the ten newest release images whatever else happens",
            "selection": {"tagStatus": "tagged", "tagPrefixList": ["release"],
                          "countType": "imageCountMoreThan", "countNumber": 10},
            "action": {"type": "expire"},
        },
        {
            "rulePriority": 2,
            "description": "expire everything else after a week",
            "selection": {"tagStatus": "any", "countType": "sinceImagePushed",
                          "countUnit": "days", "countNumber": 7},
            "action": {"type": "expire"},
        },
    ]
}


def digest(n):
    return "sha256:" + format(n, "064x")


def image(n, repository="web", **fields):
    record = {
        "registryId": "123456789012",
        "repositoryName": repository,
        "imageDigest": digest(n),
        "imageTags": ["v%d" % n],
        "imageSizeInBytes": 1000 + n,
        "imagePushedAt": "2025-01-%02dT12:00:00.5+01:00" % (1 + n % 28),
        "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
    }
    record.update(fields)
    return record


def describe_images(images):
    return json.dumps({"imageDetails": images}, indent=1) + "\n"


def with_raw(document, raw):
    """JSON text of `document` where the string "@RAW@" is replaced by raw JSON text."""
    return json.dumps(document, indent=1).replace('"@RAW@"', raw) + "\n"


def policy_with(selection=None, rule=None, raw=None):
    policy = json.loads(json.dumps(VALID_POLICY))
    if selection:
        policy["rules"][1]["selection"].update(selection)
    if rule:
        policy["rules"][1].update(rule)
    text = json.dumps(policy, indent=2) + "\n"
    return text if raw is None else text.replace('"@RAW@"', raw)


def truncations(text, seed, count):
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(text)), count))
    return [("cut-at-%d" % cut, text[:cut]) for cut in cuts]


def bit_flips(data, seed, count):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        flipped = bytearray(data)
        for _ in range(1 + i % 8):
            position = rng.randrange(len(flipped))
            flipped[position] ^= 1 << rng.randrange(8)
        out.append(("flip-%d" % i, bytes(flipped)))
    return out


# A case: name, kind ("policy" or "inventory"), file content (str or bytes), the exit
# statuses allowed, and optionally extra arguments (for --now). Content DIRECTORY makes the
# input a folder; content "/dev/..." names that device instead of a file.
# Kind "output" (outputs that never destroy): the content is an inventory, `target` says where
# the output goes and `expect` is a fragment the error must contain.
DIRECTORY = object()


class Case:
    def __init__(self, name, kind, content, allowed, now=NOW, target=None, expect=None):
        self.name = name
        self.kind = kind
        self.content = content
        self.allowed = set(allowed)
        self.now = now
        self.target = target
        self.expect = expect


def special_cases(kind):
    """Inputs that are not files: never read as empty (a folder) or whole (/dev/zero)."""
    return [Case(kind + "-directory", kind, DIRECTORY, {2}),
            Case(kind + "-dev-zero", kind, "/dev/zero", {2})]


def policy_cases():
    cases = []
    depth = 100_000
    cases.append(Case("policy-nesting-100000", "policy",
                      '{"rules": ' + "[" * depth + "]" * depth + "}\n", {1}))
    cases.append(Case("policy-nesting-100000-objects", "policy",
                      '{"rules": [' + '{"a":' * depth + "1" + "}" * depth + "]}\n", {1}))
    # Past the 1 MiB limit of a policy file: refused unread, exit 2.
    cases.append(Case("policy-tag-5mb", "policy",
                      policy_with(rule={"selection": {"tagStatus": "tagged",
                                                      "tagPrefixList": ["p" * (5 << 20)],
                                                      "countType": "imageCountMoreThan",
                                                      "countNumber": 1}}), {2}))
    cases.append(Case("policy-200000-prefixes", "policy",
                      policy_with(rule={"selection": {
                          "tagStatus": "tagged",
                          "tagPrefixList": ["p%d" % i for i in range(200_000)],
                          "countType": "imageCountMoreThan", "countNumber": 1}}), {2}))
    cases.append(Case("policy-invalid-utf8", "policy",
                      policy_with(rule={"description": "@RAW@"}).encode().replace(
                          b'"@RAW@"', b'"bad \xc3\x28 \xff utf-8"'), {1}))
    cases.append(Case("policy-nul-in-string", "policy",
                      policy_with(rule={"description": "@RAW@"}).encode().replace(
                          b'"@RAW@"', b'"nul \x00 byte"'), {1}))
    cases.append(Case("policy-nul-outside-string", "policy",
                      b"\x00" + policy_with().encode(), {1}))
    # Accepted, as the AWS CLI accepts it.
    cases.append(Case("policy-bom", "policy", b"\xef\xbb\xbf" + policy_with().encode(), {0}))
    cases += special_cases("policy")
    cases.append(Case("policy-empty", "policy", b"", {1}))
    for name, raw in [("1e400", "1e400"), ("minus-zero", "-0"),
                      ("2pow64-plus-1", "18446744073709551617"), ("minus-1e400", "-1e400"),
                      ("float-one", "1.0"), ("huge-digits", "9" * 100_000)]:
        cases.append(Case("policy-countNumber-" + name, "policy",
                          policy_with(selection={"countNumber": "@RAW@"}, raw=raw), {1}))
        cases.append(Case("policy-rulePriority-" + name, "policy",
                          policy_with(rule={"rulePriority": "@RAW@"}, raw=raw), {1}))
    cases.append(Case("policy-valid", "policy", policy_with(), {0}))
    valid = policy_with()
    # The last cut only drops the final newline or brace: accept 0 there.
    for name, text in truncations(valid, 1, 12):
        cases.append(Case("policy-truncated-" + name, "policy", text,
                          {0, 1} if len(text) >= len(valid.rstrip()) else {1}))
    for name, data in bit_flips(valid.encode(), 2, 24):
        cases.append(Case("policy-bitflip-" + name, "policy", data, {0, 1}))
    return cases


def timestamp_cases():
    bad = {
        "zero-date": "0000-00-00",
        "zero-datetime": "0000-00-00T00:00:00Z",
        "leap-second": "2016-12-31T23:59:60Z",
        "feb-30": "2025-02-30T00:00:00Z",
        "offset-plus-14-01": "2025-03-15T10:00:00+14:01",
        "offset-minus-15": "2025-03-15T10:00:00-15:00",
        "offset-plus-99": "2025-03-15T10:00:00+99:99",
        "fraction-19-digits": "2025-03-15T10:00:00.1234567890123456789Z",
        "no-offset": "2025-03-15T10:00:00",
        "year-10000": "10000-01-01T00:00:00Z",
    }
    good = {
        "max-date": "9999-12-31T23:59:59.999999Z",
        "offset-plus-14": "2025-03-15T10:00:00+14:00",
        "offset-minus-14": "2025-03-15T10:00:00-14:00",
        "fraction-9-digits": "2025-03-15T10:00:00.123456789Z",
    }
    raw_bad = {"epoch-1e20": "1e20", "epoch-minus-1e20": "-1e20",
               "epoch-2pow64-plus-1": "18446744073709551617", "epoch-1e400": "1e400"}
    cases = []
    for name, value in bad.items():
        cases.append(Case("inventory-pushedAt-" + name, "inventory",
                          describe_images([image(1), image(2, imagePushedAt=value)]), {2}))
        cases.append(Case("now-" + name, "inventory", describe_images([image(1)]), {2},
                          now=value))
    for name, value in good.items():
        cases.append(Case("inventory-pushedAt-" + name, "inventory",
                          describe_images([image(1), image(2, imagePushedAt=value)]), {0}))
    for name, raw in raw_bad.items():
        cases.append(Case("inventory-pushedAt-" + name, "inventory",
                          with_raw({"imageDetails": [image(1, imagePushedAt="@RAW@")]}, raw), {2}))
        cases.append(Case("now-" + name, "inventory", describe_images([image(1)]), {2}, now=raw))
    cases.append(Case("inventory-pushedAt-epoch-minus-0", "inventory",
                      with_raw({"imageDetails": [image(1, imagePushedAt="@RAW@")]}, "-0"), {0}))
    return cases


def inventory_cases():
    cases = []
    depth = 100_000
    cases.append(Case("inventory-nesting-100000-top", "inventory",
                      "[" * depth + "]" * depth + "\n", {2}))
    cases.append(Case("inventory-nesting-100000-unknown-field", "inventory",
                      with_raw({"imageDetails": [image(1, imageScanFindingsSummary="@RAW@")]},
                               "[" * depth + "]" * depth), {0, 2}))
    # Past the 1 MiB element limit (and the 300-character, 1,000-tag quotas): exit 2.
    cases.append(Case("inventory-tag-5mb", "inventory",
                      describe_images([image(1, imageTags=["t" * (5 << 20)])]), {2}))
    cases.append(Case("inventory-200000-tags", "inventory",
                      describe_images([image(1, imageTags=["t%d" % i for i in range(200_000)])]),
                      {2}))
    cases.append(Case("inventory-element-2mb-unknown-field", "inventory",
                      describe_images([image(1), image(2, imageScanStatus={
                          "description": "d" * (2 << 20)})]), {2}))
    cases.append(Case("inventory-element-just-under-1mib", "inventory",
                      describe_images([image(1), image(2, imageScanStatus={
                          "description": "d" * 1_000_000})]), {0}))
    cases.append(Case("inventory-invalid-utf8-tag", "inventory",
                      describe_images([image(1, imageTags=["@RAW@"])]).encode().replace(
                          b'"@RAW@"', b'"bad\xc3\x28\xff"'), {2}))
    cases.append(Case("inventory-nul-in-tag", "inventory",
                      describe_images([image(1, imageTags=["@RAW@"])]).encode().replace(
                          b'"@RAW@"', b'"a\x00b"'), {2}))
    cases.append(Case("inventory-nul-between-values", "inventory",
                      describe_images([image(1)]).encode().replace(b",", b",\x00", 1), {2}))
    cases.append(Case("inventory-bom", "inventory",
                      b"\xef\xbb\xbf" + describe_images([image(1)]).encode(), {0, 2}))
    cases.append(Case("inventory-empty-file", "inventory", b"", {0, 2}))
    cases += special_cases("inventory")
    for name, raw in [("1e400", "1e400"), ("2pow64-plus-1", "18446744073709551617"),
                      ("minus-1", "-1"), ("fraction", "1.5")]:
        cases.append(Case("inventory-size-" + name, "inventory",
                          with_raw({"imageDetails": [image(1, imageSizeInBytes="@RAW@")]}, raw),
                          {2}))
    cases.append(Case("inventory-size-minus-0", "inventory",
                      with_raw({"imageDetails": [image(1, imageSizeInBytes="@RAW@")]}, "-0"),
                      {0, 2}))
    cases.append(Case("inventory-same-digest-50000", "inventory",
                      describe_images([image(7)] * 50_000), {0}))
    cases.append(Case("inventory-same-digest-50000-different-tags", "inventory",
                      describe_images([image(7, imageTags=["t%d" % i]) for i in range(50_000)]),
                      {0}))
    cases.append(Case("inventory-same-tag-50000-images", "inventory",
                      describe_images([image(i, imageTags=["latest"]) for i in range(50_000)]),
                      {0}))
    # Fail closed (docs/reliability.md): snapshots that disagree with themselves, registries.
    cases.append(Case("inventory-tag-moved-between-pages", "inventory",
                      json.dumps({"imageDetails": [image(1, imageTags=["prod"])],
                                  "nextToken": "x"}) + "\n" +
                      json.dumps({"imageDetails": [image(2, imageTags=["prod"])]}) + "\n",
                      {0}))
    cases.append(Case("inventory-one-name-in-two-registries", "inventory",
                      describe_images([image(1), image(1, registryId="210987654321"),
                                       image(2, registryId="210987654321")]), {0}))
    cases.append(Case("inventory-no-registry-among-several", "inventory",
                      describe_images([image(1), image(2, registryId="210987654321"),
                                       {k: v for k, v in image(3).items()
                                        if k != "registryId"}]), {0}))
    cases.append(Case("inventory-100000-images-one-repository", "inventory",
                      "\n".join(json.dumps(image(i)) for i in range(100_000)) + "\n", {0}))
    base = describe_images([image(i, "web" if i % 2 else "api") for i in range(1, 9)])
    cases.append(Case("inventory-valid", "inventory", base, {0}))
    for name, text in truncations(base, 3, 12):
        # A cut that keeps whole elements may still be a valid (shorter) document.
        cases.append(Case("inventory-truncated-" + name, "inventory", text,
                          {0, 2} if len(text) >= len(base.rstrip()) else {2}))
    for name, data in bit_flips(base.encode(), 4, 24):
        cases.append(Case("inventory-bitflip-" + name, "inventory", data, {0, 2}))
    return cases


def output_cases():
    """--output onto an input (directly or through a link), and write errors of --output and
    of standard output: each is exit 2 with the reason, the input left as it was."""
    inventory = describe_images([image(i) for i in range(1, 30)])
    cases = [
        Case("output-is-the-inventory", "output", inventory, {2}, target="input",
             expect="is an input of this command"),
        Case("output-links-to-the-inventory", "output", inventory, {2}, target="link",
             expect="is an input of this command"),
        Case("stdout-closed", "output", inventory, {2}, target="stdout-closed",
             expect="standard output: cannot write: Bad file descriptor"),
    ]
    if os.path.exists("/dev/full"):
        cases.append(Case("output-dev-full", "output", inventory, {2}, target="/dev/full",
                          expect=": cannot write: No space left on device"))
        cases.append(Case("stdout-dev-full", "output", inventory, {2}, target="stdout-full",
                          expect="standard output: cannot write: No space left on device"))
    return cases


def private_full(directory):
    """/dev/full, or as root a private node of it: a binary that renames over its output must
    not turn the system's /dev/full into a regular file."""
    if os.geteuid() == 0:
        path = os.path.join(directory, "full")
        try:
            if not os.path.exists(path):
                os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
            return path
        except OSError:
            pass
    return "/dev/full"


def is_asan(binary):
    """True for a binary built with ASan (tests/ci_extra.sh also sets ECRLC_SANITIZED=1)."""
    if os.environ.get("ECRLC_SANITIZED") == "1":
        return True
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def limit_child(asan, close_stdout=False):
    def apply():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if not asan:  # ASan reserves terabytes of address space for its shadow memory
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if close_stdout:
            os.close(1)
    return apply


ERROR_LINE = re.compile(r"^(?P<where>[^\n]*?): error: \S", re.M)


def check(case, run_result, file_name, timeout):
    """Problems with one run, as a list of strings (empty: the run is fine)."""
    problems = []
    if run_result is None:
        return ["no exit within %d s (killed)" % timeout]
    code, stderr = run_result.returncode, run_result.stderr.decode("utf-8", "replace")
    if code < 0:
        problems.append("killed by signal %s" % signal.Signals(-code).name)
    elif code not in (0, 1, 2):
        problems.append("exit status %d (only 0, 1, 2 are allowed)" % code)
    elif code not in case.allowed:
        problems.append("exit status %d, expected %s" % (code, sorted(case.allowed)))
    if "Sanitizer" in stderr or "runtime error:" in stderr:
        problems.append("sanitizer report")
    if len(stderr) > MAX_STDERR:
        problems.append("stderr is %d bytes" % len(stderr))
    if case.kind == "output":
        if case.expect not in stderr:
            problems.append("stderr does not say %r" % case.expect)
    elif code in (1, 2):
        errors = [m.group("where") for m in ERROR_LINE.finditer(stderr)]
        if not errors:
            problems.append("no `error:` line on stderr")
        elif (case.kind == "policy" or code == 2) and case.now == NOW and not any(
                w.startswith(file_name) for w in errors):
            problems.append("no error names the input file %s" % os.path.basename(file_name))
    if problems:
        first = stderr.strip().splitlines()[:2]
        problems.append("stderr starts: %r" % (" | ".join(line[:150] for line in first)))
    return problems


def run_case(binary, case, commands, scratch, timeout, asan, valid_policy, valid_inventory):
    """Writes the case's input once and runs each command on it: [(command, problems, s)]."""
    directory = tempfile.mkdtemp(dir=scratch)
    outcomes = []
    try:
        name = os.path.join(directory, case.name + ".json")
        data = None  # what was written to the input file, to check it stays unchanged
        if case.content is DIRECTORY:
            os.mkdir(name)
        elif isinstance(case.content, str) and case.content.startswith("/dev/"):
            name = case.content
        else:
            data = case.content if isinstance(case.content, bytes) else case.content.encode()
            with open(name, "wb") as f:
                f.write(data)
        policy = name if case.kind == "policy" else valid_policy
        images = name if case.kind in ("inventory", "output") else valid_inventory
        env = dict(os.environ)
        # Appended, so that CI's options (abort_on_error=1...) stay: a later flag wins in
        # ASAN_OPTIONS, and a huge allocation must fail as std::bad_alloc, not as a report.
        env["ASAN_OPTIONS"] = ":".join(
            filter(None, [env.get("ASAN_OPTIONS", ""), "allocator_may_return_null=1"]))
        for command in commands:
            if command == "lint":
                args = ["lint", policy]
            elif command == "preview":
                args = ["preview", "--policy", policy, "--images", images, "--now", case.now,
                        "--format", "json"]
            else:
                args = ["plan", "--policy", policy, "--images", images, "--now", case.now,
                        "--out", os.path.join(directory, "plan")]
            stdout = subprocess.DEVNULL
            if case.target == "input":
                args += ["--output", name]
            elif case.target == "/dev/full":
                args += ["--output", private_full(directory)]
            elif case.target == "link":
                link = os.path.join(directory, "link.json")
                if not os.path.lexists(link):
                    os.symlink(name, link)
                args += ["--output", link]
            elif case.target == "stdout-full":
                stdout = open("/dev/full", "wb")
            start = time.monotonic()
            try:
                result = subprocess.run([binary] + args, stdin=subprocess.DEVNULL,
                                        stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                                        preexec_fn=limit_child(asan,
                                                               case.target == "stdout-closed"),
                                        env=env)
            except subprocess.TimeoutExpired:
                result = None
            finally:
                if stdout is not subprocess.DEVNULL:
                    stdout.close()
            elapsed = time.monotonic() - start
            problems = check(case, result, name, timeout)
            if data is not None:
                with open(name, "rb") as f:
                    if f.read() != data:
                        problems.append("the input file was changed")
            outcomes.append((command, problems, elapsed))
        return outcomes
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--only", default="")
    parser.add_argument("--timeout", type=int, default=None,
                        help="seconds per run (default 20; 100 for a sanitized binary)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true")
    options = parser.parse_args()

    runs = [(case, ["lint", "preview", "plan"]) for case in policy_cases()]
    runs += [(case, ["preview", "plan"]) for case in inventory_cases() + timestamp_cases()]
    runs += [(case, ["preview", "plan"] if case.target.startswith("stdout") else ["preview"])
             for case in output_cases()]
    runs = [(case, [c for c in commands if options.only in "%s %s" % (c, case.name)])
            for case, commands in runs]
    runs = [(case, commands) for case, commands in runs if commands]
    if options.list:
        for case, commands in runs:
            print(" ".join(commands), case.name)
        return 0

    asan = is_asan(options.binary)
    if options.timeout is None:
        # ASan and UBSan make the big inputs 5 to 20 times slower; the limit still catches a
        # hang (it is there for loops that never end), not a slow sanitized run.
        options.timeout = SANITIZED_TIMEOUT if asan else TIMEOUT
    scratch = tempfile.mkdtemp(prefix="ecrlc-hostile-")
    try:
        valid_policy = os.path.join(scratch, "valid-policy.json")
        with open(valid_policy, "w") as f:
            f.write(policy_with())
        valid_inventory = os.path.join(scratch, "valid-inventory.json")
        with open(valid_inventory, "w") as f:
            f.write(describe_images([image(i) for i in range(1, 30)]))
        failures = []
        slowest = (0.0, "")
        total = 0
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            futures = [pool.submit(run_case, options.binary, case, commands, scratch,
                                   options.timeout, asan, valid_policy, valid_inventory)
                       for case, commands in runs]
            for future, (case, _) in zip(futures, runs):
                for command, problems, elapsed in future.result():
                    total += 1
                    slowest = max(slowest, (elapsed, "%s %s" % (command, case.name)))
                    if problems:
                        failures.append("FAIL %s %s: %s" % (command, case.name,
                                                            "; ".join(problems)))
        for line in sorted(failures):
            print(line)
        print("%d of %d runs failed; slowest: %s (%.1f s)%s" % (
            len(failures), total, slowest[1], slowest[0], " [ASan: no RLIMIT_AS]" if asan else ""))
        return 1 if failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
