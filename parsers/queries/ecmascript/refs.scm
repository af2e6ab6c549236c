; JavaScript/TypeScript/TSX references shared by the three grammars: every identifier that is not
; a definition's name, with its role. The first pattern naming a node decides its role, so the
; catch-alls come last. A capture on `obj.f` designates `f` (receiver `obj`). Names inside
; `import` statements take the Import role (Syntax::insideImport); `export {a} from "m"` too.

(call_expression function: (_) @reference.call)
(new_expression constructor: (_) @reference.call)

(export_statement (export_clause (export_specifier name: (_) @reference.import)) source: (_))
(export_statement (export_clause (export_specifier alias: (_) @reference.import)) source: (_))

(assignment_expression left: (_) @reference.write)
(augmented_assignment_expression left: (_) @reference.write)
(update_expression argument: (_) @reference.write)
(variable_declarator name: (identifier) @reference.write)
(pair key: (property_identifier) @reference.write)
(arrow_function parameter: (identifier) @reference.write)
(assignment_pattern left: (identifier) @reference.write)
(array_pattern (identifier) @reference.write)
(pair_pattern value: (identifier) @reference.write)

(identifier) @reference.read
(property_identifier) @reference.read
(private_property_identifier) @reference.read
(shorthand_property_identifier) @reference.read
(shorthand_property_identifier_pattern) @reference.write
