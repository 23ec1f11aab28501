import type { JqCondition, JqOperand, JqPath, JqStep } from './JqPath';

type Token =
  | { type: 'dot' | 'lbracket' | 'rbracket' | 'lparen' | 'rparen' | 'pipe' | 'question' | 'end'; at: number }
  | { type: 'op'; value: '==' | '!='; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'word'; value: string; at: number };

/** supportedJqSubset describes, for messages, what parseJqPath understands. */
export const supportedJqSubset =
  'supported: paths like .a.b, ."a.b", .a["k"], .a[0], .a[] (with ?), pipes |, and select(...) comparing a path with == or != to a string, number, true, false or null, combined with and/or and parentheses';

class JqSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const single: Record<string, Token['type']> = { '.': 'dot', '[': 'lbracket', ']': 'rbracket', '(': 'lparen', ')': 'rparen', '|': 'pipe', '?': 'question' };
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (text.startsWith('==', at) || text.startsWith('!=', at)) {
      tokens.push({ type: 'op', value: text.slice(at, at + 2) as '==' | '!=', at });
      at += 2;
      continue;
    }
    if (char in single) {
      tokens.push({ type: single[char], at } as Token);
      at++;
      continue;
    }
    if (char === '"') {
      const match = /^"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(at));
      if (!match) throw new JqSyntaxError(`unterminated or invalid string at column ${at + 1}`);
      tokens.push({ type: 'string', value: JSON.parse(match[0]) as string, at });
      at += match[0].length;
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      at += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (word) {
      tokens.push({ type: 'word', value: word[0], at });
      at += word[0].length;
      continue;
    }
    throw new JqSyntaxError(`unsupported ${JSON.stringify(char)} at column ${at + 1}`);
  }
  tokens.push({ type: 'end', at });
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    return this.tokens[this.position++];
  }

  private expect(type: Token['type'], what: string): Token {
    const token = this.next();
    if (token.type !== type) throw new JqSyntaxError(`expected ${what} at column ${token.at + 1}`);
    return token;
  }

  pipeline(): JqStep[] {
    const steps: JqStep[] = [...this.stage()];
    while (this.peek().type === 'pipe') {
      this.next();
      steps.push(...this.stage());
    }
    const end = this.peek();
    if (end.type !== 'end') throw new JqSyntaxError(`unsupported syntax at column ${end.at + 1}`);
    return steps;
  }

  private stage(): JqStep[] {
    const token = this.peek();
    if (token.type === 'word' && token.value === 'select') {
      this.next();
      this.expect('lparen', '( after select');
      const condition = this.condition();
      this.expect('rparen', ')');
      return [{ kind: 'select', condition }];
    }
    if (token.type === 'dot') return this.path(true);
    throw new JqSyntaxError(`expected a path (.field) or select(...) at column ${token.at + 1}`);
  }

  /** path reads `.a.b["c"][0][]`; `iterate` says whether `[]` is allowed (not inside conditions). */
  private path(iterate: boolean): JqStep[] {
    const steps: JqStep[] = [];
    let first = true;
    for (;;) {
      const token = this.peek();
      if (token.type === 'dot') {
        this.next();
        const after = this.peek();
        if (after.type === 'word' || after.type === 'string') {
          this.next();
          steps.push({ kind: 'field', name: String(after.value) });
        } else if (after.type !== 'lbracket' && !first) throw new JqSyntaxError(`expected a field name after . at column ${after.at + 1}`);
      } else if (token.type === 'lbracket') {
        this.next();
        const inside = this.next();
        if (inside.type === 'rbracket') {
          if (!iterate) throw new JqSyntaxError(`[] is not supported inside select(...) (column ${inside.at + 1})`);
          steps.push({ kind: 'iterate' });
          continue;
        }
        if (inside.type === 'string') steps.push({ kind: 'field', name: inside.value });
        else if (inside.type === 'number' && Number.isInteger(inside.value)) steps.push({ kind: 'index', index: inside.value });
        else throw new JqSyntaxError(`expected "key", an integer index or ] at column ${inside.at + 1}`);
        this.expect('rbracket', ']');
      } else if (token.type === 'question' && !first) {
        this.next();
      } else break;
      first = false;
    }
    return steps;
  }

  private condition(): JqCondition {
    let left = this.conjunction();
    while (this.peek().type === 'word' && (this.peek() as { value: string }).value === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): JqCondition {
    let left = this.comparison();
    while (this.peek().type === 'word' && (this.peek() as { value: string }).value === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): JqCondition {
    if (this.peek().type === 'lparen') {
      this.next();
      const inner = this.condition();
      this.expect('rparen', ')');
      return inner;
    }
    const left = this.operand();
    const token = this.peek();
    if (token.type !== 'op') {
      if (left.kind !== 'path') throw new JqSyntaxError(`expected a comparison at column ${token.at + 1}`);
      return { kind: 'truthy', operand: left };
    }
    this.next();
    const right = this.operand();
    if (left.kind !== 'path' && right.kind !== 'path') throw new JqSyntaxError(`a comparison needs a path on one side (column ${token.at + 1})`);
    return { kind: 'compare', left, operator: token.value, right };
  }

  private operand(): JqOperand {
    const token = this.peek();
    if (token.type === 'dot') return { kind: 'path', steps: this.path(false) };
    this.next();
    if (token.type === 'string' || token.type === 'number') return { kind: 'literal', value: token.value };
    if (token.type === 'word' && (token.value === 'true' || token.value === 'false' || token.value === 'null')) {
      return { kind: 'literal', value: JSON.parse(token.value) as unknown };
    }
    throw new JqSyntaxError(`expected a path or a literal at column ${token.at + 1}`);
  }
}

/**
 * parseJqPath reads a `jqPathExpressions` entry in the documented jq subset (see supportedJqSubset):
 * `.a.b`, `.a[]`, `.a[] | select(.name == "x") | .b`, `.metadata.annotations["x"]`. Anything else gives a
 * problem message instead of a value; it never throws.
 */
export function parseJqPath(expression: string): { value?: JqPath; problem?: string } {
  try {
    const steps = new Parser(tokenize(expression)).pipeline();
    if (steps.length === 0) return { problem: 'the expression selects the whole object; name a field to ignore' };
    return { value: { steps } };
  } catch (error) {
    if (error instanceof JqSyntaxError) return { problem: `${error.message}; ${supportedJqSubset}` };
    throw error;
  }
}
