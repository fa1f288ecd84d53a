import {
  type DiagnosticBag,
  loadYaml,
  validateDocument,
  type ActivationSpec,
  type AudienceSpec,
  type Condition,
  type ContactsSpec,
  type DestinationSpec,
  type FieldSpec,
  type IcpSpec,
  type Path,
  type QualitySpec,
  type RankKey,
  type ScoreSpec,
  type SegformDocument,
  type SegmentSpec,
  type SegmentsSpec,
  type SourceDocument,
  type TierSpec,
} from "@segform/spec";

/** Where something was written: a document and a path inside it. */
export interface Origin {
  doc: SourceDocument;
  path: Path;
}

export interface Entry<T> {
  value: T;
  at: Origin;
}

/**
 * Why a reader would not hand over a file: outside the project, not a regular file, not text. Reported as SEG006
 * (or `code`) at the place that named the file, with no excerpt of the file.
 */
export interface FileRefusal {
  code?: string;
  refused: string;
  hint: string;
}

/**
 * Reads a file's text; returns undefined when it does not exist, a refusal when it must not be read. Paths are as
 * the compiler joins them.
 */
export interface FileReader {
  read(path: string): string | undefined | FileRefusal;
  /** Joins a relative path to the directory of `from`. */
  resolve(from: string, relative: string): string;
  /**
   * The file a path names (its real path), so that one file reached by two paths (through symlinked directories)
   * is read once. Without it, paths are compared as written.
   */
  identity?(path: string): string;
}

/** The project after imports are merged: every entry remembers the file and path it came from. */
export interface ResolvedSpec {
  main: SourceDocument;
  documents: SourceDocument[];
  name?: Entry<string>;
  description?: Entry<string>;
  source?: Entry<string>;
  key?: Entry<string>;
  asOf?: Entry<string>;
  fields: Map<string, Entry<FieldSpec>>;
  define: Map<string, Entry<Condition>>;
  icp?: Entry<IcpSpec>;
  scores: Map<string, Entry<ScoreSpec>>;
  tiers?: Entry<TierSpec[]>;
  rankBy?: Entry<RankKey[]>;
  segments?: Entry<SegmentSpec[]>;
  /** `segments: { scope }` when written (the segments' entry then points at `segments.list`). */
  segmentScope?: Entry<"icp" | "all">;
  audiences?: Entry<AudienceSpec[]>;
  contacts?: Entry<ContactsSpec>;
  activations: Map<string, Entry<ActivationSpec>>;
  destinations: Map<string, Entry<DestinationSpec>>;
  quality?: Entry<QualitySpec>;
}

const SINGLE_KEYS = {
  name: "name",
  description: "description",
  source: "source",
  key: "key",
  as_of: "asOf",
  icp: "icp",
  tiers: "tiers",
  rank_by: "rankBy",
  segments: "segments",
  contacts: "contacts",
  quality: "quality",
  audiences: "audiences",
} as const;
const MAP_KEYS = ["fields", "define", "scores", "activations", "destinations"] as const;

/** What a project's files may add up to: each file is also bounded on its own (LIMITS.maxFileBytes). */
export const PROJECT_LIMITS = {
  /** Total bytes of the definitions file and everything it imports. */
  maxTotalBytes: 3 * 1024 * 1024,
  /** Number of files, the definitions file included. */
  maxFiles: 200,
};

/**
 * Loads the main file and its imports (depth-first, each file once), validates each against the schema,
 * and merges them. Mappings (fields, define, scores, activations, destinations) merge by name; everything
 * else may be written in only one file. Cycles and duplicates are reported, never followed.
 */
export function resolveProject(mainPath: string, reader: FileReader, bag: DiagnosticBag): ResolvedSpec | undefined {
  const documents: SourceDocument[] = [];
  const specs = new Map<SourceDocument, SegformDocument>();
  const visiting: string[] = [];
  const visitingIds: string[] = [];
  const loaded = new Set<string>();
  const idOf = (path: string) => reader.identity?.(path) ?? path;
  let totalBytes = 0;
  let filesRead = 0;
  let overBudget = false;

  const visit = (path: string, importedAt?: Origin): SourceDocument | undefined => {
    const location = importedAt ? importedAt.doc.locate(importedAt.path) : undefined;
    if (overBudget) return undefined;
    if (++filesRead > PROJECT_LIMITS.maxFiles) {
      bag.error(
        "SEG003",
        `the project imports more than ${PROJECT_LIMITS.maxFiles} files`,
        location,
        "merge small files; imports are for sharing fields and conditions",
      );
      overBudget = true;
      return undefined;
    }
    const text = reader.read(path);
    if (text === undefined) {
      bag.error(
        "SEG004",
        `cannot read ${path}`,
        location,
        importedAt
          ? "import paths are relative to the importing file"
          : "check the path; it is relative to the working directory",
      );
      return undefined;
    }
    if (typeof text !== "string") {
      bag.error(text.code ?? "SEG006", text.refused, location, text.hint);
      return undefined;
    }
    totalBytes += Buffer.byteLength(text, "utf8");
    if (totalBytes > PROJECT_LIMITS.maxTotalBytes) {
      bag.error(
        "SEG003",
        `the project's files add up to more than ${PROJECT_LIMITS.maxTotalBytes / 1024 / 1024} MiB (at ${path})`,
        location ?? { file: path, line: 1, column: 1 },
        "keep large lists (named accounts, domains) in the data, not in the definitions",
      );
      overBudget = true;
      return undefined;
    }
    const { document, diagnostics } = loadYaml(path, text);
    diagnostics.forEach((d) => bag.add(d));
    if (diagnostics.some((d) => d.severity === "error")) return document;
    const validated = validateDocument(document);
    validated.diagnostics.forEach((d) => bag.add(d));
    documents.push(document);
    if (!validated.spec) return document;
    specs.set(document, validated.spec);
    visiting.push(path);
    visitingIds.push(idOf(path));
    loaded.add(idOf(path));
    (validated.spec.imports ?? []).forEach((relative, index) => {
      const target = reader.resolve(path, relative);
      const targetId = idOf(target);
      const at: Origin = { doc: document, path: ["imports", index] };
      if (visitingIds.includes(targetId)) {
        const chain = [...visiting.slice(visitingIds.indexOf(targetId)), target].join(" -> ");
        bag.error(
          "SEG027",
          `import cycle: ${chain}`,
          document.locate(at.path),
          "remove one of the imports in the cycle",
        );
        return;
      }
      if (loaded.has(targetId)) return;
      visit(target, at);
    });
    visiting.pop();
    visitingIds.pop();
    return document;
  };

  const main = visit(mainPath);
  if (!main || !specs.has(main)) return undefined;

  const resolved: ResolvedSpec = {
    main,
    documents,
    fields: new Map(),
    define: new Map(),
    scores: new Map(),
    activations: new Map(),
    destinations: new Map(),
  };
  // The main file's own declarations come first, then each import's in load order.
  const ordered = [main, ...documents.filter((doc) => doc !== main && specs.has(doc))];
  for (const doc of ordered) {
    const spec = specs.get(doc)!;
    for (const [yamlKey, property] of Object.entries(SINGLE_KEYS)) {
      const value = (spec as unknown as Record<string, unknown>)[yamlKey];
      if (value === undefined) continue;
      const existing = (resolved as unknown as Record<string, Entry<unknown> | undefined>)[property];
      if (existing) {
        bag.error(
          "SEG028",
          `\`${yamlKey}\` is declared in ${existing.at.doc.file} and again here`,
          doc.locate([yamlKey], "key"),
          `declare \`${yamlKey}\` in one file only`,
        );
        continue;
      }
      (resolved as unknown as Record<string, Entry<unknown>>)[property] = { value, at: { doc, path: [yamlKey] } };
    }
    for (const mapKey of MAP_KEYS) {
      const entries = (spec[mapKey] ?? {}) as Record<string, unknown>;
      const target = resolved[mapKey] as Map<string, Entry<unknown>>;
      for (const [name, value] of Object.entries(entries)) {
        const existing = target.get(name);
        if (existing) {
          const same = existing.at.doc === doc;
          bag.error(
            same ? "SEG024" : "SEG028",
            `${mapKey}.${name} is declared in ${existing.at.doc.file} and again here`,
            doc.locate([mapKey, name], "key"),
            "each name may be declared once across the project's files",
          );
          continue;
        }
        target.set(name, { value, at: { doc, path: [mapKey, name] } });
      }
    }
  }
  unwrapScopedSegments(resolved);
  return resolved;
}

/**
 * `segments: { scope, list }` as the list it holds (at `segments.list`, so every check locates into it) and its
 * scope beside it: the rest of the compiler reads segments one way.
 */
function unwrapScopedSegments(resolved: ResolvedSpec): void {
  const segments = resolved.segments as Entry<SegmentSpec[] | SegmentsSpec> | undefined;
  if (!segments || Array.isArray(segments.value)) return;
  const { doc, path } = segments.at;
  if (segments.value.scope !== undefined)
    resolved.segmentScope = { value: segments.value.scope, at: { doc, path: [...path, "scope"] } };
  resolved.segments = { value: segments.value.list, at: { doc, path: [...path, "list"] } };
}
