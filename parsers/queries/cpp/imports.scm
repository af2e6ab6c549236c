; C++ includes: `#include "x.h"` and `#include <x.h>` (a macro include names no file).
(preproc_include path: (string_literal) @import.path) @import
(preproc_include path: (system_lib_string) @import.system) @import
