; Python references: every identifier that is not a definition's name, with its role.
; The first pattern naming a node decides its role, so the catch-all comes last. A capture on an
; attribute (`obj.m`) designates its attribute name.

; Imported names, module path components included.
(import_statement name: (dotted_name (identifier) @reference.import))
(import_statement name: (aliased_import name: (dotted_name (identifier) @reference.import)))
(import_statement name: (aliased_import alias: (identifier) @reference.import))
(import_from_statement module_name: (dotted_name (identifier) @reference.import))
(import_from_statement module_name: (relative_import (dotted_name (identifier) @reference.import)))
(import_from_statement name: (dotted_name (identifier) @reference.import))
(import_from_statement name: (aliased_import name: (dotted_name (identifier) @reference.import)))
(import_from_statement name: (aliased_import alias: (identifier) @reference.import))
(future_import_statement name: (dotted_name (identifier) @reference.import))
(future_import_statement name: (aliased_import name: (dotted_name (identifier) @reference.import)))

(class_definition superclasses: (argument_list [(identifier) (attribute)] @reference.inheritance))

(call function: [(identifier) (attribute)] @reference.call)

(assignment left: [(identifier) (attribute)] @reference.write)
(augmented_assignment left: [(identifier) (attribute)] @reference.write)
(pattern_list [(identifier) (attribute)] @reference.write)
(tuple_pattern [(identifier) (attribute)] @reference.write)
(list_pattern [(identifier) (attribute)] @reference.write)
(list_splat_pattern (identifier) @reference.write)
(for_statement left: (identifier) @reference.write)
(for_in_clause left: (identifier) @reference.write)
(as_pattern_target (identifier) @reference.write)
(as_pattern_target [(tuple (identifier) @reference.write) (list (identifier) @reference.write)])
(named_expression name: (identifier) @reference.write)

; Annotations.
(type [(identifier) (attribute)] @reference.type)
(type (generic_type (identifier) @reference.type))
(type (subscript value: [(identifier) (attribute)] @reference.type))
(type (binary_operator [(identifier) (attribute)] @reference.type))

(identifier) @reference.read
