#!/usr/bin/env python3
"""What the commands make of their inputs (issue 17, item 12), on the real binary:

- `--policies DIR`: the repository is the one each file's content names, whatever the file is
  called; subfolders are read (sorted by path), hidden entries and non-.json files are not; an
  empty file is "no policy" with a warning naming it; two files for one repository (exit 2)
  name both files; a link loop is exit 2; a plain policy (no repositoryName) is exit 2;
- a describe-images page ending with nextToken (or the AWS CLI's NextToken) and no page after
  it: preview and diff warn once, naming the file, and plan refuses (exit 2, nothing written);
- `--repository` naming no repository: preview warns with the closest name, plan exits 2.

Usage: inputs_test.py BINARY [unittest options]"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASE = os.path.join(ROOT, "fixtures", "cases", "scope-policies-dir")
INVENTORY = os.path.join(CASE, "inventory.json")
NOW = "2025-06-01T00:00:00Z"
EMPTY_WARNING = ("warning: empty file: no policy (get-lifecycle-policy of a repository "
                 "without one writes nothing)")


def run(args, cwd=None):
    done = subprocess.run([BINARY] + args, capture_output=True, text=True, timeout=60, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


def wrapper(repository, source="web.json"):
    """The case's get-lifecycle-policy output `source`, naming `repository` instead."""
    with open(os.path.join(CASE, "policies", source), encoding="utf-8") as handle:
        document = json.load(handle)
    document["repositoryName"] = repository
    return json.dumps(document, indent=4) + "\n"


class Scratch(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="ecrlc-inputs-")
        self.addCleanup(shutil.rmtree, self.root)

    def write(self, relative, text):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def sections(self, out):
        return [line for line in out.splitlines() if line.startswith("== Policy ")]


class PoliciesFolder(Scratch):
    def preview(self, *extra):
        return run(["preview", "--policies", "policies", "--images", INVENTORY, "--now", NOW]
                   + list(extra), cwd=self.root)

    def test_content_names_the_repository_and_subfolders_are_read(self):
        # web's policy in a file named after the other repository, team/app's in a subfolder.
        self.write("policies/team-app.json", wrapper("web"))
        self.write("policies/shop/api.json", wrapper("team/app", "team-app.json"))
        self.write("policies/README.md", "not a policy\n")
        self.write("policies/.git/objects.json", "{not json")
        self.write("policies/.hidden.json", "{not json")
        code, out, err = self.preview()
        self.assertEqual(code, 0, err)
        self.assertEqual(self.sections(out), ["== Policy policies/shop/api.json: team/app ==",
                                              "== Policy policies/team-app.json: web =="])
        self.assertEqual(err, "ecr-lifecycle preview: warning: no policy for repository legacy\n")

    def test_order_is_byte_order_of_the_paths(self):
        self.write("policies/shop/a.json", wrapper("web"))
        self.write("policies/shop-b.json", wrapper("team/app", "team-app.json"))
        code, out, err = self.preview()
        self.assertEqual(code, 0, err)
        # '-' sorts before '/': shop-b.json before shop/a.json.
        self.assertEqual(self.sections(out), ["== Policy policies/shop-b.json: team/app ==",
                                              "== Policy policies/shop/a.json: web =="])

    def test_empty_file_is_no_policy_with_a_warning(self):
        self.write("policies/web.json", wrapper("web"))
        self.write("policies/team-app.json", "")
        self.write("policies/legacy.json", "\ufeff \n\t\r\n")
        code, out, err = self.preview()
        self.assertEqual(code, 0, err)
        self.assertEqual(self.sections(out), ["== Policy policies/web.json: web =="])
        self.assertEqual(err.splitlines(), [
            "policies/legacy.json: " + EMPTY_WARNING,
            "policies/team-app.json: " + EMPTY_WARNING,
            "ecr-lifecycle preview: warning: no policy for repository legacy",
            "ecr-lifecycle preview: warning: no policy for repository team/app"])
        self.assertNotIn("E0001", err)

    def test_two_files_for_one_repository_name_both(self):
        self.write("policies/web.json", wrapper("web"))
        self.write("policies/old/web-copy.json", wrapper("web"))
        for command in (["preview"], ["plan", "--out", os.path.join(self.root, "plan")]):
            with self.subTest(command[0]):
                code, _, err = run(command + ["--policies", "policies", "--images", INVENTORY,
                                              "--now", NOW], cwd=self.root)
                self.assertEqual(code, 2, err)
                self.assertIn("policies/web.json: error: repository web already has a policy "
                              "(policies/old/web-copy.json) [E0811]", err)
                self.assertFalse(os.path.exists(os.path.join(self.root, "plan")))

    def test_link_loop_is_an_error(self):
        self.write("policies/web.json", wrapper("web"))
        os.symlink(".", os.path.join(self.root, "policies", "loop"))
        code, _, err = self.preview()
        self.assertEqual(code, 2, err)
        self.assertIn("policies/loop: error: leads to policies, a folder already read", err)

    def test_linked_folder_is_read_once(self):
        self.write("shared/web.json", wrapper("web"))
        os.makedirs(os.path.join(self.root, "policies"))
        os.symlink(os.path.join(self.root, "shared"), os.path.join(self.root, "policies", "s"))
        code, out, err = self.preview()
        self.assertEqual(code, 0, err)
        self.assertEqual(self.sections(out), ["== Policy policies/s/web.json: web =="])

    def test_broken_link_is_an_error_not_skipped(self):
        self.write("policies/web.json", wrapper("web"))
        os.symlink("missing.json", os.path.join(self.root, "policies", "team-app.json"))
        code, _, err = self.preview()
        self.assertEqual(code, 2, err)
        self.assertIn("policies/team-app.json: error: cannot open: No such file or directory", err)

    def test_plain_policy_without_repository_is_an_error(self):
        with open(os.path.join(ROOT, "fixtures", "examples", "policy.json"),
                  encoding="utf-8") as handle:
            self.write("policies/sub/web.json", handle.read())
        code, _, err = self.preview()
        self.assertEqual(code, 2, err)
        self.assertIn("policies/sub/web.json: error: no repositoryName: --policies expects "
                      "`aws ecr get-lifecycle-policy` outputs", err)


def image(n, pushed="2025-01-01T00:00:00Z"):
    return {"registryId": "123456789012", "repositoryName": "shop/api",
            "imageDigest": "sha256:" + format(n, "064x"), "imagePushedAt": pushed,
            "imageSizeInBytes": 1000}


class IncompletePages(Scratch):
    POLICY = os.path.join(ROOT, "fixtures", "examples", "policy.json")

    def test_preview_and_diff_warn_once_plan_refuses(self):
        page = self.write("page1.json", json.dumps(
            {"imageDetails": [image(1), image(2)], "nextToken": "abc"}) + "\n")
        cli = self.write("cli.json", json.dumps(
            {"imageDetails": [image(3)], "NextToken": "eyJuZXh0VG9rZW4iOiBudWxsfQ=="}) + "\n")
        for path in (page, cli):
            name = os.path.basename(path)
            code, _, err = run(["preview", "--policy", self.POLICY, "--images", path,
                                "--now", NOW])
            self.assertEqual(code, 0, err)
            self.assertEqual(err.count("no page follows it"), 1, err)
            self.assertTrue(err.startswith(path + ":1:"), err)
            self.assertIn("warning: a describe-images page ends with nextToken", err)
            self.assertIn("ecr-lifecycle snapshot", err)
            self.assertIn("[W0401]", err)
            code, _, err = run(["diff", "--policy", self.POLICY, "--policy", self.POLICY,
                                "--images", path, "--now", NOW])
            self.assertEqual((code, err.count("[W0401]")), (0, 1), err)
            out = os.path.join(self.root, "plan-" + name)
            code, stdout, err = run(["plan", "--policy", self.POLICY, "--images", path,
                                     "--now", NOW, "--out", out])
            self.assertEqual(code, 2, err)
            self.assertEqual(err.count("error: a describe-images page ends with nextToken"), 1,
                             err)
            self.assertIn("plan refuses an incomplete inventory", err)
            self.assertIn("[E0405]", err)
            self.assertFalse(os.path.exists(out), "plan wrote nothing")

    def test_later_page_completes_the_listing(self):
        first = json.dumps({"imageDetails": [image(1)], "nextToken": "abc"}) + "\n"
        last = json.dumps({"imageDetails": [image(2)]}) + "\n"
        both = self.write("pages.json", first + last)
        page1, page2 = self.write("p1.json", first), self.write("p2.json", last)
        for images in (["--images", both], ["--images", page1, "--images", page2]):
            out = os.path.join(self.root, "plan")
            code, _, err = run(["plan", "--policy", self.POLICY] + images +
                               ["--now", NOW, "--out", out, "--force"])
            self.assertEqual(code, 0, err)
            self.assertNotIn("nextToken", err)


class RepositoryFilter(Scratch):
    POLICY = os.path.join(CASE, "policies", "web.json")

    def test_preview_warns_with_the_closest_name(self):
        code, _, err = run(["preview", "--policy", self.POLICY, "--images", INVENTORY,
                            "--now", NOW, "--repository", "team/ap", "--repository", "WEB",
                            "--repository", "database"])
        self.assertEqual(code, 0, err)
        self.assertEqual(err.splitlines(), [
            'ecr-lifecycle preview: warning: repository "WEB" is not in the inventory '
            "(did you mean web?)",
            'ecr-lifecycle preview: warning: repository "database" is not in the inventory',
            'ecr-lifecycle preview: warning: repository "team/ap" is not in the inventory '
            "(did you mean team/app?)"])

    def test_plan_exits_2_and_writes_nothing(self):
        out = os.path.join(self.root, "plan")
        code, stdout, err = run(["plan", "--policy", self.POLICY, "--images", INVENTORY,
                                 "--now", NOW, "--repository", "web", "--repository", "legasy",
                                 "--out", out])
        self.assertEqual(code, 2, err)
        self.assertEqual(err, 'ecr-lifecycle plan: error: repository "legasy" is not in the '
                              "inventory (did you mean legacy?)\n")
        self.assertFalse(os.path.exists(out))
        code, _, err = run(["plan", "--policy", self.POLICY, "--images", INVENTORY,
                            "--now", NOW, "--repository", "web", "--out", out])
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
