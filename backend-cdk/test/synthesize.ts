import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildRushes, type RushesStacks } from '../src/rushesApp';

export type Templates = Record<'storage' | 'auth' | 'catalog' | 'processing' | 'api' | 'push' | 'transfers', Template>;

/**
 * One synthesis of the whole app with the given context. Lambda bundling is skipped here
 * (`npm run synth` bundles for real): these tests are about the templates.
 */
export function synthesize(context: Record<string, unknown> = {}): { stacks: RushesStacks; templates: Templates } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildRushes(app);
  // One synthesis for all seven (Template.fromStack would synthesize the app once per stack).
  const assembly = app.synth();
  const template = (stack: Stack) => Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  const templates = {
    storage: template(stacks.storage),
    auth: template(stacks.auth),
    catalog: template(stacks.catalog),
    processing: template(stacks.processing),
    api: template(stacks.api),
    push: template(stacks.push),
    transfers: template(stacks.transfers),
  };
  return { stacks, templates };
}

type Json = Record<string, unknown>;

/** Every IAM statement in a template: in policies, managed policies and roles' inline policies. */
export function iamStatements(template: Template): { owner: string; statement: Json }[] {
  const found: { owner: string; statement: Json }[] = [];
  const documents: [string, unknown][] = [];
  for (const [id, resource] of Object.entries(template.toJSON()['Resources'] as Record<string, Json>)) {
    const props = (resource['Properties'] ?? {}) as Json;
    if (resource['Type'] === 'AWS::IAM::Policy' || resource['Type'] === 'AWS::IAM::ManagedPolicy')
      documents.push([id, props['PolicyDocument']]);
    if (resource['Type'] === 'AWS::IAM::Role') {
      for (const policy of (props['Policies'] ?? []) as Json[]) documents.push([id, policy['PolicyDocument']]);
    }
  }
  for (const [owner, document] of documents) {
    for (const statement of ((document as Json)['Statement'] ?? []) as Json[]) found.push({ owner, statement });
  }
  return found;
}

export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type)) as [string, Json][];
}

/** A CloudFormation value with Fn::Join, Fn::Split and Fn::ImportValue worked out; every import is `imported`. */
export function resolveIntrinsic(value: unknown, imported: string): unknown {
  if (typeof value === 'string' || Array.isArray(value))
    return Array.isArray(value) ? value.map((v) => resolveIntrinsic(v, imported)) : value;
  const fn = value as Json;
  if ('Fn::ImportValue' in fn) return imported;
  if ('Fn::Split' in fn) {
    const [delimiter, source] = fn['Fn::Split'] as [string, unknown];
    return (resolveIntrinsic(source, imported) as string).split(delimiter);
  }
  if ('Fn::Join' in fn) {
    const [delimiter, parts] = fn['Fn::Join'] as [string, unknown];
    return (resolveIntrinsic(parts, imported) as unknown[]).flat().join(delimiter);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}

/** A Lambda's environment in a template, found by its logical id's prefix; Refs to other resources become placeholders. */
export function lambdaEnv(template: Template, prefix: string): Record<string, string> {
  const fns = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith(prefix));
  if (fns.length !== 1) throw new Error(`${fns.length} Lambda functions start with ${prefix}; expected one`);
  const props = fns[0]![1]['Properties'] as Json;
  const variables = ((props['Environment'] as Json)['Variables'] ?? {}) as Record<string, unknown>;
  // What matters is that each is set, not which resource it names.
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `token:${key}`]));
}
