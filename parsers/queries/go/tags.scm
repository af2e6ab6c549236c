; Go definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins. A method's receiver type
; becomes its qualifier (Syntax::qualifier).

(package_clause (package_identifier) @name) @definition.package
(function_declaration name: (identifier) @name) @definition.function
(method_declaration name: (field_identifier) @name) @definition.method
(method_elem name: (field_identifier) @name) @declaration.method

(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
(type_parameter_declaration name: (identifier) @name) @definition.type_parameter

(field_declaration name: (field_identifier) @name) @definition.field
(const_spec name: (identifier) @name) @definition.constant
(var_spec name: (identifier) @name) @definition.variable

; gopls lists nothing declared inside a function body.
(function_declaration body: (block) @local.scope)
(method_declaration body: (block) @local.scope)
(func_literal body: (block) @local.scope)

; Parameters, receivers and named results of functions and methods: locals for resolution only
; (Definition::inOutline=false; gopls lists none of them).
(function_declaration parameters: (parameter_list [
  (parameter_declaration name: (identifier) @name)
  (variadic_parameter_declaration name: (identifier) @name)
] @local.definition))
(function_declaration result: (parameter_list (parameter_declaration name: (identifier) @name) @local.definition))
(method_declaration receiver: (parameter_list (parameter_declaration name: (identifier) @name) @local.definition))
(method_declaration parameters: (parameter_list [
  (parameter_declaration name: (identifier) @name)
  (variadic_parameter_declaration name: (identifier) @name)
] @local.definition))
(method_declaration result: (parameter_list (parameter_declaration name: (identifier) @name) @local.definition))
