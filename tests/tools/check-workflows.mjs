// Checks the GitHub workflows and the composite action beyond their schema (action-validator
// does that): least-privilege permissions, every `uses:` pinned to a commit, no untrusted
// text pasted into a script, the one-writer concurrency group around the state, and the
// triggers and steps the project relies on.
//
// Usage:
//   node check-workflows.mjs WORKFLOWS [MORE...]
//     WORKFLOWS is .github/workflows: every *.yml in it is checked, and the project's
//     workflows (ci, nightly, review, release) must be there. MORE are further folders of
//     workflows (docs/examples) or composite actions (a file named action.yml), checked by
//     the same rules. Prints each problem; exits 1 if any.
//   node check-workflows.mjs --expect FOLDER
//     The checker's own test: the files in FOLDER are wrong on purpose, and each states the
//     problems it must draw in lines "# expect: PROBLEM". Exits 0 when exactly those are
//     reported, else prints the difference and exits 1.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

const args = process.argv.slice(2);
const expectMode = args[0] === "--expect";
if (expectMode) args.shift();
if (args.length === 0) {
  console.error("usage: node check-workflows.mjs [--expect] WORKFLOWS_FOLDER [FOLDER_OR_ACTION_YML...]");
  process.exit(2);
}

const problems = [];
const expected = [];
const workflows = {};  // file name -> {doc, text}
const actions = {};    // label -> {doc, text}

function load(path) {
  const text = readFileSync(path, "utf8");
  if (expectMode)
    for (const match of text.matchAll(/^#\s*expect:\s*(.+?)\s*$/gm)) expected.push(match[1]);
  try {
    return { doc: parse(text), text };
  } catch (error) {
    problems.push(`${basename(path)}: not valid YAML: ${error.message}`);
    return null;
  }
}

const isYaml = (name) => name.endsWith(".yml") || name.endsWith(".yaml");
const isAction = (name) => name === "action.yml" || name === "action.yaml";
const firstFolderFiles = new Set();
args.forEach((arg, index) => {
  if (statSync(arg).isDirectory()) {
    for (const name of readdirSync(arg).filter(isYaml).sort()) {
      const loaded = load(join(arg, name));
      if (!loaded) continue;
      if (isAction(name)) actions[name] = loaded;
      else {
        if (name in workflows) problems.push(`${name}: given twice (${arg})`);
        workflows[name] = loaded;
        if (index === 0) firstFolderFiles.add(name);
      }
    }
  } else {
    const loaded = load(arg);
    if (loaded) (isAction(basename(arg)) ? actions : workflows)[basename(arg)] = loaded;
  }
});

// What each job may write; anything else is a write it does not need. Jobs not listed may
// write nothing.
const allowedWrites = {
  "nightly.yml/check": ["contents", "issues"],  // the data branch; the issues
  "nightly.yml/keep-alive": ["actions"],        // re-enable the scheduled workflow
  "review.yml/review": ["contents", "pull-requests", "issues"],
  "release.yml/publish": ["contents"],          // the release and its tarball
  "release.yml/image": ["packages"],            // ghcr.io
  "nightly-sharded.yml/merge": ["contents", "issues"],
  "nightly-sharded.yml/keep-alive": ["actions"],
};

function writesOf(permissions) {
  if (permissions === "write-all") return ["write-all"];
  if (permissions === undefined || permissions === "read-all") return [];
  return Object.entries(permissions ?? {})
    .filter(([, level]) => level === "write")
    .map(([scope]) => scope);
}

// Text that someone outside the project can choose (an issue comment, a title, a branch
// name, a dispatch input) must reach a script through env:, where the shell sees a value,
// never through ${{ }}, which pastes it into the script's source.
const untrusted = /\$\{\{[^}]*?\b(github\.event(?!\w)|inputs\.|github\.head_ref\b)/;
// A tag or branch can be moved to other code; a commit cannot.
function checkUses(where, uses) {
  if (typeof uses !== "string" || uses.startsWith("./")) return;
  if (uses.startsWith("docker://")) {
    if (!/@sha256:[0-9a-f]{64}$/.test(uses)) problems.push(`${where} uses ${uses} without a digest`);
  } else if (!/@[0-9a-f]{40}$/.test(uses)) {
    problems.push(`${where} uses ${uses} not pinned to a commit SHA`);
  }
}
// The pinned SHA says nothing to a reader: the tag goes beside it, as "@<sha> # v4.2.2".
function checkTagComments(name, text) {
  for (const match of text.matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)) {
    const [, uses, rest] = match;
    if (uses.startsWith("./") || uses.startsWith("docker://")) continue;
    if (!/#\s*\S/.test(rest)) problems.push(`${name}: uses ${uses} without its tag in a comment`);
  }
}
function checkSteps(where, steps) {
  for (const step of steps ?? []) {
    if (typeof step.run === "string" && untrusted.test(step.run))
      problems.push(`${where} pastes ${step.run.match(untrusted)[1]} into a script; pass it in env`);
    checkUses(where, step.uses);
  }
}

const concurrencyOf = (c) => (typeof c === "string" ? { group: c } : c ?? {});
const stateGroup = "freshcheck-state";

for (const [name, { doc: workflow, text }] of Object.entries(workflows)) {
  if (!workflow || typeof workflow !== "object") {
    problems.push(`${name}: not a workflow`);
    continue;
  }
  if (!("permissions" in workflow))
    problems.push(`${name}: no top-level permissions: the token would get the repository default`);
  for (const scope of writesOf(workflow.permissions))
    problems.push(`${name}: top-level permissions write ${scope}; grant writes per job`);
  checkTagComments(name, text);
  const workflowGroup = concurrencyOf(workflow.concurrency);
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    const allowed = allowedWrites[`${name}/${id}`] ?? [];
    for (const scope of writesOf(job.permissions))
      if (!allowed.includes(scope)) problems.push(`${name}: job ${id} may write ${scope}`);
    if (job.uses) checkUses(`${name}: job ${id}`, job.uses);
    else if (!job["timeout-minutes"]) problems.push(`${name}: job ${id} has no timeout-minutes`);
    checkSteps(`${name}: job ${id}`, job.steps);
    // nightly.sh moves the data branch: one run at a time, and a waiting run never cancels
    // the one at work (it would leave the state half pushed and the issues half updated).
    if (/nightly\.sh\s+(check|merge|comment|accept)\b/.test(JSON.stringify(job.steps ?? []))) {
      const group = job.concurrency ? concurrencyOf(job.concurrency) : workflowGroup;
      if (group.group !== stateGroup || group["cancel-in-progress"] !== false)
        problems.push(`${name}: job ${id} runs nightly.sh outside concurrency group ` +
                      `${stateGroup} with cancel-in-progress: false`);
    }
  }
}

for (const [name, { doc: action, text }] of Object.entries(actions)) {
  if (action?.runs?.using !== "composite") {
    problems.push(`${name}: not a composite action`);
    continue;
  }
  checkTagComments(name, text);
  checkSteps(`${name}: runs.steps`, action.runs.steps);
  for (const input of ["rules", "dataset", "alert", "threshold", "token", "version"])
    if (!action.inputs?.[input]) problems.push(`${name}: no input ${input}`);
  for (const output of ["exit-code", "report"])
    if (!action.outputs?.[output]) problems.push(`${name}: no output ${output}`);
  if (!JSON.stringify(action.runs.steps).includes("nightly.sh check"))
    problems.push(`${name}: does not run nightly.sh check`);
}

// The project's own workflows: the triggers and steps the README and docs describe.
const jobsText = (w) => JSON.stringify(w.jobs ?? {});
function need(name, check) {
  const entry = workflows[name];
  if (!entry) {
    if (!expectMode) problems.push(`${name} is missing`);
    return;
  }
  if (entry.doc && typeof entry.doc === "object") check(entry.doc, jobsText(entry.doc));
}

need("ci.yml", (ci, text) => {
  if (!ci.on?.hasOwnProperty("push") || !ci.on?.hasOwnProperty("pull_request"))
    problems.push("ci.yml: must run on push and pull_request");
  else if (!Array.isArray(ci.on.push?.branches) || ci.on.push.branches.length === 0)
    problems.push("ci.yml: push must be limited by branches (a pull request's branch is built by pull_request)");
  const cancel = concurrencyOf(ci.concurrency)["cancel-in-progress"];
  if (typeof cancel !== "string" || !cancel.includes("github.event_name"))
    problems.push("ci.yml: cancel-in-progress must depend on the event (cancel pull requests, not main)");
  if (!text.includes("scripts/test.sh")) problems.push("ci.yml: must run scripts/test.sh");
  if (!text.includes("sanitize")) problems.push("ci.yml: needs a sanitizer job");
  if (!text.includes("docker/build-push-action") || !text.includes("--version"))
    problems.push("ci.yml: needs a job that builds the Docker image and runs it");
});
need("nightly.yml", (nightly, text) => {
  if (!nightly.on?.schedule || !nightly.on?.hasOwnProperty("workflow_dispatch"))
    problems.push("nightly.yml: must run on a schedule and by hand");
  for (const needed of ["scripts/nightly.sh check", "GITHUB_STEP_SUMMARY",
                        "actions/upload-artifact", "actions/cache"])
    if (!text.includes(needed)) problems.push(`nightly.yml: does not use ${needed}`);
});
need("review.yml", (review, text) => {
  if (!review.on?.hasOwnProperty("issue_comment") || !review.on?.hasOwnProperty("workflow_dispatch"))
    problems.push("review.yml: must run on issue_comment and workflow_dispatch");
  if (!review.on?.workflow_dispatch?.inputs?.finding_ids)
    problems.push("review.yml: workflow_dispatch needs the input finding_ids");
  for (const [id, job] of Object.entries(review.jobs ?? {})) {
    const condition = String(job.if ?? "");
    for (const needed of ["author_association", "github.event.issue.pull_request", "labels"])
      if (!condition.includes(needed))
        problems.push(`review.yml: job ${id}'s if does not check ${needed}`);
  }
  if (!text.includes("scripts/nightly.sh")) problems.push("review.yml: does not call scripts/nightly.sh");
});
need("release.yml", (release, text) => {
  if (!release.on?.push?.tags) problems.push("release.yml: must run on pushed tags");
  for (const needed of ["docker/build-push-action", "gh release"])
    if (!text.includes(needed)) problems.push(`release.yml: does not use ${needed}`);
});

if (expectMode) {
  const missing = expected.filter((e) => !problems.includes(e));
  const unexpected = problems.filter((p) => !expected.includes(p));
  for (const e of missing) console.error(`not reported: ${e}`);
  for (const p of unexpected) console.error(`reported but not expected: ${p}`);
  if (missing.length === 0 && unexpected.length === 0)
    console.log(`${expected.length} expected problems reported, and nothing else`);
  process.exit(missing.length === 0 && unexpected.length === 0 && expected.length > 0 ? 0 : 1);
}
for (const problem of problems) console.error(problem);
if (problems.length === 0)
  console.log(`${Object.keys(workflows).length} workflows and ${Object.keys(actions).length} actions checked`);
process.exit(problems.length === 0 ? 0 : 1);
