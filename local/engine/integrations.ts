import { randomUUID } from 'node:crypto';
import { lambdaFailure, LocalSfnApiError, statesRuntime, TaskFailure } from './errors';
import type { TaskIntegration } from './engine-definition';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from './json';
import { functionNameOf } from './local-arns';

/** A Lambda function's handler as the local engine calls it: the event in, the result out. */
export type LambdaHandler = (payload: unknown) => Promise<unknown>;

export interface SnsPublishParams {
  readonly TopicArn: string;
  readonly Message: string;
  readonly Subject?: string;
  readonly MessageAttributes?: Record<string, SnsMessageAttribute>;
}
export interface SnsMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}
export type SnsPublish = (params: SnsPublishParams) => Promise<void>;

/** StartExecution on the local engine: what a `states:startExecution` task calls. */
export type StartExecution = (request: { readonly stateMachineArn: string; readonly name?: string; readonly input: string }) => Promise<{ executionArn: string; startDate: Date }>;

export interface Integrations {
  readonly functions: FunctionRegistry;
  readonly snsPublish?: SnsPublish;
  readonly startExecution?: StartExecution;
}

/**
 * Runs before every Lambda invocation with the function's name and the event; what it throws is what
 * the invocation fails with (a LambdaServiceFailure stands for the Lambda service failing).
 */
export type InvocationInterceptor = (functionName: string, payload: unknown) => void | Promise<void>;

/** Handlers by function ARN; found also by name or by an ARN with a version or alias qualifier. */
export class FunctionRegistry {
  private readonly byArn: ReadonlyMap<string, LambdaHandler>;
  private readonly byName: ReadonlyMap<string, LambdaHandler>;
  private readonly interceptors = new Set<InvocationInterceptor>();

  constructor(resources: Readonly<Record<string, LambdaHandler>>) {
    this.byArn = new Map(Object.entries(resources));
    this.byName = new Map(Object.entries(resources).map(([arn, handler]) => [functionNameOf(arn), handler]));
  }

  find(functionName: string): LambdaHandler | undefined {
    const handler = this.byArn.get(functionName) ?? this.byName.get(functionNameOf(functionName));
    if (!handler || this.interceptors.size === 0) return handler;
    return async (payload) => {
      for (const interceptor of [...this.interceptors]) await interceptor(functionNameOf(functionName), payload);
      return handler(payload);
    };
  }

  /** Adds an interceptor; returns the function that removes it. */
  intercept(interceptor: InvocationInterceptor): () => void {
    this.interceptors.add(interceptor);
    return () => this.interceptors.delete(interceptor);
  }
}

/** Runs the service call of a Task state and returns what AWS would return for it. */
export async function invokeIntegration(integration: TaskIntegration, parameters: JsonValue, integrations: Integrations): Promise<JsonValue> {
  switch (integration.kind) {
    case 'lambda-function':
      return toJson(await callFunction(integration.functionArn, parameters, integrations.functions));
    case 'lambda-invoke': {
      const request = asObject(parameters, 'lambda:invoke');
      if (typeof request.FunctionName !== 'string') throw statesRuntime('lambda:invoke needs a FunctionName');
      const result = await callFunction(request.FunctionName, request.Payload ?? {}, integrations.functions);
      return {
        ExecutedVersion: '$LATEST',
        Payload: toJson(result),
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: randomUUID() },
        StatusCode: 200,
      };
    }
    case 'sns-publish':
      await publish(asObject(parameters, 'sns:publish'), integrations.snsPublish);
      return { MessageId: randomUUID(), SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: randomUUID() } };
    case 'states-start-execution': {
      const { executionArn, startDate } = await startExecution(asObject(parameters, 'states:startExecution'), integrations.startExecution);
      return { ExecutionArn: executionArn, StartDate: startDate.getTime(), SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: randomUUID() } };
    }
  }
}

/** As the optimised integration: Input as an object or as JSON text; an API error fails the task as `StepFunctions.<Name>Exception`. */
async function startExecution(request: JsonObject, start: StartExecution | undefined): Promise<{ executionArn: string; startDate: Date }> {
  if (!start) throw new TaskFailure('StepFunctions.StateMachineDoesNotExistException', 'No state machine is configured to start locally');
  if (typeof request.StateMachineArn !== 'string') throw statesRuntime('states:startExecution needs a StateMachineArn');
  if (request.Name !== undefined && typeof request.Name !== 'string') throw statesRuntime('states:startExecution needs Name to be a string');
  const input = typeof request.Input === 'string' ? request.Input : JSON.stringify(request.Input ?? {});
  try {
    return await start({ stateMachineArn: request.StateMachineArn, ...(request.Name !== undefined ? { name: request.Name } : {}), input });
  } catch (error) {
    if (error instanceof LocalSfnApiError) throw new TaskFailure(`StepFunctions.${error.name}Exception`, error.message);
    throw error;
  }
}

async function callFunction(functionName: string, payload: JsonValue, functions: FunctionRegistry): Promise<unknown> {
  const handler = functions.find(functionName);
  if (!handler) throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
  try {
    return await handler(structuredClone(payload));
  } catch (error) {
    throw lambdaFailure(error);
  }
}

async function publish(request: JsonObject, snsPublish: SnsPublish | undefined): Promise<void> {
  if (!snsPublish) throw new TaskFailure('SNS.AuthorizationErrorException', 'No SNS sink is configured for the local engine');
  if (typeof request.TopicArn !== 'string') throw new TaskFailure('SNS.InvalidParameterException', 'sns:publish needs a TopicArn');
  const message = typeof request.Message === 'string' ? request.Message : JSON.stringify(request.Message ?? null);
  const params: SnsPublishParams = {
    TopicArn: request.TopicArn,
    Message: message,
    ...(typeof request.Subject === 'string' ? { Subject: request.Subject } : {}),
    ...(isJsonObject(request.MessageAttributes) ? { MessageAttributes: messageAttributes(request.MessageAttributes) } : {}),
  };
  try {
    await snsPublish(params);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    throw new TaskFailure(name.startsWith('SNS.') ? name : `SNS.${name}`, error instanceof Error ? error.message : String(error));
  }
}

function messageAttributes(attributes: JsonObject): Record<string, SnsMessageAttribute> {
  const result: Record<string, SnsMessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!isJsonObject(value) || typeof value.DataType !== 'string') {
      throw new TaskFailure('SNS.InvalidParameterException', `Message attribute ${name} needs a DataType`);
    }
    result[name] = {
      DataType: value.DataType,
      ...(typeof value.StringValue === 'string' ? { StringValue: value.StringValue } : {}),
      ...(typeof value.BinaryValue === 'string' ? { BinaryValue: value.BinaryValue } : {}),
    };
  }
  return result;
}

function asObject(parameters: JsonValue, integration: string): JsonObject {
  if (!isJsonObject(parameters)) throw statesRuntime(`${integration} needs an object as Parameters`);
  return parameters;
}
