// Checks the GitHub workflows in .github/workflows beyond their schema (action-validator
// does that): least-privilege permissions, the triggers and steps the project relies on,
// and no `${{ github.event.* }}` pasted into a shell script (script injection).
// Usage: node check-workflows.mjs <workflows folder>; prints each problem, exits 1 if any.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const folder = process.argv[2];
const problems = [];
const workflows = {};
for (const name of readdirSync(folder).filter((n) => n.endsWith(".yml") || n.endsWith(".yaml"))) {
  try {
    workflows[name] = parse(readFileSync(join(folder, name), "utf8"));
  } catch (error) {
    problems.push(`${name}: not valid YAML: ${error.message}`);
  }
}

// What each job may write; anything else is a write it does not need.
const allowedWrites = {
  "nightly.yml/check": ["issues"],
  "nightly.yml/propose-snapshots": ["contents", "pull-requests"],
};

function writesOf(permissions) {
  if (permissions === "write-all") return ["write-all"];
  if (permissions === undefined || permissions === "read-all") return [];
  return Object.entries(permissions ?? {})
    .filter(([, level]) => level === "write")
    .map(([scope]) => scope);
}

for (const [name, workflow] of Object.entries(workflows)) {
  if (!workflow || typeof workflow !== "object") continue;
  if (!("permissions" in workflow))
    problems.push(`${name}: no top-level permissions: the token would get the repository default`);
  for (const scope of writesOf(workflow.permissions))
    problems.push(`${name}: top-level permissions write ${scope}; grant writes per job`);
  for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
    const allowed = allowedWrites[`${name}/${id}`] ?? [];
    for (const scope of writesOf(job.permissions))
      if (!allowed.includes(scope)) problems.push(`${name}: job ${id} may write ${scope}`);
    if (!job["timeout-minutes"]) problems.push(`${name}: job ${id} has no timeout-minutes`);
    for (const step of job.steps ?? []) {
      if (typeof step.run === "string" && /\$\{\{\s*github\.event\./.test(step.run))
        problems.push(`${name}: job ${id} pastes github.event into a script; pass it in env`);
      if (typeof step.uses === "string" && !/@v?\d|@[0-9a-f]{40}$/.test(step.uses))
        problems.push(`${name}: job ${id} uses ${step.uses} without a version`);
    }
  }
}

const ci = workflows["ci.yml"];
if (!ci) problems.push("ci.yml is missing");
else {
  if (!ci.on?.hasOwnProperty("push") || !ci.on?.hasOwnProperty("pull_request"))
    problems.push("ci.yml: must run on push and pull_request");
  const runs = JSON.stringify(ci.jobs ?? {});
  if (!runs.includes("scripts/test.sh")) problems.push("ci.yml: must run scripts/test.sh");
  if (!runs.includes("sanitize")) problems.push("ci.yml: needs a sanitizer job");
}
const nightly = workflows["nightly.yml"];
if (!nightly) problems.push("nightly.yml is missing");
else {
  if (!nightly.on?.schedule || !nightly.on?.hasOwnProperty("workflow_dispatch"))
    problems.push("nightly.yml: must run on a schedule and by hand");
  const text = JSON.stringify(nightly.jobs ?? {});
  for (const needed of ["freshcheck check --alert github", "GITHUB_STEP_SUMMARY",
                        "actions/upload-artifact", "actions/cache", "gh pr create"])
    if (!text.includes(needed)) problems.push(`nightly.yml: does not use ${needed}`);
}

for (const problem of problems) console.error(problem);
if (problems.length === 0) console.log(`${Object.keys(workflows).length} workflows checked`);
process.exit(problems.length === 0 ? 0 : 1);
