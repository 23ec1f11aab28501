import { chromium, type Browser } from 'playwright-core';

/** Chromium flags from docs/real-vscode-tests.md: root, no GPU, no network chatter. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** The viewport every screenshot is taken at. */
export const viewport = { width: 1440, height: 900 };

/** launchChromium starts Debian's Chromium (headless unless `headed`) through playwright-core. */
export async function launchChromium(args: { executablePath: string; headed?: boolean }): Promise<Browser> {
  return chromium.launch({ executablePath: args.executablePath, headless: !args.headed, args: chromiumArgs });
}
