// Glob matching for absolute image paths. Unlike path.matchesGlob, "*" and "**" also
// match dot-names: a venv in /app/.venv must not hide its bin/pip.

function escape(text: string): string {
  return text.replace(/[.+^$()|\\]/g, '\\$&');
}

/** Compiles "**\/bin/pip", "/app/**\/*.test.{ts,js}", "/usr/bin/pip3.?" to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let at = 0; at < glob.length; at++) {
    const char = glob[at]!;
    if (char === '*' && glob[at + 1] === '*') {
      const slashAfter = glob[at + 2] === '/';
      source += slashAfter ? '(?:.*/)?' : '.*';
      at += slashAfter ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', at);
      if (end === -1) source += '\\{';
      else {
        source += `(?:${glob.slice(at + 1, end).split(',').map(escape).join('|')})`;
        at = end;
      }
    } else if (char === '[') {
      const end = glob.indexOf(']', at);
      if (end === -1) source += '\\[';
      else {
        source += glob.slice(at, end + 1).replace(/^\[!/, '[^');
        at = end;
      }
    } else source += escape(char);
  }
  // Paths are absolute; a pattern written without the leading slash means the same thing.
  const anchored = glob.startsWith('/') || glob.startsWith('**') ? source : `/${source}`;
  return new RegExp(`^${anchored}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path);
}
