// Checks the JSON Schemas of schemas/ against what freshcheck really reads and writes:
//  1. the bundled rules/ and dataset/, and every fixture pair under tests/fixtures/config/
//     that the loader accepts (`freshcheck validate` exits 0), match rules.schema.json and
//     dataset.schema.json;
//  2. the report.json of a real `freshcheck check` run, against pages served on 127.0.0.1 by
//     this script, matches report.schema.json;
//  3. deliberately wrong documents fail: each wrong rules or dataset file is refused by the
//     schema and by the loader alike, each wrong report by the schema, so neither this
//     test nor the schemas pass whatever they are given.
// Rules and dataset files may hold // and /* */ comments: they are read with jsonc-parser
// (comments allowed, trailing commas and other syntax errors refused, like the loader), and
// the value it gives is validated.
// Usage: node check-schemas.mjs <freshcheck binary> <source folder>
// Prints each problem and exits 1 if any.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync,
         writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import jsonc from "jsonc-parser";

const [binary, sourceDir] = process.argv.slice(2);
if (!binary || !sourceDir) {
  console.error("usage: node check-schemas.mjs <freshcheck binary> <source folder>");
  process.exit(2);
}

const problems = [];
const work = mkdtempSync(join(tmpdir(), "freshcheck-schemas-"));

const ajv = new Ajv2020({ strict: true, allErrors: true });
const schema = (name) => JSON.parse(readFileSync(join(sourceDir, "schemas", name), "utf8"));
const validators = {
  rules: ajv.compile(schema("rules.schema.json")),
  dataset: ajv.compile(schema("dataset.schema.json")),
  report: ajv.compile(schema("report.schema.json")),
};

function readJsonc(file) {
  const errors = [];
  const value = jsonc.parse(readFileSync(file, "utf8"), errors, {
    disallowComments: false,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0)
    throw new Error(`${file}: not JSON with comments: ${jsonc.printParseErrorCode(errors[0].error)}`
                    + ` at offset ${errors[0].offset}`);
  return value;
}

function schemaErrors(kind, value) {
  if (validators[kind](value)) return [];
  return validators[kind].errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
}

function expectValid(kind, label, value) {
  for (const error of schemaErrors(kind, value))
    problems.push(`${label}: does not match ${kind}.schema.json: ${error}`);
}

function jsonFiles(folder) {
  return readdirSync(folder).filter((n) => n.endsWith(".json")).sort().map((n) => join(folder, n));
}

// The real loader's verdict on a rules folder and a dataset folder.
function loaderAccepts(rules, dataset) {
  const run = spawnSync(binary, ["validate", "--rules", rules, "--dataset", dataset,
                                 "--snapshots", join(work, "no-snapshots")], { encoding: "utf8" });
  if (run.status !== 0 && run.status !== 2)
    problems.push(`freshcheck validate --rules ${rules} exited ${run.status}: ${run.stderr}`);
  return run.status === 0;
}

// 1. Bundled configuration and accepted fixtures.
const pairs = [{ label: "bundled", rules: join(sourceDir, "rules"),
                 dataset: join(sourceDir, "dataset"), mustBeAccepted: true }];
const fixtures = join(sourceDir, "tests", "fixtures", "config");
for (const name of readdirSync(fixtures).sort()) {
  const rules = join(fixtures, name, "rules");
  const dataset = join(fixtures, name, "dataset");
  if (existsSync(rules) && existsSync(dataset))
    pairs.push({ label: `fixture ${name}`, rules, dataset, mustBeAccepted: false });
}
let acceptedFiles = 0;
for (const pair of pairs) {
  if (!loaderAccepts(pair.rules, pair.dataset)) {
    if (pair.mustBeAccepted) problems.push(`${pair.label}: freshcheck validate refuses it`);
    else console.log(`${pair.label}: refused by the loader, so not a positive case`);
    continue;
  }
  for (const [kind, folder] of [["rules", pair.rules], ["dataset", pair.dataset]])
    for (const file of jsonFiles(folder)) {
      try {
        expectValid(kind, file, readJsonc(file));
        ++acceptedFiles;
      } catch (error) {
        problems.push(error.message);
      }
    }
}
if (acceptedFiles < 4) problems.push(`only ${acceptedFiles} accepted configuration files checked`);

// 3a. Wrong rules and dataset files: one change each to the bundled files, which both the
// schema and the loader must refuse.
const bundledRules = readJsonc(join(sourceDir, "rules", "aima.json"));
const bundledDataset = readJsonc(join(sourceDir, "dataset", "aima.json"));
const wrongConfigs = [
  ["rules", "a misspelt source key", (r) => { r.sources[0].scpoe = "main"; }],
  ["rules", "no site", (r) => { delete r.site; }],
  ["rules", "no sources", (r) => { r.sources = []; }],
  ["rules", "confirm_runs 0", (r) => { r.confirm_runs = 0; }],
  ["rules", "an unknown fetch setting", (r) => { r.fetch.concurrency = 4; }],
  ["rules", "a hidden source id", (r) => { r.sources[1].id = ".aima-home"; }],
  ["rules", "a file: URL", (r) => { r.sources[1].url = "file:///etc/passwd"; }],
  ["rules", "a URL with credentials", (r) => { r.sources[1].url = "https://u:pw@aima.gov.pt/"; }],
  ["rules", "another renderer", (r) => { r.sources[0].render = "firefox"; }],
  ["rules", "a header that is a number", (r) => { r.sources[0].headers = { "X-Try": 1 }; }],
  ["dataset", "a misspelt kind", (d) => { d.facts[0].kind = "phon"; }],
  ["dataset", "no guide", (d) => { delete d.guide; }],
  ["dataset", "a phone fact nothing checks", (d) => { delete d.facts[0].verify_at; }],
  ["dataset", "hours on an e-mail fact", (d) => { d.facts[3].hours = "Mo-Fr 09:00-17:00"; }],
  ["dataset", "an e-mail without @", (d) => { d.facts[3].value = "geral.aima.gov.pt"; }],
  ["dataset", "a blank value", (d) => { d.facts[1].value = "  "; }],
  ["dataset", "an unknown top-level key", (d) => { d.version = 2; }],
];
for (const [kind, what, change] of wrongConfigs) {
  const value = structuredClone(kind === "rules" ? bundledRules : bundledDataset);
  change(value);
  if (schemaErrors(kind, value).length === 0)
    problems.push(`${kind} with ${what}: ${kind}.schema.json accepts it`);
  const folder = join(work, "wrong", what.replace(/[^a-z0-9]+/gi, "-"));
  mkdirSync(join(folder, "rules"), { recursive: true });
  mkdirSync(join(folder, "dataset"), { recursive: true });
  writeFileSync(join(folder, kind, "aima.json"), JSON.stringify(value, null, 2));
  const other = kind === "rules" ? "dataset" : "rules";
  cpSync(join(sourceDir, other, "aima.json"), join(folder, other, "aima.json"));
  if (loaderAccepts(join(folder, "rules"), join(folder, "dataset")))
    problems.push(`${kind} with ${what}: the loader accepts it, so the schema is stricter than it`);
}

// 2. A real run against a local site.
const page = readFileSync(join(sourceDir, "tests", "fixtures", "pages", "aima-contactos.html"));
const server = createServer((request, response) => {
  if (request.url === "/contactos") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(page);
  } else if (request.url === "/moved") {
    response.writeHead(301, { location: "/contactos" });
    response.end();
  } else {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const site = `http://127.0.0.1:${server.address().port}`;

const run = join(work, "run");
mkdirSync(join(run, "rules"), { recursive: true });
mkdirSync(join(run, "dataset"), { recursive: true });
writeFileSync(join(run, "guide.md"), "# Guide\n\nCall 217 115 000 or 300 500 700.\n");
writeFileSync(join(run, "rules", "local.json"), `// A local copy of the AIMA contacts page.
{"site": "local", "region": "PT", "allow_private": true,
 "fetch": {"retries": 0, "timeout_seconds": 10},
 "sources": [{"id": "contactos", "url": "${site}/contactos", "scope": "main"},
             {"id": "gone", "url": "${site}/gone"}]}
`);
writeFileSync(join(run, "dataset", "local.json"), JSON.stringify({
  guide: { id: "schema-test", title: "Schema test", file: join(run, "guide.md") },
  facts: [
    { id: "centre", kind: "phone", value: "217 115 000", hours: "Mo-Fr 09:00-17:00",
      verify_at: ["contactos"] },
    { id: "old-line", kind: "phone", value: "211 234 567", verify_at: ["contactos"] },
    { id: "mail", kind: "email", value: "nobody@example.org", verify_at: ["contactos"] },
    { id: "phrase", kind: "phrase", value: "esta frase não está na página",
      verify_at: ["contactos"] },
    { id: "dead-link", kind: "link", value: `${site}/dead-link` },
    { id: "moved-link", kind: "link", value: `${site}/moved` },
  ],
}, null, 2));

const exitCode = await new Promise((resolve) => {
  const child = spawn(binary, ["check", "--rules", join(run, "rules"),
                               "--dataset", join(run, "dataset"),
                               "--snapshots", join(run, "snapshots"),
                               "--report", join(run, "report")], { stdio: "inherit" });
  child.on("exit", (code) => resolve(code));
});
server.close();
if (exitCode !== 1) problems.push(`freshcheck check exited ${exitCode}, expected 1 (findings)`);
const reportFile = join(run, "report", "report.json");
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  expectValid("report", reportFile, report);
  const kinds = [...new Set(report.findings.map((f) => f.kind))].sort();
  console.log(`report.json of a real run: ${report.findings.length} findings (${kinds.join(", ")}),`
              + ` sources ${report.sources.map((s) => `${s.id} ${s.status}`).join(", ")}`);
  // The run must exercise the schema: a report with no findings would prove little.
  for (const kind of ["hours_changed", "phone_missing", "email_missing", "phrase_missing",
                      "link_broken", "link_redirected", "source_unreachable"])
    if (!kinds.includes(kind)) problems.push(`the real run's report has no ${kind} finding`);

  // 3b. Wrong reports: one change each to the real one.
  const wrongReports = [
    ["an unknown finding kind", (r) => { r.findings[0].kind = "phone_gone"; }],
    ["an unknown state", (r) => { r.findings[0].state = "open"; }],
    ["an unknown severity", (r) => { r.findings[0].severity = "high"; }],
    ["a finding without evidence", (r) => { delete r.findings[0].evidence; }],
    ["an extra finding key", (r) => { r.findings[0].extra = true; }],
    ["an id that is no fingerprint", (r) => { r.findings[0].id = "abc"; }],
    ["an unknown source status", (r) => { r.sources[0].status = "fine"; }],
    ["an unknown error kind",
     (r) => { r.sources.find((s) => s.status === "unreachable").error_kind = "gone"; }],
    ["a local start time", (r) => { r.run.started = "2026-11-27 02:00:00"; }],
  ];
  for (const [what, change] of wrongReports) {
    const value = structuredClone(report);
    change(value);
    if (schemaErrors("report", value).length === 0)
      problems.push(`a report with ${what}: report.schema.json accepts it`);
  }
} else {
  problems.push(`freshcheck check wrote no ${reportFile}`);
}

rmSync(work, { recursive: true, force: true });
for (const problem of problems) console.error(problem);
console.log(problems.length === 0
  ? `ok: ${acceptedFiles} configuration files, a real report, ${wrongConfigs.length} wrong `
    + "configurations and the wrong reports"
  : `${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
