"""Shared helpers of the end-to-end tests: a moto_server per test, the AWS CLIs, pushes."""

import argparse
import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REGISTRY_ID = "123456789012"  # moto's default account
MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"


class E2EError(Exception):
    """A failed expectation or a missing tool; main() prints it and exits 1."""


def fail(message):
    raise E2EError(message)


def check(condition, message):
    if not condition:
        fail(message)


def check_equal(actual, expected, what):
    if actual != expected:
        fail(f"{what}:\n  expected: {expected!r}\n  actual:   {actual!r}")


def run_main(body):
    """Runs body() and turns SIGTERM (ctest's timeout) into a normal exit so that
    cleanups in finally blocks run; prints 'N passed, N failed' style verdicts."""

    def on_term(signum, _frame):
        raise SystemExit(f"terminated by signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    started = time.monotonic()
    try:
        body()
    except E2EError as error:
        print(f"FAIL: {error}", file=sys.stderr)
        print(f"e2e: 0 passed, 1 failed ({time.monotonic() - started:.1f} s)")
        sys.exit(1)
    print(f"e2e: 1 passed, 0 failed ({time.monotonic() - started:.1f} s)")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent():
    # Linux: the server gets SIGTERM when the test process dies, even by SIGKILL.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class MotoServer:
    """moto_server on a free loopback port; a context manager that always stops it."""

    def __init__(self, workdir):
        self.port = None
        self.process = None
        self.log_path = os.path.join(workdir, "moto_server.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        command = _unshim(shutil.which("moto_server"))
        if command is None:
            fail("moto_server is not on PATH (pip install 'moto[server]'; CI's python3 has it)")
        last_error = None
        for _attempt in range(3):  # another process may take the free port before moto binds it
            self.port = free_port()
            log = open(self.log_path, "ab")
            self.process = subprocess.Popen(
                [command, "-H", "127.0.0.1", "-p", str(self.port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent)
            log.close()
            try:
                self._wait_ready(timeout=60)
                return self
            except E2EError as error:
                last_error = error
                self._stop()
        raise last_error

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"moto_server exited with status {self.process.returncode}; "
                     f"log: {self.log_path}\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/moto-api/data.json", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        fail(f"moto_server did not answer on {self.url} within {timeout} s\n{self.log_tail()}")

    def log_tail(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return "".join(handle.readlines()[-20:])
        except OSError:
            return ""

    def _stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __exit__(self, *_exc):
        self._stop()
        return False


def _cli_version(path):
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    text = (done.stdout + done.stderr).strip()
    return text.split("/", 1)[1].split(".", 1)[0] if text.startswith("aws-cli/") else None


def _unshim(path):
    """The program behind a pyenv shim: the shim costs ~0.3 s of CPU per call."""
    if path is None or os.sep + "shims" + os.sep not in path or shutil.which("pyenv") is None:
        return path
    done = subprocess.run(["pyenv", "which", os.path.basename(path)], capture_output=True,
                          text=True, timeout=60)
    real = done.stdout.strip()
    return real if done.returncode == 0 and os.access(real, os.X_OK) else path


def find_aws_clis():
    """(v1 path, v2 path): AWS_CLI_V1 / AWS_CLI_V2 or `aws` on PATH and /usr/bin/aws."""
    v1 = os.environ.get("AWS_CLI_V1") or _unshim(shutil.which("aws"))
    v2 = os.environ.get("AWS_CLI_V2") or "/usr/bin/aws"
    if v1 is None or _cli_version(v1) != "1":
        fail(f"AWS CLI v1 not found (`aws` on PATH is {v1!r}; set AWS_CLI_V1; pip install awscli)")
    if not os.path.exists(v2) or _cli_version(v2) != "2":
        fail(f"AWS CLI v2 not found at {v2} (apt-get install -y awscli, or set AWS_CLI_V2)")
    return v1, v2


def aws_env(workdir, extra=None):
    """Environment for the AWS CLI against moto: dummy credentials, no user config."""
    env = dict(os.environ)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_REGION",
                 "AWS_CA_BUNDLE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECR"):
        env.pop(name, None)
    env.update({
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.path.join(workdir, "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(workdir, "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "2",
    })
    if extra:
        env.update(extra)
    return env


class Aws:
    """One AWS CLI (v1 or v2) pointed at moto."""

    def __init__(self, path, endpoint, workdir, tz=None):
        self.path = path
        self.endpoint = endpoint
        self.env = aws_env(workdir, {"TZ": tz} if tz else None)

    def run(self, *args, check_status=True, env=None):
        command = [self.path, "--endpoint-url", self.endpoint, "--output", "json", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              env=env or self.env)
        if check_status and done.returncode != 0:
            fail(f"{' '.join(command)} -> exit {done.returncode}\n{done.stderr}")
        return done

    def json(self, *args):
        return json.loads(self.run(*args).stdout or "null")


def manifest(name, size):
    """A schema-2 manifest whose layers (hence moto's digest) depend on name; moto reports
    the config size as imageSizeInBytes."""
    def digest(text):
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    return json.dumps({
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                   "size": size, "digest": digest("config-" + name)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": size * 3, "digest": digest("layer-" + name)}],
    }, separators=(",", ":"))


def moto_digest(name):
    """The digest moto gives manifest(name): sha256 of the concatenated layer digests."""
    layer = "sha256:" + hashlib.sha256(("layer-" + name).encode()).hexdigest()
    return "sha256:" + hashlib.sha256(layer.encode()).hexdigest()


class Pusher:
    """Pushes images through the AWS CLI, one whole second apart: moto stamps imagePushedAt
    with whole seconds, so distinct seconds make the push order the age order."""

    def __init__(self, aws, workdir):
        self.aws = aws
        self.workdir = workdir
        self.next_second = 0.0

    def push(self, repository, name, tag=None, size=1000):
        path = os.path.join(self.workdir, f"manifest-{repository.replace('/', '_')}-{name}.json")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(manifest(name, size))
        wait = self.next_second - time.time()
        if wait > 0:
            time.sleep(wait)
        args = ["ecr", "put-image", "--repository-name", repository,
                "--image-manifest", f"file://{path}"]
        if tag is not None:
            args += ["--image-tag", tag]
        reply = self.aws.json(*args)
        self.next_second = float(int(time.time()) + 1) + 0.01
        digest = reply["image"]["imageId"]["imageDigest"]
        check_equal(digest, moto_digest(name), f"moto's digest of image {name}")
        return digest


def epoch_of(value):
    """imagePushedAt as AWS CLI v1 (number) or v2 (ISO-8601 with offset) prints it."""
    if isinstance(value, (int, float)):
        return float(value)
    from datetime import datetime
    return datetime.fromisoformat(value).timestamp()


def check_push_order(describe_pages, digests_in_push_order, what):
    """Every pushed image is listed once and imagePushedAt strictly increases in push order."""
    pushed_at = {}
    for page in describe_pages:
        for detail in page["imageDetails"]:
            pushed_at[detail["imageDigest"]] = epoch_of(detail["imagePushedAt"])
    missing = [d for d in digests_in_push_order if d not in pushed_at]
    check(not missing, f"{what}: images missing from describe-images: {missing}")
    times = [pushed_at[d] for d in digests_in_push_order]
    check(all(a < b for a, b in zip(times, times[1:])),
          f"{what}: imagePushedAt does not increase in push order: {times}")
    return pushed_at


def run_tool(binary, *args, expect=0, stdin=None):
    done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=120,
                          input=stdin)
    if expect is not None and done.returncode != expect:
        fail(f"ecr-lifecycle {' '.join(args)} -> exit {done.returncode} (expected {expect})\n"
             f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}")
    return done


def workdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


@contextlib.contextmanager
def work_folder(prefix, keep):
    """A temporary folder for one test, removed at the end unless keep (--keep) is set."""
    work = workdir(prefix)
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2)


def test_main(description, body, source=False):
    """The command line of every end-to-end test: --binary, --keep (and --source), then
    run_main(body(args))."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--binary", required=True)
    if source:
        parser.add_argument("--source", required=True,
                            help="the source tree (examples/, fixtures/)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    run_main(lambda: body(args))
