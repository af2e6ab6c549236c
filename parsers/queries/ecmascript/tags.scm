; JavaScript/TypeScript/TSX definitions shared by the three grammars (tags vocabulary, see
; parsers/README.md). Read after javascript/ or typescript/, whose patterns therefore win.
; The extractor makes methods named `constructor` constructors.

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method

; `export default function () {}` / `export default class {}`: named by the keyword, like tsserver.
(export_statement "default" @name value: [(function_expression) (arrow_function) (generator_function)]) @definition.function
(export_statement "default" @name value: (class)) @definition.class

; Functions and classes bound to names, object-literal methods.
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(variable_declarator name: (identifier) @name value: (class)) @definition.class
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; Other bindings outside function bodies: const -> Constant, let/var -> Variable. They are
; containers so that object-literal methods nest under them.
(lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant.container)
(lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable.container)
(variable_declaration (variable_declarator name: (identifier) @name) @definition.variable.container)

; Locals of the enclosing function, for resolution only (Definition::inOutline=false; tsserver's
; outline lists none): single arrow parameters, catch parameters, `for (const x of …)` bindings.
; Parameter lists differ per grammar (javascript/, typescript/); `const`/`let`/`var` inside a
; body are kept as locals by the extractor (LanguageSpec::localVariables).
(arrow_function parameter: (identifier) @name @local.definition)
(catch_clause parameter: (identifier) @name @local.definition)
(for_in_statement kind: _ left: (identifier) @name @local.definition)

; Only functions, classes and bindings outside function bodies are listed.
(function_declaration body: (_) @local.scope)
(generator_function_declaration body: (_) @local.scope)
(function_expression body: (_) @local.scope)
(generator_function body: (_) @local.scope)
(arrow_function body: (_) @local.scope)
(method_definition body: (_) @local.scope)
