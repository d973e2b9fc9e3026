// Reads one opening_hours value per line and checks each with the reference validator
// (the library behind the OpenStreetMap evaluation tool). Prints "ok <value>" or
// "error <value>: <message>" per line; exits 1 if any value fails or draws a warning.
'use strict';
const fs = require('fs');
const opening_hours = require('opening_hours');

const values = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((line) => line.length > 0);
let failures = 0;
for (const value of values) {
  try {
    const parsed = new opening_hours(value, null, { mode: 0 });
    const warnings = parsed.getWarnings();
    if (warnings.length > 0) {
      failures++;
      console.log(`error ${value}: ${warnings.join(' ').replace(/\s+/g, ' ')}`);
    } else {
      console.log(`ok ${value}`);
    }
  } catch (error) {
    failures++;
    console.log(`error ${value}: ${String(error).replace(/\s+/g, ' ')}`);
  }
}
process.exit(failures > 0 ? 1 : 0);
