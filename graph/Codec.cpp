// LEB128 varints and length-prefixed strings: compact, and endian-independent on disk.
#include "graph/Codec.h"

#include <cstdint>

namespace sextant::graph {
namespace {

class Writer {
public:
  void u(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void s(int64_t v) { u((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); } // zigzag
  void str(std::string_view v) {
    u(v.size());
    out_.append(v);
  }
  void fixed64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void point(const Point& p) {
    u(p.line);
    u(p.column);
  }
  void span(const Span& sp) {
    point(sp.start);
    point(sp.end);
    u(sp.startByte);
    u(sp.endByte);
  }
  // A span as deltas from an anchor: start line and byte relative to the anchor, end relative
  // to the start; columns as they are.
  void relSpan(const Span& sp, Point anchor, uint32_t anchorByte) {
    s(static_cast<int64_t>(sp.start.line) - anchor.line);
    u(sp.start.column);
    s(static_cast<int64_t>(sp.end.line) - sp.start.line);
    u(sp.end.column);
    s(static_cast<int64_t>(sp.startByte) - anchorByte);
    s(static_cast<int64_t>(sp.endByte) - sp.startByte);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

class Reader {
public:
  explicit Reader(std::string_view in, const char* what) : in_(in), what_(what) {}
  uint64_t u() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) fail();
      auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    fail();
  }
  uint32_t u32() {
    uint64_t v = u();
    if (v > UINT32_MAX) fail();
    return static_cast<uint32_t>(v);
  }
  int64_t s() {
    uint64_t v = u();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  std::string str() { return std::string(view()); }
  /// A length-prefixed string without copying it (valid as long as the input).
  std::string_view view() {
    uint64_t n = u();
    if (n > in_.size() - pos_) fail();
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  uint64_t fixed64() {
    if (in_.size() - pos_ < 8) fail();
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  Point point() {
    Point p;
    p.line = u32();
    p.column = u32();
    return p;
  }
  Span span() {
    Span sp;
    sp.start = point();
    sp.end = point();
    sp.startByte = u32();
    sp.endByte = u32();
    return sp;
  }
  Span relSpan(Point anchor, uint32_t anchorByte) {
    auto add = [&](int64_t base, int64_t delta) {
      // Both operands are checked first: a hostile delta near INT64_MAX must not overflow.
      if (delta < -static_cast<int64_t>(UINT32_MAX) || delta > static_cast<int64_t>(UINT32_MAX)) fail();
      const int64_t v = base + delta;
      if (v < 0 || v > UINT32_MAX) fail();
      return static_cast<uint32_t>(v);
    };
    Span sp;
    sp.start.line = add(anchor.line, s());
    sp.start.column = u32();
    sp.end.line = add(sp.start.line, s());
    sp.end.column = u32();
    sp.startByte = add(anchorByte, s());
    sp.endByte = add(sp.startByte, s());
    return sp;
  }
  /// A count of records that each take at least one byte: more than the bytes left is corrupt.
  uint64_t count() {
    uint64_t n = u();
    if (n > in_.size() - pos_) fail();
    return n;
  }
  bool atEnd() const { return pos_ == in_.size(); }
  void finish() {
    if (!atEnd()) fail();
  }
  [[noreturn]] void fail() const { throw CorruptValue(std::string("corrupt ") + what_ + " value"); }

private:
  std::string_view in_;
  size_t pos_ = 0;
  const char* what_;
};

template <typename E> E enumIn(Reader& r, unsigned lo, unsigned hi) {
  uint64_t v = r.u();
  if (v < lo || v > hi) r.fail();
  return static_cast<E>(v);
}

} // namespace

std::string encode(const FileRecord& r) {
  Writer w;
  w.u(r.size);
  w.s(r.mtimeNs);
  w.fixed64(r.hash.high);
  w.fixed64(r.hash.low);
  w.u(static_cast<uint8_t>(r.language));
  w.u(r.definitions);
  w.u(r.references);
  w.u(r.calls);
  w.u(r.syntaxErrors);
  w.u(r.ascii ? 1 : 0);
  return w.take();
}

FileRecord decodeFile(std::string_view bytes) {
  Reader rd(bytes, "file:");
  FileRecord r;
  r.size = rd.u();
  r.mtimeNs = rd.s();
  r.hash.high = rd.fixed64();
  r.hash.low = rd.fixed64();
  r.language = enumIn<Language>(rd, 1, 255);
  r.definitions = rd.u32();
  r.references = rd.u32();
  r.calls = rd.u32();
  r.syntaxErrors = rd.u32();
  uint64_t ascii = rd.u();
  if (ascii > 1) rd.fail();
  r.ascii = ascii == 1;
  rd.finish();
  return r;
}

std::string encode(const SymbolRecord& r) {
  Writer w;
  w.str(r.name);
  w.u(static_cast<uint8_t>(r.kind));
  w.span(r.range);
  w.span(r.selectionRange);
  w.s(r.parent);
  w.str(r.qualifier);
  w.str(r.signature);
  w.u((r.isDeclaration ? 1 : 0) | (r.inOutline ? 0 : 2) | (r.hasRegion() ? 4 : 0));
  w.str(r.type);
  w.str(r.doc);
  w.u(static_cast<uint8_t>(r.visibility));
  if (r.hasRegion()) {
    w.u(r.regionStartByte);
    w.u(r.regionEndByte - r.regionStartByte);
  }
  return w.take();
}

SymbolRecord decodeSymbol(std::string_view bytes) {
  Reader rd(bytes, "sym:d:");
  SymbolRecord r;
  r.name = rd.str();
  r.kind = enumIn<SymbolKind>(rd, 1, 26);
  r.range = rd.span();
  r.selectionRange = rd.span();
  r.parent = static_cast<int32_t>(rd.s());
  r.qualifier = rd.str();
  r.signature = rd.str();
  uint64_t flags = rd.u();
  r.isDeclaration = flags & 1;
  r.inOutline = !(flags & 2);
  r.type = rd.str();
  r.doc = rd.str();
  r.visibility = enumIn<Visibility>(rd, 0, 5);
  if (flags & 4) {
    uint64_t start = rd.u(), size = rd.u();
    if (size == 0 || start + size > UINT32_MAX) rd.fail();
    r.regionStartByte = static_cast<uint32_t>(start);
    r.regionEndByte = static_cast<uint32_t>(start + size);
  }
  rd.finish();
  return r;
}

std::string encode(const NameEntry& r) {
  Writer w;
  w.u(static_cast<uint8_t>(r.kind));
  w.u((r.isDeclaration ? 1 : 0) | (r.local ? 2 : 0));
  return w.take();
}

NameEntry decodeNameEntry(std::string_view bytes) {
  Reader rd(bytes, "sym:n:");
  NameEntry r;
  r.kind = enumIn<SymbolKind>(rd, 1, 26);
  uint64_t flags = rd.u();
  if (flags > 3) rd.fail();
  r.isDeclaration = flags & 1;
  r.local = flags & 2;
  rd.finish();
  return r;
}

std::string encode(const ChunkRecord& r) {
  Writer w;
  w.fixed64(r.hash);
  w.u(r.symbol);
  return w.take();
}

ChunkRecord decodeChunk(std::string_view bytes) {
  Reader rd(bytes, "chunk:");
  ChunkRecord r;
  r.hash = rd.fixed64();
  r.symbol = rd.u32();
  rd.finish();
  return r;
}

std::string encode(const std::vector<ReferenceRecord>& refs) {
  Writer w;
  w.u(refs.size());
  for (const auto& r : refs) {
    w.str(r.name);
    w.u(static_cast<uint8_t>(r.role));
    w.span(r.span);
    w.s(r.enclosing);
    w.str(r.receiver);
    if (r.role == RefRole::Call) w.u(static_cast<uint64_t>(std::max(r.arguments, -1) + 1)); // 0: not known
  }
  return w.take();
}

std::vector<ReferenceRecord> decodeReferences(std::string_view bytes) {
  Reader rd(bytes, "ref:");
  uint64_t n = rd.count();
  std::vector<ReferenceRecord> refs(n);
  for (auto& r : refs) {
    r.name = rd.str();
    r.role = enumIn<RefRole>(rd, 1, 6);
    r.span = rd.span();
    r.enclosing = static_cast<int32_t>(rd.s());
    r.receiver = rd.str();
    if (r.role == RefRole::Call) r.arguments = static_cast<int32_t>(std::min<uint64_t>(rd.u(), 1u << 20)) - 1;
  }
  rd.finish();
  return refs;
}

std::string encode(const ResolutionRecord& r) {
  Writer w;
  w.fixed64(r.referencesHash);
  w.u(r.targets.size());
  for (const auto& t : r.targets) w.str(t);
  w.u(r.byReference.size());
  for (const auto& list : r.byReference) {
    w.u(list.size());
    for (uint32_t t : list) w.u(t);
  }
  return w.take();
}

ResolutionRecord decodeResolutions(std::string_view bytes) {
  Reader rd(bytes, "ref:r:");
  ResolutionRecord r;
  r.referencesHash = rd.fixed64();
  r.targets.resize(rd.count());
  for (auto& t : r.targets) t = rd.str();
  r.byReference.resize(rd.count());
  for (auto& list : r.byReference) {
    list.resize(rd.count());
    for (auto& t : list) {
      t = rd.u32();
      if (t >= r.targets.size()) rd.fail();
    }
  }
  rd.finish();
  return r;
}

std::string encode(const std::vector<LinkedRef>& refs) {
  Writer w;
  w.u(refs.size());
  for (const auto& r : refs) {
    w.u(r.reference);
    w.u(static_cast<uint8_t>(r.role));
    w.span(r.span);
    w.s(r.caller);
  }
  return w.take();
}

std::vector<LinkedRef> decodeLinkedRefs(std::string_view bytes) {
  Reader rd(bytes, "ref:t:");
  std::vector<LinkedRef> refs(rd.count());
  for (auto& r : refs) {
    r.reference = rd.u32();
    r.role = enumIn<RefRole>(rd, 1, 6);
    r.span = rd.span();
    int64_t caller = rd.s();
    if (caller < -1 || caller > INT32_MAX) rd.fail();
    r.caller = static_cast<int32_t>(caller);
  }
  rd.finish();
  return refs;
}

namespace {

void writeStrings(Writer& w, const std::vector<std::string>& strings) {
  w.u(strings.size());
  for (const auto& s : strings) w.str(s);
}

std::vector<std::string> readStrings(Reader& rd) {
  std::vector<std::string> strings(rd.count());
  for (auto& s : strings) s = rd.str();
  return strings;
}

} // namespace

std::string encode(const LinkMarker& m) {
  Writer w;
  w.fixed64(m.nonce);
  writeStrings(w, m.names);
  return w.take();
}

LinkMarker decodeLinkMarker(std::string_view bytes) {
  Reader rd(bytes, "link:");
  LinkMarker m;
  m.nonce = rd.fixed64();
  m.names = readStrings(rd);
  rd.finish();
  return m;
}

std::string encode(const IncludeFoldersRecord& r) {
  Writer w;
  writeStrings(w, r.folders);
  return w.take();
}

IncludeFoldersRecord decodeIncludeFolders(std::string_view bytes) {
  Reader rd(bytes, "inc:");
  IncludeFoldersRecord r{readStrings(rd)};
  rd.finish();
  return r;
}

std::string encode(const std::vector<ImportRecord>& imports) {
  Writer w;
  w.u(imports.size());
  for (const auto& i : imports) {
    w.str(i.target);
    w.span(i.span);
    w.u(i.system ? 1 : 0);
  }
  return w.take();
}

std::vector<ImportRecord> decodeImports(std::string_view bytes) {
  Reader rd(bytes, "imp:");
  uint64_t n = rd.u();
  if (n > bytes.size()) rd.fail();
  std::vector<ImportRecord> imports(n);
  for (auto& i : imports) {
    i.target = rd.str();
    i.span = rd.span();
    i.system = rd.u() != 0;
  }
  rd.finish();
  return imports;
}

std::string encode(const std::vector<SyntaxErrorRecord>& errors) {
  Writer w;
  w.u(errors.size());
  for (const auto& e : errors) {
    w.span(e.span);
    w.u(e.missing ? 1 : 0);
    w.str(e.description);
  }
  return w.take();
}

std::vector<SyntaxErrorRecord> decodeSyntaxErrors(std::string_view bytes) {
  Reader rd(bytes, "err:");
  uint64_t n = rd.u();
  if (n > bytes.size()) rd.fail();
  std::vector<SyntaxErrorRecord> errors(n);
  for (auto& e : errors) {
    e.span = rd.span();
    e.missing = rd.u() != 0;
    e.description = rd.str();
  }
  rd.finish();
  return errors;
}

// ast: kinds table, then nodes in pre-order, each span relative to the previous node's start
// (small deltas), parent as a backwards distance (0 = none).
std::string encode(const AstRecord& ast) {
  Writer w;
  w.u(ast.kinds.size());
  for (const auto& k : ast.kinds) w.str(k);
  w.u(ast.nodes.size());
  Point prev;
  uint32_t prevByte = 0;
  for (size_t i = 0; i < ast.nodes.size(); ++i) {
    const AstNodeRecord& n = ast.nodes[i];
    w.u(n.kind);
    w.relSpan(n.span, prev, prevByte);
    w.u(n.parent < 0 ? 0 : i - static_cast<size_t>(n.parent));
    prev = n.span.start, prevByte = n.span.startByte;
  }
  return w.take();
}

AstRecord decodeAst(std::string_view bytes) {
  Reader rd(bytes, "ast:");
  AstRecord ast;
  ast.kinds.resize(rd.count());
  for (auto& k : ast.kinds) k = rd.str();
  ast.nodes.resize(rd.count());
  Point prev;
  uint32_t prevByte = 0;
  for (size_t i = 0; i < ast.nodes.size(); ++i) {
    AstNodeRecord& n = ast.nodes[i];
    n.kind = rd.u32();
    if (n.kind >= ast.kinds.size()) rd.fail();
    n.span = rd.relSpan(prev, prevByte);
    const uint64_t up = rd.u();
    if (up > i) rd.fail();
    n.parent = up == 0 ? -1 : static_cast<int32_t>(i - up);
    prev = n.span.start, prevByte = n.span.startByte;
  }
  rd.finish();
  return ast;
}

std::string encode(const std::vector<CfgRecord>& cfgs, Point anchor, uint32_t anchorByte) {
  Writer w;
  w.u(cfgs.size());
  for (const CfgRecord& g : cfgs) {
    w.str(g.name);
    w.str(g.nodeType);
    w.relSpan(g.range, anchor, anchorByte);
    w.u((g.own ? 1 : 0) | (g.truncated ? 2 : 0));
    w.u(g.blocks.size());
    for (const CfgBlockRecord& b : g.blocks) {
      w.u(static_cast<uint8_t>(b.kind));
      w.relSpan(b.span, anchor, anchorByte);
      w.str(b.terminator);
      w.str(b.label);
    }
    w.u(g.edges.size());
    for (const CfgEdge& e : g.edges) {
      w.u(e.from);
      w.u(e.to);
      w.u(static_cast<uint8_t>(e.kind));
    }
  }
  return w.take();
}

std::vector<CfgRecord> decodeCfgs(std::string_view bytes, Point anchor, uint32_t anchorByte) {
  Reader rd(bytes, "cfg:");
  std::vector<CfgRecord> cfgs(rd.count());
  for (CfgRecord& g : cfgs) {
    g.name = rd.str();
    g.nodeType = rd.str();
    g.range = rd.relSpan(anchor, anchorByte);
    const uint64_t flags = rd.u();
    if (flags > 3) rd.fail();
    g.own = flags & 1, g.truncated = flags & 2;
    g.blocks.resize(rd.count());
    for (CfgBlockRecord& b : g.blocks) {
      b.kind = enumIn<BlockKind>(rd, 1, 11);
      b.span = rd.relSpan(anchor, anchorByte);
      b.terminator = rd.str();
      b.label = rd.str();
    }
    g.edges.resize(rd.count());
    for (CfgEdge& e : g.edges) {
      e.from = rd.u32();
      e.to = rd.u32();
      if (e.from >= g.blocks.size() || e.to >= g.blocks.size()) rd.fail();
      e.kind = enumIn<EdgeKind>(rd, 1, 10);
    }
  }
  rd.finish();
  return cfgs;
}

} // namespace sextant::graph
