; Rust references: every identifier that is not a definition's name, with its role.
; The first pattern naming a node decides its role, so the catch-alls come last. A capture on an
; expression (`obj.f`, `a::b::c`, `f::<T>`) designates its name node. Names inside `use` and
; `extern crate` take the Import role (Syntax::insideImport).

(call_expression function: (_) @reference.call)
(macro_invocation macro: (_) @reference.call)
(struct_expression name: (_) @reference.call)

(impl_item trait: (_) @reference.inheritance)
(trait_item bounds: (trait_bounds [(type_identifier) (scoped_type_identifier) (generic_type)] @reference.inheritance))

(assignment_expression left: (_) @reference.write)
(compound_assignment_expr left: (_) @reference.write)
(let_declaration pattern: (identifier) @reference.write)
(parameter pattern: (identifier) @reference.write)
(closure_parameters (identifier) @reference.write)
(field_initializer field: (field_identifier) @reference.write)

(type_identifier) @reference.type

(identifier) @reference.read
(field_identifier) @reference.read
(shorthand_field_identifier) @reference.read
