; Go imports: one Import per import spec (the spec is its span: a grouped import has several).
(import_spec path: [(interpreted_string_literal) (raw_string_literal)] @import.path) @import
