// JSON conversions of the protocol structs: required fields via at() (a missing one throws, which
// the dispatcher answers with InvalidParams); optional fields only when set.
#include "lsp/Protocol.h"

namespace sextant::lsp {
using nlohmann::json;

void to_json(json& j, const Position& p) { j = json{{"line", p.line}, {"character", p.character}}; }
void from_json(const json& j, Position& p) {
  j.at("line").get_to(p.line);
  j.at("character").get_to(p.character);
}

void to_json(json& j, const Range& r) { j = json{{"start", r.start}, {"end", r.end}}; }
void from_json(const json& j, Range& r) {
  j.at("start").get_to(r.start);
  j.at("end").get_to(r.end);
}

void to_json(json& j, const Location& l) { j = json{{"uri", l.uri}, {"range", l.range}}; }

void from_json(const json& j, TextDocumentPositionParams& p) {
  j.at("textDocument").at("uri").get_to(p.uri);
  j.at("position").get_to(p.position);
}

void from_json(const json& j, TextDocumentItem& d) {
  j.at("uri").get_to(d.uri);
  if (j.contains("languageId")) j.at("languageId").get_to(d.languageId);
  if (j.contains("version")) j.at("version").get_to(d.version);
  j.at("text").get_to(d.text);
}

void to_json(json& j, const DocumentSymbol& s) {
  j = json{{"name", s.name}, {"kind", s.kind}, {"range", s.range}, {"selectionRange", s.selectionRange}};
  if (!s.detail.empty()) j["detail"] = s.detail;
  if (!s.children.empty()) j["children"] = s.children;
}

ClientCapabilities parseClientCapabilities(const json& capabilities) {
  ClientCapabilities caps;
  if (!capabilities.is_object()) return caps;
  auto at = [&](std::initializer_list<const char*> path) -> const json* {
    const json* node = &capabilities;
    for (const char* key : path) {
      if (!node->is_object() || !node->contains(key)) return nullptr;
      node = &(*node)[key];
    }
    return node;
  };
  if (auto* encs = at({"general", "positionEncodings"}); encs && encs->is_array())
    for (const auto& e : *encs)
      if (e.is_string()) caps.positionEncodings.push_back(e.get<std::string>());
  if (auto* p = at({"window", "workDoneProgress"}); p && p->is_boolean()) caps.workDoneProgress = p->get<bool>();
  if (auto* h = at({"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"}); h && h->is_boolean())
    caps.hierarchicalDocumentSymbol = h->get<bool>();
  if (auto* w = at({"workspace", "didChangeWatchedFiles", "dynamicRegistration"}); w && w->is_boolean())
    caps.watchedFilesRegistration = w->get<bool>();
  return caps;
}

} // namespace sextant::lsp
