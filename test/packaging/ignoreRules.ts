// gitignore(5) matching, as azd reads .funcignore ("standard .gitignore syntax", Azure/azure-dev#4381):
// a pattern with a slash (leading or inside) is anchored to the root, one without matches a name at any
// depth, a trailing slash matches directories only, `!` re-includes, the last matching line wins, and
// nothing inside an excluded directory can be re-included.

interface Rule {
  regex: RegExp;
  negated: boolean;
  directoryOnly: boolean;
}

/** A glob segment list as a regex source: `**` crosses slashes, `*` and `?` do not. */
function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      out += '/.*';
      i += 2;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]!}`;
    else out += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return out;
}

function parseRule(line: string): Rule | undefined {
  let pattern = line.replace(/(?<!\\)\s+$/, '');
  if (!pattern || pattern.startsWith('#')) return undefined;
  const negated = pattern.startsWith('!');
  if (negated) pattern = pattern.slice(1);
  if (pattern.startsWith('\\#') || pattern.startsWith('\\!')) pattern = pattern.slice(1);
  const directoryOnly = pattern.endsWith('/');
  if (directoryOnly) pattern = pattern.slice(0, -1);
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const source = (anchored ? '' : '(?:.*/)?') + globToRegex(pattern);
  return { regex: new RegExp(`^${source}$`), negated, directoryOnly };
}

export interface IgnoreRules {
  /** Whether a path (relative, `/`-separated) is left out of the package. */
  ignores(path: string, isDirectory?: boolean): boolean;
}

export function parseIgnoreRules(text: string): IgnoreRules {
  const rules = text.split(/\r?\n/).flatMap((line) => parseRule(line) ?? []);
  const matchesItself = (path: string, isDirectory: boolean): boolean => {
    let ignored = false;
    for (const rule of rules)
      if ((!rule.directoryOnly || isDirectory) && rule.regex.test(path)) ignored = !rule.negated;
    return ignored;
  };
  return {
    ignores(path, isDirectory = false) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++)
        if (matchesItself(parts.slice(0, i).join('/'), true)) return true;
      return matchesItself(path, isDirectory);
    },
  };
}
