// Must NOT type-check: each line marked `expect-error` holds one mistake that the typings catch.
// test/types.test.ts compiles this file and expects an error on each marked line and nowhere else.
import type {} from '@codat-connections/widget/jsx';
import { CodatConnections } from '@codat-connections/widget/react';

export const wrong = [
  <codat-connections theme="blue" />, // expect-error: no such theme
  <codat-connections page-size={{ size: 20 }} />, // expect-error: page-size is a number
  <codat-connections link-mode="iframe" />, // expect-error: popup or redirect
  <codat-connections token-url={42} />, // expect-error: a URL string
  <codat-connections oncodat-deleted={(event: CustomEvent<{ connection: string }>) => event} />, // expect-error: wrong detail
  <CodatConnections pageSize="twenty" />, // expect-error: pageSize is a number
  <CodatConnections onCodatLinked={(event: CustomEvent<number>) => event} />, // expect-error: wrong detail
];
