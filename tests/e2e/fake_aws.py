#!/usr/bin/env python3
"""A stand-in for the AWS CLI that prints canned ECR responses and fails on demand, for the
failure paths of `ecr-lifecycle snapshot` that moto cannot produce (snapshot_fake_cli_test.py).

The scenario is the JSON file named by $FAKE_AWS_SCENARIO:
  {"version": "aws-cli/2.9.19 ...",            # what --version prints
   "repositories": {"NAME": [imageDetail, ...]}, # describe-repositories and describe-images
   "policies": {"NAME": "policy text"},          # get-lifecycle-policy (others: not found)
   "reject_filter": true,                        # --filter imageStatus=ANY: exit 252
   "truncated": ["NAME"],                        # describe-images ends with nextToken
   "fail": {"operation": "describe-images", "repository": "NAME", "status": 254,
            "stderr": "..."}}                    # that call fails
Every call is appended to $FAKE_AWS_LOG (one JSON array of arguments per line)."""

import json
import os
import sys


def option(args, name):
    return args[args.index(name) + 1] if name in args else None


def main():
    args = sys.argv[1:]
    with open(os.environ["FAKE_AWS_SCENARIO"], encoding="utf-8") as handle:
        scenario = json.load(handle)
    log = os.environ.get("FAKE_AWS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(args) + "\n")
    if args == ["--version"]:
        print(scenario.get("version", "aws-cli/2.99.0 Python/3.11.2 Linux/6 fake"))
        return 0
    check(option(args, "--output") == "json", "--output json missing")
    check(os.environ.get("AWS_PAGER") == "", "AWS_PAGER is not empty")
    operation = args[1]
    repository = option(args, "--repository-name")
    fail = scenario.get("fail")
    if fail and fail["operation"] == operation and fail.get("repository") in (None, repository):
        sys.stderr.write("\n" + fail["stderr"] + "\n")
        return fail.get("status", 254)
    repositories = scenario.get("repositories", {})
    if operation == "describe-repositories":
        out = {"repositories": [
            {"repositoryArn": f"arn:aws:ecr:eu-west-1:111122223333:repository/{name}",
             "registryId": "111122223333", "repositoryName": name} for name in repositories]}
    elif operation == "describe-images":
        if "--filter" in args and scenario.get("reject_filter"):
            sys.stderr.write('\nParameter validation failed:\nUnknown parameter in filter: '
                             '"imageStatus", must be one of: tagStatus\n')
            return 252
        out = {"imageDetails": [{k: v for k, v in d.items() if k != "x-children"}
                                for d in repositories[repository]]}
        if repository in scenario.get("truncated", []):
            out["nextToken"] = "eyJ0b2tlbiI6IDJ9"
    elif operation == "batch-get-image":
        out = {"images": [], "failures": []}
        for item in args[args.index("--image-ids") + 1:args.index("--accepted-media-types")]:
            digest = item.split("=", 1)[1]
            detail = [d for d in repositories[repository] if d["imageDigest"] == digest][0]
            manifests = [{"digest": c} for c in detail.get("x-children", [])]
            out["images"].append({"imageId": {"imageDigest": digest},
                                  "imageManifest": json.dumps({"manifests": manifests})})
    elif operation == "get-lifecycle-policy":
        policy = scenario.get("policies", {}).get(repository)
        if policy is None:
            sys.stderr.write("\nAn error occurred (LifecyclePolicyNotFoundException) when "
                             "calling the GetLifecyclePolicy operation: no policy\n")
            return 254
        out = {"registryId": "111122223333", "repositoryName": repository,
               "lifecyclePolicyText": policy}
    else:
        sys.stderr.write(f"fake aws: unexpected operation {operation}\n")
        return 2
    print(json.dumps(out, indent=4))
    return 0


def check(condition, message):
    if not condition:
        sys.stderr.write(f"fake aws: {message}\n")
        sys.exit(2)


if __name__ == "__main__":
    sys.exit(main())
