import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { PieceTextDocument } from '../../../server/src/handlers/PieceTextDocument';
import { seededRandom } from './validatorHarness';

/**
 * The server's TextDocument (PieceTextDocument) must behave exactly like the library's
 * FullTextDocument, which VS Code's protocol positions are defined against: the same text, line
 * count, offsets and positions (CR, LF and CRLF line breaks, positions past a line's end, reversed
 * ranges) after any sequence of changes. And its lastChange must describe each update exactly.
 */

type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const fragments = ['a', 'bc', '\n', '\r\n', '\r', '---\n', 'kind: X\n', '😀', '', '  - item\r\n', 'x'.repeat(40)];

function randomPosition(random: Random, document: TextDocument): { line: number; character: number } {
  // Often past the end of its line, which clamps (a client sends lines that exist: a line past the
  // end makes both implementations' line tables meaningless).
  return { line: Math.floor(random() * document.lineCount), character: Math.floor(random() * 12) };
}

function randomChange(random: Random, document: TextDocument): TextDocumentContentChangeEvent {
  if (random() < 0.02) return { text: Array.from({ length: 5 }, () => pick(random, fragments)).join('') };
  const start = randomPosition(random, document);
  const end = random() < 0.4 ? start : randomPosition(random, document);
  return { range: { start, end }, text: Array.from({ length: Math.floor(random() * 3) }, () => pick(random, fragments)).join('') };
}

function assertSame(actual: TextDocument, expected: TextDocument, random: Random, where: string): void {
  assert.equal(actual.getText(), expected.getText(), `${where}: text`);
  assert.equal(actual.lineCount, expected.lineCount, `${where}: line count`);
  assert.equal(actual.version, expected.version, `${where}: version`);
  for (let probe = 0; probe < 12; probe++) {
    const position = randomPosition(random, expected);
    assert.equal(actual.offsetAt(position), expected.offsetAt(position), `${where}: offsetAt ${JSON.stringify(position)}`);
    // Offsets out of the text clamp.
    const offset = Math.floor(random() * (expected.getText().length + 3)) - 1;
    assert.deepEqual(actual.positionAt(offset), expected.positionAt(offset), `${where}: positionAt ${offset}`);
    // Reversed ranges too: both read them like substring does.
    const range = { start: randomPosition(random, expected), end: randomPosition(random, expected) };
    assert.equal(actual.getText(range), expected.getText(range), `${where}: getText ${JSON.stringify(range)}`);
  }
}

for (const seed of [3, 42, 2024]) {
  test(`PieceTextDocument behaves like FullTextDocument under random changes (seed ${seed})`, () => {
    const random = seededRandom(seed);
    const initial = Array.from({ length: 30 }, () => pick(random, fragments)).join('');
    const expected = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
    const actual = PieceTextDocument.create('file:///a.yaml', 'yaml', 1, initial);
    assertSame(actual, expected, random, 'created');
    for (let step = 0; step < 400; step++) {
      // Each change of a notification is made against the text the ones before it left.
      const scratch = TextDocument.create('file:///scratch.yaml', 'yaml', 0, expected.getText());
      const changes = Array.from({ length: random() < 0.2 ? 3 : 1 }, () => {
        const change = randomChange(random, scratch);
        TextDocument.update(scratch, [change], scratch.version + 1);
        return change;
      });
      const before = actual.getText();
      TextDocument.update(expected, changes, step + 2);
      PieceTextDocument.update(actual, changes, step + 2);
      assertSame(actual, expected, random, `step ${step} (${JSON.stringify(changes)})`);
      const change = (actual as PieceTextDocument).lastChange;
      if (change) {
        // The stretch it names, replaced, gives the new text; it names the very text before.
        assert.ok(change.previousText === before, `step ${step}: lastChange.previousText`);
        assert.equal(before.slice(0, change.start) + change.text + before.slice(change.previousEnd), expected.getText(), `step ${step}: lastChange`);
      } else {
        assert.ok(changes.some((item) => !('range' in item)), `step ${step}: only a whole-text change has no lastChange`);
      }
    }
  });
}

test('a PieceTextDocument edit does not copy the text: getText() before and after reads the same pieces', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\n'.repeat(50_000);
  const document = PieceTextDocument.create('file:///big.yaml', 'yaml', 1, text);
  for (let edit = 0; edit < 100; edit++) PieceTextDocument.update(document, [{ range: { start: { line: edit * 7, character: 0 }, end: { line: edit * 7, character: 4 } }, text: 'kind' }], edit + 2);
  const reference = TextDocument.create('file:///big.yaml', 'yaml', 1, text);
  for (let edit = 0; edit < 100; edit++) TextDocument.update(reference, [{ range: { start: { line: edit * 7, character: 0 }, end: { line: edit * 7, character: 4 } }, text: 'kind' }], edit + 2);
  assert.equal(document.getText(), reference.getText());
  assert.deepEqual(document.positionAt(1_234_567), reference.positionAt(1_234_567));
});
