; Java definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins. A dotted package name is
; named by its last component with the rest as qualifier.

(package_declaration [(identifier) (scoped_identifier)] @name) @definition.package

(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(enum_constant name: (identifier) @name) @definition.enum_member

(method_declaration name: (identifier) @name body: (block)) @definition.method
(method_declaration name: (identifier) @name) @declaration.method
(annotation_type_element_declaration name: (identifier) @name) @declaration.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(compact_constructor_declaration name: (identifier) @name) @definition.constructor

; `static final` fields and interface constants are constants (as jdtls shows them).
(field_declaration (modifiers "static" "final") declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(field_declaration (modifiers "final" "static") declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(constant_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(record_declaration parameters: (formal_parameters (formal_parameter name: (identifier) @name) @definition.field))

; jdtls lists nothing declared inside a method, constructor, initializer or lambda body.
(method_declaration body: (block) @local.scope)
(constructor_declaration body: (constructor_body) @local.scope)
(compact_constructor_declaration body: (block) @local.scope)
(static_initializer (block) @local.scope)
(class_body (block) @local.scope)
(lambda_expression body: (block) @local.scope)

; Parameters of methods and constructors with a body: locals for resolution only
; (Definition::inOutline=false; jdtls lists none of them).
(method_declaration
  parameters: (formal_parameters (formal_parameter name: (identifier) @name) @local.definition)
  body: (block))
(constructor_declaration
  parameters: (formal_parameters (formal_parameter name: (identifier) @name) @local.definition))
