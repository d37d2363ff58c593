// The EPANET example networks and WNTR's answers for them (see README.md beside this file).
import fs from 'node:fs';
import path from 'node:path';

/** 'Net1', 'Net2' or 'Net3'. */
export type GoldenName = string;

/** The `.inp` text of an EPANET example network. */
export function goldenInp(name: GoldenName): string {
  return fs.readFileSync(path.join(__dirname, `${name}.inp`), 'utf8');
}

/** WNTR 1.5.0's answers for that network (fields in README.md). */
export function goldenAnswers<T = any>(name: GoldenName): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, `${name}.golden.json`), 'utf8')) as T;
}
