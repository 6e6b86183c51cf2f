/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How a deterministic (seeded) request uses the result cache */
export type CachePolicy =
  /** Neither read nor write the cache, nor share a generation in flight */
  | 'BYPASS'
  /** Generate anew (sharing an identical generation in flight) and replace the cache entry */
  | 'REFRESH'
  /** Answer from the cache when possible, share an identical generation in flight, fill the cache */
  | 'USE';

export type GenerateImageInput = {
  /** One of the model's aspectRatios; 1:1 when absent */
  aspectRatio?: string | null | undefined;
  /** How a seeded request uses the result cache; USE when absent */
  cache?: CachePolicy | null | undefined;
  /** 1 to 255 characters of the caller's choosing: a retry with the same key within 24 hours returns the same task and never starts a second generation (the HTTP header Idempotency-Key does the same) */
  idempotencyKey?: string | null | undefined;
  /** Model id; imagen4 when absent */
  model?: string | null | undefined;
  negativePrompt?: string | null | undefined;
  /** 1 to the model's maxImages; 1 when absent */
  numImages?: number | null | undefined;
  /** Model options by name (see Model.options), each at most once */
  options?: Array<ModelOptionInput> | null | undefined;
  /** 3 to 5000 characters */
  prompt: string;
  /** Reference images for models that take them (see Model.maxReferenceImages): https URLs, or image URLs of the caller's own tasks */
  referenceImages?: Array<string> | null | undefined;
  /** 0 to 2147483647; a seeded request is deterministic and so cacheable */
  seed?: number | null | undefined;
};

export type ModelOptionInput = {
  name: string;
  value: string;
};

export type TaskStatus =
  /** Finished without images; see Task.error */
  | 'FAILED'
  /** Accepted by the gateway, not yet accepted by the upstream */
  | 'QUEUED'
  /** Accepted by the upstream and being generated */
  | 'RUNNING'
  /** Finished with images */
  | 'SUCCEEDED';

export type TaskFieldsFragment = { id: string, status: TaskStatus, progress: number | null, prompt: string, model: string, creditsCharged: number, cached: boolean, images: Array<{ url: string, width: number | null, height: number | null }>, error: { code: string, message: string } | null };

export type EstimateQueryVariables = Exact<{
  input: GenerateImageInput;
}>;


export type EstimateQuery = { estimate: { credits: number, cached: boolean } };

export type GenerateImageMutationVariables = Exact<{
  input: GenerateImageInput;
}>;


export type GenerateImageMutation = { generateImage: { id: string, status: TaskStatus, progress: number | null, prompt: string, model: string, creditsCharged: number, cached: boolean, images: Array<{ url: string, width: number | null, height: number | null }>, error: { code: string, message: string } | null } };

export type FollowTaskSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type FollowTaskSubscription = { task: { id: string, status: TaskStatus, progress: number | null, prompt: string, model: string, creditsCharged: number, cached: boolean, images: Array<{ url: string, width: number | null, height: number | null }>, error: { code: string, message: string } | null } };

export const TaskFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"creditsCharged"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<TaskFieldsFragment, unknown>;
export const EstimateDocument = {"__meta__":{"hash":"sha256:76ccf38ff12e4213d02ddd10352ea25c965bedfdc5cad74be1f54ba21ae6277a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Estimate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GenerateImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credits"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}}]}}]}}]} as unknown as DocumentNode<EstimateQuery, EstimateQueryVariables>;
export const GenerateImageDocument = {"__meta__":{"hash":"sha256:11bf2803c7bfb091ed6b7cbe364c721dd34519aa3cf4eb1e6efc37346de6726b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"GenerateImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GenerateImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"generateImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"creditsCharged"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<GenerateImageMutation, GenerateImageMutationVariables>;
export const FollowTaskDocument = {"__meta__":{"hash":"sha256:cd96ee6d671757d400b195777802e46aa79ea8af082d24a55b28ce9b8ea214b8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FollowTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TaskFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TaskFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Task"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"creditsCharged"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<FollowTaskSubscription, FollowTaskSubscriptionVariables>;