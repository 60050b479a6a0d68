/**
 * A fixed, valid (version 4 shaped) UUID from a family number and an index, so that the seed and
 * the connections created during a run have the same ids every time.
 */
export function fixedUuid(family: number, index: number): string {
  const head = family.toString(16).padStart(8, '0');
  const tail = index.toString(16).padStart(12, '0');
  return `${head}-c0da-4e55-8000-${tail}`;
}

export const ID_FAMILY = {
  company: 0xc0a1_0000,
  seededConnection: 0xc0a2_0000,
  createdConnection: 0xc0a3_0000,
  seededPullOperation: 0xc0a4_0000,
  queuedPullOperation: 0xc0a5_0000,
  integration: 0x1a7e_0000,
  source: 0x50c0_0000,
  dataholderUser: 0xd0a1_0000,
  seededDataholderConnection: 0xd0a2_0000,
  createdDataholderConnection: 0xd0a3_0000,
  consent: 0xd0a4_0000,
  datasetRead: 0xd0a5_0000,
} as const;
