// Validates a SARIF log against the OASIS SARIF 2.1.0 schema (draft-04) shipped by
// @microsoft/jest-sarif. Usage: node validate.mjs FILE.sarif — exit 0 valid, 1 invalid, 2 usage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
if (process.argv.length !== 3) {
  console.error("usage: node validate.mjs FILE.sarif");
  process.exit(2);
}
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
// The schema's `language` pattern is not valid with the `u` flag, which ajv sets by default.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const log = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (!validate(log)) {
  for (const e of validate.errors) console.error(`${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}
console.log(`valid SARIF 2.1.0: ${log.runs.map((r) => r.results.length).join("+")} results`);
