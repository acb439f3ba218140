// Reads infra/azure.json offline the way Azure Resource Manager would: its "[...]" expressions
// evaluated with the values provision passes in, so tests can compare what the template sets with
// the manifests, the env files and src/config.ts. Only the functions the template uses are known;
// any other one fails the test (keep the template within what can be checked here).
// `if` evaluates only the branch it takes, as ARM does, so reference() to a resource that is not
// deployed stays unevaluated.
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ArmContext {
  parameters: Record<string, Json>;
  variables: Record<string, Json>;
  /** What reference(resourceId) returns for the resources the test knows, by resource id. */
  references: Record<string, Record<string, Json>>;
  /** What reference(resourceId, apiVersion, 'full') returns (identity, …), by resource id. */
  fullReferences: Record<string, Record<string, Json>>;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tenantId: string;
}

type Token = { kind: 'str' | 'num' | 'id' | 'punct'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ') i++;
    else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else text += src[i++];
      }
      tokens.push({ kind: 'str', text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else throw new Error(`unexpected "${c}" in ${src}`);
  }
  return tokens;
}

type Node =
  | { t: 'lit'; value: Json }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'prop'; of: Node; name: string }
  | { t: 'index'; of: Node; key: Node };

function parse(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (text: string): void => {
    if (peek()?.text !== text) throw new Error(`expected "${text}" at token ${pos} of ${src}`);
    pos++;
  };
  const expr = (): Node => {
    const tok = tokens[pos++];
    if (!tok) throw new Error(`unexpected end of ${src}`);
    let node: Node;
    if (tok.kind === 'str') node = { t: 'lit', value: tok.text };
    else if (tok.kind === 'num') node = { t: 'lit', value: Number(tok.text) };
    else if (tok.kind === 'id') {
      expect('(');
      const args: Node[] = [];
      while (peek()?.text !== ')') {
        args.push(expr());
        if (peek()?.text === ',') pos++;
      }
      expect(')');
      node = { t: 'call', name: tok.text, args };
    } else throw new Error(`unexpected "${tok.text}" in ${src}`);
    for (;;) {
      if (peek()?.text === '.') {
        pos++;
        node = { t: 'prop', of: node, name: tokens[pos++].text };
      } else if (peek()?.text === '[') {
        pos++;
        const key = expr();
        expect(']');
        node = { t: 'index', of: node, key };
      } else return node;
    }
  };
  const node = expr();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${src}`);
  return node;
}

/** A stand-in for ARM's guid(): deterministic, a GUID's shape (role assignment names must be GUIDs). */
function fakeGuid(parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stand-in for ARM's uniqueString: deterministic, 13 lower-case characters. */
function fakeUniqueString(parts: string[]): string {
  let h = 7;
  for (const ch of parts.join('|')) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `u${h.toString(36).padStart(12, '0')}`.slice(0, 13);
}

function evalNode(node: Node, ctx: ArmContext): Json {
  if (node.t === 'lit') return node.value;
  if (node.t === 'prop' || node.t === 'index') {
    const of = evalNode(node.of, ctx) as Record<string, Json> | null;
    const key = node.t === 'prop' ? node.name : String(evalNode(node.key, ctx));
    if (!of || typeof of !== 'object' || !(key in of)) throw new Error(`no property ${key}`);
    return of[key];
  }
  const arg = (i: number): Json => evalNode(node.args[i], ctx);
  const args = (): Json[] => node.args.map((a) => evalNode(a, ctx));
  switch (node.name) {
    case 'parameters': {
      const name = String(arg(0));
      if (!(name in ctx.parameters)) throw new Error(`parameter ${name} has no value`);
      return ctx.parameters[name];
    }
    case 'variables': {
      const name = String(arg(0));
      if (!(name in ctx.variables)) throw new Error(`variable ${name} is not defined`);
      return ctx.variables[name];
    }
    case 'if':
      return arg(0) === true ? arg(1) : arg(2);
    case 'equals':
      return JSON.stringify(arg(0)) === JSON.stringify(arg(1));
    case 'and':
      return args().every((v) => v === true);
    case 'greater': {
      const [a, b] = args();
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string'))
        throw new Error(`greater(${JSON.stringify(a)}, ${JSON.stringify(b)}): two numbers or two strings`);
      return (a as number | string) > (b as number | string);
    }
    case 'empty': {
      const v = arg(0);
      return v === null || v === '' || (Array.isArray(v) && v.length === 0);
    }
    case 'null':
      return null;
    case 'format': {
      const [fmt, ...rest] = args();
      return String(fmt).replace(/\{(\d+)\}/g, (_m, i: string) => String(rest[Number(i)]));
    }
    case 'uniqueString':
      return fakeUniqueString(args().map(String));
    case 'guid':
      return fakeGuid(args().map(String));
    case 'resourceId': {
      const [type, ...names] = args().map(String);
      const rg = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}`;
      return `${rg}/providers/${type}/${names.join('/')}`;
    }
    case 'subscriptionResourceId': {
      const [type, ...names] = args().map(String);
      return `/subscriptions/${ctx.subscriptionId}/providers/${type}/${names.join('/')}`;
    }
    case 'extensionResourceId': {
      const [scopeId, type, ...names] = args().map(String);
      return `${scopeId}/providers/${type}/${names.join('/')}`;
    }
    case 'resourceGroup':
      return {
        id: `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}`,
        name: ctx.resourceGroup,
        location: ctx.location
      };
    case 'subscription':
      return { subscriptionId: ctx.subscriptionId, tenantId: ctx.tenantId };
    case 'reference': {
      const id = String(arg(0));
      // 'full' (third argument) returns the whole resource (identity, …), not only its properties.
      const full = node.args.length > 2 && arg(2) === 'full';
      const ref = (full ? ctx.fullReferences : ctx.references)[id];
      if (!ref) throw new Error(`reference(${id}${full ? ", 'full'" : ''}): not a resource this test knows`);
      return ref;
    }
    case 'createObject': {
      const out: Record<string, Json> = {};
      const a = args();
      for (let i = 0; i < a.length; i += 2) out[String(a[i])] = a[i + 1];
      return out;
    }
    default:
      throw new Error(`ARM function ${node.name}() is not known to this test`);
  }
}

export const isExpression = (s: string): boolean => s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');

/** Every ARM function name `value` uses (to keep the template within what evaluate knows). */
export function functionsUsed(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && isExpression(value)) {
    const walk = (n: Node): void => {
      if (n.t === 'call') {
        out.add(n.name);
        n.args.forEach(walk);
      } else if (n.t === 'prop') walk(n.of);
      else if (n.t === 'index') {
        walk(n.of);
        walk(n.key);
      }
    };
    walk(parse(value.slice(1, -1)));
  } else if (Array.isArray(value)) for (const v of value) functionsUsed(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) functionsUsed(v, out);
  return out;
}

/** `value` with every expression in it evaluated (deeply). */
export function evaluate(value: Json, ctx: ArmContext): Json {
  if (typeof value === 'string') return isExpression(value) ? evalNode(parse(value.slice(1, -1)), ctx) : value;
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, ctx)]));
  return value;
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<
    string,
    { type: string; defaultValue?: Json; allowedValues?: Json[]; minValue?: number; maxValue?: number }
  >;
  variables: Record<string, Json>;
  resources: ArmResource[];
  outputs: Record<string, { type: string; value: Json; condition?: string }>;
}

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  condition?: string;
  dependsOn?: string[];
  /** An extension resource (a role assignment): the resource it applies to, `{type}/{name}`. */
  scope?: string;
  [key: string]: Json | undefined;
}

/** ARM refuses a deployment whose parameter is out of its allowed values or range, before anything is made. */
function checkParameter(name: string, p: ArmTemplate['parameters'][string], value: Json): void {
  const bad = (why: string): Error => new Error(`parameter ${name}=${JSON.stringify(value)}: ${why}`);
  if (p.type === 'int' && !Number.isInteger(value)) throw bad('not an int');
  if (p.allowedValues && !p.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value)))
    throw bad('not an allowed value');
  if (p.minValue !== undefined && (value as number) < p.minValue) throw bad(`below ${p.minValue}`);
  if (p.maxValue !== undefined && (value as number) > p.maxValue) throw bad(`above ${p.maxValue}`);
}

/**
 * A deployment of `template` with `given` parameter values (defaults for the others): the context
 * to evaluate its expressions in. `references` gives what reference() returns, by resource id, and
 * `fullReferences` what reference(id, apiVersion, 'full') returns.
 */
export function deployment(
  template: ArmTemplate,
  given: Record<string, Json>,
  references: (ctx: ArmContext) => ArmContext['references'],
  fullReferences: (ctx: ArmContext) => ArmContext['fullReferences'] = () => ({})
): ArmContext {
  const ctx: ArmContext = {
    parameters: {},
    variables: {},
    references: {},
    fullReferences: {},
    subscriptionId: '00000000-0000-4000-8000-0000000000aa',
    resourceGroup: 'rg-group-conversations',
    location: 'westeurope',
    tenantId: '00000000-0000-4000-8000-0000000000bb'
  };
  for (const [name, p] of Object.entries(template.parameters)) {
    if (name in given) ctx.parameters[name] = given[name];
    else if (p.defaultValue !== undefined) ctx.parameters[name] = evaluate(p.defaultValue, ctx);
    if (name in ctx.parameters) checkParameter(name, p, ctx.parameters[name]);
  }
  // Variables may use earlier variables, in the order they are written.
  for (const [name, v] of Object.entries(template.variables)) ctx.variables[name] = evaluate(v, ctx);
  ctx.references = references(ctx);
  ctx.fullReferences = fullReferences(ctx);
  return ctx;
}

/**
 * A resource's id as resourceId() builds it: nested types take one name segment per level. An
 * extension resource's (with `scope`) is extensionResourceId() on the id of the resource it extends.
 */
export function idOf(resource: { type: string; name: string; scope?: string }, ctx: ArmContext): string {
  const name = String(evaluate(resource.name, ctx));
  const names = `'${name.split('/').join("', '")}'`;
  if (resource.scope === undefined) return String(evaluate(`[resourceId('${resource.type}', ${names})]`, ctx));
  // The scope is `{type}/{name}` of a resource of this resource group, as the template writes it.
  const rg = `/subscriptions/${ctx.subscriptionId}/resourceGroups/${ctx.resourceGroup}`;
  const scopeId = `${rg}/providers/${evaluate(resource.scope, ctx)}`;
  return String(evaluate(`[extensionResourceId('${scopeId}', '${resource.type}', ${names})]`, ctx));
}
