; C++ references: every identifier that is not a definition's name, with its role.
; The first pattern naming a node decides its role, so the catch-alls come last. A capture on an
; expression (`obj->f`, `ns::f`, `f<int>`) designates its name node.

; Parameter names of prototypes and function pointer types, and macro parameters, name nothing
; (parameters of function definitions are locals, in tags.scm).
(parameter_declaration declarator: (_) @reference.none)
(optional_parameter_declaration declarator: (_) @reference.none)
(variadic_parameter_declaration declarator: (_) @reference.none)
(preproc_params (identifier) @reference.none)

(call_expression function: (_) @reference.call)
(new_expression type: (_) @reference.call)
(compound_literal_expression type: (_) @reference.call)

(base_class_clause (_) @reference.inheritance)

(assignment_expression left: (_) @reference.write)
(update_expression argument: (_) @reference.write)
(init_declarator declarator: (identifier) @reference.write)
(field_designator (field_identifier) @reference.write)
(field_initializer (field_identifier) @reference.write)

(type_identifier) @reference.type

(identifier) @reference.read
(field_identifier) @reference.read
(namespace_identifier) @reference.read
