; Java references: every identifier that is not a definition's name, with its role.
; The first pattern naming a node decides its role, so the catch-alls come last. A capture on an
; expression (`obj.f`, `a.b.C`) designates its name node; names in `import` take the Import role
; (Syntax::insideImport).

(method_invocation name: (identifier) @reference.call)
(object_creation_expression type: (_) @reference.call)

(superclass (_) @reference.inheritance)
(super_interfaces (type_list (_) @reference.inheritance))
(extends_interfaces (type_list (_) @reference.inheritance))

(assignment_expression left: (_) @reference.write)
(update_expression (identifier) @reference.write)
(update_expression (field_access) @reference.write)
(variable_declarator name: (identifier) @reference.write)
(formal_parameter name: (identifier) @reference.write)
(catch_formal_parameter name: (identifier) @reference.write)
(inferred_parameters (identifier) @reference.write)
(lambda_expression parameters: (identifier) @reference.write)

(type_identifier) @reference.type

(identifier) @reference.read
