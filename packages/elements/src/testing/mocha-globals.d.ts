// The few Mocha globals the element tests use (Web Test Runner runs Mocha in the browser);
// declared here rather than adding @types/mocha for a handful of functions.
/** The `this` of a Mocha test: `this.skip()` marks it skipped (pending) and stops it. */
interface MochaTestContext {
  skip(): never;
  test?: { title: string };
}
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: (this: MochaTestContext) => void | Promise<void>): void;
declare function beforeEach(body: () => void | Promise<void>): void;
declare function afterEach(body: () => void | Promise<void>): void;
