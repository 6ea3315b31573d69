import { eventually } from "../helpers/eventually";
import { step } from "../helpers/step";

describe("eventually", () => {
  it("retries a predicate until it holds and resolves with what it returned", async () => {
    let n = 0;
    await expect(eventually(() => (++n >= 3 ? { n } : false), { what: "the third try", intervalMs: 1 })).resolves.toEqual({ n: 3 });
    expect(n).toBe(3);
  });

  it("retries an assertion that throws until it passes", async () => {
    let n = 0;
    await eventually(() => {
      n++;
      expect(n).toBe(2);
    }, { what: "n to be 2", intervalMs: 1 });
    expect(n).toBe(2);
  });

  it("fails after the timeout, naming what it waited for and the last error", async () => {
    const started = Date.now();
    const failure = eventually(() => {
      throw new Error("still 3 rows");
    }, { what: "the rows to go", timeoutMs: 100, intervalMs: 10 });
    await expect(failure).rejects.toThrow(/^Timed out waiting for the rows to go \(\d+ ms, \d+ tries; last error: still 3 rows\)$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await expect(eventually(() => false, { what: "a flag", timeoutMs: 30, intervalMs: 10 })).rejects.toThrow(/a flag .*the check returned false/);
  });
});

describe("step", () => {
  it("passes on the value of a step that succeeds", async () => {
    await expect(step("adds", async () => 1 + 1)).resolves.toBe(2);
  });

  it("prefixes the error of a failing step with its name and keeps its stack", async () => {
    const original = new Error("locator.click: Timeout 30000ms exceeded");
    const frames = original.stack!.split("\n").slice(1).join("\n");
    const err = await step("opens the drawer", async () => {
      throw original;
    }).catch((e: Error) => e);
    expect(err).toBe(original);
    expect(err.message).toBe("step “opens the drawer”: locator.click: Timeout 30000ms exceeded");
    expect(err.stack).toBe(`Error: step “opens the drawer”: locator.click: Timeout 30000ms exceeded\n${frames}`);
  });
});
