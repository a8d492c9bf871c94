#!/usr/bin/env python3
"""Fail closed: no input, output or signal makes a cleanup delete what it should keep.

One test per rule of docs/reliability.md ("Fail closed"). Each runs the real binary on files
made here (from fixtures/ops) and asserts the outcome: the exit status, the message with its
location, the files written or left alone, the images planned for deletion.

Usage: fail_closed_test.py BINARY [unittest options]
"""

import fcntl
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = os.path.join(ROOT, "fixtures", "ops")
POLICY = os.path.join(OPS, "policy-old.json")
INVENTORY = os.path.join(OPS, "inventory.json")
PROTECT = os.path.join(OPS, "protect.txt")
NOW = "2025-06-01"
SANITIZED = os.environ.get("ECRLC_SANITIZED") == "1"
TIMEOUT = 100 if SANITIZED else 20

EXPIRE_UNTAGGED = {"rules": [{
    "rulePriority": 1, "description": "untagged after a day",
    "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                  "countUnit": "days", "countNumber": 1},
    "action": {"type": "expire"}}]}
EXPIRE_ALL = {"rules": [{
    "rulePriority": 1, "description": "everything after a day",
    "selection": {"tagStatus": "any", "countType": "sinceImagePushed",
                  "countUnit": "days", "countNumber": 1},
    "action": {"type": "expire"}}]}


def run(args, stdin=None, input_bytes=None, memory=None, env=None, timeout=TIMEOUT, **kw):
    """Runs the binary; returns (status, stdout bytes, stderr text). A signal is a failure."""
    def limit():
        if memory and not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    proc = subprocess.run([BINARY] + args, stdin=stdin, input=input_bytes,
                          capture_output=True, timeout=timeout, preexec_fn=limit,
                          env=env, **kw)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def digest(n):
    return "sha256:" + format(n, "064x")


def image(n, repository="shop/api", tags=(), pushed="2025-01-01T00:00:00Z", size=1000, **extra):
    record = {"registryId": "123456789012", "repositoryName": repository,
              "imageDigest": digest(n), "imagePushedAt": pushed, "imageSizeInBytes": size,
              "imageManifestMediaType": "application/vnd.oci.image.manifest.v1+json"}
    if tags:
        record["imageTags"] = list(tags)
    record.update(extra)
    return record


def planned_digests(plan_dir):
    """Every (registryId, repository, digest) that the plan's delete requests name."""
    found = set()
    for folder, _, files in os.walk(os.path.join(plan_dir, "delete")):
        for name in files:
            with open(os.path.join(folder, name)) as f:
                request = json.load(f)
            for image_id in request["imageIds"]:
                found.add((request.get("registryId"), request["repositoryName"],
                           image_id["imageDigest"]))
    return found


class Scratch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, content):
        path = self.path(name)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(path, mode) as f:
            f.write(content if isinstance(content, (str, bytes)) else json.dumps(content))
        return path

    def assertFails(self, result, status, *fragments):
        code, _, err = result
        self.assertEqual(code, status, err)
        for fragment in fragments:
            self.assertIn(fragment, err)


class InputsNeverEmpty(Scratch):
    """1-5: a directory, a FIFO or stdin is never read as an empty or partial input."""

    def test_directory_is_never_an_empty_file(self):
        folder = self.path("pd")
        os.mkdir(folder)
        os.link(PROTECT, os.path.join(folder, "protect.txt"))
        common = ["--images", INVENTORY, "--now", NOW]
        cases = {
            "protect": ["plan", "--policy", POLICY, "--protect", folder, "--out", self.path("p")],
            "policy": ["preview", "--policy", folder],
            "policy-map": ["preview", "--policy-map", folder],
            "images": ["preview", "--policy", POLICY, "--images", folder],
        }
        for name, args in cases.items():
            with self.subTest(name):
                full = args + ([] if "--images" in args else common[:2]) + common[2:]
                self.assertFails(run(full), 2, folder + ": error: is a directory")
        with self.subTest("lint"):
            self.assertFails(run(["lint", folder]), 2, folder + ": error: is a directory")
        self.assertFalse(os.path.exists(self.path("p")))

    def test_two_options_cannot_both_read_stdin(self):
        with open(POLICY, "rb") as policy:
            self.assertFails(run(["preview", "--policy", "-", "--images", "-", "--now", NOW],
                                 stdin=policy), 2, "standard input")

    def test_endless_policy_input_stops_at_its_limit(self):
        for name, args in {"stdin": ["lint", "-"], "zero": ["lint", "/dev/zero"]}.items():
            with self.subTest(name):
                feeder = subprocess.Popen(["yes"], stdout=subprocess.PIPE) if name == "stdin" \
                    else None
                try:
                    code, _, err = run(args, stdin=feeder.stdout if feeder else None,
                                       memory=512 << 20)
                finally:
                    if feeder:
                        feeder.kill()
                        feeder.wait()
                self.assertEqual(code, 2, err)
                self.assertIn("64 MiB", err)

    def test_endless_fifo_stops_at_its_limit(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        feeder = subprocess.Popen(["sh", "-c", f"yes > {fifo}"])
        try:
            self.assertFails(run(["lint", fifo], memory=512 << 20), 2, fifo, "64 MiB")
        finally:
            feeder.kill()
            feeder.wait()

    def generated_inventory(self, images=200000):
        generated = self.path("big.json")
        with open(generated, "wb") as out:
            subprocess.run([BINARY, "generate", "--images", str(images), "--seed", "3"],
                           stdout=out, check=True)
        return generated

    def peak_preview(self, images, stdin=None, status="0"):
        """Peak RSS in bytes of a one-thread preview of `images`."""
        args = ["preview", "--policy", POLICY, "--now", NOW, "--format", "aws",
                "--threads", "1", "--images", images]
        script = ("import resource,subprocess,sys;"
                  "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,"
                  "stdin=sys.stdin);"
                  "print(r.returncode,resource.getrusage(resource.RUSAGE_CHILDREN)"
                  ".ru_maxrss)")
        proc = subprocess.run([sys.executable, "-c", script, BINARY] + args,
                              stdin=stdin, capture_output=True, text=True,
                              timeout=TIMEOUT * 3)
        code, kib = proc.stdout.split()
        self.assertEqual(code, status, proc.stderr)
        return int(kib) * 1024

    # Peak memory is a property of the normal build: under ASan, shadow memory and the
    # quarantine of freed blocks dominate it.
    @unittest.skipIf(SANITIZED, "peak RSS is measured in the normal build")
    def test_stdin_inventory_is_streamed(self):
        generated = self.generated_inventory()
        size = os.path.getsize(generated)
        from_file = self.peak_preview(generated)
        with open(generated, "rb") as f:
            from_stdin = self.peak_preview("-", stdin=f)
        # Kept whole, stdin would add the input's size to the peak.
        self.assertLess(from_stdin, from_file + size // 2, (from_file, from_stdin, size))

    @unittest.skipIf(SANITIZED, "peak RSS is measured in the normal build")
    def test_findings_at_the_end_never_reread_the_inventory(self):
        # Rule 4: a warning or an error on the last image is reported from what was read;
        # re-reading (or keeping) the file would add its size to the peak.
        generated = self.generated_inventory()
        size = os.path.getsize(generated)
        with open(generated) as f:
            text = f.read()
        end = text.rindex("]")  # of imageDetails: the last image goes before it
        head, tail = text[:end].rstrip(), "\n" + text[end:]
        first = json.loads(text[text.index("{", text.index("[")):text.index("}") + 1])
        twin = dict(first, imageSizeInBytes=first["imageSizeInBytes"] + 1)  # same digest
        broken = dict(first, imageDigest=digest(1), imagePushedAt="nope")
        variants = {}
        for name, record in {"warning": twin, "error": broken}.items():
            variants[name] = self.write(name + ".json", head + ", " + json.dumps(record) + tail)
        clean = self.peak_preview(generated)
        for name, status in {"warning": "0", "error": "2"}.items():
            with self.subTest(name):
                found = self.peak_preview(variants[name], status=status)
                self.assertLess(found, clean + size // 2, (clean, found, size))
        code, _, err = run(["preview", "--policy", POLICY, "--now", NOW, "--images",
                            variants["warning"]])
        self.assertEqual(code, 0, err)
        self.assertIn("warning:", err)

    def test_policy_with_byte_order_mark(self):
        with open(POLICY, "rb") as f:
            text = f.read()
        path = self.write("bom.json", b"\xef\xbb\xbf" + text)
        code, _, err = run(["lint", path])
        self.assertIn(code, (0, 1), err)
        self.assertNotIn("error", err)
        code, out, err = run(["preview", "--policy", path, "--images", INVENTORY, "--now", NOW])
        self.assertEqual(code, 0, err)


class AmbiguousSnapshots(Scratch):
    """6-8: images the snapshot disagrees about, registries and protect references."""

    def test_tag_moved_between_pages_holds_both_images(self):
        # Page 1 read first: A carries prod; page 2 read later: B carries prod (a rollback).
        a = image(1, tags=["prod"], pushed="2025-03-10T00:00:00Z")
        b = image(2, tags=["prod"], pushed="2025-02-01T00:00:00Z")
        c = image(3, pushed="2025-02-01T00:00:00Z")  # plainly untagged: still deleted
        pages = json.dumps({"imageDetails": [a], "nextToken": "x"}) + "\n" + \
            json.dumps({"imageDetails": [b, c]}) + "\n"
        inventory = self.write("pages.json", pages)
        policy = self.write("policy.json", EXPIRE_UNTAGGED)
        out = self.path("plan")
        code, _, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                            "--out", out])
        self.assertEqual(code, 0, err)
        planned = {d for _, _, d in planned_digests(out)}
        self.assertEqual(planned, {digest(3)})
        code, stdout, err = run(["preview", "--policy", policy, "--images", inventory,
                                 "--now", NOW, "--format", "json"])
        self.assertEqual(code, 0, err)
        self.assertIn("ambiguous", stdout.decode())

    def test_digest_listed_twice_with_different_data_is_held(self):
        first = image(5, pushed="2025-02-01T00:00:00Z")
        second = image(5, pushed="2025-02-01T00:00:00Z", imageSizeInBytes=99)
        inventory = self.write("dup.json", {"imageDetails": [first, second]})
        policy = self.write("policy.json", EXPIRE_UNTAGGED)
        out = self.path("plan")
        code, _, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                            "--out", out])
        self.assertEqual(code, 0, err)
        self.assertEqual(planned_digests(out), set())

    def test_registries_never_meet(self):
        prod = image(7, tags=["v1"], pushed="2025-02-01T00:00:00Z")
        dev = dict(image(7, pushed="2025-05-31T12:00:00Z"), registryId="210987654321")
        old_dev = dict(image(8, pushed="2025-02-01T00:00:00Z"), registryId="210987654321")
        inventory = self.write("two.json", {"imageDetails": [prod, dev, old_dev]})
        policy = self.write("policy.json", EXPIRE_UNTAGGED)
        out = self.path("plan")
        code, _, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                            "--out", out])
        self.assertEqual(code, 0, err)
        self.assertEqual(planned_digests(out), {("210987654321", "shop/api", digest(8))})

    def test_every_ecr_host_form_protects(self):
        tagged = [image(10 + i, tags=[f"v{i}"], pushed="2025-02-01T00:00:00Z")
                  for i in range(5)]
        inventory = self.write("hosts.json", {"imageDetails": tagged})
        policy = self.write("policy.json", EXPIRE_ALL)
        hosts = ["123456789012.dkr.ecr.us-east-1.amazonaws.com",
                 "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com",
                 "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn",
                 "123456789012.dkr-ecr.us-east-1.on.aws",
                 "docker-pullable://123456789012.dkr.ecr.us-east-1.amazonaws.com"]
        lines = [f"{host}/shop/api:v{i}" for i, host in enumerate(hosts)]
        protect = self.write("protect.txt", "\n".join(lines) + "\n")
        out = self.path("plan")
        code, _, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                            "--protect", protect, "--out", out])
        self.assertEqual(code, 0, err)
        self.assertEqual(planned_digests(out), set())

    def test_unmatched_protect_can_fail_the_plan(self):
        protect = self.write("protect.txt", "team/app:gone\n")
        args = ["plan", "--policy", POLICY, "--images", INVENTORY, "--now", NOW,
                "--protect", protect]
        code, _, err = run(args + ["--out", self.path("a")])
        self.assertEqual(code, 0, err)
        self.assertIn("W0801", err)
        self.assertFails(run(args + ["--out", self.path("b"), "--fail-on-unmatched-protect"]),
                         2, "team/app:gone")
        self.assertFalse(os.path.exists(self.path("b")))


class OutputsNeverDestroy(Scratch):
    """9-14: outputs never replace an input or a device, and every write is checked."""

    def preview(self, *extra):
        return ["preview", "--policy", POLICY, "--images", INVENTORY, "--now", NOW] + list(extra)

    def test_output_never_replaces_an_input(self):
        inventory = self.write("inv.json", open(INVENTORY).read())
        before = open(inventory).read()
        args = ["preview", "--policy", POLICY, "--images", inventory, "--now", NOW,
                "--output", inventory]
        self.assertFails(run(args), 2, inventory)
        self.assertEqual(open(inventory).read(), before)
        link = self.path("link.json")
        os.symlink(inventory, link)
        self.assertFails(run(args[:-1] + [link]), 2)
        self.assertEqual(open(inventory).read(), before)

    def test_output_writes_through_fifo_and_follows_symlink(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", fifo], stdout=subprocess.PIPE)
        code, _, err = run(self.preview("--output", fifo))
        data = reader.communicate(timeout=TIMEOUT)[0]
        self.assertEqual(code, 0, err)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode))
        self.assertIn(b"Evaluated at", data)
        target = self.write("target.txt", "old")
        link = self.path("link.txt")
        os.symlink(target, link)
        code, _, err = run(self.preview("--output", link))
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.islink(link))
        self.assertIn("Evaluated at", open(target).read())

    def device(self, name, minor):
        """/dev/NAME, or as root a private node of the same device: a binary that renames
        over its output (the bug tested here) must not turn the system's /dev/null into a
        regular file."""
        if os.geteuid() == 0:
            private = self.path(name)
            try:
                os.mknod(private, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
                return private
            except OSError:
                pass
        return "/dev/" + name

    def test_output_to_device_is_written_not_replaced(self):
        null = self.device("null", 3)
        code, _, err = run(self.preview("--output", null))
        self.assertEqual(code, 0, err)
        self.assertTrue(stat.S_ISCHR(os.stat(null).st_mode))
        if os.path.exists("/dev/full"):
            full = self.device("full", 7)
            self.assertFails(run(self.preview("--output", full)), 2, full)
            self.assertTrue(stat.S_ISCHR(os.stat(full).st_mode))

    def test_force_replaces_only_a_plan_folder(self):
        sources = self.path("src")
        os.mkdir(sources)
        self.write("src/main.cpp", "int main() {}\n")
        args = ["plan", "--policy", POLICY, "--images", INVENTORY, "--now", NOW]
        self.assertFails(run(args + ["--out", sources, "--force"]), 2, sources)
        self.assertTrue(os.path.exists(os.path.join(sources, "main.cpp")))
        plan = self.path("plan")
        self.assertEqual(run(args + ["--out", plan])[0], 0)
        code, _, err = run(args + ["--out", plan, "--force"])
        self.assertEqual(code, 0, err)
        self.assertFails(run(args + ["--out", plan]), 2, plan)

    def test_concurrent_plans_lock_the_target(self):
        plan = self.path("plan")
        args = ["plan", "--policy", POLICY, "--images", INVENTORY, "--now", NOW, "--out", plan]
        with open(plan + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.assertFails(run(args), 2, "locked")
        self.assertFalse(os.path.exists(plan))
        self.assertEqual(run(args)[0], 0)

    def test_write_errors_are_exit_2(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        commands = {
            "preview": self.preview(),
            "lint": ["lint", "--format", "json", POLICY],
            "diff": ["diff", "--policy", POLICY, "--policy", os.path.join(OPS, "policy-new.json"),
                     "--images", INVENTORY, "--now", NOW],
        }
        for name, args in commands.items():
            with self.subTest(name):
                with open("/dev/full", "w") as full:
                    code, _, err = self._run_to(args, full)
                self.assertEqual(code, 2, err)
                self.assertIn("No space left on device", err)
        with self.subTest("closed stdout"):
            proc = subprocess.run(["sh", "-c", '"$0" "$@" >&-'] + [BINARY] + self.preview(),
                                  capture_output=True, timeout=TIMEOUT)
            self.assertEqual(proc.returncode, 2, proc.stderr)

    @staticmethod
    def _run_to(args, stdout):
        proc = subprocess.run([BINARY] + args, stdout=stdout, stderr=subprocess.PIPE,
                              timeout=TIMEOUT)
        return proc.returncode, b"", proc.stderr.decode("utf-8", "replace")

    def test_closed_pipe_ends_quietly(self):
        generated = self.path("big.json")
        with open(generated, "wb") as out:
            subprocess.run([BINARY, "generate", "--images", "200000", "--seed", "1"],
                           stdout=out, check=True)
        # generate's images are pushed in the year before 2026-01-01: a later --now, so that
        # stderr is empty unless the closed pipe itself says something.
        child = subprocess.Popen([BINARY, "preview", "--policy", POLICY, "--images", generated,
                                  "--now", "2026-06-01T00:00:00Z", "--all"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        child.stdout.readline()
        child.stdout.close()
        _, err = child.communicate(timeout=TIMEOUT)
        self.assertEqual(child.returncode, 0, err)
        self.assertEqual(err, b"")

    def test_plan_paths(self):
        args = ["plan", "--policy", POLICY, "--images", INVENTORY, "--now", NOW]
        slash = self.path("with-slash") + "/"
        code, _, err = run(args + ["--out", slash])
        self.assertEqual(code, 0, err)
        self.assertTrue(os.path.exists(os.path.join(slash, "summary.json")))
        self.assertEqual(sorted(os.listdir(self.dir)), ["with-slash"])
        code, _, err = run(args + ["--out", "."], cwd=self.dir)
        self.assertEqual(code, 2, err)
        self.assertIn(".", err)
        self.assertEqual(sorted(os.listdir(self.dir)), ["with-slash"])
        name = "a" * 200 + "/" + "b" * 55  # 256 characters, valid in ECR
        inventory = self.write("long.json", {"imageDetails": [
            image(20, repository=name, pushed="2025-01-01T00:00:00Z")]})
        policy = self.write("policy.json", EXPIRE_UNTAGGED)
        out = self.path("long-plan")
        code, _, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                            "--out", out])
        self.assertEqual(code, 0, err)
        self.assertEqual({r for _, r, _ in planned_digests(out)}, {name})

    def test_sigterm_leaves_no_temporary_folder(self):
        generated = self.path("big.json")
        with open(generated, "wb") as out:
            subprocess.run([BINARY, "generate", "--images", "300000", "--seed", "2"],
                           stdout=out, check=True)
        out = self.path("plan")
        child = subprocess.Popen([BINARY, "plan", "--policy", POLICY, "--images", generated,
                                  "--now", NOW, "--out", out], stderr=subprocess.PIPE)
        time.sleep(0.5)
        child.send_signal(signal.SIGTERM)
        child.communicate(timeout=TIMEOUT)
        leftovers = [n for n in os.listdir(self.dir) if n not in ("big.json", "plan")]
        self.assertEqual(leftovers, [])


class ArithmeticAndSecrets(Scratch):
    """15-18: sums that cannot overflow, times before 1970, no echo of foreign files."""

    def test_byte_totals_do_not_overflow(self):
        huge = 1 << 62
        images = [image(30 + i, size=huge, pushed="2025-01-01T00:00:00Z") for i in range(2)]
        inventory = self.write("huge.json", {"imageDetails": images})
        policy = self.write("policy.json", EXPIRE_UNTAGGED)
        code, out, err = run(["preview", "--policy", policy, "--images", inventory, "--now", NOW])
        self.assertEqual(code, 0, err)
        self.assertNotIn(b"-9223372036854775808", out)
        self.assertIn(b"8.0 EiB", out)
        code, out, err = run(["preview", "--policy", policy, "--images", inventory, "--now", NOW,
                              "--format", "json"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"9223372036854775808", out)
        self.assertNotIn(b"-9223372036854775808", out)
        # At the documented maximum (imageSizeInBytes 2^63-1): plan and diff too.
        top = (1 << 63) - 1
        images = [image(35 + i, size=top, pushed="2025-01-01T00:00:00Z") for i in range(3)]
        inventory = self.write("max.json", {"imageDetails": images})
        plan = self.path("plan")
        code, out, err = run(["plan", "--policy", policy, "--images", inventory, "--now", NOW,
                              "--out", plan])
        self.assertEqual(code, 0, err)
        self.assertIn(b"24.0 EiB", out)
        with open(os.path.join(plan, "summary.json")) as f:
            self.assertEqual(json.load(f)["totals"]["delete"]["bytes"], 3 * top)
        code, out, err = run(["diff", "--policy", policy, "--policy", POLICY, "--images",
                              inventory, "--now", NOW, "--format", "json"])
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["old"]["expiring"]["bytes"], 3 * top)

    def test_horizon_before_1970(self):
        images = [image(40, pushed="1969-12-01T00:00:00Z")]
        inventory = self.write("old.json", {"imageDetails": images})
        policy = self.write("policy.json", {"rules": [{
            "rulePriority": 1, "selection": {"tagStatus": "any", "countType": "sinceImagePushed",
                                             "countUnit": "days", "countNumber": 100},
            "action": {"type": "expire"}}]})
        code, out, err = run(["preview", "--policy", policy, "--images", inventory,
                              "--now", "1969-12-31", "--horizon", "1d", "--format", "json"])
        self.assertEqual(code, 0, err)
        report = json.loads(out)
        self.assertEqual(report["horizon"]["until"], "1970-01-01T00:00:00Z")
        # The image crosses its mark on 1970-03-11, 70 days after now: beyond the horizon.
        self.assertEqual(report["repositories"][0]["forecast"], [])

    def test_foreign_files_are_not_echoed(self):
        secret = "ECRLC_SECRET_VALUE_1234567890"
        env = dict(os.environ, ECRLC_TEST_SECRET=secret)
        policy_map = self.write("map.txt", "* /proc/self/environ\n")
        code, _, err = run(["preview", "--policy-map", policy_map, "--images", INVENTORY,
                            "--now", NOW], env=env)
        self.assertIn(code, (1, 2), err)
        self.assertNotIn(secret, err)
        folder = self.path("policies")
        os.mkdir(folder)
        secret_file = self.write("secret.txt", "password=" + secret + "\x1b[2J\n" * 50)
        os.symlink(secret_file, os.path.join(folder, "shop.json"))
        code, _, err = run(["preview", "--policies", folder, "--images", INVENTORY,
                            "--now", NOW])
        self.assertIn(code, (1, 2), err)
        self.assertNotIn(secret, err)
        self.assertNotIn("\x1b", err)

    def test_empty_time_is_an_error(self):
        for value in ("", "  "):
            with self.subTest(repr(value)):
                self.assertFails(run(["preview", "--policy", POLICY, "--images", INVENTORY,
                                      "--now", value]), 2, "--now")


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
