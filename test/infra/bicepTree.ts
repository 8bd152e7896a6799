// Reads Bicep files through the tree-sitter-bicep grammar (WASM, run by web-tree-sitter): no Bicep
// compiler is installable offline, so syntax and structure are checked on the parse tree.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Language, type Node, Parser } from 'web-tree-sitter';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const infraDir = join(repoRoot, 'infra');

let parser: Promise<Parser> | undefined;

function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-bicep/tree-sitter-bicep.wasm');
    const p = new Parser();
    p.setLanguage(await Language.load(wasm));
    return p;
  })();
  return parser;
}

export interface BicepFile {
  /** Path relative to the repository root, for messages. */
  name: string;
  root: Node;
}

export async function parseBicep(source: string, name = '<source>'): Promise<BicepFile> {
  const tree = (await bicepParser()).parse(source);
  if (!tree) throw new Error(`${name}: the parser returned no tree`);
  return { name, root: tree.rootNode };
}

export function loadBicep(path: string): Promise<BicepFile> {
  return parseBicep(readFileSync(path, 'utf8'), relative(repoRoot, path));
}

/** main.bicep and every module, absolute paths. */
export function bicepPaths(): string[] {
  const modules = readdirSync(join(infraDir, 'modules'))
    .filter((f) => f.endsWith('.bicep'))
    .map((f) => join(infraDir, 'modules', f));
  return [join(infraDir, 'main.bicep'), ...modules.sort()];
}

export async function loadModule(name: string): Promise<BicepFile> {
  return loadBicep(join(infraDir, 'modules', `${name}.bicep`));
}

/** Every ERROR and MISSING node, as `file:line:column message`. */
export function syntaxProblems(file: BicepFile): string[] {
  const problems: string[] = [];
  const visit = (node: Node): void => {
    const at = `${file.name}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
    if (node.isMissing) problems.push(`${at} missing ${node.type}`);
    else if (node.isError) problems.push(`${at} syntax error near ${JSON.stringify(node.text.slice(0, 40))}`);
    for (const child of node.children) visit(child);
  };
  visit(file.root);
  return problems;
}

const named = (node: Node): Node[] => node.namedChildren.filter((c) => c.type !== 'comment');

/** The value of a string with no interpolation, escapes undone; throws on anything else. */
export function literalString(node: Node): string {
  if (node.type !== 'string') throw new Error(`expected a string literal, found ${node.type}: ${node.text}`);
  return resolveString(node, new Map());
}

const escapes: Record<string, string> = {
  "\\'": "'",
  '\\\\': '\\',
  '\\n': '\n',
  '\\r': '\r',
  '\\t': '\t',
  '\\$': '$',
};

/** A string whose interpolations are only variables (resolved through `variables`), as its final text. */
export function resolveString(node: Node, variables: Map<string, Node>): string {
  if (node.type === 'identifier') {
    const value = variables.get(node.text);
    if (!value) throw new Error(`${node.text} is not a variable of this file`);
    return resolveString(value, variables);
  }
  if (node.type !== 'string') throw new Error(`cannot resolve ${node.type}: ${node.text}`);
  if (node.text.startsWith("'''")) return node.text.slice(3, -3);
  return named(node)
    .map((part) => {
      if (part.type === 'string_content') return part.text;
      if (part.type === 'escape_sequence') return escapes[part.text] ?? part.text;
      const [expression] = named(part);
      if (part.type !== 'interpolation' || !expression) throw new Error(`unexpected ${part.type}`);
      return resolveString(expression, variables);
    })
    .join('');
}

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/** A value made only of literals (strings without interpolation, numbers, booleans, arrays, objects). */
export function literal(node: Node): Literal {
  switch (node.type) {
    case 'string':
      return literalString(node);
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'array':
      return named(node).map(literal);
    case 'object':
      return Object.fromEntries([...properties(node)].map(([k, v]) => [k, literal(v)]));
    default:
      throw new Error(`not a literal: ${node.type} ${node.text}`);
  }
}

/** The properties of an object node, by key. */
export function properties(object: Node): Map<string, Node> {
  if (object.type !== 'object') throw new Error(`expected an object, found ${object.type}: ${object.text}`);
  const map = new Map<string, Node>();
  for (const property of named(object)) {
    if (property.type !== 'object_property') continue;
    const [key, value] = named(property);
    if (key?.type === 'resource_declaration') continue; // a nested child resource: see resources()
    if (!key || !value) throw new Error(`incomplete property ${property.text}`);
    map.set(key.type === 'string' ? key.text.replace(/^'|'$/g, '') : key.text, value);
  }
  return map;
}

/** The node at a dotted path in an object (`properties.globalValidation.excludedPaths`). */
export function at(object: Node, path: string): Node {
  let node = object;
  for (const key of path.split('.')) {
    const next = properties(node).get(key);
    if (!next) throw new Error(`no ${path} (missing ${key}) in ${object.text.slice(0, 60)}...`);
    node = next;
  }
  return node;
}

/** The object of a resource or module body, also inside `[for ...: {...}]` and `if (...) {...}`. */
function bodyOf(value: Node): { body: Node; loop: boolean; conditional: boolean } {
  if (value.type === 'object') return { body: value, loop: false, conditional: false };
  if (value.type === 'for_statement') {
    const body = value.childForFieldName('body') ?? named(value).at(-1);
    if (!body) throw new Error(`empty loop ${value.text}`);
    return { ...bodyOf(body), loop: true };
  }
  if (value.type === 'if_statement') {
    const body = named(value).find((c) => c.type === 'object');
    if (!body) throw new Error(`no body in ${value.text}`);
    return { body, loop: false, conditional: true };
  }
  throw new Error(`unexpected declaration body ${value.type}`);
}

export interface Resource {
  symbol: string;
  /** Full type, nested children included: `Microsoft.Storage/storageAccounts/tableServices/tables`. */
  type: string;
  apiVersion: string;
  existing: boolean;
  loop: boolean;
  conditional: boolean;
  body: Node;
}

/** Every resource declaration, nested child resources included. */
export function resources(file: BicepFile): Resource[] {
  const found: Resource[] = [];
  const visit = (node: Node, parent: Resource | undefined): void => {
    if (node.type !== 'resource_declaration') {
      for (const child of named(node)) visit(child, parent);
      return;
    }
    const [symbol, typeString, value] = named(node);
    if (!symbol || !typeString || !value) throw new Error(`incomplete resource ${node.text.slice(0, 60)}`);
    const [typeName = '', version] = literalString(typeString).split('@');
    const type = parent && !typeName.includes('/') ? `${parent.type}/${typeName}` : typeName;
    const resource: Resource = {
      symbol: symbol.text,
      type,
      apiVersion: version ?? parent?.apiVersion ?? '',
      existing: node.children.some((c) => c.type === 'existing'),
      ...bodyOf(value),
    };
    found.push(resource);
    visit(resource.body, resource);
  };
  visit(file.root, undefined);
  return found;
}

export function resourcesOfType(file: BicepFile, type: string): Resource[] {
  return resources(file).filter((r) => r.type === type);
}

export function onlyResource(file: BicepFile, type: string): Resource {
  const found = resourcesOfType(file, type).filter((r) => !r.existing);
  if (found.length !== 1) throw new Error(`${file.name}: expected one ${type}, found ${found.length}`);
  return found[0]!;
}

export interface Module {
  symbol: string;
  path: string;
  loop: boolean;
  conditional: boolean;
  body: Node;
}

export function modules(file: BicepFile): Module[] {
  return named(file.root)
    .filter((n) => n.type === 'module_declaration')
    .map((node) => {
      const [symbol, path, value] = named(node);
      if (!symbol || !path || !value) throw new Error(`incomplete module ${node.text.slice(0, 60)}`);
      return { symbol: symbol.text, path: literalString(path), ...bodyOf(value) };
    });
}

export interface Parameter {
  type: string;
  defaultValue: Node | undefined;
  decorators: string[];
}

function declarationsOf(file: BicepFile, type: string): Map<string, Node> {
  return new Map(
    named(file.root)
      .filter((n) => n.type === type)
      .map((n) => [named(n)[0]!.text, n] as const),
  );
}

export function parameters(file: BicepFile): Map<string, Parameter> {
  const result = new Map<string, Parameter>();
  for (const [name, node] of declarationsOf(file, 'parameter_declaration')) {
    const [, type, defaultValue] = named(node);
    let previous = node.previousNamedSibling;
    while (previous?.type === 'comment') previous = previous.previousNamedSibling;
    const decorators = previous?.type === 'decorators' ? named(previous).map((d) => d.text) : [];
    result.set(name, { type: type?.text ?? '', defaultValue, decorators });
  }
  return result;
}

/** Variable name to value node. */
export function variables(file: BicepFile): Map<string, Node> {
  return new Map([...declarationsOf(file, 'variable_declaration')].map(([k, n]) => [k, named(n).at(-1)!]));
}

/** Output name to value node. */
export function outputs(file: BicepFile): Map<string, Node> {
  return new Map([...declarationsOf(file, 'output_declaration')].map(([k, n]) => [k, named(n).at(-1)!]));
}

/** `targetScope = '...'`, or `resourceGroup` when the file does not say. */
export function targetScope(file: BicepFile): string {
  const node = named(file.root).find((n) => n.type === 'target_scope_assignment');
  return node ? literalString(named(node)[0]!) : 'resourceGroup';
}

/** Every call of a function (by name) anywhere in the file, e.g. `listKeys`. */
export function calls(file: BicepFile, functionName: string): Node[] {
  return file.root
    .descendantsOfType('call_expression')
    .filter((n) => n.childForFieldName('function')?.text === functionName);
}
