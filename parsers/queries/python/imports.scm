; Python imports: one Import per imported module (`import a, b` gives two).
(import_statement name: (dotted_name) @import.path) @import
(import_statement name: (aliased_import name: (dotted_name) @import.path)) @import
(import_from_statement module_name: (_) @import.path) @import
(future_import_statement "__future__" @import.path) @import
