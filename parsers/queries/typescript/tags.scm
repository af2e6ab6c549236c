; TypeScript/TSX definitions beyond the shared ecmascript/ ones (tags vocabulary, see
; parsers/README.md). When several patterns name the same node, the one written first wins.

(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(enum_body name: (property_identifier) @name @definition.enum_member)
(enum_assignment name: (property_identifier) @name) @definition.enum_member
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: [(identifier) (nested_identifier)] @name) @definition.module

; Signatures without bodies: overloads, `declare function`, interface and abstract members.
(function_signature name: (identifier) @name) @declaration.function
(interface_body (method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method)
(class_body (method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method)
(abstract_method_signature name: [(property_identifier) (private_property_identifier)] @name) @declaration.method
(interface_body (property_signature name: [(property_identifier) (private_property_identifier)] @name) @definition.property)

(public_field_definition name: [(property_identifier) (private_property_identifier)] @name value: [(arrow_function) (function_expression)]) @definition.method
(public_field_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.property
; Constructor parameter properties: `constructor(private readonly a: number)`.
(required_parameter (accessibility_modifier) pattern: (identifier) @name) @definition.property
(optional_parameter (accessibility_modifier) pattern: (identifier) @name) @definition.property
; Other parameters of functions with a body (not signatures, not function types): locals of their
; function (see ecmascript/ for the other locals).
(_ parameters: (formal_parameters (required_parameter pattern: (identifier) @name) @local.definition) body: (_))
(_ parameters: (formal_parameters (optional_parameter pattern: (identifier) @name) @local.definition) body: (_))
(_ parameters: (formal_parameters (required_parameter pattern: (rest_pattern (identifier) @name)) @local.definition) body: (_))
