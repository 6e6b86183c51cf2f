import { graphql } from './gql/index.js';

// The operations this frontend sends. graphql-codegen reads them and types each one from the gateway's schema:
// variables and results are checked by the compiler, with no hand-written types.

export const TaskFields = graphql(`
  fragment TaskFields on Task {
    id
    status
    progress
    prompt
    model
    creditsCharged
    cached
    images { url width height }
    error { code message }
  }
`);

export const Estimate = graphql(`
  query Estimate($input: GenerateImageInput!) {
    estimate(input: $input) { credits cached }
  }
`);

export const GenerateImage = graphql(`
  mutation GenerateImage($input: GenerateImageInput!) {
    generateImage(input: $input) { ...TaskFields }
  }
`);

export const FollowTask = graphql(`
  subscription FollowTask($id: ID!) {
    task(id: $id) { ...TaskFields }
  }
`);
