#!/usr/bin/env bash
# The nightly loop's logic, called by the workflows (docs/github-actions.md) and by the test
# that runs it three nights in a row against a local git origin and a fake GitHub API.
#
#   nightly.sh check [--shard K/N]   check the sources; state from and to the data branch
#   nightly.sh merge SHARD_DIR...    the final job of a sharded night: one report, one alert
#   nightly.sh comment               act on a "/freshcheck accept|ignore" issue comment
#   nightly.sh accept FINDING_ID...  the same as "/freshcheck accept", by hand
#
# State (snapshots/, the webhook's ledger under snapshots/alerts/) lives on the data branch
# ($FRESHCHECK_DATA_BRANCH, default freshcheck-data) of the same repository, checked out as
# a worktree under $FRESHCHECK_WORK; a commit is pushed only when the state changed, so a
# quiet night pushes nothing. The default branch holds the rules and the dataset.
#
# Environment: FRESHCHECK (the binary), FRESHCHECK_WORK (scratch folder: data/, pages/,
# report/), FRESHCHECK_RULES, FRESHCHECK_DATASET, FRESHCHECK_ALERT (github|webhook|none),
# FRESHCHECK_THRESHOLD, FRESHCHECK_DATA_BRANCH, FRESHCHECK_REMOTE, FRESHCHECK_ALLOW_PRIVATE
# (1: pass --allow-private, for tests on 127.0.0.1), and GitHub's own GITHUB_REPOSITORY,
# GITHUB_TOKEN, GITHUB_API_URL, GITHUB_EVENT_PATH, GITHUB_OUTPUT.
#
# Text from outside (a comment, an issue body, a page) is data here: it is read with jq,
# checked against a strict pattern where it names something (a finding id, a source id), and
# only ever passed as one argument or as a JSON string built by jq. It is never evaluated,
# never part of a command line's code, a path or a branch name.
set -euo pipefail
shopt -s inherit_errexit  # a failing step inside $(...) stops the script too

repo_root=$(git rev-parse --show-toplevel)
fc=${FRESHCHECK:-$repo_root/build/freshcheck}
work=${FRESHCHECK_WORK:-${RUNNER_TEMP:-$repo_root/.freshcheck-work}/freshcheck}
rules=${FRESHCHECK_RULES:-rules}
dataset=${FRESHCHECK_DATASET:-dataset}
alert=${FRESHCHECK_ALERT:-github}
threshold=${FRESHCHECK_THRESHOLD:-warning}
data_branch=${FRESHCHECK_DATA_BRANCH:-freshcheck-data}
remote=${FRESHCHECK_REMOTE:-origin}
api=${GITHUB_API_URL:-https://api.github.com}
data=$work/data
bot=(-c "user.name=freshcheck[bot]" -c "user.email=41898282+github-actions[bot]@users.noreply.github.com")

extra=()
[ "${FRESHCHECK_ALLOW_PRIVATE:-0}" = 1 ] && extra+=(--allow-private)

say() { echo "nightly: $*" >&2; }
die() { say "$*"; exit 2; }

# ---- the data branch --------------------------------------------------------------------

# Checks the data branch out at $data (a worktree of this repository, so the checkout's
# credentials apply), or starts it empty when the repository has none yet.
open_state() {
  mkdir -p "$work"
  git -C "$repo_root" worktree remove --force "$data" >/dev/null 2>&1 || rm -rf "$data"
  git -C "$repo_root" worktree prune
  if git -C "$repo_root" fetch --quiet "$remote" \
      "+refs/heads/$data_branch:refs/remotes/$remote/$data_branch" 2>/dev/null; then
    git -C "$repo_root" worktree add --quiet --detach "$data" "refs/remotes/$remote/$data_branch"
  else
    say "no branch $data_branch on $remote yet: starting the state afresh"
    git -C "$repo_root" worktree add --quiet --detach "$data" HEAD
    git -C "$data" checkout --quiet --orphan "freshcheck-state-$$"
    git -C "$data" rm -rfq --cached . >/dev/null
    git -C "$data" clean -fdxq
    cat >"$data/README.md" <<'EOF'
# freshcheck state

Written by the nightly job (scripts/nightly.sh), one commit per night that changed something:
`snapshots/` holds what each source showed when last accepted and the run state (failures in
a row, when each open change was first seen); `snapshots/alerts/` what the webhook announced.
Rules and dataset live on the default branch. Do not edit by hand while a job runs.
EOF
  fi
  mkdir -p "$data/snapshots"
  # The lock of a run and the temporary files of a killed one are no state.
  printf '%s\n' '.freshcheck.lock' '.*.tmp-*' >"$data/snapshots/.gitignore"
}

# Commits the state and pushes it, when anything changed. $1: the commit message.
save_state() {
  git -C "$data" add -A .
  if git -C "$data" diff --cached --quiet 2>/dev/null && git -C "$data" rev-parse -q --verify HEAD >/dev/null; then
    say "state unchanged: nothing to push"
    return 0
  fi
  git "${bot[@]}" -C "$data" commit --quiet -m "$1"
  git -C "$data" push --quiet "$remote" "HEAD:refs/heads/$data_branch"
  say "state pushed to $data_branch ($(git -C "$data" rev-parse --short HEAD))"
}

# ---- running freshcheck -----------------------------------------------------------------

# Exit codes 0, 1 and 3 are the night's news (delivered as issues and the report); 2, 4, 5
# and 6 need a person. Writes exit_code for the workflow.
finish() {
  local code=$1
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "exit_code=$code" >>"$GITHUB_OUTPUT"
  case $code in
    0 | 1 | 3) exit 0 ;;
    *) say "freshcheck exited $code: see its log above for what to do"; exit "$code" ;;
  esac
}

run_check() {
  local shard=""
  if [ "${1:-}" = --shard ]; then
    [[ ${2:-} =~ ^[0-9]+/[0-9]+$ ]] || die "--shard needs K/N, for example 2/4"
    shard=$2
  fi
  open_state
  local code=0 report=$work/report channel=$alert
  local args=(check --rules "$rules" --dataset "$dataset" --snapshots "$data/snapshots"
              --pages "$work/pages" --threshold "$threshold" "${extra[@]}")
  if [ -n "$shard" ]; then
    report=$work/shard/report
    channel=none  # the merge job alerts once, for the whole night
    args+=(--shard "$shard")
  fi
  "$fc" "${args[@]}" --report "$report" --alert "$channel" || code=$?
  case $code in 2 | 5 | 6) finish "$code" ;; esac  # no state worth keeping
  if [ -n "$shard" ]; then
    # This shard's state changes, for the merge job (shards touch disjoint files). Only the
    # snapshots: on a first night every shard starts the branch, and the merge job writes
    # the branch's README and .gitignore itself.
    git -C "$data" add -A .
    git -C "$data" diff --cached --binary -- snapshots ':!snapshots/.gitignore' \
      >"$work/shard/state.patch"
    say "shard $shard: report in $report, state changes in $work/shard/state.patch"
  else
    save_state "freshcheck: state after the night of $(date -u +%Y-%m-%d)"
  fi
  finish "$code"
}

run_merge() {
  [ $# -gt 0 ] || die "merge needs the shards' folders (each with report/ and state.patch)"
  open_state
  local reports=() dir code=0
  for dir in "$@"; do
    [ -f "$dir/report/report.json" ] || die "$dir has no report/report.json: did the shard run?"
    if [ -s "$dir/state.patch" ]; then
      git -C "$data" apply --index "$(cd "$dir" && pwd)/state.patch" ||
        die "$dir/state.patch does not apply to $data_branch: were the shards run from another state?"
    fi
    reports+=("$dir/report")
  done
  "$fc" merge-reports --report "$work/report" --snapshots "$data/snapshots" \
    --alert "$alert" --threshold "$threshold" "${reports[@]}" || code=$?
  case $code in 2 | 5 | 6) finish "$code" ;; esac
  save_state "freshcheck: state after the night of $(date -u +%Y-%m-%d) (${#reports[@]} shards)"
  finish "$code"
}

# ---- GitHub -----------------------------------------------------------------------------

# api METHOD PATH [JSON]: the answer's body on stdout; fails on an HTTP error. The token goes
# in a header read from stdin-free config, never on a command line that `ps` shows.
gh_api() {
  local method=$1 path=$2 body=${3:-}
  [ -n "${GITHUB_TOKEN:-}" ] || die "GITHUB_TOKEN is not set"
  [ -n "${GITHUB_REPOSITORY:-}" ] || die "GITHUB_REPOSITORY is not set"
  local args=(--silent --show-error --fail-with-body -X "$method"
              -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28"
              -K -)
  [ -n "$body" ] && args+=(-H "Content-Type: application/json" --data-binary "$body")
  printf 'header = "Authorization: Bearer %s"\n' "$GITHUB_TOKEN" |
    curl "${args[@]}" "$api/repos/$GITHUB_REPOSITORY/$path"
}

comment_on() {  # comment_on ISSUE TEXT
  gh_api POST "issues/$1/comments" "$(jq -n --arg body "$2" '{body: $body}')" >/dev/null
}

# Opens (or finds) the pull request from branch $1 with title $2 and body $3; prints its URL.
open_pull_request() {
  local branch=$1 title=$2 body=$3 owner existing
  owner=${GITHUB_REPOSITORY%%/*}
  existing=$(gh_api GET "pulls?state=open&head=$owner:$branch" | jq -r '.[0].html_url // empty')
  if [ -n "$existing" ]; then
    echo "$existing"
    return
  fi
  gh_api POST pulls "$(jq -n --arg t "$title" --arg h "$branch" --arg b "$(base_branch)" \
    --arg body "$body" '{title: $t, head: $h, base: $b, body: $body}')" | jq -r .html_url
}

# Whether the checkout's dataset folder differs from the commit checked out.
dataset_changed() {
  [ -n "$(git -C "$repo_root" status --porcelain -- "$dataset")" ]
}

# Commits the dataset folder's changes, on top of the checked-out commit, as branch $1 on the
# remote; the checkout itself (HEAD, index) is left as it was. (Called as a plain command:
# in an `if` or `||`, bash would not stop at a failing step inside.)
push_dataset_branch() {
  local branch=$1 message=$2 tree commit index=$work/dataset-index
  mkdir -p "$work"
  rm -f "$index"
  GIT_INDEX_FILE=$index git -C "$repo_root" read-tree HEAD
  GIT_INDEX_FILE=$index git -C "$repo_root" add -- "$dataset"
  tree=$(GIT_INDEX_FILE=$index git -C "$repo_root" write-tree)
  commit=$(git "${bot[@]}" -C "$repo_root" commit-tree "$tree" -p HEAD -m "$message")
  git -C "$repo_root" push --quiet --force "$remote" "$commit:refs/heads/$branch"
}

# The branch pull requests go to: the repository's default branch.
base_branch() {
  local base=${FRESHCHECK_BASE_BRANCH:-}
  if [ -z "$base" ] && [ -f "${GITHUB_EVENT_PATH:-}" ]; then
    base=$(jq -r '.repository.default_branch // empty' "$GITHUB_EVENT_PATH")
  fi
  if [ -z "$base" ]; then
    base=$(git -C "$repo_root" symbolic-ref --quiet --short "refs/remotes/$remote/HEAD" 2>/dev/null || true)
    base=${base#"$remote"/}
  fi
  echo "${base:-main}"
}

# Text from a page or a comment, made inert for a GitHub body: "@name" would notify someone
# and backticks could end a code span, so both are broken with an invisible joiner.
inert() {
  jq -rn --arg text "$1" '$text | gsub("@"; "@\u2060") | gsub("`"; "\u02cb")'
}

finding_pattern='^[a-z_]+-[0-9a-f]{16}$'
source_pattern='^[A-Za-z0-9][A-Za-z0-9._-]*$'

# The (finding, source) pairs of the open freshcheck issues, one "finding source number" a line.
open_findings() {
  local page=1 answer
  while :; do
    answer=$(gh_api GET "issues?labels=freshcheck&state=open&per_page=100&page=$page")
    jq -r '.[] | select(.pull_request == null) | (.body // "") as $b
           | ($b | capture("<!-- freshcheck finding=(?<f>[^ ]+) source=(?<s>[^ ]+)")?) as $m
           | select($m != null) | "\($m.f) \($m.s) \(.number)"' <<<"$answer"
    [ "$(jq length <<<"$answer")" -lt 100 ] && break
    page=$((page + 1))
  done
}

# Accepts findings: re-checks their sources (so the finding is judged on the page as it is
# now), moves their baselines on the data branch, and opens one pull request with the
# dataset change. $1: the issue to answer on, or "" (by hand). Then "finding source" pairs.
accept_findings() {
  local issue=$1; shift
  local ids=() sources=() pair id source
  for pair in "$@"; do
    id=${pair% *}; source=${pair#* }
    [[ $id =~ $finding_pattern ]] || die "not a finding id: $id"
    [[ $source =~ $source_pattern ]] || die "not a source id: $source"
    ids+=("$id"); sources+=(--source "$source")
  done
  open_state
  local code=0 review=$work/review-report
  "$fc" check --rules "$rules" --dataset "$dataset" --snapshots "$data/snapshots" \
    --pages "$work/pages" --report "$review" --alert none "${sources[@]}" "${extra[@]}" || code=$?
  case $code in 0 | 1 | 3) ;; *) finish "$code" ;; esac
  local out
  if ! out=$("$fc" accept --update-dataset --rules "$rules" --dataset "$dataset" \
      --snapshots "$data/snapshots" --report "$review" "${ids[@]}" 2>&1); then
    say "$out"
    local text="freshcheck checked the page again and no longer sees this change as it was (\`${ids[*]}\`), so there is nothing to accept now. The next night updates or closes this issue."
    [ -n "$issue" ] && comment_on "$issue" "$text"
    exit 0
  fi
  echo "$out"
  save_state "freshcheck: accepted ${ids[*]}"
  local branch="freshcheck/accept-${ids[0]}" url text
  if dataset_changed; then
    push_dataset_branch "$branch" "freshcheck: accept ${ids[*]}"
    url=$(open_pull_request "$branch" "freshcheck: accept ${ids[*]}" \
      "$(printf 'The dataset change that accepting %s writes (`freshcheck accept --update-dataset`).\n\nMerging it lets the next night close %s.\n\n```\n%s\n```' \
         "${ids[*]}" "${issue:+#$issue}" "$(inert "$out")")")
    text="Accepted. The new baseline is on \`$data_branch\`; the dataset change is in $url. Merging it lets the next night close this issue."
  else
    text="Accepted. The new baseline is on \`$data_branch\`; the dataset needs no change, so the next night closes this issue."
  fi
  [ -n "$issue" ] && comment_on "$issue" "$text"
  say "$text"
}

ignore_finding() {  # ignore_finding ISSUE FINDING SOURCE LOGIN REASON
  local issue=$1 id=$2 login=$4 reason=$5
  [[ $id =~ $finding_pattern ]] || die "not a finding id: $id"
  "$fc" ignore "$id" --reason "$reason" --by "$login" --dataset "$dataset" || finish $?
  local branch="freshcheck/ignore-$id" url
  dataset_changed || die "$dataset/ignored.json did not change"
  push_dataset_branch "$branch" "freshcheck: ignore $id"
  url=$(open_pull_request "$branch" "freshcheck: ignore $id" \
    "$(printf 'Adds finding `%s` to `dataset/ignored.json`, as asked on #%s. Reason given:\n\n> %s\n\nOnce merged, that exact change never alerts again and the next night closes #%s with the reason; a different value is a new finding and alerts.' \
       "$id" "$issue" "$(inert "$reason")" "$issue")")
  comment_on "$issue" "The ignore is proposed in $url. Merging it lets the next night close this issue with the reason."
  say "ignore of $id proposed in $url"
}

run_comment() {
  local event=${GITHUB_EVENT_PATH:-}
  [ -f "$event" ] || die "GITHUB_EVENT_PATH does not name the event file"
  local association login issue body command
  association=$(jq -r '.comment.author_association // ""' "$event")
  login=$(jq -r '.comment.user.login // ""' "$event")
  issue=$(jq -r '.issue.number // ""' "$event")
  [[ $issue =~ ^[0-9]+$ ]] || die "the event names no issue"
  # First line only, trimmed: "/freshcheck accept" or "/freshcheck ignore REASON".
  body=$(jq -r '.comment.body // "" | split("\n")[0] | gsub("\r"; "") | gsub("^\\s+|\\s+$"; "")' "$event")
  case $body in
    "/freshcheck accept" | "/freshcheck accept "*) command=accept ;;
    "/freshcheck ignore" | "/freshcheck ignore "*) command=ignore ;;
    *) say "not a freshcheck command: nothing to do"; exit 0 ;;
  esac
  case $association in
    OWNER | MEMBER | COLLABORATOR) ;;
    *) say "comment by a $association: only collaborators with write access count"; exit 0 ;;
  esac
  local marker finding source
  marker=$(jq -r '.issue.body // "" | capture("<!-- freshcheck finding=(?<f>[^ ]+) source=(?<s>[^ ]+)")? | "\(.f) \(.s)"' "$event")
  finding=${marker% *}; source=${marker#* }
  if ! [[ $finding =~ $finding_pattern && $source =~ $source_pattern ]]; then
    comment_on "$issue" "This issue holds no freshcheck finding marker, so there is nothing to $command."
    exit 0
  fi
  if [ "$command" = accept ]; then
    accept_findings "$issue" "$finding $source"
  else
    local reason=${body#/freshcheck ignore}
    reason=${reason# }
    if [ -z "$reason" ]; then
      comment_on "$issue" "Say why, on the same line: \`/freshcheck ignore REASON\`."
      exit 0
    fi
    ignore_finding "$issue" "$finding" "$source" "$login" "$reason"
  fi
}

run_accept_by_hand() {
  [ $# -gt 0 ] || die "accept needs finding ids"
  local known pairs=() id line
  known=$(open_findings)
  for id in "$@"; do
    [[ $id =~ $finding_pattern ]] || die "not a finding id: $id"
    line=$(awk -v id="$id" '$1 == id { print $1 " " $2; exit }' <<<"$known")
    [ -n "$line" ] || die "no open freshcheck issue holds finding $id"
    pairs+=("$line")
  done
  accept_findings "" "${pairs[@]}"
}

case ${1:-} in
  check) shift; run_check "$@" ;;
  merge) shift; run_merge "$@" ;;
  comment) run_comment ;;
  accept) shift; run_accept_by_hand "$@" ;;
  *) die "usage: nightly.sh check [--shard K/N] | merge SHARD_DIR... | comment | accept FINDING_ID..." ;;
esac
