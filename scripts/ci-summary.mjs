// Adds up the JSON reports of vitest (npm test, npm run test:drills) and Playwright into the plain
// closing line CI reads.
import fs from 'node:fs';

let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.log(`missing report: ${file}`);
    failed++;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // A report with no tests means a suite was left out (a wrong include or config), not a pass.
    if (report.numTotalTests === 0) {
      console.log(`${file}: no tests ran`);
      failed++;
      continue;
    }
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  } else if (report.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped: s = 0 } = report.stats;
    passed += expected + flaky;
    failed += unexpected;
    skipped += s;
    console.log(`${file}: ${expected + flaky} passed, ${unexpected} failed`);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed > 0) process.exitCode = 1;
