import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * gitEnv is the environment every native git run of the tests uses: no user or system config
 * (so a developer's settings cannot change results), a fixed identity, no prompts.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Fixture Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Fixture Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.com',
    TZ: 'UTC',
    ...extra,
  };
}

/** git runs native git in a directory and returns its trimmed stdout; it throws on failure. */
export function git(dir: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync('git', ['-C', dir, ...args], { env: gitEnv(options.env), encoding: 'utf8', input: options.input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }).replace(/\n$/, '');
}

/** tryGit runs native git and returns its status and output without throwing. */
export function tryGit(dir: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', ['-C', dir, ...args], { env: gitEnv(options.env), encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** tempDir makes a fresh directory under the system's temp directory (real path). */
export function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** copyRepo copies a work tree with its .git to a fresh directory, for native-vs-ours comparisons. */
export function copyRepo(dir: string): string {
  const copy = tempDir('gw-copy-');
  fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

/**
 * GitFixture builds a repository commit by commit with native git. Every commit gets the next
 * date of a fixed clock (one minute apart) unless a date is given, so histories, and the ids
 * of the commits, are the same on every run.
 */
export class GitFixture {
  private clock = 1_700_000_000;

  constructor(readonly dir: string) {}

  /** open continues a fixture in an existing repository, its clock after the newest commit. */
  static open(dir: string): GitFixture {
    const fixture = new GitFixture(dir);
    fixture.clock = Math.max(...git(dir, ['log', '--all', '--format=%ct']).split('\n').map(Number));
    return fixture;
  }

  static create(prefix = 'gw-git-'): GitFixture {
    const dir = tempDir(prefix);
    execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv() });
    git(dir, ['config', 'user.name', 'Fixture User']);
    git(dir, ['config', 'user.email', 'user@example.com']);
    return new GitFixture(dir);
  }

  /** nextDate advances the clock and returns it as git's "<seconds> +0000". */
  nextDate(): string {
    this.clock += 60;
    return `${this.clock} +0000`;
  }

  write(files: Record<string, string | null>): void {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.dir, name);
      if (content === null) {
        fs.rmSync(file, { force: true });
        // Leave no empty directory behind: a file may take its place next.
        for (let directory = path.dirname(file); directory !== this.dir; directory = path.dirname(directory)) {
          if (fs.readdirSync(directory).length > 0) break;
          fs.rmdirSync(directory);
        }
        continue;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }

  /** commit writes files (null deletes), stages everything and commits; returns the new sha. */
  commit(message: string, files: Record<string, string | null> = {}, options: { date?: string; authorDate?: string } = {}): string {
    this.write(files);
    git(this.dir, ['add', '-A']);
    const date = options.date ?? this.nextDate();
    git(this.dir, ['commit', '-q', '--allow-empty', '-m', message], { env: { GIT_AUTHOR_DATE: options.authorDate ?? date, GIT_COMMITTER_DATE: date } });
    return this.head();
  }

  /** move renames a file with git mv and commits. */
  move(message: string, from: string, to: string): string {
    fs.mkdirSync(path.dirname(path.join(this.dir, to)), { recursive: true });
    git(this.dir, ['mv', from, to]);
    return this.commit(message);
  }

  checkout(ref: string, create = false): void {
    git(this.dir, create ? ['checkout', '-q', '-b', ref] : ['checkout', '-q', ref]);
  }

  /** merge merges branches with a merge commit (never a fast-forward); returns the new sha. */
  merge(message: string, branches: string[], options: { date?: string; strategyOption?: string } = {}): string {
    const date = options.date ?? this.nextDate();
    const args = ['merge', '-q', '--no-ff', '--no-edit', '-m', message, ...(options.strategyOption ? ['-X', options.strategyOption] : []), ...branches];
    git(this.dir, args, { env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    return this.head();
  }

  /**
   * evilMerge merges with extra changes of its own in the merge commit (an "evil merge"), which
   * history must report as a change even though no parent made it.
   */
  evilMerge(message: string, branch: string, files: Record<string, string | null>): string {
    const date = this.nextDate();
    git(this.dir, ['merge', '-q', '--no-ff', '--no-commit', branch], { env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    this.write(files);
    git(this.dir, ['add', '-A']);
    git(this.dir, ['commit', '-q', '-m', message], { env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    return this.head();
  }

  head(): string {
    return git(this.dir, ['rev-parse', 'HEAD']);
  }
}

/**
 * cachedFixture builds a fixture repository once per version of this script (the dates are
 * fixed, so every build has the same commits) and hands each caller its own copy: test files
 * run in parallel processes and change their repositories.
 */
function cachedFixture(name: string, build: () => { fixture: GitFixture; commits: Record<string, string> }): { fixture: GitFixture; commits: Record<string, string> } {
  const version = createHash('sha1').update(fs.readFileSync(__filename)).update(execFileSync('git', ['--version'], { encoding: 'utf8' })).digest('hex').slice(0, 12);
  const cache = path.join(os.tmpdir(), `gw-fixture-${name}-${version}`);
  if (!fs.existsSync(path.join(cache, 'commits.json'))) {
    const built = build();
    const staging = tempDir(`gw-fixture-${name}-building-`);
    fs.cpSync(built.fixture.dir, path.join(staging, 'repo'), { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(staging, 'commits.json'), JSON.stringify(built.commits));
    try {
      // Another process may have finished first: theirs is as good as ours.
      fs.renameSync(staging, cache);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    fs.rmSync(built.fixture.dir, { recursive: true, force: true });
  }
  const commits = JSON.parse(fs.readFileSync(path.join(cache, 'commits.json'), 'utf8')) as Record<string, string>;
  return { fixture: GitFixture.open(copyRepo(path.join(cache, 'repo'))), commits };
}

/**
 * environmentFiles asks the CLI's discovery (`envs --format json`) for an environment's paths
 * and inputs: what `--env` works on, as the environments module reports it.
 */
export function environmentFiles(dir: string, name: string): string[] {
  const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const output = execFileSync(process.execPath, [cli, 'envs', '--repo', dir, '--format', 'json'], { encoding: 'utf8', env: gitEnv() });
  const environment = (JSON.parse(output) as { environments: Array<{ name: string; paths: string[]; inputs: string[] }> }).environments.find((candidate) => candidate.name === name);
  if (!environment) throw new Error(`no environment ${name} in ${dir}`);
  const all = [...new Set([...environment.paths, ...environment.inputs])].sort();
  return all.filter((entry) => !all.some((other) => other !== entry && entry.startsWith(`${other}/`)));
}

/** manifest renders a small ConfigMap whose data has one line per key, for line-level merges. */
export function manifest(name: string, data: Record<string, string>): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data).map(([key, value]) => `  ${key}: "${value}"\n`).join('')}`;
}

function settings(prefix: string, overrides: Record<string, string> = {}): Record<string, string> {
  const data: Record<string, string> = {};
  for (let index = 0; index < 12; index++) data[`${prefix}${index}`] = `v0`;
  return { ...data, ...overrides };
}

/** environmentsConfig declares staging and production (and their paths) in .gitops-workbench.yaml. */
export const environmentsConfig = `environments:
  - name: staging
    paths: [apps/staging]
  - name: production
    paths: [apps/production]
`;

/** Directory-level path sets of the fixtures' environments (overlay and base), for engine tests. */
export const fixtureInputs = {
  staging: ['apps/base', 'apps/staging'],
  production: ['apps/base', 'apps/production'],
};

/** fixturePathSets are the path filters the history tests try on the environment-history fixture: named cases git log must agree on. */
export const fixturePathSets: Array<[string, string[]]> = [
  ['staging inputs', fixtureInputs.staging],
  ['production inputs', fixtureInputs.production],
  ['staging overlay only', ['apps/staging']],
  ['base only', ['apps/base']],
  ['a single file', ['apps/staging/settings.yaml']],
  ['a renamed file (old path)', ['apps/staging/old-name.yaml']],
  ['a path replaced by a directory', ['apps/staging/feature.yaml']],
  ['a file inside the directory that replaced a file', ['apps/staging/feature.yaml/part.yaml']],
  ['docs', ['docs']],
  ['a missing path', ['apps/nowhere']],
  ['the whole repository', ['.']],
  ['overlapping paths', ['apps', 'apps/staging', './apps/base/']],
];

function overlay(): string {
  return 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n  - settings.yaml\n';
}

/**
 * buildEnvironmentHistoryRepo builds a GitOps repository whose history has what environment
 * histories get wrong when commits are compared by date instead of with their parents:
 * merges that bring an environment's change from a side branch, merges where both sides changed
 * it, merges of branches that did not touch it, an evil merge, an octopus merge, renames inside
 * and across environments, a directory replaced by a file, clock skew (a commit older than its
 * parent) and commits with equal dates. Returns the fixture and named commits.
 */
export function buildEnvironmentHistoryRepo(): { fixture: GitFixture; commits: Record<string, string> } {
  return cachedFixture('history', writeEnvironmentHistoryRepo);
}

function writeEnvironmentHistoryRepo(): { fixture: GitFixture; commits: Record<string, string> } {
  const fixture = GitFixture.create('gw-history-');
  const commits: Record<string, string> = {};
  commits.initial = fixture.commit('Initial layout', {
    '.gitops-workbench.yaml': environmentsConfig,
    'apps/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n',
    'apps/base/config.yaml': manifest('base', settings('base')),
    'apps/staging/kustomization.yaml': overlay(),
    'apps/staging/settings.yaml': manifest('staging', settings('s')),
    'apps/staging/old-name.yaml': manifest('renamed', { a: '1' }),
    'apps/staging/moves/cross.yaml': manifest('cross', { b: '1' }),
    'apps/production/kustomization.yaml': overlay(),
    'apps/production/settings.yaml': manifest('production', settings('p')),
    'docs/README.md': '# Fixture\n',
  });
  commits.stagingTune = fixture.commit('staging: tune s1', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v1' })) });
  commits.productionTune = fixture.commit('production: tune p1', { 'apps/production/settings.yaml': manifest('production', settings('p', { p1: 'v1' })) });
  commits.docs = fixture.commit('docs: intro', { 'docs/README.md': '# Fixture\n\nIntro.\n' });

  // A side branch that changes staging while main changes production: the merge is TREESAME to
  // the branch for staging (only the branch is followed) and to main for production.
  fixture.checkout('feature-staging', true);
  commits.featureStaging1 = fixture.commit('staging: feature part 1', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v1', s5: 'f1' })) });
  commits.featureStaging2 = fixture.commit('staging: feature part 2', { 'apps/staging/feature.yaml': manifest('feature', { on: 'true' }) });
  fixture.checkout('main');
  commits.productionWhileBranch = fixture.commit('production: tune p3', { 'apps/production/settings.yaml': manifest('production', settings('p', { p1: 'v1', p3: 'v1' })) });
  commits.mergeStaging = fixture.merge("Merge branch 'feature-staging'", ['feature-staging']);

  // Both sides change staging (different lines): the merge differs from both parents.
  fixture.checkout('both-sides', true);
  commits.bothSidesBranch = fixture.commit('staging: branch side', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v1', s5: 'f1', s10: 'b' })) });
  fixture.checkout('main');
  commits.bothSidesMain = fixture.commit('staging: main side', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v2', s5: 'f1' })) });
  commits.mergeBothSides = fixture.merge("Merge branch 'both-sides'", ['both-sides']);

  // A branch that touches nothing of the environments: its merge is TREESAME to main for them.
  fixture.checkout('docs-branch', true);
  commits.docsBranch = fixture.commit('docs: branch', { 'docs/guide.md': 'Guide\n' });
  fixture.checkout('main');
  commits.mergeDocs = fixture.merge("Merge branch 'docs-branch'", ['docs-branch']);

  // Renames: inside staging, and from staging to production.
  commits.renameInside = fixture.move('staging: rename old-name to new-name', 'apps/staging/old-name.yaml', 'apps/staging/new-name.yaml');
  commits.renameAcross = fixture.move('move cross.yaml from staging to production', 'apps/staging/moves/cross.yaml', 'apps/production/cross.yaml');

  // An evil merge: the merge commit itself changes production.
  fixture.checkout('evil', true);
  commits.evilBranch = fixture.commit('docs: evil branch', { 'docs/evil.md': 'x\n' });
  fixture.checkout('main');
  commits.evilMerge = fixture.evilMerge("Merge branch 'evil' (with a production fix)", 'evil', { 'apps/production/settings.yaml': manifest('production', settings('p', { p1: 'v1', p3: 'v1', p7: 'evil' })) });

  // An octopus merge of two branches, one of which changes base.
  fixture.checkout('octo-a', true);
  commits.octoA = fixture.commit('base: octopus side a', { 'apps/base/config.yaml': manifest('base', settings('base', { base2: 'octo' })) });
  fixture.checkout('main');
  fixture.checkout('octo-b', true);
  commits.octoB = fixture.commit('docs: octopus side b', { 'docs/octo.md': 'b\n' });
  fixture.checkout('main');
  commits.octopus = fixture.merge('Octopus merge', ['octo-a', 'octo-b']);

  // Clock skew: a commit whose date is before its parent's, then two commits with equal dates.
  commits.skewed = fixture.commit('staging: skewed clock', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v2', s5: 'f1', s10: 'b', s11: 'skew' })) }, { date: '1699990000 +0000' });
  const same = fixture.nextDate();
  commits.sameDate1 = fixture.commit('production: same date 1', { 'apps/production/settings.yaml': manifest('production', settings('p', { p1: 'v1', p3: 'v1', p7: 'evil', p8: 'same' })) }, { date: same });
  commits.sameDate2 = fixture.commit('staging: same date 2', { 'apps/staging/settings.yaml': manifest('staging', settings('s', { s1: 'v3', s5: 'f1', s10: 'b', s11: 'skew' })) }, { date: same });

  // A directory replaced by a file in staging, and back.
  commits.dirToFile = fixture.commit('staging: feature directory', { 'apps/staging/feature.yaml': null, 'apps/staging/feature.yaml/part.yaml': manifest('part', { x: '1' }) });
  commits.fileBack = fixture.commit('staging: feature file again', { 'apps/staging/feature.yaml/part.yaml': null, 'apps/staging/feature.yaml': manifest('feature', { on: 'false' }) });
  commits.baseChange = fixture.commit('base: change base4', { 'apps/base/config.yaml': manifest('base', settings('base', { base2: 'octo', base4: 'new' })) });
  return { fixture, commits };
}

/**
 * buildRevertRepo builds a repository for reverts: commits whose revert is clean, commits later
 * edited on nearby or the same lines (conflicts), a commit later edited elsewhere in the file
 * (a clean line merge), a file added then modified (modify/delete on revert), a file deleted, a
 * rename, a merge commit, a commit touching two environments, an executable bit, and a commit
 * whose change was already undone by hand.
 */
export function buildRevertRepo(): { fixture: GitFixture; commits: Record<string, string> } {
  return cachedFixture('revert', writeRevertRepo);
}

function writeRevertRepo(): { fixture: GitFixture; commits: Record<string, string> } {
  const fixture = GitFixture.create('gw-revert-');
  const commits: Record<string, string> = {};
  const staging = (overrides: Record<string, string>) => manifest('staging', settings('s', overrides));
  const production = (overrides: Record<string, string>) => manifest('production', settings('p', overrides));
  commits.initial = fixture.commit('Initial layout', {
    '.gitops-workbench.yaml': environmentsConfig,
    'apps/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - config.yaml\n',
    'apps/base/config.yaml': manifest('base', settings('base')),
    'apps/staging/kustomization.yaml': overlay(),
    'apps/staging/settings.yaml': staging({}),
    'apps/staging/doomed.yaml': manifest('doomed', { d: '1' }),
    'apps/production/kustomization.yaml': overlay(),
    'apps/production/settings.yaml': production({}),
    'scripts/deploy.sh': '#!/bin/sh\necho deploy\n',
    'docs/README.md': '# Revert fixture\n',
  });
  commits.editFar = fixture.commit('staging: set s1', { 'apps/staging/settings.yaml': staging({ s1: 'a' }) });
  commits.editLaterNear = fixture.commit('staging: set s6', { 'apps/staging/settings.yaml': staging({ s1: 'a', s6: 'a' }) });
  commits.bothEnvs = fixture.commit('staging and production: set x9', {
    'apps/staging/settings.yaml': staging({ s1: 'a', s6: 'a', s9: 'x' }),
    'apps/production/settings.yaml': production({ p9: 'x' }),
  });
  commits.addFile = fixture.commit('staging: add extra.yaml', { 'apps/staging/extra.yaml': manifest('extra', { e: '1' }) });
  commits.deleteFile = fixture.commit('staging: remove doomed.yaml', { 'apps/staging/doomed.yaml': null });
  fs.chmodSync(path.join(fixture.dir, 'scripts/deploy.sh'), 0o755);
  commits.modeChange = fixture.commit('scripts: make deploy.sh executable');
  fixture.checkout('feature', true);
  commits.featureCommit = fixture.commit('production: feature p4', { 'apps/production/settings.yaml': production({ p9: 'x', p4: 'f' }) });
  fixture.checkout('main');
  commits.mainWhileFeature = fixture.commit('docs: while feature', { 'docs/README.md': '# Revert fixture\n\nMore.\n' });
  commits.merge = fixture.merge("Merge branch 'feature'", ['feature']);
  commits.rename = fixture.move('base: rename config.yaml to settings.yaml', 'apps/base/config.yaml', 'apps/base/settings.yaml');
  fixture.write({ 'apps/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - settings.yaml\n' });
  commits.renameKustomization = fixture.commit('base: follow the rename');
  // Later edits that make some earlier reverts conflict or merge.
  commits.touchNearS6 = fixture.commit('staging: set s7 (next to s6)', { 'apps/staging/settings.yaml': staging({ s1: 'a', s6: 'a', s7: 'b', s9: 'x' }) });
  commits.editExtra = fixture.commit('staging: change extra.yaml', { 'apps/staging/extra.yaml': manifest('extra', { e: '2' }) });
  commits.handUndo = fixture.commit('production: set p2', { 'apps/production/settings.yaml': production({ p9: 'x', p4: 'f', p2: 'y' }) });
  commits.handUndone = fixture.commit('production: undo p2 by hand', { 'apps/production/settings.yaml': production({ p9: 'x', p4: 'f' }) });
  commits.lastStaging = fixture.commit('staging: set s11', { 'apps/staging/settings.yaml': staging({ s1: 'a', s6: 'a', s7: 'b', s9: 'x', s11: 'z' }) });
  return { fixture, commits };
}
