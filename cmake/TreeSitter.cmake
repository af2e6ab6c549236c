# Static libraries for the tree-sitter C runtime and each grammar, compiled from the pinned npm
# packages. Third-party code: built without our warnings, at -O2 (parser.c files are huge).
set(_ts "${SEXTANT_GRAMMARS_DIR}/tree-sitter/vendor/tree-sitter/lib")
add_library(ts_runtime STATIC "${_ts}/src/lib.c")
target_include_directories(ts_runtime SYSTEM PUBLIC "${_ts}/include" PRIVATE "${_ts}/src")
target_compile_options(ts_runtime PRIVATE -w -O2)
target_compile_definitions(ts_runtime PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)

# sextant_add_grammar(<name> <folder inside node_modules holding src/>)
# Defines ts_grammar_<name>, exporting tree_sitter_<name>().
function(sextant_add_grammar name dir)
  set(src "${SEXTANT_GRAMMARS_DIR}/${dir}/src")
  set(files "${src}/parser.c")
  if(EXISTS "${src}/scanner.c")
    list(APPEND files "${src}/scanner.c")
  endif()
  add_library(ts_grammar_${name} STATIC ${files})
  target_include_directories(ts_grammar_${name} PRIVATE "${src}")
  target_compile_options(ts_grammar_${name} PRIVATE -w -O2)
endfunction()

sextant_add_grammar(c tree-sitter-c)
sextant_add_grammar(cpp tree-sitter-cpp)
sextant_add_grammar(python tree-sitter-python)
sextant_add_grammar(rust tree-sitter-rust)
sextant_add_grammar(go tree-sitter-go)
sextant_add_grammar(java tree-sitter-java)
sextant_add_grammar(javascript tree-sitter-javascript)
# One npm package, two grammars: TypeScript proper and TSX (TypeScript + JSX).
sextant_add_grammar(typescript tree-sitter-typescript/typescript)
sextant_add_grammar(tsx tree-sitter-typescript/tsx)
