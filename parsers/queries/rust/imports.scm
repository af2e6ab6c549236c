; Rust imports: one Import per `use` (a `{...}` list imports from its path), `mod m;`, `extern crate`.
(use_declaration argument: [(identifier) (scoped_identifier) (crate) (self) (super)] @import.path) @import
(use_declaration argument: (use_as_clause path: (_) @import.path)) @import
(use_declaration argument: (scoped_use_list path: (_) @import.path)) @import
(use_declaration argument: (use_wildcard [(identifier) (scoped_identifier) (crate) (self) (super)] @import.path)) @import
(mod_item name: (identifier) @import.path !body) @import
(extern_crate_declaration name: (identifier) @import.path) @import
