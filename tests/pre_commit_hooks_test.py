#!/usr/bin/env python3
"""The pre-commit hooks of .pre-commit-hooks.yaml (this repository as a hook repository).

- the file is what pre-commit reads: a list of hooks with id, name, entry, language;
- the sample config (examples/pre-commit/.pre-commit-config.yaml) repeats them exactly;
- the `files` / `exclude` patterns, applied as pre-commit applies them (re.search on the path
  relative to the repository root), select the file names of the naming convention and never
  an inventory: every tracked file whose content is describe-images output, an array of
  imageDetail objects or NDJSON of them is left out (fixtures/examples/inventory.json among
  them), named cases pin both sides;
- with the binary, `ecr-lifecycle lint` can read every tracked file a hook selects (exit 0 or
  1, never 2: no inventory or foreign JSON reaches it).

Usage: pre_commit_hooks_test.py SOURCE_DIR [BINARY]"""

import json
import os
import re
import subprocess
import sys
import unittest

import yaml

SOURCE = None
BINARY = None


def selects(hook, path):
    """pre-commit's filter: `files` matches and `exclude` does not (both re.search)."""
    return bool(re.search(hook.get("files", ""), path)) and \
        not re.search(hook.get("exclude", "^$"), path)


def is_inventory(path):
    """Whether the file's content is an inventory the reader accepts as images."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return False
    # One or several documents one after the other (concatenated pages, NDJSON).
    values, decoder, index = [], json.JSONDecoder(), 0
    try:
        while True:
            while index < len(text) and text[index] in " \t\r\n\ufeff":
                index += 1
            if index == len(text):
                break
            value, index = decoder.raw_decode(text, index)
            values.append(value)
    except (ValueError, RecursionError):
        return False
    for value in values:
        if isinstance(value, dict) and ("imageDetails" in value or "imageDigest" in value):
            return True
        if isinstance(value, list) and value and all(
                isinstance(v, dict) and "imageDigest" in v for v in value):
            return True
    return False


class Hooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(SOURCE, ".pre-commit-hooks.yaml"), encoding="utf-8") as handle:
            cls.hooks = {hook["id"]: hook for hook in yaml.safe_load(handle)}
        listed = subprocess.run(["git", "-C", SOURCE, "ls-files"], capture_output=True,
                                text=True, check=False)
        cls.tracked = listed.stdout.split() if listed.returncode == 0 else []
        if not cls.tracked:  # a source tree without git: every file
            for folder, _dirs, files in os.walk(SOURCE):
                if "/build" in folder or "/." in folder:
                    continue
                cls.tracked += [os.path.relpath(os.path.join(folder, f), SOURCE) for f in files]

    def test_manifest_shape(self):
        self.assertEqual(list(self.hooks), ["ecr-lifecycle-lint", "ecr-lifecycle-lint-templates"])
        for hook in self.hooks.values():
            self.assertEqual((hook["entry"], hook["language"]), ("ecr-lifecycle lint", "system"))
            self.assertTrue(hook["name"] and hook["description"])
            for key in ("files", "exclude"):
                re.compile(hook[key])

    def test_sample_config_repeats_the_hooks(self):
        path = os.path.join(SOURCE, "examples", "pre-commit", ".pre-commit-config.yaml")
        with open(path, encoding="utf-8") as handle:
            config = yaml.safe_load(handle)
        local = [h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"]]
        keys = ("id", "entry", "language", "files", "exclude")
        self.assertEqual([tuple(h.get(k) for k in keys) for h in local],
                         [tuple(h.get(k) for k in keys) for h in self.hooks.values()])

    def test_policy_hook_names(self):
        hook = self.hooks["ecr-lifecycle-lint"]
        for path in ("lifecycle-policy.json", "ecr/lifecycle-policy.json", "ecr/web/lifecycle.json",
                     "policies/shop/api.lifecycle.json", "lifecycle.json",
                     "tests/e2e/fixtures/ecr/lifecycle-policy.json",
                     "fixtures/policies/valid/wrapper-get-lifecycle-policy.json"):
            self.assertTrue(selects(hook, path), path)
        for path in ("fixtures/examples/inventory.json", "ecr/inventory.json",
                     "ecr/lifecycle-inventory.json", "ecr/lifecycle-images.json",
                     "describe-images-lifecycle.json", "fixtures/examples/policy.json",
                     "ecr/lifecycle-policy.json.bak", "ecr/lifecycle-policy.yaml",
                     "schemas/lifecycle-policy.schema.json", "lifecycle/README.md"):
            self.assertFalse(selects(hook, path), path)

    def test_templates_hook_names(self):
        hook = self.hooks["ecr-lifecycle-lint-templates"]
        for path in ("infra/cfn/ecr.yaml", "cdk.out/Service.template.json",
                     "cloudformation/ecr.yml", "templates/repositories.json"):
            self.assertTrue(selects(hook, path), path)
        for path in ("templates/inventory.json", "cfn/images.json", "k8s/deployment.yaml",
                     "infra/ecr.yaml", "fixtures/examples/inventory.json"):
            self.assertFalse(selects(hook, path), path)

    def test_no_tracked_inventory_is_selected(self):
        inventories = [p for p in self.tracked if p.endswith((".json", ".ndjson"))
                       and is_inventory(os.path.join(SOURCE, p))]
        # The reader's own fixtures: a sample large enough to mean something.
        self.assertIn("fixtures/examples/inventory.json", inventories)
        self.assertGreater(len(inventories), 20)
        for hook in self.hooks.values():
            self.assertEqual([p for p in inventories if selects(hook, p)], [], hook["id"])

    def test_lint_reads_every_selected_file(self):
        if BINARY is None:
            self.skipTest("no binary given")
        selected = sorted({p for p in self.tracked for hook in self.hooks.values()
                           if selects(hook, p)})
        self.assertIn("tests/e2e/fixtures/ecr/lifecycle-policy.json", selected)
        for path in selected:
            done = subprocess.run([BINARY, "lint", path], cwd=SOURCE, capture_output=True,
                                  text=True, timeout=60, check=False)
            self.assertIn(done.returncode, (0, 1), f"{path}: {done.stderr}")


if __name__ == "__main__":
    SOURCE = os.path.abspath(sys.argv.pop(1))
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
