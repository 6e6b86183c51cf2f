// The playground as a person uses it, in real headless Chromium (Debian's chromium through playwright-core; browser
// downloads are not needed): fields found by their labels and roles, never by CSS classes.
//
//   node playground.mjs <gateway base URL> <screenshot folder>
//
// BUDGET_KEY (a gateway key with a daily budget of 6 credits) and LIMITED_KEY (one with 1 generation a minute) add
// the budget and rate-limit steps; PlaygroundBrowserTest issues both.

// Exits 0 when every step passed, 1 with the failed step on stderr. Run by PlaygroundBrowserTest against a gateway
// it started (simulator as the upstream); runs by hand against `bash scripts/dev.sh` too.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [base = 'http://localhost:8080', shots = 'target/browser'] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 30_000;
const { BUDGET_KEY: budgetKey, LIMITED_KEY: limitedKey } = process.env;
mkdirSync(shots, { recursive: true });

let step = 'start';
function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
});
const problems = [];
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (message) => {
        if (message.type() === 'error') {
            problems.push(`console error: ${message.text()}`);
        }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation',
            (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });

    step = 'open the page';
    const response = await page.goto(`${base}/`);
    check(response.status() === 200, `GET / answered ${response.status()}`);
    const policy = response.headers()['content-security-policy'] ?? '';
    check(policy.includes("default-src 'none'") && policy.includes("script-src 'self'")
        && !policy.includes('unsafe'), `a strict Content-Security-Policy, not "${policy}"`);
    // A key of this run's own: its history holds only this run's tasks (the simulator accepts any aio_ key).
    const key = `aio_browser_${Date.now()}`;
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByLabel('API key', { exact: true }).press('Tab');

    step = 'the form is built from the catalog';
    const model = page.getByLabel('Model', { exact: true });
    await model.selectOption('imagen4-fast');
    check((await page.locator('#model optgroup').count()) >= 2, 'models grouped by family');
    check((await page.getByLabel('Aspect ratio', { exact: true }).locator('option').count()) === 5, 'imagen4-fast has 5 aspect ratios');
    check(await page.getByLabel('Negative prompt', { exact: true }).isVisible(), 'negative prompt shown for imagen4-fast');
    check(await page.getByLabel('Seed', { exact: true }).isVisible(), 'seed shown for imagen4-fast');
    check((await page.getByLabel('Images', { exact: true }).getAttribute('max')) === '4', 'images 1..4 for imagen4-fast');
    await model.selectOption('grok-imagine');
    check(!(await page.getByLabel('Negative prompt', { exact: true }).isVisible()), 'no negative prompt for grok-imagine');
    check(!(await page.getByLabel('Seed', { exact: true }).isVisible()), 'no seed for grok-imagine');
    await model.selectOption('imagen4-fast');

    step = 'the price before submitting';
    const prompt = `a lighthouse at dawn ${Date.now()}`;
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await page.getByLabel('Images', { exact: true }).fill('2');
    await page.getByText('8 credits', { exact: true }).waitFor();
    await page.getByLabel('Images', { exact: true }).fill('1');
    await page.getByText('4 credits', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Random seed' }).click();
    check(/^\d+$/.test(await page.getByLabel('Seed', { exact: true }).inputValue()), 'the dice gives a seed');
    await page.getByLabel('Seed', { exact: true }).fill('4242');

    step = 'generate, follow the progress, see the image';
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByRole('progressbar').waitFor();
    await page.getByRole('status').filter({ hasText: /Queued|Running|Succeeded/ }).waitFor();
    await page.waitForFunction(() => {
        const img = document.querySelector('#images img');
        return img && img.complete && img.naturalWidth > 0;
    }, null, { timeout: TIMEOUT });
    const image = page.getByRole('img', { name: prompt }).first();
    check(await image.isVisible(), 'the image is shown with the prompt as its text');
    check(Number(await image.getAttribute('width')) > 0 && Number(await image.getAttribute('height')) > 0,
        'the image has a width and a height');
    await page.getByRole('status').filter({ hasText: 'Succeeded' }).waitFor();
    await page.getByText('Charged 4 credits.').waitFor();
    await page.screenshot({ path: join(shots, 'playground-desktop.png'), fullPage: true });

    step = 'the same seeded request again is free, from the cache';
    await page.getByText('0 credits (cached)').waitFor();
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByText('From cache: 0 credits charged.').waitFor();

    step = 'usage shows what was spent and saved';
    await page.locator('#usage-spent').filter({ hasText: '4 credits' }).waitFor();
    await page.locator('#usage-cache').filter({ hasText: '4 credits' }).waitFor();

    step = 'a field error beside the prompt';
    await page.getByLabel('Prompt', { exact: true }).fill('ab');
    await page.getByRole('button', { name: 'Generate' }).click();
    const promptField = page.getByLabel('Prompt', { exact: true });
    await page.waitForFunction(() => document.getElementById('prompt').getAttribute('aria-invalid') === 'true');
    const described = await promptField.getAttribute('aria-describedby');
    const message = await page.locator(`#${described}`).innerText();
    check(/prompt must be/.test(message), `the prompt's rule beside it, not "${message}"`);
    check(await page.evaluate(() => document.activeElement?.id === 'prompt'), 'focus moves to the field in error');

    step = 'a refused key is told at the key field';
    await page.getByLabel('API key', { exact: true }).fill('gk_not_a_key');
    await page.getByLabel('Prompt', { exact: true }).fill(prompt);
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.waitForFunction(() => document.getElementById('api-key').getAttribute('aria-invalid') === 'true');
    check((await page.locator('#api-key-error').innerText()).length > 0, 'the refusal is shown beside the key');
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByLabel('API key', { exact: true }).press('Tab');

    if (budgetKey) {
        step = 'a budget too small is told with its figures';
        await page.getByLabel('API key', { exact: true }).fill(budgetKey);
        await page.getByLabel('API key', { exact: true }).press('Tab');
        await page.locator('#usage-left').filter({ hasText: '6 credits of 6 credits' }).waitFor();
        await page.getByLabel('Prompt', { exact: true }).fill(`an unaffordable lighthouse ${Date.now()}`);
        await page.getByLabel('Images', { exact: true }).fill('2');
        await page.getByRole('button', { name: 'Generate' }).click();
        const refusal = page.locator('#form-error');
        await refusal.waitFor();
        const told = await refusal.innerText();
        check(told.includes('Budget 6 credits, 6 credits left, renews') && told.includes('8 credits'),
            `the price beside the budget and its figures, not "${told}"`);
        await page.getByLabel('Images', { exact: true }).fill('1');
    } else {
        console.log('playground: no BUDGET_KEY, budget step skipped');
    }

    if (limitedKey) {
        step = 'a rate limit is told with its retry time, counted down, and Generate waits';
        await page.getByLabel('API key', { exact: true }).fill(limitedKey);
        await page.getByLabel('API key', { exact: true }).press('Tab');
        await page.getByLabel('Prompt', { exact: true }).fill(`a first lighthouse of the minute ${Date.now()}`);
        await page.getByRole('button', { name: 'Generate' }).click();
        await page.getByRole('progressbar').waitFor();
        await page.getByRole('button', { name: 'Generate' }).and(page.locator(':enabled')).waitFor();
        await page.getByLabel('Prompt', { exact: true }).fill(`a second lighthouse of the minute ${Date.now()}`);
        await page.getByRole('button', { name: 'Generate' }).click();
        const limited = page.locator('#form-error').filter({ hasText: /try again in \d+ s/ });
        await limited.waitFor();
        const seconds = () => limited.innerText().then((text) => Number(/try again in (\d+) s/.exec(text)?.[1]));
        const first = await seconds();
        check(first > 0 && first <= 60, `a retry time within the minute, not ${first}`);
        check(await page.getByRole('button', { name: 'Generate' }).isDisabled(), 'Generate waits for the retry time');
        await page.waitForFunction((before) => {
            const match = /try again in (\d+) s/.exec(document.getElementById('form-error').textContent);
            return match && Number(match[1]) < before;
        }, first);
    } else {
        console.log('playground: no LIMITED_KEY, rate-limit step skipped');
    }
    await page.getByLabel('API key', { exact: true }).fill(key);
    await page.getByLabel('API key', { exact: true }).press('Tab');

    step = 'reload: the history is still there and reopens a task';
    await page.reload();
    check(await page.getByLabel('API key', { exact: true }).inputValue() === key, 'the key is kept for the tab');
    const entry = page.getByRole('listitem').filter({ hasText: prompt }).first();
    await entry.waitFor();
    check((await page.locator('#history li').count()) === 2, 'both tasks in the history');
    check(await entry.locator('img').count() === 1, 'a thumbnail in the history');
    await page.locator('#images').evaluate((grid) => grid.replaceChildren());
    await entry.getByRole('button').click();
    await page.waitForFunction(() => {
        const img = document.querySelector('#images img');
        return img && img.complete && img.naturalWidth > 0;
    });

    step = 'a phone width';
    await page.setViewportSize({ width: 390, height: 844 });
    check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scrolling at 390 px');
    await page.screenshot({ path: join(shots, 'playground-phone.png'), fullPage: true });

    step = 'no console errors';
    check(problems.length === 0, problems.join('\n'));
    console.log('playground: every step passed');
} catch (error) {
    console.error(`playground: failed at "${step}": ${error.message}`);
    if (problems.length) {
        console.error(problems.join('\n'));
    }
    process.exitCode = 1;
} finally {
    await browser.close();
}
