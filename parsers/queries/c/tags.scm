; C definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins.

; Functions with a body, then prototypes (including `extern` ones).
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @definition.function

(declaration
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
  ]) @declaration.function

; Macros: function-like ones are functions, object-like ones constants.
(preproc_function_def name: (identifier) @name) @definition.function
(preproc_def name: (identifier) @name) @definition.macro

; Tagged types with a body (a bare `struct S;` or `struct S *p` is a reference).
(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.union
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(enumerator name: (identifier) @name) @definition.enum_member

; A typedef that names an anonymous body is that struct/union/enum; other typedefs are aliases.
(type_definition type: (struct_specifier !name body: (_)) declarator: (_) @name) @definition.struct
(type_definition type: (union_specifier !name body: (_)) declarator: (_) @name) @definition.union
(type_definition type: (enum_specifier !name body: (_)) declarator: (_) @name) @definition.enum
(type_definition declarator: (_) @name) @definition.type

(field_declaration declarator: (_) @name) @definition.field

; Variables. Inside a @local.scope (function bodies, `for` initialisers included) the extractor
; keeps them as locals of the function (inOutline=false) and drops every other definition.
(declaration (storage_class_specifier "extern") declarator: (_) @name) @declaration.variable
(declaration declarator: (_) @name) @definition.variable

; Parameters of function definitions (a prototype's are no definitions): locals of the function.
(function_definition
  declarator: (function_declarator
    parameters: (parameter_list (parameter_declaration declarator: (_) @name) @local.definition)))
(function_definition
  declarator: (_ (function_declarator
    parameters: (parameter_list (parameter_declaration declarator: (_) @name) @local.definition))))
(function_definition
  declarator: (_ (_ (function_declarator
    parameters: (parameter_list (parameter_declaration declarator: (_) @name) @local.definition)))))

(compound_statement) @local.scope
