// Vitest reporter that ends the run with one plain line, `N passed, N failed[, N skipped]`.
// CI reads that line to count tests; it adds nothing else to vitest's own output.
import type { SerializedError } from 'vitest';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // A file that failed to load has no test cases; count it so the line never says 0 failed.
      if (testModule.state() === 'failed' && testModule.children.size === 0) failed += 1;
    }
    // Errors outside any test (a leaked rejection, a crash in teardown) fail the run: count each one.
    failed += unhandledErrors.length;
    if (reason === 'failed' && failed === 0) failed = 1;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
