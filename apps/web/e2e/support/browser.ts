import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../e2e-screenshots', import.meta.url));

/** Debian's Chromium (apt-get install chromium); never a downloaded browser build. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };

/**
 * Saves `<name>-1280.png` and `<name>-390.png` (full page), then returns to the wide viewport.
 * At 390 px the page must not scroll sideways: the error names the elements sticking out.
 */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let overflow: HorizontalOverflow | undefined;
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size.width}.png`), fullPage: true });
    if (size === NARROW) overflow = await horizontalOverflow(page);
  }
  await page.setViewportSize(WIDE);
  if (overflow && overflow.scrollWidth > NARROW.width) {
    throw new Error(
      `${name}: the page is ${overflow.scrollWidth} px wide at ${NARROW.width} px; sticking out: ${overflow.culprits.join(', ')}`,
    );
  }
}

type HorizontalOverflow = { scrollWidth: number; culprits: string[] };

/** `document.documentElement.scrollWidth`, and the innermost elements whose right edge passes the viewport. */
export function horizontalOverflow(page: Page): Promise<HorizontalOverflow> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter(
      (element) => element.getBoundingClientRect().right > width + 0.5,
    );
    const innermost = wide.filter(
      (element) => !wide.some((other) => other !== element && element.contains(other)),
    );
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
        element.className && typeof element.className === 'string'
          ? `.${element.className.split(' ')[0]}`
          : ''
      }(${Math.round(element.getBoundingClientRect().right)}px)`;
    return {
      scrollWidth: document.documentElement.scrollWidth,
      culprits: innermost.slice(0, 8).map(describe),
    };
  });
}
