// Prints a dev token (only the token, on stdout) for the stack `npm start` runs:
//   npm run -s token -- --role dispatcher [--department NETWORK] [--name 李工] [--sub u123] [--hours 12]
import { DEPARTMENTS, DepartmentCode, ROLES, Role, signUserToken } from '@mainline/common';
import { loadGatewayConfig } from './config';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(msg: string): never {
  process.stderr.write(msg + '\n');
  process.exit(2);
}

const roleArg = arg('role') ?? fail(`--role is required (one or more of ${ROLES.join(', ')}, comma separated)`);
const roles = roleArg.split(',').map((r) => r.trim());
for (const r of roles) if (!ROLES.includes(r as Role)) fail(`--role: unknown role "${r}" (known: ${ROLES.join(', ')})`);
const dept = arg('department');
if (dept && !DEPARTMENTS.includes(dept as DepartmentCode)) fail(`--department: unknown department "${dept}" (known: ${DEPARTMENTS.join(', ')})`);
const hours = Number(arg('hours') ?? 12);
if (!(hours > 0)) fail('--hours must be a positive number');
const cfg = loadGatewayConfig();
const sub = arg('sub') ?? `dev-${roles[0]}${dept ? '-' + dept.toLowerCase() : ''}`;
process.stdout.write(
  signUserToken({ sub, name: arg('name') ?? sub, roles: roles as Role[], department: (dept as DepartmentCode) ?? null }, cfg.JWT_SECRET, hours * 3600) + '\n',
);
