; TypeScript/TSX references beyond the shared ecmascript/ ones (which hold the catch-alls).
(extends_clause value: (_) @reference.inheritance)
(implements_clause (_) @reference.inheritance)
(extends_type_clause type: (_) @reference.inheritance)

(required_parameter pattern: (identifier) @reference.write)
(optional_parameter pattern: (identifier) @reference.write)

(type_identifier) @reference.type
