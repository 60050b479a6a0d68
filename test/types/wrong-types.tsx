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

// Through the DOM: the tag map gives the element class, and its events carry their own detail.
const element = document.createElement('codat-connections');
element.pageSize = 'twenty'; // expect-error: pageSize is a number
element.theme = 'blue'; // expect-error: no such theme
export const div: HTMLDivElement = document.createElement('codat-connections'); // expect-error: not a <div>
element.addEventListener('codat-linked', (event) => event.detail.connectionId); // expect-error: codat-linked carries the connection
element.addEventListener('codat-deleted', (event) => event.detail.connection); // expect-error: codat-deleted carries only its id
