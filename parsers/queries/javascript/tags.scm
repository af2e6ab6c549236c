; JavaScript-only definitions (the grammar's own class field node); shared ones are in ecmascript/.
(field_definition property: [(property_identifier) (private_property_identifier)] @name value: [(arrow_function) (function_expression)]) @definition.method
(field_definition property: [(property_identifier) (private_property_identifier)] @name) @definition.property

; Parameters of functions with a body: locals of their function (see ecmascript/ for the others).
(_ parameters: (formal_parameters (identifier) @name @local.definition) body: (_))
(_ parameters: (formal_parameters (assignment_pattern left: (identifier) @name) @local.definition) body: (_))
(_ parameters: (formal_parameters (rest_pattern (identifier) @name) @local.definition) body: (_))
