export { createEmulator, DEFAULT_API_KEY } from './emulator.js';
export { DEMO_COMPANY_ID, EMPTY_COMPANY_ID, PAGING_COMPANY_ID, SMALL_COMPANY_ID } from './seed.js';
export type { ConnectionStatus, Emulator, EmulatorOptions, FaultOptions, RateLimitOptions } from './types.js';
