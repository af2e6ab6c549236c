; Rust definitions, in the tree-sitter tags vocabulary (see parsers/README.md).
; When several patterns name the same node, the one written first wins. Members of an impl block
; get the impl's type as qualifier; the extractor makes them children of that type when it is
; defined earlier in the same scope (rust-analyzer nests them under the impl).

; Impl and trait members first, then free items.
(impl_item body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(impl_item body: (declaration_list (function_signature_item name: (identifier) @name) @declaration.method))
(trait_item body: (declaration_list (function_signature_item name: (identifier) @name) @declaration.method))
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @declaration.function
(macro_definition name: (identifier) @name) @definition.function

(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.union
(enum_item name: (type_identifier) @name) @definition.enum
(enum_variant name: (identifier) @name) @definition.enum_member
(trait_item name: (type_identifier) @name) @definition.interface
(mod_item name: (identifier) @name) @definition.module

(field_declaration name: (field_identifier) @name) @definition.field
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.constant
(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type

; rust-analyzer lists nothing declared inside a function body.
(function_item body: (block) @local.scope)

; Parameters bound to a plain name: locals for resolution only (Definition::inOutline=false;
; rust-analyzer lists none of them). `self` and patterns are not.
(function_item parameters: (parameters (parameter pattern: (identifier) @name) @local.definition))
