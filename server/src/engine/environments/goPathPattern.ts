/** goPathPattern turns a Go `path.Match` pattern into a RegExp: `*` and `?` stop at `/`. */
export function goPathPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, close).replace(/^\^/, '!');
      source += body.startsWith('!') ? `[^/${escapeClass(body.slice(1))}]` : `[${escapeClass(body)}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else source += escape(c);
  }
  return new RegExp(`^${source}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(text: string): string {
  return text.replace(/[\\\]]/g, '\\$&');
}
