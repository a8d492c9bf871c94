#!/usr/bin/env python3
"""Runs what the examples under examples/ contain, with the built binary.

usage: examples_test.py --binary PATH/ecr-lifecycle --source SOURCE_DIR [--keep]

- examples/github-actions/lifecycle-policy.yml: its `run:` steps that call ecr-lifecycle
  (lint SARIF, lint annotations, diff of base and head policy) run with bash -eo pipefail in
  a scratch git repository laid out as the workflow's env block says (tests/e2e/fixtures/ecr),
  for a valid change, an invalid head policy and a new policy.
- examples/github-actions/lifecycle-templates.yml: the steps that call ecr-lifecycle, on a
  CloudFormation template change (valid and invalid: the annotation at the template line and
  column of the embedded policy's error) and on a Terraform plan.
- examples/github-actions: the `tool` job builds the .deb once per tool commit (cpack, a
  cache keyed on the commit) and the other jobs install the uploaded artifact, compiling nothing.
- .pre-commit-hooks.yaml (the repository root) and examples/pre-commit: the hooks' `files` and
  `exclude` regexes and `entry` on fixture policies and templates, as pre-commit runs them.
- examples/cron/cleanup.sh against moto_server (ECR_ENDPOINT_URL): dry run, real run,
  invalid policy, lock."""

import json
import os
import re
import shlex
import shutil
import subprocess
import time

from e2e_lib import (MotoServer, aws_env, check, check_equal, fail, find_aws_clis, manifest,
                     moto_digest, test_main, work_folder)

DIFF_MARKER = "<!-- ecr-lifecycle-diff -->"
TOOL_CALL = re.compile(r"\becr-lifecycle (lint|diff|preview|plan|explain)\b")


# ---------------------------------------------------------------- YAML
def load_yaml(path, use_yaml=True):
    """PyYAML's reading of path when available (and use_yaml), else None."""
    if not use_yaml:
        return None
    try:
        import yaml
    except ImportError:
        return None
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def extract_workflow_steps(path, use_yaml=True):
    """(top-level env, [(name, run, uses)] of the steps); PyYAML, else a tiny extractor."""
    data = load_yaml(path, use_yaml)
    if data is not None:
        on = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
        check("pull_request" in on and on["pull_request"]["paths"],
              "workflow runs on pull_request with paths")
        steps = data["jobs"]["review"]["steps"]
        return data.get("env", {}), [(s.get("name"), s.get("run"), s.get("uses")) for s in steps]
    # Tiny extractor: top-level `env:` scalars and `- name:` / `run: |` / `uses:` of the
    # steps of the `review` job.
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    env, steps, index = {}, [], 0
    in_env = False
    job = None
    while index < len(lines):
        line = lines[index]
        if line == "env:":
            in_env = True
        elif in_env and re.match(r"^  [A-Z_]+: ", line):
            key, value = line.strip().split(": ", 1)
            env[key] = value.split(" #", 1)[0].strip()
        elif line and not line.startswith(" ") and not line.startswith("#"):
            in_env = False
        match = re.match(r"^  ([a-z][a-z0-9_-]*):$", line)
        if match and not in_env:
            job = match.group(1)
        match = re.match(r"^(\s*)- (name|uses): (.*)$", line)
        if match and job != "review":
            match = None
        if match:
            steps.append([None, None, None])
            if match.group(2) == "name":
                steps[-1][0] = match.group(3)
            else:
                steps[-1][2] = match.group(3)
        match = re.match(r"^(\s*)run: \|$", line)
        if match and job == "review":
            indent = len(match.group(1)) + 2
            body = []
            index += 1
            # The block: blank lines and lines indented at least as deep as its first.
            while index < len(lines) and (not lines[index].strip()
                                          or lines[index][:indent].strip() == ""):
                body.append(lines[index][indent:])
                index += 1
            steps[-1][1] = "\n".join(body).rstrip("\n") + "\n"
            continue
        match = re.match(r"^\s*uses: (.*)$", line)
        if (match and job == "review" and steps and steps[-1][2] is None
                and not line.lstrip().startswith("- ")):
            steps[-1][2] = match.group(1)
        index += 1
    return env, [tuple(s) for s in steps]


# ---------------------------------------------------------------- GitHub Actions
def git(repo, *args, env):
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=env)


def make_pr_repo(root, base_policy, head_policy, env):
    """A git repository whose origin/main has base_policy (None: no policy) and whose
    checked-out branch has head_policy, as actions/checkout with fetch-depth 0 leaves it."""
    fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "ecr")
    repo = os.path.join(root, "repo")
    os.makedirs(os.path.join(repo, "ecr"))
    git(repo, "init", "-q", "-b", "main", env=env)
    shutil.copy(os.path.join(fixtures, "inventory.json"), os.path.join(repo, "ecr"))
    policy = os.path.join(repo, "ecr", "lifecycle-policy.json")
    if base_policy is not None:
        shutil.copy(base_policy, policy)
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "base", env=env)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD", env=env)
    git(repo, "checkout", "-q", "-b", "pr", env=env)
    shutil.copy(head_policy, policy)
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "head", env=env)
    return repo


def run_workflow(steps, workflow_env, repo, binary, root):
    """Runs the steps that call ecr-lifecycle, in order; {name: CompletedProcess}."""
    summary = os.path.join(root, "step-summary.md")
    env = dict(os.environ)
    env.update(workflow_env)
    env.update({
        "PATH": os.path.dirname(os.path.abspath(binary)) + os.pathsep + env["PATH"],
        "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": summary, "GITHUB_ACTIONS": "true",
        "HOME": root, "GIT_CONFIG_GLOBAL": os.path.join(root, "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    })
    results = {}
    for name, run, _uses in steps:
        if not run or not TOOL_CALL.search(run):
            continue
        check("${{" not in run, f"step {name!r}: expressions would need a runner")
        script = os.path.join(root, f"step-{len(results)}.sh")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(run)
        # GitHub's `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`.
        results[name] = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail",
                                        script], cwd=repo, env=env, capture_output=True,
                                       text=True, timeout=120)
    return results, summary


def check_package_built_once(data, consumers, workflow):
    """The `tool` job builds the .deb with cpack, once per tool commit (actions/cache keyed on
    the checked-out commit), and uploads it; each job of `consumers` needs it, downloads that
    artifact and installs it with apt, compiling nothing."""
    jobs = data["jobs"]
    tool = jobs["tool"]["steps"]
    by_uses = {s["uses"].split("@")[0]: s for s in tool if "uses" in s}
    cache = by_uses["actions/cache"]
    check("${{ steps.commit.outputs.commit }}" in cache["with"]["key"],
          f"{workflow}: the package cache is keyed on the tool's commit")
    commit_step = next(s for s in tool if s.get("id") == "commit")
    check("rev-parse HEAD" in commit_step["run"] and ">> \"$GITHUB_OUTPUT\"" in commit_step["run"],
          f"{workflow}: the commit step writes the checked-out commit")
    build = next(s for s in tool if s.get("name") == "Build the package")
    check_equal(build.get("if"), "steps.cache.outputs.cache-hit != 'true'",
                f"{workflow}: the build runs only without a cached package")
    package_dir = cache["with"]["path"]
    check(re.search(r"\bcpack --config \S+/CPackConfig\.cmake -B " + re.escape(package_dir) + r"\b",
                    build["run"]) is not None, f"{workflow}: cpack writes into the cached folder")
    upload = by_uses["actions/upload-artifact"]
    check_equal(upload["with"]["path"], package_dir + "/ecr-lifecycle_*.deb",
                f"{workflow}: the uploaded files are the cached package")
    for name in consumers:
        steps = jobs[name]["steps"]
        check_equal(jobs[name].get("needs"), "tool", f"{workflow}: {name} needs the tool job")
        runs = "\n".join(s.get("run", "") for s in steps)
        for compiler in ("cmake", "g++", "ninja"):
            check(compiler not in runs, f"{workflow}: {name} compiles nothing ({compiler})")
        download = next(s for s in steps if s.get("uses", "").startswith(
            "actions/download-artifact@"))
        check_equal(download["with"]["name"], upload["with"]["name"],
                    f"{workflow}: {name} downloads the uploaded artifact")
        install = "apt-get install -y -qq ./" + download["with"]["path"] + "/ecr-lifecycle_*.deb"
        check(install in runs, f"{workflow}: {name} installs the downloaded .deb ({install})")
        check(steps.index(download) < next(i for i, s in enumerate(steps)
                                           if install in s.get("run", "")),
              f"{workflow}: {name} downloads before it installs")


def check_github_workflow(binary, source, root):
    path = os.path.join(source, "examples", "github-actions", "lifecycle-policy.yml")
    data = load_yaml(path)
    if data is not None:
        check_package_built_once(data, ["review"], "lifecycle-policy.yml")
    workflow_env, steps = extract_workflow_steps(path)
    if load_yaml(path) is not None:  # keep the fallback extractor honest where PyYAML exists
        check_equal(extract_workflow_steps(path, use_yaml=False), (workflow_env, steps),
                    "the tiny YAML extractor's reading of the workflow vs PyYAML's")
    uses = [u for _n, _r, u in steps if u]
    check(any(u.startswith("github/codeql-action/upload-sarif@") for u in uses),
          "workflow uploads SARIF")
    check(any(u.startswith("actions/github-script@") for u in uses), "workflow comments")
    names = [n for n, r, _u in steps if r and TOOL_CALL.search(r)]
    check_equal(names, ["Lint policies (SARIF)", "Lint policies (annotations)",
                        "Diff base and head policy", "Images in use"],
                "workflow steps that call ecr-lifecycle")
    check_equal((workflow_env["POLICY"], workflow_env["POLICY_DIR"], workflow_env["INVENTORY"]),
                ("ecr/lifecycle-policy.json", "ecr", "ecr/inventory.json"), "workflow env")

    fixtures = os.path.join(source, "tests", "e2e", "fixtures", "ecr")
    invalid = os.path.join(root, "invalid-lifecycle-policy.json")
    with open(os.path.join(fixtures, "lifecycle-policy.json"), encoding="utf-8") as handle:
        text = handle.read()
    with open(invalid, "w", encoding="utf-8") as handle:
        handle.write(text.replace('"rulePriority": 2', '"rulePriority": 1'))
    warning = ("::warning file=ecr/lifecycle-policy.json,line=37,col=24,title=W0013::"
               "/rules/2/selection/countNumber: this rule expires all but the 5 most recent "
               "images, and untagged images, image index children and signatures count toward"
               " that number, so fewer releases may be kept\n")
    git_env = dict(os.environ, HOME=root, GIT_CONFIG_GLOBAL=os.path.join(root, "gitconfig"),
                   GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")

    scenarios = [
        ("change", os.path.join(fixtures, "base-lifecycle-policy.json"),
         os.path.join(fixtures, "lifecycle-policy.json")),
        ("invalid", os.path.join(fixtures, "base-lifecycle-policy.json"), invalid),
        ("new", None, os.path.join(fixtures, "lifecycle-policy.json")),
    ]
    for scenario, base, head in scenarios:
        scenario_root = os.path.join(root, "gha-" + scenario)
        os.makedirs(scenario_root)
        repo = make_pr_repo(scenario_root, base, head, git_env)
        results, summary = run_workflow(steps, workflow_env, repo, binary, scenario_root)
        sarif_step = results["Lint policies (SARIF)"]
        annotations = results["Lint policies (annotations)"]
        diff_step = results["Diff base and head policy"]
        check_equal(sarif_step.returncode, 0, f"{scenario}: SARIF step ({sarif_step.stderr})")
        with open(os.path.join(repo, "ecr-lifecycle.sarif"), encoding="utf-8") as handle:
            sarif = json.load(handle)
        check_equal(sarif["version"], "2.1.0", "SARIF version")
        found = [(r["ruleId"], r["level"],
                  r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  r["locations"][0]["physicalLocation"]["region"]["startLine"])
                 for r in sarif["runs"][0]["results"]]
        with open(os.path.join(repo, "diff.md"), encoding="utf-8") as handle:
            diff_md = handle.read()
        with open(summary, encoding="utf-8") as handle:
            check_equal(handle.read(), diff_md, f"{scenario}: step summary is the comment")
        check_equal(diff_step.returncode, 0, f"{scenario}: diff step ({diff_step.stderr})")
        in_use_step = results["Images in use"]
        check(in_use_step.returncode == 0 and "not checked" in in_use_step.stdout,
              f"{scenario}: no snapshot of what runs, nothing checked ({in_use_step.stderr})")
        check(diff_md.startswith(DIFF_MARKER + "\n"), "comment starts with its marker")
        if scenario == "change":
            check_equal(found, [("W0013", "warning", "ecr/lifecycle-policy.json", 37)],
                        "SARIF results of the valid change")
            check_equal((annotations.returncode, annotations.stdout), (0, warning),
                        "annotations of the valid change")
            for expected in ("### ecr-lifecycle diff: `base-policy.json` → "
                             "`ecr/lifecycle-policy.json`",
                             "| Expiring images | 2 | 5 | +3 |",
                             "**3** newly expiring (120.2 MiB), **0** no longer expiring",
                             "| `shop/web` | `e0d2747b9ab7` | `v3` | 2025-03-03 10:00:00 | keep | "
                             "expire (rule 3) | newly expiring |"):
                check(expected in diff_md, f"diff comment lacks {expected!r}:\n{diff_md}")
        elif scenario == "invalid":
            check(("E0201", "error", "ecr/lifecycle-policy.json", 19) in found,
                  f"SARIF results of the invalid policy: {found}")
            check_equal(annotations.returncode, 1, "annotations step fails on an invalid policy")
            check(annotations.stdout.startswith(
                "::error file=ecr/lifecycle-policy.json,line=19,col=23,title=E0201::"),
                f"annotations of the invalid policy: {annotations.stdout}")
            check_equal(diff_md, DIFF_MARKER + "\necr-lifecycle diff could not compare the "
                        "policies (exit 1): see the lint annotations.\n", "invalid: comment")
        else:
            check_equal(diff_md, DIFF_MARKER + "\nNew policy `ecr/lifecycle-policy.json`: no "
                        "version on `main` to compare with.\n", "new policy: comment")


def template_of(policy_path, repository="shop/web"):
    """A CloudFormation template holding the policy file's text as a literal block scalar
    indented by ten spaces, and the number of lines before the policy's first line."""
    with open(policy_path, encoding="utf-8") as handle:
        policy = handle.read()
    head = ("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  WebRepository:\n"
            "    Type: AWS::ECR::Repository\n    Properties:\n"
            f"      RepositoryName: {repository}\n      LifecyclePolicy:\n"
            "        LifecyclePolicyText: |\n")
    body = "".join("          " + line if line.strip() else line
                   for line in policy.splitlines(keepends=True))
    return head + body, head.count("\n")


def check_template_workflow(binary, source, root):
    """The steps of lifecycle-templates.yml that call ecr-lifecycle, on a CloudFormation
    template change (valid, then invalid) and on a Terraform plan."""
    data = load_yaml(os.path.join(source, "examples", "github-actions",
                                  "lifecycle-templates.yml"))
    if data is None:
        print("examples_test: PyYAML missing, lifecycle-templates.yml not run")
        return
    check_package_built_once(data, ["cloudformation", "terraform"], "lifecycle-templates.yml")
    workflow_env = data["env"]
    check_equal((workflow_env["TEMPLATE"], workflow_env["TEMPLATE_DIR"],
                 workflow_env["INVENTORY"], workflow_env["PLAN_JSON"]),
                ("infra/ecr.yaml", "infra", "infra/inventory.json", "plan.json"),
                "templates workflow env")
    jobs = {name: [(s.get("name"), s.get("run"), s.get("uses")) for s in job["steps"]]
            for name, job in data["jobs"].items()}
    check_equal([n for n, r, _u in jobs["cloudformation"] if r and TOOL_CALL.search(r)],
                ["Lint templates (SARIF)", "Lint templates (annotations)",
                 "Diff base and head template"], "cloudformation steps that call ecr-lifecycle")
    fixtures = os.path.join(source, "tests", "e2e", "fixtures", "ecr")
    git_env = dict(os.environ, HOME=root, GIT_CONFIG_GLOBAL=os.path.join(root, "gitconfig"),
                   GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    invalid = os.path.join(root, "invalid-lifecycle-policy.json")
    with open(os.path.join(fixtures, "lifecycle-policy.json"), encoding="utf-8") as handle:
        text = handle.read()
    with open(invalid, "w", encoding="utf-8") as handle:
        handle.write(text.replace('"rulePriority": 2', '"rulePriority": 1'))
    for scenario, head_policy in (("change", os.path.join(fixtures, "lifecycle-policy.json")),
                                  ("invalid", invalid)):
        scenario_root = os.path.join(root, "templates-" + scenario)
        repo = os.path.join(scenario_root, "repo")
        os.makedirs(os.path.join(repo, "infra"))
        git(repo, "init", "-q", "-b", "main", env=git_env)
        shutil.copy(os.path.join(fixtures, "inventory.json"), os.path.join(repo, "infra"))
        base, _ = template_of(os.path.join(fixtures, "base-lifecycle-policy.json"))
        with open(os.path.join(repo, "infra", "ecr.yaml"), "w", encoding="utf-8") as handle:
            handle.write(base)
        git(repo, "add", "-A", env=git_env)
        git(repo, "commit", "-q", "-m", "base", env=git_env)
        git(repo, "update-ref", "refs/remotes/origin/main", "HEAD", env=git_env)
        head, lines_before = template_of(head_policy)
        with open(os.path.join(repo, "infra", "ecr.yaml"), "w", encoding="utf-8") as handle:
            handle.write(head)
        git(repo, "commit", "-q", "-am", "head", env=git_env)
        results, _summary = run_workflow(jobs["cloudformation"], workflow_env, repo, binary,
                                         scenario_root)
        annotations = results["Lint templates (annotations)"]
        with open(os.path.join(repo, "diff.md"), encoding="utf-8") as handle:
            diff_md = handle.read()
        check_equal(results["Lint templates (SARIF)"].returncode, 0, f"{scenario}: SARIF step")
        if scenario == "change":
            check_equal(annotations.returncode, 0, f"change: annotations ({annotations.stdout})")
            check("| Expiring images | 2 | 5 | +3 |" in diff_md,
                  f"template diff comment lacks the counts:\n{diff_md}")
        else:
            # The plain policy's E0201 is at 19:23 (the policy workflow test): in the template,
            # the same character is lines_before lines down and ten columns right.
            expected = (f"::error file=infra/ecr.yaml,line={19 + lines_before},col={23 + 10},"
                        "title=E0201::Resource WebRepository (AWS::ECR::Repository): ")
            check(annotations.returncode == 1 and annotations.stdout.startswith(expected),
                  f"invalid template annotations: {annotations.stdout!r}, want {expected!r}")
            check("could not compare the templates (exit 1)" in diff_md, "invalid: comment")

    repo = os.path.join(root, "templates-terraform")
    os.makedirs(repo)
    shutil.copy(os.path.join(source, "fixtures", "templates", "tf-plan-lifecycle.json"),
                os.path.join(repo, "plan.json"))
    results, _summary = run_workflow(jobs["terraform"], workflow_env, repo, binary, repo)
    lint = results["Lint the plan's lifecycle policies"]
    check(lint.returncode == 1 and "title=E0201::module.ecr.aws_ecr_lifecycle_policy.this[0]: "
          in lint.stdout, f"terraform plan annotations: {lint.stdout!r}")


# ---------------------------------------------------------------- pre-commit
def pre_commit_selects(hook, path):
    """pre-commit's filter: `files` matches the path and `exclude` does not (re.search)."""
    return bool(re.search(hook.get("files", ""), path)) and \
        not re.search(hook.get("exclude", "^$"), path)


def check_pre_commit(binary, source, root):
    folder = os.path.join(source, "examples", "pre-commit")
    # The repository root's hooks: this repository is the hook repository.
    hooks_file = os.path.join(source, ".pre-commit-hooks.yaml")
    hooks = load_yaml(hooks_file)
    config = load_yaml(os.path.join(folder, ".pre-commit-config.yaml"))
    if hooks is None:  # no PyYAML: the keys the test needs
        with open(hooks_file, encoding="utf-8") as handle:
            text = handle.read()
        hooks = [{"id": re.search(r"- id: (\S+)", text).group(1),
                  "entry": re.search(r"\n\s+entry: (.+)", text).group(1).strip(),
                  "files": re.search(r"\n\s+files: (.+)", text).group(1).strip(),
                  "exclude": re.search(r"\n\s+exclude: (.+)", text).group(1).strip()}]
    else:
        local = [h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"]]
        check_equal([(h["id"], h["entry"], h["files"]) for h in local],
                    [(h["id"], h["entry"], h["files"]) for h in hooks],
                    "sample config's local hook is the published hook")
    check_equal([h["id"] for h in hooks][:2] if len(hooks) > 1 else [hooks[0]["id"]],
                ["ecr-lifecycle-lint", "ecr-lifecycle-lint-templates"][:len(hooks[:2])],
                "the hooks: policies, then templates")
    hook = hooks[0]
    check_equal((hook["id"], hook["entry"]), ("ecr-lifecycle-lint", "ecr-lifecycle lint"), "hook")

    # A repository's files; pre-commit passes those whose path matches `files` (re.search).
    repo = os.path.join(root, "pre-commit-repo")
    valid_src = os.path.join(source, "fixtures", "policies", "valid")
    invalid_src = os.path.join(source, "fixtures", "policies", "invalid")
    layout = {
        "ecr/lifecycle-policy.json": os.path.join(valid_src, "count-since-image-pushed.json"),
        "ecr/web/lifecycle.json": os.path.join(valid_src, "count-image-count-more-than.json"),
        "ecr/api-lifecycle-policy.json": os.path.join(invalid_src, "wrapper-error-in-policy.json"),
        "ecr/inventory.json": os.path.join(source, "tests", "e2e", "fixtures", "ecr",
                                           "inventory.json"),
        # describe-images output whose name has `lifecycle` too: the exclude keeps it out.
        "ecr/lifecycle-inventory.json": os.path.join(source, "fixtures", "examples",
                                                     "inventory.json"),
        "ecr/lifecycle-policy.json.bak": os.path.join(invalid_src, "v1-duplicate-priority.json"),
    }
    for relative, origin in layout.items():
        os.makedirs(os.path.dirname(os.path.join(repo, relative)), exist_ok=True)
        shutil.copy(origin, os.path.join(repo, relative))
    selected = sorted(p for p in layout if pre_commit_selects(hook, p))
    check_equal(selected, ["ecr/api-lifecycle-policy.json", "ecr/lifecycle-policy.json",
                           "ecr/web/lifecycle.json"], "files the hook selects")
    entry = shlex.split(hook["entry"])
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(binary)) + os.pathsep
               + os.environ["PATH"])
    done = subprocess.run(entry + selected, cwd=repo, env=env, capture_output=True, text=True,
                          timeout=60)
    check_equal(done.returncode, 1, f"hook on an invalid policy fails ({done.stderr})")
    check(done.stderr.startswith("ecr/api-lifecycle-policy.json:4:324: error: /rules/1/selection:")
          and len(done.stderr.splitlines()) == 3,
          f"hook diagnostic:\n{done.stderr}")
    valid_only = [p for p in selected if "api" not in p]
    done = subprocess.run(entry + valid_only, cwd=repo, env=env, capture_output=True,
                          text=True, timeout=60)
    check_equal((done.returncode, done.stdout, done.stderr), (0, "", ""), "hook on valid policies")
    if len(hooks) > 1:
        check_template_hook(binary, source, root, hooks[1], env)


def check_template_hook(binary, source, root, hook, env):
    """The templates hook selects templates only, and fails on an invalid embedded policy."""
    repo = os.path.join(root, "pre-commit-templates")
    templates = os.path.join(source, "fixtures", "templates")
    layout = {
        "infra/cfn/ecr.yaml": os.path.join(templates, "cfn-yaml-literal-block.yaml"),
        "cdk.out/Service.template.json": os.path.join(templates, "cdk-service-stack.template.json"),
        "infra/templates/bucket.yaml": os.path.join(templates, "cfn-yaml-no-policy.yaml"),
        "k8s/deployment.yaml": os.path.join(templates, "cfn-yaml-no-policy.yaml"),
        "ecr/lifecycle-policy.json": os.path.join(source, "tests", "e2e", "fixtures", "ecr",
                                                  "lifecycle-policy.json"),
    }
    for relative, origin in layout.items():
        os.makedirs(os.path.dirname(os.path.join(repo, relative)), exist_ok=True)
        shutil.copy(origin, os.path.join(repo, relative))
    selected = sorted(p for p in layout if pre_commit_selects(hook, p))
    check_equal(selected, ["cdk.out/Service.template.json", "infra/cfn/ecr.yaml",
                           "infra/templates/bucket.yaml"], "files the templates hook selects")
    done = subprocess.run(shlex.split(hook["entry"]) + selected, cwd=repo, env=env,
                          capture_output=True, text=True, timeout=60)
    check_equal(done.returncode, 1, f"templates hook on an invalid policy fails ({done.stderr})")
    check("infra/cfn/ecr.yaml:17:30: error: Resource ApiRepository (AWS::ECR::Repository): "
          "/rules/0/selection:" in done.stderr
          and "infra/templates/bucket.yaml: note: no lifecycle policy found" in done.stderr,
          f"templates hook diagnostics:\n{done.stderr}")


# ---------------------------------------------------------------- cron/cleanup.sh
CRON_POLICY = {"rules": [
    {"rulePriority": 1, "description": "two untagged images",
     "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 2},
     "action": {"type": "expire"}},
    {"rulePriority": 2, "description": "one pull-request image",
     "selection": {"tagStatus": "tagged", "tagPrefixList": ["pr-"],
                   "countType": "imageCountMoreThan", "countNumber": 1},
     "action": {"type": "expire"}},
]}
# (repository, name, tag): batch OLD is pushed in earlier seconds than batch NEW.
OLD = [("svc/a", "a-u1", None), ("svc/a", "a-u2", None), ("svc/a", "a-pr1", "pr-1"),
       ("svc/b", "b-pr7", "pr-7")]
NEW = [("svc/a", "a-u3", None), ("svc/a", "a-u4", None), ("svc/a", "a-pr2", "pr-2"),
       ("svc/b", "b-pr8", "pr-8"), ("svc/b", "b-rel", "release-1")]
EXPECTED_SURVIVORS = {"svc/a": ["a-u3", "a-u4", "a-pr2"],
                      "svc/b": ["b-pr7", "b-pr8", "b-rel"],  # pr-7 is in the protect file
                      "empty": []}


def images_now(client, repository):
    pages = client.get_paginator("describe_images").paginate(repositoryName=repository)
    return sorted(d["imageDigest"] for page in pages for d in page["imageDetails"])


def check_cron(binary, source, root, v1, v2):
    try:
        import boto3
    except ImportError:
        fail("boto3 is not importable by this python3 (it sets up moto for cleanup.sh)")

    script = os.path.join(source, "examples", "cron", "cleanup.sh")
    with MotoServer(root) as moto:
        client = boto3.client("ecr", endpoint_url=moto.url, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        for repository in EXPECTED_SURVIVORS:
            client.create_repository(repositoryName=repository)
        for batch in (OLD, NEW):
            for repository, name, tag in batch:
                kwargs = {"imageTag": tag} if tag else {}
                client.put_image(repositoryName=repository, imageManifest=manifest(name, 1000),
                                 **kwargs)
            time.sleep(max(0.0, int(time.time()) + 1.05 - time.time()))  # next whole second
        initial = {r: images_now(client, r) for r in EXPECTED_SURVIVORS}

        work = os.path.join(root, "cron-work")
        policy = os.path.join(root, "cron-policy.json")
        with open(policy, "w", encoding="utf-8") as handle:
            json.dump(CRON_POLICY, handle)
        protect = os.path.join(root, "cron-protect.txt")
        with open(protect, "w", encoding="utf-8") as handle:
            handle.write("svc/b:pr-7\n")
        base_env = aws_env(root, {
            "ECR_ENDPOINT_URL": moto.url, "WORK_DIR": work, "POLICY": policy,
            "PROTECT": protect, "ECR_LIFECYCLE": os.path.abspath(binary), "KEEP_RUNS": "2"})
        base_env.pop("DRY_RUN", None)

        def cleanup(**extra):
            return subprocess.run(["sh", script], env=dict(base_env, **extra),
                                  capture_output=True, text=True, timeout=180)

        def run_dirs():
            return sorted(d for d in os.listdir(work) if d.startswith("run-"))

        # Dry run (the default), AWS CLI v1: a plan, nothing deleted.
        done = cleanup(AWS_CLI=v1)
        check_equal(done.returncode, 0, f"dry run exit status\n{done.stderr}")
        check("cleanup: snapshot: " in done.stderr, done.stderr)
        check("Total: delete 3 images" in done.stderr, f"plan summary in the log\n{done.stderr}")
        check("dry run: nothing deleted; DRY_RUN=0 would apply " in done.stderr
              and "cleanup:   Would delete 3 images" in done.stderr, done.stderr)
        check_equal({r: images_now(client, r) for r in EXPECTED_SURVIVORS}, initial,
                    "images after the dry run")
        plan_dir = os.path.join(work, run_dirs()[0], "plan")
        with open(os.path.join(plan_dir, "delete", "svc%2Fa", "0001.json"), encoding="utf-8") as f:
            request = json.load(f)
        check_equal(sorted(i["imageDigest"] for i in request["imageIds"]),
                    sorted(moto_digest(n) for n in ("a-u1", "a-u2", "a-pr1")), "dry-run plan")
        check(not os.path.exists(os.path.join(plan_dir, "delete", "svc%2Fb")),
              "the protect file keeps svc/b:pr-7 out of the plan")

        # What is running (PROTECT_FROM), in a work folder of its own: a kubectl that prints
        # a pod running a-u1 by digest, and moto's empty ECS and Lambda. a-u1 stays.
        in_use_work = os.path.join(root, "cron-in-use-work")
        kubectl = os.path.join(root, "kubectl")
        pod = {"apiVersion": "v1", "kind": "List", "items": [{
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "a-5f6d", "namespace": "prod"},
            "spec": {"containers": [{"name": "a", "image": "nginx:1.25"}]},
            "status": {"containerStatuses": [{"name": "a", "imageID":
                "docker-pullable://123456789012.dkr.ecr.us-east-1.amazonaws.com/svc/a@"
                + moto_digest("a-u1")}]}}]}
        with open(os.path.join(root, "pods.json"), "w", encoding="utf-8") as handle:
            json.dump(pod, handle)
        with open(kubectl, "w", encoding="utf-8") as handle:
            handle.write("#!/bin/sh\n"
                         "case \"$*\" in\n"
                         "  'config get-contexts -o name') echo prod ;;\n"
                         f"  *' get pods -A -o json') cat '{root}/pods.json' ;;\n"
                         "  *) echo '{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": []}' ;;\n"
                         "esac\n")
        os.chmod(kubectl, 0o755)
        done = cleanup(AWS_CLI=v2, WORK_DIR=in_use_work, KUBECTL=kubectl,
                       PROTECT_FROM="kubernetes ecs lambda")
        check_equal(done.returncode, 0, f"PROTECT_FROM dry run exit status\n{done.stderr}")
        check("what is running (kubernetes ecs lambda): 2 files" in done.stderr, done.stderr)
        check("pod prod/a-5f6d container a" in done.stderr, f"the pod keeps a-u1\n{done.stderr}")
        in_use_plan = os.path.join(in_use_work, sorted(os.listdir(in_use_work))[-1], "plan")
        with open(os.path.join(in_use_plan, "delete", "svc%2Fa", "0001.json"),
                  encoding="utf-8") as f:
            request = json.load(f)
        check_equal(sorted(i["imageDigest"] for i in request["imageIds"]),
                    sorted(moto_digest(n) for n in ("a-u2", "a-pr1")), "plan with a-u1 in use")
        # A kubectl that fails: what runs is unknown, so the run stops before any plan.
        done = cleanup(AWS_CLI=v2, WORK_DIR=in_use_work, KUBECTL="false",
                       PROTECT_FROM="kubernetes")
        check_equal(done.returncode, 2, f"failing kubectl\n{done.stderr}")
        check("failed; nothing deleted" in done.stderr, done.stderr)

        # The real run, AWS CLI v2 (in the script and in apply.sh).
        time.sleep(1.05)  # run folders are named by the second
        done = cleanup(AWS_CLI=v2, DRY_RUN="0")
        check_equal(done.returncode, 0, f"real run exit status\n{done.stderr}")
        check("cleanup:   Total: deleted 3 images" in done.stderr
              and "cleanup: applied " in done.stderr, f"apply log\n{done.stderr}")
        check_equal({r: images_now(client, r) for r in EXPECTED_SURVIVORS},
                    {r: sorted(moto_digest(n) for n in names)
                     for r, names in EXPECTED_SURVIVORS.items()}, "survivors after the real run")

        # An invalid policy: exit 1, the diagnostic in the log, nothing deleted.
        with open(policy, "w", encoding="utf-8") as handle:
            json.dump({"rules": [CRON_POLICY["rules"][0], dict(CRON_POLICY["rules"][1],
                                                               rulePriority=1)]}, handle)
        time.sleep(1.05)
        done = cleanup(AWS_CLI=v1, DRY_RUN="0", REPOSITORIES="svc/a")
        check_equal(done.returncode, 1, f"invalid policy exit status\n{done.stderr}")
        check(f"cleanup:   {policy}:1:" in done.stderr and "[E0201]" in done.stderr
              and "ecr-lifecycle plan failed with exit status 1; nothing deleted" in done.stderr,
              f"invalid policy log\n{done.stderr}")
        check_equal(len(run_dirs()), 2, "KEEP_RUNS=2 keeps two run folders")
        with open(os.path.join(work, "cleanup.log"), encoding="utf-8") as handle:
            check_equal(handle.read().count(" cleanup: run "), 3, "cleanup.log has the 3 runs")

        # A run in progress (its lock) stops another one before any AWS call.
        os.mkdir(os.path.join(work, ".lock"))
        done = cleanup(AWS_CLI=v1)
        check_equal(done.returncode, 2, "a second concurrent run")
        check("another run holds" in done.stderr, done.stderr)
        os.rmdir(os.path.join(work, ".lock"))


def body(args):
    for tool in ("git", "bash"):
        if shutil.which(tool) is None:
            fail(f"{tool} is not on PATH")
    v1, v2 = find_aws_clis()
    with work_folder("ecrlc-e2e-examples-", args.keep) as root:
        check_github_workflow(args.binary, args.source, root)
        check_template_workflow(args.binary, args.source, root)
        check_pre_commit(args.binary, args.source, root)
        check_cron(args.binary, args.source, root, v1, v2)


def main():
    test_main(__doc__, body, source=True)


if __name__ == "__main__":
    main()
