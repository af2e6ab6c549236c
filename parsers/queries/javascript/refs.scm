; JavaScript-only references; shared ones (and the catch-alls) are in ecmascript/.
(class_heritage (_) @reference.inheritance)
(formal_parameters (identifier) @reference.write)
