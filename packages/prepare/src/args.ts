import { resolve } from 'node:path';

export interface PrepareArgs {
  /** Absolute path of harbor.yml; its folder receives common/config and docker-compose.yml. */
  conf: string;
  native: boolean;
  withTrivy: boolean;
  /** --gen-certs: issue a CA and a server certificate where https points, instead of preparing. */
  genCerts: boolean;
  /** --force: --gen-certs replaces an existing server certificate. */
  force: boolean;
}

export const USAGE = `Usage: ./prepare [--conf FILE] [--native] [--with-trivy]
       ./prepare [--conf FILE] --gen-certs [--force]

  --conf FILE    harbor.yml to read (default: ./harbor.yml)
  --native       configure local processes (Unix sockets, private postgres/redis) instead of docker compose
  --with-trivy   add harbor-ts's own scanner adapter (in docker mode, its own image)
  --gen-certs    write a CA (ca.crt, ca.key next to https.certificate; reused when present) and a
                 certificate for hostname to https.certificate / https.private_key, then print how
                 docker and containerd clients trust the CA; --force replaces an existing certificate
`;

export class UsageError extends Error {}

export function parseArgs(argv: string[], cwd = process.cwd()): PrepareArgs | 'help' {
  const args: PrepareArgs = {
    conf: resolve(cwd, 'harbor.yml'),
    native: false,
    withTrivy: false,
    genCerts: false,
    force: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--native') args.native = true;
    else if (arg === '--with-trivy') args.withTrivy = true;
    else if (arg === '--gen-certs') args.genCerts = true;
    else if (arg === '--force') args.force = true;
    else if (arg === '--conf' || arg?.startsWith('--conf=')) {
      const value = arg === '--conf' ? argv[++i] : arg.slice('--conf='.length);
      if (!value) throw new UsageError('--conf needs a file');
      args.conf = resolve(cwd, value);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  if (args.force && !args.genCerts) throw new UsageError('--force only goes with --gen-certs');
  return args;
}
