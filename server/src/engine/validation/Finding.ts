/** Severity of a finding, ordered from least to most severe. */
export type Severity = 'info' | 'warning' | 'error';

/** RuleSetting is what a user may set a rule to. */
export type RuleSetting = 'off' | Severity;

/** Position is zero-based, in UTF-16 code units like LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** TextEdit replaces a range of one file. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Fix is an obvious change that resolves a finding (a quick fix in the editor). */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Finding is one problem in one file, ready for any output. */
export interface Finding {
  /** Absolute path of the file. */
  file: string;
  range: Range;
  severity: Severity;
  rule: string;
  message: string;
  fix?: Fix;
}

/** YamlPath addresses a node inside one YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/**
 * RuleFinding is what a rule reports: a location as a path in a document (resolved to a range
 * only when the finding is kept), a message, and optionally a value-replacing fix.
 */
export interface RuleFinding {
  /** Path of the node the finding is about; [] means the whole document. */
  path: YamlPath;
  /** 'key' marks the key of the addressed map entry instead of its value. */
  target?: 'key' | 'value';
  message: string;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  fix?: PathFix;
}

/** PathFix replaces the scalar at a document path (its value, or its key when target is 'key'). */
export interface PathFix {
  title: string;
  path: YamlPath;
  target?: 'key' | 'value';
  newValue: string;
}
