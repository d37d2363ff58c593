import { InvalidInputError } from '@mainline/common/domain';

/** Where in the input a problem sits: an .inp section and 1-based line, or a GeoJSON feature. */
export interface ImportLocation {
  section?: string;
  line?: number;
  /** 0-based index of the feature in its FeatureCollection's `features` array. */
  featureIndex?: number;
  /** 0-based index of the FeatureCollection when an array of them was given. */
  collectionIndex?: number;
  featureId?: string;
  featureKind?: string;
}

/**
 * One clear error for bad network input (code INVALID_INPUT). The message starts with the place,
 * e.g. `[PIPES] line 57: pipe "P12" refers to unknown node "J99"` or
 * `feature #12 (pipe "P7"): ...`, so a user can find it in the file.
 */
export class ImportError extends InvalidInputError {
  readonly section?: string;
  readonly line?: number;
  readonly featureIndex?: number;
  readonly featureId?: string;
  readonly collectionIndex?: number;
  /** The problem alone, without the location prefix. */
  readonly problem: string;

  constructor(problem: string, where: ImportLocation = {}) {
    super(prefix(where) + problem, { ...where, problem });
    this.problem = problem;
    this.section = where.section;
    this.line = where.line;
    this.featureIndex = where.featureIndex;
    this.featureId = where.featureId;
    this.collectionIndex = where.collectionIndex;
  }
}

function prefix(w: ImportLocation): string {
  if (w.featureIndex !== undefined) {
    const id = w.featureId !== undefined ? `"${w.featureId}"` : '';
    const what = [w.featureKind, id].filter(Boolean).join(' ');
    const coll = w.collectionIndex !== undefined ? `collection #${w.collectionIndex} ` : '';
    return what ? `${coll}feature #${w.featureIndex} (${what}): ` : `${coll}feature #${w.featureIndex}: `;
  }
  if (w.section !== undefined) return w.line !== undefined ? `[${w.section}] line ${w.line}: ` : `[${w.section}]: `;
  return '';
}
