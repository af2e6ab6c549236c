; C++ definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins. The extractor turns
; functions inside classes and qualified functions (`void Foo::bar() {}`) into methods, and
; methods named like their class (or `~Class`) into constructors.

; Member functions declared in a class body.
(field_declaration
  declarator: [
    (function_declarator declarator: (_) @name)
    (pointer_declarator declarator: (function_declarator declarator: (_) @name))
    (reference_declarator (function_declarator declarator: (_) @name))
  ]) @declaration.method

; Functions with a body (in-class, out-of-line or free), then prototypes.
(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (destructor_name) (template_function) (operator_cast)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name)))
    (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name))
    (operator_cast) @name
    (qualified_identifier name: (operator_cast)) @name
  ]) @definition.function

(declaration
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (destructor_name) (template_function) (operator_cast)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (qualified_identifier) (operator_name) (template_function)] @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (qualified_identifier) (operator_name) (template_function)] @name)))
    (reference_declarator (function_declarator declarator: [(identifier) (qualified_identifier) (operator_name) (template_function)] @name))
    (operator_cast) @name
  ]) @declaration.function

(preproc_function_def name: (identifier) @name) @definition.function
(preproc_def name: (identifier) @name) @definition.macro

(namespace_definition name: (namespace_identifier) @name) @definition.namespace
(namespace_definition name: (nested_namespace_specifier (namespace_identifier) @name .)) @definition.namespace
(namespace_alias_definition name: (namespace_identifier) @name) @definition.namespace

; Classes, structs, unions with a body (specialisations name a template_type).
(class_specifier name: [(type_identifier) (template_type) (qualified_identifier)] @name body: (_)) @definition.class
(struct_specifier name: [(type_identifier) (template_type) (qualified_identifier)] @name body: (_)) @definition.struct
(union_specifier name: [(type_identifier) (template_type) (qualified_identifier)] @name body: (_)) @definition.union
(enum_specifier name: [(type_identifier) (qualified_identifier)] @name body: (_)) @definition.enum
(enumerator name: (identifier) @name) @definition.enum_member

(type_definition type: (struct_specifier !name body: (_)) declarator: (_) @name) @definition.struct
(type_definition type: (union_specifier !name body: (_)) declarator: (_) @name) @definition.union
(type_definition type: (enum_specifier !name body: (_)) declarator: (_) @name) @definition.enum
(type_definition declarator: (_) @name) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type

; Data members: static ones are properties (clangd: StaticProperty), the rest fields.
(field_declaration (storage_class_specifier "static") declarator: (_) @name) @definition.property
(field_declaration declarator: (_) @name) @definition.field

; Variables. Inside a @local.scope (function and lambda bodies, `for`/`if` initialisers included)
; the extractor keeps them as locals of the enclosing function (inOutline=false) and drops every
; other definition. Structured bindings name each identifier.
(declaration (storage_class_specifier "extern") declarator: (_) @name) @declaration.variable
(declaration declarator: [
  (structured_binding_declarator (identifier) @name)
  (reference_declarator (structured_binding_declarator (identifier) @name))
  (init_declarator declarator: (structured_binding_declarator (identifier) @name))
  (init_declarator declarator: (reference_declarator (structured_binding_declarator (identifier) @name)))
]) @definition.variable
(declaration declarator: (_) @name) @definition.variable

; Locals that are no `declaration`: range-for variables, parameters of function definitions
; (a prototype's are no definitions), of lambdas and of catch clauses.
(for_range_loop declarator: [
  (structured_binding_declarator (identifier) @name)
  (reference_declarator (structured_binding_declarator (identifier) @name))
]) @local.definition
(for_range_loop declarator: (_) @name) @local.definition
(function_definition
  declarator: (function_declarator
    parameters: (parameter_list [
      (parameter_declaration declarator: (_) @name)
      (optional_parameter_declaration declarator: (_) @name)
      (variadic_parameter_declaration declarator: (_) @name)
    ] @local.definition)))
(function_definition
  declarator: (_ (function_declarator
    parameters: (parameter_list [
      (parameter_declaration declarator: (_) @name)
      (optional_parameter_declaration declarator: (_) @name)
      (variadic_parameter_declaration declarator: (_) @name)
    ] @local.definition))))
(function_definition
  declarator: (_ (_ (function_declarator
    parameters: (parameter_list [
      (parameter_declaration declarator: (_) @name)
      (optional_parameter_declaration declarator: (_) @name)
      (variadic_parameter_declaration declarator: (_) @name)
    ] @local.definition)))))
(lambda_expression
  declarator: (abstract_function_declarator
    parameters: (parameter_list [
      (parameter_declaration declarator: (_) @name)
      (optional_parameter_declaration declarator: (_) @name)
      (variadic_parameter_declaration declarator: (_) @name)
    ] @local.definition)))
(catch_clause parameters: (parameter_list (parameter_declaration declarator: (_) @name) @local.definition))

(compound_statement) @local.scope
