#!/usr/bin/env python3
"""The portable path gives the same bytes as the AVX2 one: every inventory and policy fixture,
and generated inventories of the benchmark's shapes (JSON and NDJSON, with tag anomalies),
through preview (json, table, aws), lint and explain, with ECRLC_SIMD unset (the CPU decides)
and ECRLC_SIMD=portable (what a CPU without AVX2 runs: our scanner and simdjson's kernels
both portable). Same standard output, standard error and exit status, case by case. Also:
--version names the paths, and an unknown ECRLC_SIMD value is refused.

Usage: simd_paths_test.py BINARY
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOW = "2026-01-01T00:00:00Z"
failures = []


def run(binary, args, simd):
    env = dict(os.environ)
    env.pop("ECRLC_SIMD", None)
    if simd is not None:
        env["ECRLC_SIMD"] = simd
    result = subprocess.run([binary, *args], capture_output=True, env=env, timeout=120)
    return result.returncode, result.stdout, result.stderr


def same_on_both_paths(binary, args):
    automatic = run(binary, args, None)
    portable = run(binary, args, "portable")
    if automatic != portable:
        failures.append("differs between the paths: %s (exit %d and %d)"
                        % (" ".join(args), automatic[0], portable[0]))
    return automatic


def main():
    binary = os.path.abspath(sys.argv[1])
    version = run(binary, ["--version"], None)[1].decode()
    portable_version = run(binary, ["--version"], "portable")[1].decode()
    if "simd: scanner portable, simdjson stage 1 fallback" not in portable_version:
        failures.append("ECRLC_SIMD=portable: --version says %r" % portable_version)
    if "simd: scanner " not in version:
        failures.append("--version does not name the vector code: %r" % version)
    status, _, err = run(binary, ["--version"], "avx9")
    if status != 2 or b"ECRLC_SIMD: expected" not in err:
        failures.append("ECRLC_SIMD=avx9: exit %d, %r" % (status, err))

    policy = os.path.join(ROOT, "fixtures", "bench", "policy.json")
    with tempfile.TemporaryDirectory(prefix="ecrlc-simd-") as work:
        inventories = sorted(glob.glob(os.path.join(ROOT, "fixtures", "inventories", "*.json")) +
                             glob.glob(os.path.join(ROOT, "fixtures", "inventories", "*.ndjson")) +
                             glob.glob(os.path.join(ROOT, "fixtures", "inventories", "invalid",
                                                    "*.json")))
        for kind, options in (("json", ["--repositories", "40", "--order", "grouped"]),
                              ("ndjson", ["--repositories", "900", "--order", "random",
                                          "--tag-anomalies", "2.7"])):
            path = os.path.join(work, "generated." + kind)
            subprocess.run([binary, "generate", "--images", "20000", "--format", kind, *options,
                            "--output", path], check=True, capture_output=True)
            inventories.append(path)
        ran = 0
        for inventory in inventories:
            for output in ("json", "table", "aws"):
                status, out, _ = same_on_both_paths(
                    binary, ["preview", "--policy", policy, "--images", inventory, "--format",
                             output, "--now", NOW])
                ran += 1
        # The last run: the generated NDJSON inventory, which must have been read whole.
        if status != 0 or len(out) < 1000:
            failures.append("the generated NDJSON preview did not run (exit %d)" % status)
        for policy_file in sorted(glob.glob(os.path.join(ROOT, "fixtures", "policies", "*",
                                                         "*.json"))):
            same_on_both_paths(binary, ["lint", policy_file, "--format", "json"])
            ran += 1
        example = os.path.join(ROOT, "fixtures", "examples")
        images = []
        text, at, decoder = open(os.path.join(example, "inventory.json")).read(), 0, json.JSONDecoder()
        while text[at:].strip():  # describe-images pages, one after another
            page, at = decoder.raw_decode(text, len(text) - len(text[at:].lstrip()))
            images += page["imageDetails"]
        for image in images:
            for output in ("text", "json"):
                same_on_both_paths(binary, ["explain", "--policy",
                                            os.path.join(example, "policy.json"), "--images",
                                            os.path.join(example, "inventory.json"), "--now", NOW,
                                            "--format", output,
                                            image["repositoryName"] + "@" + image["imageDigest"]])
                ran += 1
    for failure in failures[:20]:
        print("simd_paths_test: " + failure, file=sys.stderr)
    if failures:
        return 1
    print("simd_paths_test: %d runs identical on the AVX2 and the portable path" % ran)
    return 0


if __name__ == "__main__":
    sys.exit(main())
