#!/bin/sh
# Scheduled ECR cleanup with ecr-lifecycle: snapshot -> what is running (PROTECT_FROM) ->
# plan -> apply (which re-checks the live registry before it deletes).
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
#   PROTECT_FROM      what is running, read live before the plan and protected: any of
#                     "kubernetes ecs lambda" (the commands of docs/operations.md); a failing
#                     kubectl or AWS CLI command stops the run, nothing deleted
#   KUBE_CONTEXTS     kubeconfig contexts for kubernetes (default: every context)
#   KUBECTL           the kubectl binary (default: kubectl)
#   REPOSITORIES      repository names separated by blanks (default: every repository)
#   DRY_RUN           1 (default): plan and apply --dry-run; 0: apply --yes
#   MAX_DELETES       refuse a run that would delete more images (apply --max-deletes)
#   WORK_DIR          folder of the runs' snapshots, plans and logs
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
kubectl=${KUBECTL:-kubectl}

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

aws_ecr() {
  "$aws_cli" ${ECR_ENDPOINT_URL:+--endpoint-url "$ECR_ENDPOINT_URL"} ecr "$@"
}

# shellcheck disable=SC2317 # called through capture and list
aws_service() {
  "$aws_cli" ${ECR_ENDPOINT_URL:+--endpoint-url "$ECR_ENDPOINT_URL"} "$@"
}

# Runs a command into a file (`capture FILE COMMAND...`). What runs cannot be known when it
# fails, so nothing may be deleted: the run stops.
capture() {
  capture_file=$1
  shift
  if ! "$@" > "$capture_file" 2> "$run_dir/in-use.err"; then
    log "$* failed; nothing deleted:"
    log_output "$run_dir/in-use.err"
    exit 2
  fi
}

# The words of an `--output text` list a command prints, one per line, into $run_dir/words
# (`list COMMAND...`); never in a command substitution, where a failure would go unseen.
list() {
  capture "$run_dir/words.raw" "$@"
  tr '[:blank:]' '\n' < "$run_dir/words.raw" | grep -v -x -e 'None' -e '' > "$run_dir/words" || true
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

# 1. The inventory: `ecr-lifecycle snapshot` reads every page of every repository (or of
#    REPOSITORIES), the children of image indexes (never expired while their index lives)
#    and archived images, into a folder written whole; any failed AWS call stops here.
set --
for repository in ${REPOSITORIES:-}; do
  set -- "$@" --repository "$repository"
done
snapshot="$run_dir/snapshot"
if ! "$ecr_lifecycle" snapshot --out "$snapshot" --aws-cli "$aws_cli" \
  ${ECR_ENDPOINT_URL:+--endpoint-url "$ECR_ENDPOINT_URL"} "$@" \
  > "$run_dir/snapshot.out" 2> "$run_dir/aws.err"; then
  log "ecr-lifecycle snapshot failed:"
  log_output "$run_dir/aws.err"
  exit 2
fi
log_output "$run_dir/aws.err" # warnings, e.g. a CLI that cannot list archived images
count=$(sed -n 's/^Wrote .*: \([0-9]*\) repositories.*/\1/p' "$run_dir/snapshot.out")
log "snapshot: $snapshot ($count repositories)"

# 2. What is running (PROTECT_FROM): one file per command, each a --protect of the plan.
in_use="$run_dir/in-use"
mkdir -p "$in_use"
n=0
for source in ${PROTECT_FROM:-}; do
  case $source in
    kubernetes)
      if [ -n "${KUBE_CONTEXTS:-}" ]; then
        # shellcheck disable=SC2086 # one context per word
        printf '%s\n' $KUBE_CONTEXTS > "$run_dir/contexts"
      else
        list "$kubectl" config get-contexts -o name
        mv "$run_dir/words" "$run_dir/contexts"
      fi
      while IFS= read -r context; do
        capture "$in_use/pods-$context.json" "$kubectl" --context "$context" get pods -A -o json
        capture "$in_use/workloads-$context.json" "$kubectl" --context "$context" \
          get deployments,statefulsets,daemonsets,jobs,cronjobs -A -o json
      done < "$run_dir/contexts"
      ;;
    ecs)
      list aws_service ecs list-clusters --query 'clusterArns[]' --output text
      mv "$run_dir/words" "$run_dir/clusters"
      while IFS= read -r cluster; do
        # describe-tasks takes at most 100 tasks per call.
        list aws_service ecs list-tasks --cluster "$cluster" --query 'taskArns[]' --output text
        rm -f "$run_dir"/tasks.*
        split -l 100 "$run_dir/words" "$run_dir/tasks."
        for batch in "$run_dir"/tasks.*; do
          [ -s "$batch" ] || continue
          n=$((n + 1))
          # shellcheck disable=SC2046 # one argument per task ARN
          capture "$in_use/ecs-tasks-$n.json" aws_service ecs describe-tasks --cluster "$cluster" \
            --tasks $(cat "$batch")
        done
        # The task definition of every service: what its next scale-out starts.
        list aws_service ecs list-services --cluster "$cluster" --query 'serviceArns[]' \
          --output text
        mv "$run_dir/words" "$run_dir/services"
        while IFS= read -r service; do
          list aws_service ecs describe-services --cluster "$cluster" --services "$service" \
            --query 'services[].taskDefinition' --output text
          while IFS= read -r definition; do
            n=$((n + 1))
            capture "$in_use/ecs-definition-$n.json" aws_service ecs describe-task-definition \
              --task-definition "$definition"
          done < "$run_dir/words"
        done < "$run_dir/services"
      done < "$run_dir/clusters"
      ;;
    lambda)
      list aws_service lambda list-functions \
        --query "Functions[?PackageType=='Image'].FunctionName" --output text
      while IFS= read -r function; do
        capture "$in_use/lambda-$function.json" aws_service lambda get-function \
          --function-name "$function"
      done < "$run_dir/words"
      ;;
    *)
      log "PROTECT_FROM: expected kubernetes, ecs or lambda, not '$source'"
      exit 2
      ;;
  esac
done
[ -z "${PROTECT_FROM:-}" ] ||
  log "what is running ($PROTECT_FROM): $(find "$in_use" -name '*.json' | wc -l) files in $in_use"

# 3. The plan.
if [ -n "${POLICY_ARGS:-}" ]; then
  # shellcheck disable=SC2086 # POLICY_ARGS holds options and their arguments
  set -- $POLICY_ARGS
else
  set -- --policy "$policy"
fi
if [ -n "${PROTECT:-}" ]; then
  set -- "$@" --protect "$PROTECT"
fi
for file in "$in_use"/*.json; do
  [ -f "$file" ] && set -- "$@" --protect "$file"
done
status=0
"$ecr_lifecycle" plan "$@" --snapshot "$snapshot" --out "$run_dir/plan" \
  > "$run_dir/plan.out" 2> "$run_dir/plan.err" || status=$?
log_output "$run_dir/plan.out"
log_output "$run_dir/plan.err"
if [ "$status" -ne 0 ]; then
  log "ecr-lifecycle plan failed with exit status $status; nothing deleted"
  [ "$status" -eq 1 ] && exit 1
  exit 2
fi

# 4. Apply: the registry is read again and the plan re-checked before anything is deleted.
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
