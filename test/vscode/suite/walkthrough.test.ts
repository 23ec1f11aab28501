import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, extension } from '../../support/vscode/extensionHost';

interface Walkthrough {
  id: string;
  title: string;
  steps: { id: string; title: string; description: string; media: { image?: string; markdown?: string; altText?: string }; completionEvents?: string[] }[];
}

interface Manifest {
  contributes: { walkthroughs?: Walkthrough[]; commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

suite('Walkthrough', () => {
  suiteSetup(activateExtension);

  test('"Get started with GitOps Workbench": four steps, each with an image that ships, buttons and completion events that exist', async () => {
    const ext = extension();
    const manifest = ext.packageJSON as Manifest;
    const [walkthrough] = manifest.contributes.walkthroughs ?? [];
    assert.ok(walkthrough, 'a walkthrough is contributed');
    assert.equal(walkthrough.title, 'Get started with GitOps Workbench');
    assert.deepEqual(walkthrough.steps.map((step) => step.title), ['Validate as you type', 'See your environments', 'Preview a diff, adopt a hotfix', 'Sync and revert the GitOps way']);
    const registered = new Set(await vscode.commands.getCommands(true));
    const views = new Set(Object.values(manifest.contributes.views).flat().map((view) => view.id));
    // .vscodeignore ships media/*.png (and *.svg), not subfolders: the images must be there.
    const shipped = readFileSync(path.join(ext.extensionPath, '.vscodeignore'), 'utf8');
    assert.match(shipped, /^!media\/\*\.png$/m);
    for (const step of walkthrough.steps) {
      const image = step.media.image;
      assert.ok(image && /^media\/[^/]+\.png$/.test(image), `${step.id}: a PNG in media/ (${image})`);
      const bytes = readFileSync(path.join(ext.extensionPath, image));
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${step.id}: ${image} is a PNG`);
      assert.ok(step.media.altText, `${step.id}: alt text`);
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id}: completion events`);
      for (const event of step.completionEvents ?? []) {
        const [kind, target] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(registered.has(target), `${step.id}: ${event} names a registered command`);
        else if (kind === 'onView') assert.ok(views.has(target), `${step.id}: ${event} names a contributed view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((match) => match[1]);
      assert.ok(links.length > 0, `${step.id}: a button`);
      for (const command of links) assert.ok(registered.has(command), `${step.id}: the button's command ${command} is registered`);
    }
    assert.ok(existsSync(path.join(ext.extensionPath, 'media', 'gitops.svg')));
  });
});
