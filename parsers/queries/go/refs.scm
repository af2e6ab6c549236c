; Go references: every identifier that is not a definition's name, with its role.
; The first pattern naming a node decides its role, so the catch-alls come last. A capture on an
; expression (`pkg.F`, `obj.f`, `pkg.T`) designates its name node; names in import specs take the
; Import role (Syntax::insideImport).

(call_expression function: (_) @reference.call)
(composite_literal type: [(type_identifier) (qualified_type) (generic_type)] @reference.call)

; Embedded fields and interfaces.
(field_declaration !name type: [(type_identifier) (qualified_type) (generic_type)] @reference.inheritance)
(field_declaration !name type: (pointer_type [(type_identifier) (qualified_type) (generic_type)] @reference.inheritance))
(interface_type (type_elem . [(type_identifier) (qualified_type) (generic_type)] @reference.inheritance .))

(assignment_statement left: (expression_list (_) @reference.write))
(parameter_declaration name: (identifier) @reference.write)
(variadic_parameter_declaration name: (identifier) @reference.write)
(short_var_declaration left: (expression_list (identifier) @reference.write))
(inc_statement (_) @reference.write)
(dec_statement (_) @reference.write)
(var_spec name: (identifier) @reference.write)
(const_spec name: (identifier) @reference.write)
(range_clause left: (expression_list (identifier) @reference.write))

(type_identifier) @reference.type

(identifier) @reference.read
(field_identifier) @reference.read
(package_identifier) @reference.read
