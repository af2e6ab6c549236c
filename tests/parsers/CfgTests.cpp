// Control-flow graphs per language (parsers/Cfg.h): block kinds and edges, not just counts.
// Each case renders one function's graph with sextant::test::renderFlow:
//   "B2 condition `x > 0` -> B3 true, B4 false" (blocks in document order, entry 0, exit 1).
#include "parsers/Extractor.h"
#include "tests/support/CfgRender.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace sextant::parse;
using sextant::test::cfgProblems;
using sextant::test::renderFlow;

namespace {

/// The graph of the function named `name` ("" = the `nth` anonymous one), rendered; fails when
/// absent or malformed.
std::string flow(Language language, std::string_view code, std::string_view name, size_t nth = 0) {
  Extractor extractor;
  const ExtractionResult r = extractor.extract(language, code);
  for (const FunctionCfg& g : r.cfgs) {
    if (g.name != name || (name.empty() && nth-- > 0)) continue;
    for (const auto& p : cfgProblems(g)) FAIL_CHECK("malformed graph: " << p);
    return renderFlow(g);
  }
  FAIL_CHECK("no CFG named '" << name << "'");
  return {};
}

} // namespace

TEST_CASE("C: if/else-if/else, for with continue/break, switch with fallthrough, goto") {
  const char* code = R"c(
int f(int x) {
  if (x > 0) {
    x = 1;
  } else if (x < 0) {
    return -1;
  } else {
    x = 2;
  }
  for (int i = 0; i < x; i++) {
    if (i == 3) continue;
    if (i == 5) break;
    x += i;
  }
  switch (x) {
  case 1:
    x++;
  case 2:
    x--;
    break;
  default:
    x = 0;
  }
  goto out;
out:
  return x;
}
)c";
  CHECK(flow(Language::C, code, "f") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 condition `(x > 0)` -> B3 true, B4 false
B3 plain -> B7 fallthrough
B4 condition `(x < 0)` -> B5 true, B6 false
B5 return `return -1;` -> B1 return
B6 plain -> B7 fallthrough
B7 plain -> B8 fallthrough
B8 loop `i < x` -> B9 true, B14 false
B9 condition `(i == 3)` -> B10 true, B11 false
B10 plain `continue;` -> B8 continue
B11 condition `(i == 5)` -> B12 true, B13 false
B12 plain `break;` -> B14 break
B13 plain -> B8 back
B14 condition `(x)` -> B15 case, B16 case, B17 case
B15 arm `case 1:` -> B16 fallthrough
B16 arm `case 2:` -> B18 break
B17 arm `default:` -> B18 fallthrough
B18 plain `goto out;` -> B19 goto
B19 return `return x;` -> B1 return
)");
}

TEST_CASE("C++: function-try-block, range-for with throw, lambda as its own graph") {
  const char* code = R"cpp(
int h(std::vector<int> v) try {
  for (auto x : v) {
    if (x) throw std::runtime_error("x");
  }
  auto l = [&](int y) { while (y) { y--; } return y; };
  return 0;
} catch (const std::exception& e) {
  return 1;
}
)cpp";
  CHECK(flow(Language::Cpp, code, "h") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 try `try` -> B3 fallthrough, B8 exception
B3 loop `v` -> B4 true, B7 false, B8 exception
B4 condition `(x)` -> B5 true, B6 false, B8 exception
B5 throw `throw std::runtime_error("x");` -> B8 exception
B6 plain -> B3 back
B7 return `return 0;` -> B1 return, B8 exception
B8 catch `catch (const std::exception& e) {` -> B1 return
)");
  CHECK(flow(Language::Cpp, code, "") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 loop `(y)` -> B3 true, B4 false
B3 plain -> B2 back
B4 return `return y;` -> B1 return
)");
}

TEST_CASE("Python: raise, try/except/else/finally, for-else, match, with") {
  const char* code = R"py(
def f(items):
    for x in items:
        if x is None:
            continue
        if x < 0:
            break
    else:
        x = -1
    try:
        g(x)
    except ValueError as e:
        raise RuntimeError() from e
    except KeyError:
        return 0
    else:
        x += 1
    finally:
        cleanup()
    match x:
        case 0:
            return 1
        case _:
            pass
    with open("p") as fh:
        return fh.read()
)py";
  CHECK(flow(Language::Python, code, "f") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 loop `items` -> B3 true, B8 false
B3 condition `x is None` -> B4 true, B5 false
B4 plain `continue` -> B2 continue
B5 condition `x < 0` -> B6 true, B7 false
B6 plain `break` -> B9 break
B7 plain -> B2 back
B8 plain -> B9 fallthrough
B9 try `try` -> B10 exception, B11 exception, B12 fallthrough
B10 catch `except ValueError as e:` -> B13 exception
B11 catch `except KeyError:` -> B13 return
B12 plain -> B13 fallthrough
B13 finally `finally` -> B1 return, B1 exception, B14 fallthrough
B14 condition `x` -> B15 case, B16 case
B15 arm `case 0:` -> B1 return
B16 arm `case _:` -> B17 fallthrough
B17 return `return fh.read()` -> B1 return
)");
}

TEST_CASE("Rust: ? operator, match arms, labeled loop, let-else, closure") {
  const char* code = R"rs(
fn parse(s: &str) -> Result<i32, E> {
    let n = s.parse::<i32>()?;
    let v = match n {
        0 => return Ok(0),
        _ => n * 2,
    };
    'outer: loop {
        for i in 0..v {
            if i == 3 { continue 'outer; }
            if i == 4 { break 'outer; }
        }
    }
    let Some(x) = opt else { return Err(E) };
    let f = |a: i32| if a > 0 { a } else { -a };
    Ok(v)
}
)rs";
  CHECK(flow(Language::Rust, code, "parse") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 plain `let n = s.parse::<i32>()?;` -> B1 return, B3 fallthrough
B3 condition `n` -> B4 case, B5 case
B4 arm `0 => return Ok(0),` -> B1 return
B5 arm `_ => n * 2,` -> B6 fallthrough
B6 plain -> B7 fallthrough
B7 loop `'outer: loop {` -> B8 fallthrough
B8 loop `0..v` -> B9 true, B14 false
B9 condition `i == 3` -> B10 true, B11 false
B10 plain `continue 'outer` -> B7 continue
B11 condition `i == 4` -> B12 true, B13 false
B12 plain `break 'outer` -> B15 break
B13 plain -> B8 back
B14 plain -> B7 back
B15 plain `let Some(x) = opt else { return Err(E) };` -> B16 false, B17 true
B16 return `return Err(E)` -> B1 return
B17 plain -> B1 fallthrough
)");
  CHECK(flow(Language::Rust, code, "") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 condition `a > 0` -> B3 true, B4 false
B3 plain -> B1 fallthrough
B4 plain -> B1 fallthrough
)");
}

TEST_CASE("Go: labeled break/continue, switch with fallthrough, select, for forms") {
  const char* code = R"go(
package p

func Run(ch chan int, xs []int) int {
	total := 0
Outer:
	for _, x := range xs {
		switch {
		case x < 0:
			continue Outer
		case x == 0:
			fallthrough
		case x == 1:
			total++
		default:
			break Outer
		}
	}
	select {
	case v := <-ch:
		total += v
	default:
	}
	for {
		if total > 10 {
			break
		}
		total++
	}
	return total
}
)go";
  CHECK(flow(Language::Go, code, "Run") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 plain -> B3 fallthrough
B3 loop `xs` -> B4 true, B10 false
B4 condition `switch {` -> B5 case, B6 case, B7 case, B8 case
B5 arm `case x < 0:` -> B3 continue
B6 arm `case x == 0:` -> B7 fallthrough
B7 arm `case x == 1:` -> B9 fallthrough
B8 arm `default:` -> B10 break
B9 plain -> B3 back
B10 condition `select {` -> B11 case, B12 case
B11 arm `case v := <-ch:` -> B13 fallthrough
B12 arm `default:` -> B13 fallthrough
B13 loop `for {` -> B14 fallthrough
B14 condition `total > 10` -> B15 true, B16 false
B15 plain `break` -> B17 break
B16 plain -> B13 back
B17 return `return total` -> B1 return
)");
}

TEST_CASE("Java: labeled continue/break, switch rules and groups, try/catch/finally, lambda") {
  const char* code = R"java(
class T {
  int run(int[] xs) throws Exception {
    int t = 0;
    outer:
    for (int x : xs) {
      for (int i = 0; ; i++) {
        if (i > x) continue outer;
        if (i == 7) break outer;
      }
    }
    switch (t) {
      case 1 -> t = 2;
      default -> throw new IllegalStateException();
    }
    try {
      t = f(t);
    } catch (IOException e) {
      return -1;
    } finally {
      close();
    }
    Runnable r = () -> { if (t > 0) return; };
    return t;
  }
}
)java";
  CHECK(flow(Language::Java, code, "run") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 plain -> B3 fallthrough
B3 loop `xs` -> B5 true, B11 false
B4 loop `for (int i = 0; ; i++) {` -> B6 fallthrough
B5 plain -> B4 fallthrough
B6 condition `(i > x)` -> B7 true, B8 false
B7 plain `continue outer;` -> B3 continue
B8 condition `(i == 7)` -> B9 true, B10 false
B9 plain `break outer;` -> B11 break
B10 plain -> B4 back
B11 condition `(t)` -> B12 case, B13 case
B12 arm `case 1 -> t = 2;` -> B14 fallthrough
B13 arm `default -> throw new IllegalStateException();` -> B1 exception
B14 try `try` -> B15 exception, B16 fallthrough
B15 catch `catch (IOException e) {` -> B16 return
B16 finally `finally` -> B1 return, B17 fallthrough
B17 return `return t;` -> B1 return
)");
}

TEST_CASE("JavaScript: arrow functions get their own graphs; labeled continue out of try/catch/finally") {
  const char* code = R"js(
function g(a) {
  loop1: while (a) {
    try {
      if (a > 3) throw new Error("x");
      a--;
    } catch (e) {
      continue loop1;
    } finally {
      log(a);
    }
  }
  return a;
}
const k = async (xs) => { for (const v of xs) { if (v) return v; } return null; };
)js";
  CHECK(flow(Language::JavaScript, code, "g") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 loop `(a)` -> B3 true, B10 false
B3 try `try` -> B4 fallthrough, B7 exception
B4 condition `(a > 3)` -> B5 true, B6 false, B7 exception
B5 throw `throw new Error("x");` -> B7 exception
B6 plain -> B7 exception, B8 fallthrough
B7 catch `catch (e) {` -> B2 continue
B8 finally `finally` -> B9 fallthrough
B9 plain -> B2 back
B10 return `return a;` -> B1 return
)");
  CHECK(flow(Language::JavaScript, code, "k") == R"(B0 entry -> B2 fallthrough
B1 exit
B2 loop `xs` -> B3 true, B6 false
B3 condition `(v)` -> B4 true, B5 false
B4 return `return v;` -> B1 return
B5 plain -> B2 back
B6 return `return null;` -> B1 return
)");
}

TEST_CASE("TypeScript and TSX: switch fallthrough, do-while, method graphs") {
  const char* code = R"ts(
class S {
  run(x: number): number {
    switch (x) {
      case 1:
      case 2:
        return 1;
      default:
        x++;
    }
    do { x--; } while (x > 0);
    return x;
  }
}
)ts";
  const std::string expected = R"(B0 entry -> B2 fallthrough
B1 exit
B2 condition `(x)` -> B3 case, B4 case, B5 case
B3 arm `case 1:` -> B4 fallthrough
B4 arm `case 2:` -> B1 return
B5 arm `default:` -> B6 fallthrough
B6 plain -> B7 fallthrough
B7 loop `(x > 0)` -> B6 back, B8 false
B8 return `return x;` -> B1 return
)";
  CHECK(flow(Language::TypeScript, code, "run") == expected);
  CHECK(flow(Language::Tsx, code, "run") == expected);
}

TEST_CASE("ownership: a function's own graph carries its name, closures inside share its symbol") {
  Extractor extractor;
  const ExtractionResult r =
      extractor.extract(Language::JavaScript, "function outer() { return [1].map((x) => x + 1); }\nconst top = () => 1;\n");
  REQUIRE(r.cfgs.size() == 3);
  CHECK(r.cfgs[0].name == "outer");
  CHECK(r.cfgs[0].own);
  CHECK(r.cfgs[1].name.empty());
  CHECK_FALSE(r.cfgs[1].own);
  CHECK(r.cfgs[1].symbol == r.cfgs[0].symbol);
  CHECK(r.cfgs[1].nodeType == "arrow_function");
  CHECK(r.cfgs[2].name == "top");
  CHECK(r.cfgs[2].own);
}

TEST_CASE("AST outline: statements and declarations with parents, no expressions") {
  Extractor extractor;
  const ExtractionResult r = extractor.extract(Language::C, "int f(int x) {\n  if (x) {\n    return x + 1;\n  }\n  return 0;\n}\n");
  std::string rendered;
  for (const OutlineNode& n : r.outline)
    rendered += std::string(n.kind) + "@" + std::to_string(n.span.start.line + 1) + "<" + std::to_string(n.parent) + " ";
  CHECK(rendered == "function_definition@1<-1 compound_statement@1<0 if_statement@2<1 compound_statement@2<2 "
                    "return_statement@3<3 return_statement@5<1 ");
}

TEST_CASE("pathological nesting: the CFG is truncated to one block, the outline walk uses no recursion") {
  const int depth = 20000;
  std::string code = "int f(int x) {";
  for (int i = 0; i < depth; ++i) code += "if (x) {";
  code += "x++;";
  for (int i = 0; i < depth; ++i) code += "}";
  code += "}\n";
  Extractor extractor;
  const ExtractionResult r = extractor.extract(Language::C, code, 0);
  REQUIRE(r.cfgs.size() == 1);
  CHECK(r.cfgs[0].truncated);
  CHECK(renderFlow(r.cfgs[0]) == "B0 entry -> B2 fallthrough\nB1 exit\nB2 plain -> B1 fallthrough\n");
  CHECK(r.outline.size() == 2 * depth + 2);
  CHECK(r.outline.back().parent == static_cast<int32_t>(r.outline.size() - 2));

  // An else-if chain is followed iteratively: 3000 arms are no nesting.
  std::string chain = "def f(x):\n    if x == 0:\n        pass\n";
  for (int i = 1; i < 3000; ++i) chain += "    elif x == " + std::to_string(i) + ":\n        return " + std::to_string(i) + "\n";
  const ExtractionResult p = extractor.extract(Language::Python, chain, 0);
  REQUIRE(p.cfgs.size() == 1);
  CHECK_FALSE(p.cfgs[0].truncated);
  CHECK(cfgProblems(p.cfgs[0]).empty());
}
