; TypeScript `import x = require("m")`; the other forms are in ecmascript/.
(import_statement (import_require_clause source: (string) @import.path)) @import
