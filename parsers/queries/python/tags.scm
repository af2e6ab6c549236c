; Python definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins. The extractor keeps only
; the first binding of a name per scope, makes ALL_CAPS variables constants and `__init__` a
; constructor.

; A decorated definition's range starts at its first decorator (as pyright's does).
(class_definition
  body: (block (decorated_definition definition: (function_definition name: (identifier) @name)) @definition.method))
(class_definition
  body: (block (function_definition name: (identifier) @name) @definition.method))
(decorated_definition definition: (function_definition name: (identifier) @name)) @definition.function
(function_definition name: (identifier) @name) @definition.function

(decorated_definition definition: (class_definition name: (identifier) @name)) @definition.class
(class_definition name: (identifier) @name) @definition.class

; Comprehension variables and lambda parameters: visible only in their comprehension or lambda
; (each runs in its own scope), wherever it stands, and never listed in the outline.
(list_comprehension (for_in_clause left: (identifier) @name @local.definition)) @local.region
(list_comprehension (for_in_clause left: [(pattern_list (identifier) @name @local.definition) (tuple_pattern (identifier) @name @local.definition)])) @local.region
(list_comprehension (for_in_clause left: [(pattern_list (tuple_pattern (identifier) @name @local.definition)) (tuple_pattern (tuple_pattern (identifier) @name @local.definition))])) @local.region
(set_comprehension (for_in_clause left: (identifier) @name @local.definition)) @local.region
(set_comprehension (for_in_clause left: [(pattern_list (identifier) @name @local.definition) (tuple_pattern (identifier) @name @local.definition)])) @local.region
(set_comprehension (for_in_clause left: [(pattern_list (tuple_pattern (identifier) @name @local.definition)) (tuple_pattern (tuple_pattern (identifier) @name @local.definition))])) @local.region
(dictionary_comprehension (for_in_clause left: (identifier) @name @local.definition)) @local.region
(dictionary_comprehension (for_in_clause left: [(pattern_list (identifier) @name @local.definition) (tuple_pattern (identifier) @name @local.definition)])) @local.region
(dictionary_comprehension (for_in_clause left: [(pattern_list (tuple_pattern (identifier) @name @local.definition)) (tuple_pattern (tuple_pattern (identifier) @name @local.definition))])) @local.region
(generator_expression (for_in_clause left: (identifier) @name @local.definition)) @local.region
(generator_expression (for_in_clause left: [(pattern_list (identifier) @name @local.definition) (tuple_pattern (identifier) @name @local.definition)])) @local.region
(generator_expression (for_in_clause left: [(pattern_list (tuple_pattern (identifier) @name @local.definition)) (tuple_pattern (tuple_pattern (identifier) @name @local.definition))])) @local.region
(lambda parameters: (lambda_parameters [(identifier) @name (default_parameter name: (identifier) @name) (list_splat_pattern (identifier) @name) (dictionary_splat_pattern (identifier) @name)] @local.definition)) @local.region

; Parameters of functions and methods.
(parameters (identifier) @name @definition.parameter)
(parameters (default_parameter name: (identifier) @name) @definition.parameter)
(parameters (typed_parameter . (identifier) @name) @definition.parameter)
(parameters (typed_default_parameter name: (identifier) @name) @definition.parameter)
(parameters (list_splat_pattern (identifier) @name) @definition.parameter)
(parameters (dictionary_splat_pattern (identifier) @name) @definition.parameter)
(parameters (typed_parameter (list_splat_pattern (identifier) @name)) @definition.parameter)
(parameters (typed_parameter (dictionary_splat_pattern (identifier) @name)) @definition.parameter)

; Attributes assigned through a method's first parameter (`self.x = …`, `self.x: T = …`,
; `cls.x = …`): the extractor keeps the first per class and name, as a Field of the class.
(assignment left: (attribute object: (identifier)) @name) @definition.field.self
(assignment left: [
  (pattern_list (attribute object: (identifier)) @name @definition.field.self)
  (tuple_pattern (attribute object: (identifier)) @name @definition.field.self)
])

; Bindings: assignments (the whole assignment is the range), unpacking targets, loop variables,
; `with ... as x`, `except E as e`, `:=`.
(assignment left: (identifier) @name) @definition.variable
(assignment left: [
  (pattern_list (identifier) @name @definition.variable)
  (tuple_pattern (identifier) @name @definition.variable)
  (list_pattern (identifier) @name @definition.variable)
  (pattern_list (list_splat_pattern (identifier) @name @definition.variable))
  (pattern_list [(tuple_pattern (identifier) @name @definition.variable) (list_pattern (identifier) @name @definition.variable)])
  (pattern_list [(tuple_pattern (list_splat_pattern (identifier) @name @definition.variable)) (list_pattern (list_splat_pattern (identifier) @name @definition.variable))])
  (tuple_pattern (list_splat_pattern (identifier) @name @definition.variable))
  (list_pattern (list_splat_pattern (identifier) @name @definition.variable))
])
(for_statement left: (identifier) @name @definition.variable)
(for_statement left: [
  (pattern_list (identifier) @name @definition.variable)
  (tuple_pattern (identifier) @name @definition.variable)
  (pattern_list (tuple_pattern (identifier) @name @definition.variable))
])
(as_pattern_target (identifier) @name @definition.variable)
(as_pattern_target [(tuple (identifier) @name @definition.variable) (list (identifier) @name @definition.variable)])
(named_expression name: (identifier) @name @definition.variable)
