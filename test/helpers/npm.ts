// npm as a partner meets the packages: what `npm publish` would upload, and the tarballs `npm pack` writes.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The packages published to npm; the root and the demo are private. */
export const publishable = ['core', 'widget', 'server', 'emulator'] as const;
export type Publishable = (typeof publishable)[number];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs npm in `cwd` and resolves with its exit code and output; a run longer than `timeout` ms is killed. */
export function npm(args: string[], { cwd = root, timeout = 60_000 } = {}): Promise<Run> {
  return new Promise((resolve) => {
    // The parent `npm test` exports its own settings (npm_config_*); the child reads the user's and the project's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig)$/i.test(key)));
    execFile('npm', args, { cwd, timeout, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface PackedFile {
  path: string;
  size: number;
}

/** What `npm pack --dry-run` lists for a package: the files its tarball holds, relative to the package folder. */
export async function packedFiles(name: Publishable): Promise<string[]> {
  const { code, stdout, stderr } = await npm(['pack', '--dry-run', '--json', '--workspace', `packages/${name}`]);
  if (code !== 0) throw new Error(`npm pack --dry-run of ${name} exited with ${code}: ${stderr}`);
  const [report] = JSON.parse(stdout) as Array<{ files: PackedFile[] }>;
  return report!.files.map((file) => file.path);
}
