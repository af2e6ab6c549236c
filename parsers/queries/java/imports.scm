; Java imports: `import a.b.C;`, `import static a.B.m;`, and `import a.b.*;` (target "a.b").
(import_declaration [(identifier) (scoped_identifier)] @import.path) @import
