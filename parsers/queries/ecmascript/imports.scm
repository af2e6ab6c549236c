; JavaScript/TypeScript/TSX imports: `import ... from "m"`, `export ... from "m"`, `import("m")`,
; and `require("m")` (the extractor checks the callee's name: LanguageSpec::importCallee).
(import_statement source: (string) @import.path) @import
(export_statement source: (string) @import.path) @import
(call_expression function: (import) arguments: (arguments . (string) @import.path .)) @import
(call_expression function: (identifier) @import.callee arguments: (arguments . (string) @import.path .)) @import
