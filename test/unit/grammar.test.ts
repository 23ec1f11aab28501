import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// Tokenises YAML as VS Code 1.100.3 does: vscode-textmate and vscode-oniguruma at the versions VS Code
// bundles, the YAML grammars VS Code ships (vendored in test/fixtures/grammars/, see its README) and
// the injection grammars this extension contributes in package.json.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const vendoredYamlGrammars = path.join(repoRoot, 'test', 'fixtures', 'grammars');
/** The scope VS Code's yaml extension gives the `yaml` language. */
const yamlScope = 'source.yaml';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const contributed = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { grammars?: GrammarContribution[] } })
  .contributes.grammars ?? [];
const injections = contributed.filter((grammar) => grammar.injectTo?.includes(yamlScope));

/** grammarFiles maps each scope name to its file: the vendored YAML grammars, plus our injections. */
function grammarFiles(withInjections: boolean): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(vendoredYamlGrammars).filter((file) => file.endsWith('.tmLanguage.json'))) {
    const file = path.join(vendoredYamlGrammars, name);
    files.set((JSON.parse(fs.readFileSync(file, 'utf8')) as { scopeName: string }).scopeName, file);
  }
  if (withInjections) for (const injection of injections) files.set(injection.scopeName, path.join(repoRoot, injection.path));
  return files;
}

async function loadYamlGrammar(onigLib: Promise<textmate.IOnigLib>, withInjections: boolean): Promise<textmate.IGrammar> {
  const files = grammarFiles(withInjections);
  const registry = new textmate.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = files.get(scopeName);
      return file === undefined ? null : textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
    getInjections: (scopeName) => (withInjections && scopeName === yamlScope ? injections.map((injection) => injection.scopeName) : undefined),
  });
  const grammar = await registry.loadGrammar(yamlScope);
  assert.ok(grammar, 'the YAML grammar loads');
  return grammar;
}

type Token = [text: string, scopes: string[]];

/**
 * tokenize returns the tokens of every line. Leading scopes that only give YAML structure
 * (source.yaml, meta.stream.yaml, meta.mapping.yaml, meta.map.key.yaml…) are left out, so a token
 * reads from its scalar or comment scope inwards.
 */
function tokenize(grammar: textmate.IGrammar, text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token): Token => {
      const structure = token.scopes.findIndex((scope) => scope !== yamlScope && !/^meta\..*\.yaml$/.test(scope));
      return [line.slice(token.startIndex, token.endIndex), structure === -1 ? [] : token.scopes.slice(structure)];
    });
  });
}

let yaml: textmate.IGrammar;
let yamlWithoutInjections: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const onigLib = Promise.resolve<textmate.IOnigLib>({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (text) => new oniguruma.OnigString(text),
  });
  yaml = await loadYamlGrammar(onigLib, true);
  yamlWithoutInjections = await loadYamlGrammar(onigLib, false);
});

/** lines tokenises a YAML text with our injections. */
function lines(text: string): Token[][] {
  return tokenize(yaml, text);
}

/** assertUntouched checks that our injections change nothing in the tokens of the text. */
function assertUntouched(text: string): void {
  const tokens = lines(text);
  assert.deepEqual(tokens, tokenize(yamlWithoutInjections, text));
  assert.ok(!tokens.flat().some(([, scopes]) => scopes.some((scope) => scope.endsWith('.gitops'))), 'no gitops scope');
}

// The YAML grammar's own scopes around our tokens.
const key: string[] = ['string.unquoted.plain.yaml', 'entity.name.tag.yaml'];
const colon: Token = [':', ['punctuation.separator.map.value.yaml']];
const blank: Token = [' ', ['punctuation.whitespace.separator.yaml']];
const plain = 'string.unquoted.plain.out.yaml';
const comment = 'comment.line.number-sign.yaml';
const commentStart: Token = ['#', [comment, 'punctuation.definition.comment.yaml']];

// Our scopes.
const substitution = 'meta.substitution.gitops';
const open = [substitution, 'punctuation.section.embedded.begin.gitops', 'punctuation.definition.variable.begin.gitops'];
const close = [substitution, 'punctuation.section.embedded.end.gitops', 'punctuation.definition.variable.end.gitops'];
const variable = [substitution, 'variable.other.substitution.gitops'];
const directive = 'meta.directive.disable-next-line.gitops';
const directiveName = [comment, directive, 'keyword.other.directive.disable-next-line.gitops'];
const ruleId = [comment, directive, 'entity.name.function.rule-id.gitops'];

/** substitutionOf gives the three tokens of `${NAME}` inside the given scalar scopes. */
function substitutionOf(name: string, scalar: string[]): Token[] {
  return [['${', [...scalar, ...open]], [name, [...scalar, ...variable]], ['}', [...scalar, ...close]]];
}

describe('YAML highlighting injections', () => {
  test('package.json contributes both injection grammars to source.yaml', () => {
    assert.deepEqual(injections.map((grammar) => grammar.path).sort(), [
      './syntaxes/disable-comment.injection.tmLanguage.json',
      './syntaxes/flux-substitution.injection.tmLanguage.json',
    ]);
    for (const grammar of injections) {
      const file = JSON.parse(fs.readFileSync(path.join(repoRoot, grammar.path), 'utf8')) as { scopeName: string; injectionSelector: string };
      assert.equal(file.scopeName, grammar.scopeName, `${grammar.path} declares the contributed scope name`);
      for (const selector of file.injectionSelector.split(',')) {
        assert.match(selector.trim(), /^L:/, 'left injections win over the YAML rules at the same position');
      }
    }
  });

  describe('Flux postBuild substitutions', () => {
    test('${VAR} in a plain scalar, alone and inside text', () => {
      assert.deepEqual(lines('namespace: ${NAMESPACE}\nimage: ghcr.io/acme/app:${TAG}-slim'), [
        [['namespace', key], colon, blank, ...substitutionOf('NAMESPACE', [plain])],
        [['image', key], colon, blank, ['ghcr.io/acme/app:', [plain]], ...substitutionOf('TAG', [plain]), ['-slim', [plain]]],
      ]);
    });

    test('${VAR} in double- and single-quoted strings', () => {
      const double = 'string.quoted.double.yaml';
      const single = 'string.quoted.single.yaml';
      assert.deepEqual(lines(`host: "api.\${DOMAIN}"\nhost: 'api.\${DOMAIN}'`), [
        [['host', key], colon, blank, ['"', [double, 'punctuation.definition.string.begin.yaml']], ['api.', [double]],
          ...substitutionOf('DOMAIN', [double]), ['"', [double, 'punctuation.definition.string.end.yaml']]],
        [['host', key], colon, blank, ["'", [single, 'punctuation.definition.string.begin.yaml']], ['api.', [single]],
          ...substitutionOf('DOMAIN', [single]), ["'", [single, 'punctuation.definition.string.end.yaml']]],
      ]);
    });

    test('${VAR} in literal and folded block scalars', () => {
      const block = 'string.unquoted.block.yaml';
      const [, literal, , folded] = lines('script: |\n  echo ${CLUSTER}\nnote: >-\n  ${CLUSTER} is live');
      assert.deepEqual(literal, [['  ', ['punctuation.whitespace.indentation.yaml']], ['echo ', [block]], ...substitutionOf('CLUSTER', [block])]);
      assert.deepEqual(folded, [['  ', ['punctuation.whitespace.indentation.yaml']], ...substitutionOf('CLUSTER', [block]), [' is live', [block]]]);
    });

    test('${VAR:=default}: delimiters, variable, operator and default value', () => {
      const operator = [plain, substitution, 'keyword.operator.default.gitops'];
      const value = [plain, substitution, 'string.unquoted.default.gitops'];
      assert.deepEqual(lines('replicas: ${REPLICAS:=2}\nenv: ${ENV:-dev}\nsuffix: ${SUFFIX:=}'), [
        [['replicas', key], colon, blank, ['${', [plain, ...open]], ['REPLICAS', [plain, ...variable]], [':=', operator], ['2', value], ['}', [plain, ...close]]],
        [['env', key], colon, blank, ['${', [plain, ...open]], ['ENV', [plain, ...variable]], [':-', operator], ['dev', value], ['}', [plain, ...close]]],
        [['suffix', key], colon, blank, ['${', [plain, ...open]], ['SUFFIX', [plain, ...variable]], [':=', operator], ['}', [plain, ...close]]],
      ]);
    });

    test('a default holding a nested substitution', () => {
      const value = [plain, substitution, 'string.unquoted.default.gitops'];
      assert.deepEqual(lines('host: ${HOST:=${APP}.local}')[0], [
        ['host', key], colon, blank, ['${', [plain, ...open]], ['HOST', [plain, ...variable]], [':=', [plain, substitution, 'keyword.operator.default.gitops']],
        ...substitutionOf('APP', value), ['.local', value], ['}', [plain, ...close]],
      ]);
    });

    test('$${VAR} is an escape, not a variable; $$${VAR} is a `$` then a substitution', () => {
      const escape: Token = ['$$', [plain, 'constant.character.escape.gitops']];
      assert.deepEqual(lines('literal: $${VAR}\nprice: $$${PRICE}'), [
        [['literal', key], colon, blank, escape, ['{VAR}', [plain]]],
        [['price', key], colon, blank, ['$$', [plain]], ...substitutionOf('PRICE', [plain])],
      ]);
    });

    test('inside a substitution, `$$` escapes in a replacement but not in a default', () => {
      const value = [plain, substitution, 'string.unquoted.default.gitops'];
      assert.deepEqual(lines('cost: ${COST/USD/$$}\nsalted: ${PASS:=$${SALT}}'), [
        [['cost', key], colon, blank, ['${', [plain, ...open]], ['COST', [plain, ...variable]], ['/', [plain, substitution, 'keyword.operator.replace.gitops']],
          ['USD', [plain, substitution, 'string.unquoted.pattern.gitops']], ['/', [plain, substitution, 'punctuation.separator.replace.gitops']],
          ['$$', [plain, substitution, 'string.unquoted.replacement.gitops', 'constant.character.escape.gitops']], ['}', [plain, ...close]]],
        [['salted', key], colon, blank, ['${', [plain, ...open]], ['PASS', [plain, ...variable]], [':=', [plain, substitution, 'keyword.operator.default.gitops']],
          ['$', value], ...substitutionOf('SALT', value), ['}', [plain, ...close]]],
      ]);
    });

    test('the other envsubst operators', () => {
      const operator = (kind: string) => [plain, substitution, `keyword.operator.${kind}.gitops`];
      assert.deepEqual(lines('a: ${#NAME} ${NAME^^} ${NAME:0:8} ${FILE%%.*} ${REPO//\\//-}'), [[
        ['a', key], colon, blank,
        ['${', [plain, ...open]], ['#', operator('length')], ['NAME', [plain, ...variable]], ['}', [plain, ...close]], [' ', [plain]],
        ['${', [plain, ...open]], ['NAME', [plain, ...variable]], ['^^', operator('case')], ['}', [plain, ...close]], [' ', [plain]],
        ['${', [plain, ...open]], ['NAME', [plain, ...variable]], [':', operator('substring')], ['0', [plain, substitution, 'constant.numeric.integer.gitops']],
        [':', operator('substring')], ['8', [plain, substitution, 'constant.numeric.integer.gitops']], ['}', [plain, ...close]], [' ', [plain]],
        ['${', [plain, ...open]], ['FILE', [plain, ...variable]], ['%%', operator('trim')], ['.*', [plain, substitution, 'string.unquoted.pattern.gitops']],
        ['}', [plain, ...close]], [' ', [plain]],
        ['${', [plain, ...open]], ['REPO', [plain, ...variable]], ['//', operator('replace')],
        ['\\/', [plain, substitution, 'string.unquoted.pattern.gitops', 'constant.character.escape.gitops']],
        ['/', [plain, substitution, 'punctuation.separator.replace.gitops']], ['-', [plain, substitution, 'string.unquoted.replacement.gitops']],
        ['}', [plain, ...close]],
      ]]);
    });

    test('${VAR} inside a comment is not highlighted', () => {
      assertUntouched('# ${VAR}\nname: app # set by ${VAR}\nlist:\n  - a # ${VAR:=x}');
    });

    test('forms Flux rejects or never substitutes are not highlighted', () => {
      assertUntouched('a: ${VAR-default} ${ VAR } ${1VAR} ${VAR:} $VAR ${{ github.sha }}');
    });

    test('a substitution never runs past its line or its scalar', () => {
      assertUntouched('a: "${VAR"\nb: c\nd: "${VAR:=x" # }\ne: ${VAR:=x #}\nf: ${VAR:=a: b}\ng: [${VAR}]');
    });

    test('a key named like a variable is left to the YAML grammar', () => {
      const [[name, ...rest]] = lines('VAR: ${VAR}');
      assert.deepEqual(name, ['VAR', key]);
      assert.deepEqual(rest, [colon, blank, ...substitutionOf('VAR', [plain])]);
      assertUntouched('postBuild:\n  substitute:\n    VAR: prod\n    $VAR: x\n    cluster_name: "eu-1"');
    });
  });

  describe('disable-next-line comments', () => {
    const directiveTokens: Token[] = [commentStart, [' ', [comment, directive]], ['gitops-workbench-disable-next-line', directiveName]];

    test('the directive with one rule id', () => {
      assert.deepEqual(lines('# gitops-workbench-disable-next-line image-latest')[0], [
        ...directiveTokens, [' ', [comment, directive]], ['image-latest', ruleId],
      ]);
    });

    test('the directive with two rule ids, separated by a comma or by blanks', () => {
      const comma: Token = [',', [comment, directive, 'punctuation.separator.comma.gitops']];
      assert.deepEqual(lines('# gitops-workbench-disable-next-line image-latest, ref-missing\n# gitops-workbench-disable-next-line image-latest ref-missing'), [
        [...directiveTokens, [' ', [comment, directive]], ['image-latest', ruleId], comma, [' ', [comment, directive]], ['ref-missing', ruleId]],
        [...directiveTokens, [' ', [comment, directive]], ['image-latest', ruleId], [' ', [comment, directive]], ['ref-missing', ruleId]],
      ]);
    });

    test('after a value, without ids, with a reason, and cut by a second `#`', () => {
      const reason = [comment, directive, 'punctuation.separator.reason.gitops'];
      assert.deepEqual(lines([
        'image: nginx:latest  # gitops-workbench-disable-next-line image-latest',
        '#gitops-workbench-disable-next-line',
        '# gitops-workbench-disable-next-line schema -- CRD lives elsewhere',
        '# gitops-workbench-disable-next-line schema # see #12 image-latest',
      ].join('\n')), [
        [['image', key], colon, blank, ['nginx:latest', [plain]], ['  ', ['punctuation.whitespace.separator.yaml']],
          commentStart, [' ', [comment, directive]], ['gitops-workbench-disable-next-line', directiveName], [' ', [comment, directive]], ['image-latest', ruleId]],
        [commentStart, ['gitops-workbench-disable-next-line', directiveName]],
        [...directiveTokens, [' ', [comment, directive]], ['schema', ruleId], [' ', [comment, directive]], ['--', reason], [' CRD lives elsewhere', [comment, directive]]],
        [...directiveTokens, [' ', [comment, directive]], ['schema', ruleId], [' ', [comment, directive]], ['# see #12 image-latest', [comment, directive]]],
      ]);
    });

    test('normal comments, look-alike names and the name outside comments are untouched', () => {
      assertUntouched([
        '# keep the next line as it is',
        '# see gitops-workbench-disable-next-line image-latest in the docs',
        '# gitops-workbench-disable-next-lines schema',
        '# gitops-workbench-disable-next-line-schema',
        'note: "# gitops-workbench-disable-next-line schema"',
      ].join('\n'));
    });
  });
});
