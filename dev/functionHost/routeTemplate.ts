/**
 * A Functions route template (`identity-requests/{id}/approve`, `{*path}`) as a matcher yielding its
 * parameters. A `{*name}` segment is a catch-all: it takes the rest of the path, slashes included.
 */
export function compileRoute(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template
    .split('/')
    .map((segment) => {
      const catchAll = /^\{\*(\w+)\}$/.exec(segment);
      if (catchAll) {
        names.push(catchAll[1] as string);
        return '(.*)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`, 'i');
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] as string)]));
  };
}

/**
 * Order of preference among routes that match one path, as ASP.NET routing in the Functions host:
 * per segment, a literal beats a parameter, which beats a catch-all. Smaller sorts first.
 */
export function routePrecedence(template: string): number[] {
  return template
    .split('/')
    .map((segment) => (/^\{\*\w+\}$/.test(segment) ? 2 : /^\{\w+\}$/.test(segment) ? 1 : 0));
}

/** Compares two routes' precedence, segment by segment; a route with no segment left is the more specific. */
export function byPrecedence(a: string, b: string): number {
  const [pa, pb] = [routePrecedence(a), routePrecedence(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}
