import * as z from 'zod';
import { isJsonObject, parseJson, type JsonObject } from './json';
import {
  functionNameOf,
  LOCAL_ACCOUNT_ID,
  LOCAL_PARTITION,
  LOCAL_REGION,
  LOCAL_URL_SUFFIX,
  localLambdaArn,
  localQueueArn,
  localRoleArn,
  localStateMachineArn,
  localTableArn,
  localTopicArn,
} from './local-arns';

/**
 * The state machine definitions of a synthesised CloudFormation template, with their intrinsics
 * (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, pseudo parameters, DefinitionSubstitutions) resolved to
 * deterministic local values: the exact ASL text the local engine runs.
 *
 * @example
 * const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } }); // no esbuild for NodejsFunction
 * const stack = new HomeVisitsStack(app, 'Local', props);
 * const { definitionString } = synthesizedDefinition(Template.fromStack(stack).toJSON());
 */

const Template = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Type: z.string(),
      Properties: z.record(z.string(), z.unknown()).optional(),
      Metadata: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});
type Template = z.infer<typeof Template>;

export interface SynthesizedStateMachine {
  readonly logicalId: string;
  /** The ASL text, byte for byte what CloudFormation would deploy once the intrinsics resolve. */
  readonly definitionString: string;
  readonly definition: JsonObject;
}

/** A resource of the template with the values its Ref and Fn::GetAtt resolve to locally. */
export interface LocalResource {
  readonly logicalId: string;
  readonly type: string;
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The construct path (`aws:cdk:path` metadata), when the template carries it. */
  readonly cdkPath?: string;
}

export interface ResolveOptions {
  /** ARNs by logical id, instead of the derived local ones (Fn::GetAtt Arn, and Ref where Ref is the ARN). */
  readonly arns?: Readonly<Record<string, string>>;
}

export const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::Partition': LOCAL_PARTITION,
  'AWS::AccountId': LOCAL_ACCOUNT_ID,
  'AWS::URLSuffix': LOCAL_URL_SUFFIX,
  'AWS::StackName': 'local',
};

export function synthesizedDefinitions(template: unknown, options: ResolveOptions = {}): SynthesizedStateMachine[] {
  const parsed = Template.parse(template);
  const resolver = new IntrinsicResolver(localResources(parsed, options));
  return Object.entries(parsed.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      let text = definitionText(logicalId, properties, resolver);
      if (isJsonObject(properties.DefinitionSubstitutions)) text = substitute(text, properties.DefinitionSubstitutions, resolver);
      const parsedDefinition = parseJson(text);
      if (!parsedDefinition.ok || !isJsonObject(parsedDefinition.value)) throw new Error(`${logicalId}: the resolved definition is not a JSON object`);
      return { logicalId, definitionString: text, definition: parsedDefinition.value };
    });
}

/** The template's one state machine, or the one with `logicalId` (which may be a prefix: CDK appends a hash). */
export function synthesizedDefinition(template: unknown, options: ResolveOptions & { logicalId?: string } = {}): SynthesizedStateMachine {
  const { logicalId } = options;
  const machines = synthesizedDefinitions(template, options).filter((machine) => logicalId === undefined || machine.logicalId.startsWith(logicalId));
  const [machine, ...others] = machines;
  if (!machine || others.length > 0) {
    throw new Error(`Expected one state machine${logicalId ? ` matching ${logicalId}` : ''} in the template, found ${machines.length}`);
  }
  return machine;
}

/** Every resource of the template with its local Ref and attribute values (to wire handlers to function ARNs). */
export function localResources(template: unknown, options: ResolveOptions = {}): LocalResource[] {
  const parsed: Template = Template.parse(template);
  return Object.entries(parsed.Resources).map(([logicalId, resource]) => {
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    return {
      ...localValues(resource.Type, logicalId, options.arns?.[logicalId]),
      logicalId,
      type: resource.Type,
      ...(typeof cdkPath === 'string' ? { cdkPath } : {}),
    };
  });
}

/** What Ref and Fn::GetAtt of a resource resolve to locally; `arn` overrides the derived ARN. */
export function localValues(type: string, logicalId: string, arn?: string): { ref: string; attributes: Record<string, string> } {
  switch (type) {
    case 'AWS::Lambda::Function': {
      const functionArn = arn ?? localLambdaArn(logicalId);
      return { ref: functionNameOf(functionArn), attributes: { Arn: functionArn } };
    }
    case 'AWS::SNS::Topic': {
      const topicArn = arn ?? localTopicArn(logicalId);
      return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: topicArn.split(':').pop() ?? logicalId } };
    }
    case 'AWS::SQS::Queue': {
      const queueArn = arn ?? localQueueArn(logicalId);
      const queueName = queueArn.split(':').pop() ?? logicalId;
      const url = `https://sqs.${LOCAL_REGION}.${LOCAL_URL_SUFFIX}/${LOCAL_ACCOUNT_ID}/${queueName}`;
      return { ref: url, attributes: { Arn: queueArn, QueueName: queueName, QueueUrl: url } };
    }
    case 'AWS::DynamoDB::Table':
      return { ref: logicalId, attributes: { Arn: arn ?? localTableArn(logicalId) } };
    case 'AWS::IAM::Role':
      return { ref: logicalId, attributes: { Arn: arn ?? localRoleArn(logicalId), RoleId: logicalId } };
    case 'AWS::StepFunctions::StateMachine': {
      const machineArn = arn ?? localStateMachineArn(logicalId);
      return { ref: machineArn, attributes: { Arn: machineArn, Name: logicalId } };
    }
    default:
      return { ref: arn ?? logicalId, attributes: arn ? { Arn: arn } : {} };
  }
}

function definitionText(logicalId: string, properties: Record<string, unknown>, resolver: IntrinsicResolver): string {
  if (properties.DefinitionString !== undefined) return resolver.resolve(properties.DefinitionString);
  if (isJsonObject(properties.Definition)) return JSON.stringify(properties.Definition);
  throw new Error(`${logicalId}: only DefinitionString or Definition can be resolved locally (not DefinitionS3Location)`);
}

/** DefinitionSubstitutions: `${key}` in the definition becomes the key's (resolved) value. */
function substitute(text: string, substitutions: JsonObject, resolver: IntrinsicResolver): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, key: string) =>
    key in substitutions ? resolver.resolve(substitutions[key]) : whole,
  );
}

class IntrinsicResolver {
  private readonly resources: ReadonlyMap<string, LocalResource>;

  constructor(resources: LocalResource[]) {
    this.resources = new Map(resources.map((resource) => [resource.logicalId, resource]));
  }

  resolve(value: unknown): string {
    if (typeof value === 'string') return value;
    if (isIntrinsic(value, 'Ref') && typeof value.Ref === 'string') return this.ref(value.Ref);
    if (isIntrinsic(value, 'Fn::GetAtt')) return this.getAtt(value['Fn::GetAtt']);
    if (isIntrinsic(value, 'Fn::Join')) {
      const [separator, parts] = asPair(value['Fn::Join'], 'Fn::Join');
      if (typeof separator !== 'string' || !Array.isArray(parts)) throw new Error('Fn::Join needs [separator, [parts]]');
      return parts.map((part) => this.resolve(part)).join(separator);
    }
    if (isIntrinsic(value, 'Fn::Sub')) return this.sub(value['Fn::Sub']);
    throw new Error(`Cannot resolve ${JSON.stringify(value)} locally (supported: Ref, Fn::GetAtt, Fn::Join, Fn::Sub)`);
  }

  private ref(name: string): string {
    const pseudo = PSEUDO_PARAMETERS[name];
    if (pseudo !== undefined) return pseudo;
    const resource = this.resources.get(name);
    if (!resource) throw new Error(`Ref to ${name}, which is not a resource of the template`);
    return resource.ref;
  }

  private getAtt(argument: unknown): string {
    const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument) : asPair(argument, 'Fn::GetAtt');
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') throw new Error('Fn::GetAtt needs [logicalId, attribute]');
    const value = this.resources.get(logicalId)?.attributes[attribute];
    if (value === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attribute} has no local value: pass it in options.arns`);
    return value;
  }

  private sub(argument: unknown): string {
    const [text, variables] = typeof argument === 'string' ? [argument, {}] : asPair(argument, 'Fn::Sub');
    if (typeof text !== 'string' || !isJsonObject(variables)) throw new Error('Fn::Sub needs a string or [string, {variables}]');
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_whole, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return this.resolve(variables[name]);
      return name.includes('.') && !name.startsWith('AWS::') ? this.getAtt(name) : this.ref(name);
    });
  }
}

function isIntrinsic<K extends string>(value: unknown, key: K): value is Record<K, unknown> {
  return isJsonObject(value) && Object.keys(value).length === 1 && key in value;
}

function asPair(value: unknown, intrinsic: string): [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`${intrinsic} needs a two-element list`);
  return [value[0], value[1]];
}

function splitOnce(dotted: string): [string, string] {
  const at = dotted.indexOf('.');
  return [dotted.slice(0, at), dotted.slice(at + 1)];
}
