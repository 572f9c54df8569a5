// Validates YAML files against docs/schema/rollgate.schema.json with Ajv (a real JSON Schema 2020-12
// validator, as editors use), reading YAML with the core schema as YAML 1.2 editors do (dates stay strings).
// Usage: node schema-check.mjs SCHEMA FILE...   exit 0 when every file is valid, 1 otherwise.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import yaml from "js-yaml";

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
let invalid = 0;
for (const file of files) {
  const data = yaml.load(readFileSync(file, "utf8"), { schema: yaml.CORE_SCHEMA });
  if (validate(data)) {
    console.log(`${file}: valid`);
  } else {
    invalid++;
    for (const e of validate.errors) console.log(`${file}: ${e.instancePath || "/"} ${e.message}`);
  }
}
process.exit(invalid ? 1 : 0);
