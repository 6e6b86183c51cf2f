/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment TaskFields on Task {\n    id\n    status\n    progress\n    prompt\n    model\n    creditsCharged\n    cached\n    images { url width height }\n    error { code message }\n  }\n": typeof types.TaskFieldsFragmentDoc,
    "\n  query Estimate($input: GenerateImageInput!) {\n    estimate(input: $input) { credits cached }\n  }\n": typeof types.EstimateDocument,
    "\n  mutation GenerateImage($input: GenerateImageInput!) {\n    generateImage(input: $input) { ...TaskFields }\n  }\n": typeof types.GenerateImageDocument,
    "\n  subscription FollowTask($id: ID!) {\n    task(id: $id) { ...TaskFields }\n  }\n": typeof types.FollowTaskDocument,
};
const documents: Documents = {
    "\n  fragment TaskFields on Task {\n    id\n    status\n    progress\n    prompt\n    model\n    creditsCharged\n    cached\n    images { url width height }\n    error { code message }\n  }\n": types.TaskFieldsFragmentDoc,
    "\n  query Estimate($input: GenerateImageInput!) {\n    estimate(input: $input) { credits cached }\n  }\n": types.EstimateDocument,
    "\n  mutation GenerateImage($input: GenerateImageInput!) {\n    generateImage(input: $input) { ...TaskFields }\n  }\n": types.GenerateImageDocument,
    "\n  subscription FollowTask($id: ID!) {\n    task(id: $id) { ...TaskFields }\n  }\n": types.FollowTaskDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskFields on Task {\n    id\n    status\n    progress\n    prompt\n    model\n    creditsCharged\n    cached\n    images { url width height }\n    error { code message }\n  }\n"): (typeof documents)["\n  fragment TaskFields on Task {\n    id\n    status\n    progress\n    prompt\n    model\n    creditsCharged\n    cached\n    images { url width height }\n    error { code message }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Estimate($input: GenerateImageInput!) {\n    estimate(input: $input) { credits cached }\n  }\n"): (typeof documents)["\n  query Estimate($input: GenerateImageInput!) {\n    estimate(input: $input) { credits cached }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateImage($input: GenerateImageInput!) {\n    generateImage(input: $input) { ...TaskFields }\n  }\n"): (typeof documents)["\n  mutation GenerateImage($input: GenerateImageInput!) {\n    generateImage(input: $input) { ...TaskFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowTask($id: ID!) {\n    task(id: $id) { ...TaskFields }\n  }\n"): (typeof documents)["\n  subscription FollowTask($id: ID!) {\n    task(id: $id) { ...TaskFields }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;