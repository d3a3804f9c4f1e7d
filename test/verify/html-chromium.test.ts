// The HTML report in real headless Chromium (Debian's chromium driven by playwright-core): it renders from a real
// verification with failures and counterexamples, loads nothing from the network, the filter works, and a
// screenshot is kept as a test artefact (reports/verify-html.png, gitignored). The browser is the system's (playwright's
// own downloads come from outside the npm registry): without one the test is skipped with the reason, except under CI
// (CI=true: .ci/run installs Debian's chromium), where a missing browser fails it (test/requires.ts).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/engine/report-model.ts";
import { KNOWN_PORTS } from "../../src/verify/known-ports.ts";
import { requires } from "../requires.ts";
import { portOptions, ROOT, runVerify } from "./helpers.ts";

const CHROMIUM = process.env.TORCH_CONFORMANCE_CHROMIUM ?? "/usr/bin/chromium";
const ARTEFACT = path.join(ROOT, "reports", "verify-html.png");
const present = requires(existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set TORCH_CONFORMANCE_CHROMIUM to a Chromium binary)`, ".ci/run installs Debian's chromium and runs it");

describe("HTML report in headless Chromium", () => {
  let browser: BrowserContext;
  let profileDir: string;
  let report: Report;
  let htmlFile: string;

  beforeAll(async () => {
    if (!present) return;
    const known = KNOWN_PORTS.find((p) => p.id === "js-pytorch")!;
    const opts = { ...portOptions(known, 120), expectations: undefined, json: true as const, html: true as const, maxCounterexamples: 4 };
    ({ report } = await runVerify(opts));
    htmlFile = path.join(opts.reports, `verify-${report.port.name.replace(/[^A-Za-z0-9._-]+/g, "-")}.html`);
    profileDir = mkdtempSync(path.join(tmpdir(), "verify-chromium-"));
    // a fresh --user-data-dir: playwright passes it for a persistent context
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("renders the matrix, the verdict and the counterexamples, self-contained", async () => {
    expect(report.totals.fail).toBeGreaterThan(0);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(htmlFile).href);
    expect(await page.title()).toBe(`Conformance of ${report.port.name} to PyTorch`);
    expect(await page.locator(".verdict").textContent()).toBe("FAIL");
    expect(await page.locator("#matrix tbody tr").count()).toBe(report.matrix.length);
    const failing = report.matrix.filter((r) => r.fail > 0).length;
    expect(failing).toBeGreaterThan(0);
    expect(await page.locator("#matrix tbody tr.s-FAIL").count()).toBe(failing);
    const examples = report.matrix.filter((r) => r.counterexample).length;
    expect(examples).toBeGreaterThan(0);
    expect(await page.locator("h3[id^=cx-]").count()).toBe(examples);
    const first = report.matrix.find((r) => r.counterexample)!;
    await page.locator(`#matrix a[href="#cx-${first.cause.replace(/[^A-Za-z0-9_-]/g, "_")}"]`).click();
    expect(await page.locator(`h3[id="cx-${first.cause.replace(/[^A-Za-z0-9_-]/g, "_")}"]`).isVisible()).toBe(true);
    // the filter box hides the rows whose cause does not contain the text
    await page.locator("#filter").fill("forward");
    const visible = await page.locator("#matrix tbody tr:visible").count();
    expect(visible).toBe(report.matrix.filter((r) => r.cause.includes("forward")).length);
    await page.locator("#filter").fill("");
    await page.evaluate("window.scrollTo(0, 0)");
    mkdirSync(path.dirname(ARTEFACT), { recursive: true });
    await page.screenshot({ path: ARTEFACT, fullPage: false });
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(htmlFile).href]);
    await page.close();
  });
});
