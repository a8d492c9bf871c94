#!/bin/sh
# Scheduled ECR cleanup with ecr-lifecycle: snapshot -> plan -> apply.
#
# Dry run by default: it writes the plan and logs what `ecr-lifecycle apply --dry-run` would
# delete after re-checking the registry; DRY_RUN=0 deletes (`apply --yes`: only the planned
# images that a fresh evaluation still expires, journaled, resumable).
# Example crontab line (every night at 03:17, deleting):
#   17 3 * * * DRY_RUN=0 POLICY=/etc/ecr-lifecycle/policy.json /usr/local/bin/cleanup.sh
#
# Environment (all optional):
#   POLICY            policy file for every repository (default: ./lifecycle-policy.json)
#   POLICY_ARGS       instead of POLICY, other policy options of `ecr-lifecycle plan`, e.g.
#                     "--policies /etc/ecr-lifecycle/policies" or "--policy-map /etc/map.txt"
#   PROTECT           protect file: images that must survive (REPO:TAG, REPO@sha256:..., URIs)
#   REPOSITORIES      repository names separated by blanks (default: every repository)
#   DRY_RUN           1 (default): plan and apply --dry-run; 0: apply --yes
#   MAX_DELETES       refuse a run that would delete more images (apply --max-deletes)
#   WORK_DIR          folder of the runs' inventories, plans and logs
#                     (default: /var/tmp/ecr-lifecycle)
#   KEEP_RUNS         run folders kept in WORK_DIR (default: 14)
#   LOG_FILE          also append the log to this file (default: WORK_DIR/cleanup.log)
#   ECR_LIFECYCLE     the ecr-lifecycle binary (default: ecr-lifecycle)
#   AWS_CLI           the AWS CLI binary (default: aws); AWS_PROFILE, AWS_REGION... as usual
#   ECR_ENDPOINT_URL  passed to the AWS CLI as --endpoint-url (e.g. a test server)
#
# Exit status: 0 done (or dry run done); 1 invalid policy, or a failed or refused apply; 2
# setup error (missing tool, unreadable file, AWS CLI failure while taking the snapshot,
# another run in progress).
set -eu

policy=${POLICY:-./lifecycle-policy.json}
dry_run=${DRY_RUN:-1}
work_dir=${WORK_DIR:-/var/tmp/ecr-lifecycle}
keep_runs=${KEEP_RUNS:-14}
log_file=${LOG_FILE:-$work_dir/cleanup.log}
ecr_lifecycle=${ECR_LIFECYCLE:-ecr-lifecycle}
aws_cli=${AWS_CLI:-aws}

log() {
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) cleanup: $*"
  printf '%s\n' "$line" >&2
  printf '%s\n' "$line" >> "$log_file"
}

# Logs the lines of a file (a command's saved output), indented.
log_output() {
  while IFS= read -r output_line; do
    log "  $output_line"
  done < "$1"
}

mkdir -p "$work_dir"
case $dry_run in
  0 | 1) ;;
  *)
    log "DRY_RUN must be 0 or 1, not '$dry_run'"
    exit 2
    ;;
esac
case $keep_runs in
  '' | *[!0-9]* | 0)
    log "KEEP_RUNS must be a whole number of at least 1, not '$keep_runs'"
    exit 2
    ;;
esac
for tool in "$ecr_lifecycle" "$aws_cli"; do
  command -v "$tool" >/dev/null 2>&1 || {
    log "$tool not found"
    exit 2
  }
done

# One run at a time: a cron run that overlaps a slow one stops here.
lock="$work_dir/.lock"
if ! mkdir "$lock" 2>/dev/null; then
  log "another run holds $lock (remove it if no run is in progress)"
  exit 2
fi
trap 'rmdir "$lock" 2>/dev/null || true' EXIT
trap 'exit 2' HUP INT TERM

run_dir="$work_dir/run-$(date -u +%Y%m%dT%H%M%SZ)-$$"
mkdir -p "$run_dir"
log "run $run_dir (DRY_RUN=$dry_run)"
# Keep the newest KEEP_RUNS run folders, this one included.
find "$work_dir" -maxdepth 1 -type d -name 'run-*' | sort -r | tail -n +"$((keep_runs + 1))" |
  while IFS= read -r old_run; do
    rm -rf "$old_run"
  done

# 1. The snapshot: every repository (or REPOSITORIES), every page of its images, archived
#    images and index children where the AWS CLI can read them, the live policies.
set --
for repository in ${REPOSITORIES:-}; do
  set -- "$@" --repository "$repository"
done
status=0
"$ecr_lifecycle" snapshot --out "$run_dir/snapshot" "$@" --aws-cli "$aws_cli" \
  ${ECR_ENDPOINT_URL:+--endpoint-url "$ECR_ENDPOINT_URL"} \
  > "$run_dir/snapshot.out" 2> "$run_dir/snapshot.err" || status=$?
log_output "$run_dir/snapshot.out"
log_output "$run_dir/snapshot.err"
if [ "$status" -ne 0 ]; then
  log "ecr-lifecycle snapshot failed with exit status $status; nothing deleted"
  exit 2
fi
log "snapshot: $run_dir/snapshot"

# 2. The plan.
if [ -n "${POLICY_ARGS:-}" ]; then
  # shellcheck disable=SC2086 # POLICY_ARGS holds options and their arguments
  set -- $POLICY_ARGS
else
  set -- --policy "$policy"
fi
if [ -n "${PROTECT:-}" ]; then
  set -- "$@" --protect "$PROTECT"
fi
status=0
"$ecr_lifecycle" plan "$@" --snapshot "$run_dir/snapshot" --out "$run_dir/plan" \
  > "$run_dir/plan.out" 2> "$run_dir/plan.err" || status=$?
log_output "$run_dir/plan.out"
log_output "$run_dir/plan.err"
if [ "$status" -ne 0 ]; then
  log "ecr-lifecycle plan failed with exit status $status; nothing deleted"
  [ "$status" -eq 1 ] && exit 1
  exit 2
fi

# 3. Apply: the registry is read again and the plan re-checked before anything is deleted.
if [ "$dry_run" = 1 ]; then
  set -- --dry-run
else
  set -- --yes
fi
if [ -n "${MAX_DELETES:-}" ]; then
  set -- "$@" --max-deletes "$MAX_DELETES"
fi
status=0
"$ecr_lifecycle" apply "$run_dir/plan" "$@" --aws-cli "$aws_cli" \
  ${ECR_ENDPOINT_URL:+--endpoint-url "$ECR_ENDPOINT_URL"} \
  > "$run_dir/apply.out" 2>&1 || status=$?
log_output "$run_dir/apply.out"
if [ "$status" -ne 0 ]; then
  log "ecr-lifecycle apply failed with exit status $status (run it again to resume)"
  status=1
elif [ "$dry_run" = 1 ]; then
  log "dry run: nothing deleted; DRY_RUN=0 would apply $run_dir/plan"
else
  log "applied $run_dir/plan"
fi

exit "$status"
