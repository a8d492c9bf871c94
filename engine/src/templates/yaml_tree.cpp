// YAML to Tree with libyaml's event parser: it keeps tags, scalar styles and exact start and
// end marks, which is what located diagnostics inside a template need.
#include <yaml.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "templates/tree.hpp"

namespace ecrlc::detail {
namespace {

// libyaml counts marks in characters; diagnostics count bytes. Marks arrive almost in order,
// so a cursor that walks from the last position converts each in a few steps.
class CharCursor {
 public:
  explicit CharCursor(std::string_view text) : m_text(text) {}

  std::size_t byte_of(std::size_t char_index) {
    while (m_char < char_index && m_byte < m_text.size()) {
      m_byte += width(m_byte);
      ++m_char;
    }
    while (m_char > char_index && m_byte > m_start) {
      --m_byte;
      while (m_byte > m_start && is_continuation(m_text[m_byte])) {
        --m_byte;
      }
      --m_char;
    }
    return m_byte;
  }
  // libyaml reads past a byte order mark without counting it.
  void skip_bom() {
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_start = m_byte = 3;
    }
  }

 private:
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }
  std::size_t width(std::size_t at) const {
    std::size_t next = at + 1;
    while (next < m_text.size() && is_continuation(m_text[next])) {
      ++next;
    }
    return next - at;
  }

  std::string_view m_text;
  std::size_t m_start = 0;
  std::size_t m_byte = 0;
  std::size_t m_char = 0;
};

ScalarStyle style_of(yaml_scalar_style_t style) {
  switch (style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::single_quoted;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
      return ScalarStyle::double_quoted;
    case YAML_LITERAL_SCALAR_STYLE:
      return ScalarStyle::literal;
    case YAML_FOLDED_SCALAR_STYLE:
      return ScalarStyle::folded;
    default:
      return ScalarStyle::plain;
  }
}

// The first byte of a node's value: libyaml's start mark is at its tag or anchor.
std::size_t skip_properties(std::string_view text, std::size_t at, std::size_t end) {
  while (at < end) {
    const char c = text[at];
    if (c == '!' || c == '&') {
      while (at < end && text[at] != ' ' && text[at] != '\t' && text[at] != '\n' &&
             text[at] != '\r') {
        ++at;
      }
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++at;
    } else if (c == '#' && at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) {
      while (at < end && text[at] != '\n') {
        ++at;
      }
    } else {
      break;
    }
  }
  return at;
}

// Plain scalars that YAML 1.1 (CloudFormation's) resolves to something else than a string.
bool plain_is_string(std::string_view value) {
  if (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL" ||
      value == "true" || value == "True" || value == "TRUE" || value == "false" ||
      value == "False" || value == "FALSE") {
    return false;
  }
  const std::size_t digits = value.find_first_not_of("+-0123456789.eE");
  return digits != std::string_view::npos;
}

struct EventDeleter {
  void operator()(yaml_event_t* event) const { yaml_event_delete(event); }
};

class YamlBuilder {
 public:
  YamlBuilder(std::string_view text, std::size_t max_depth)
      : m_text(text), m_cursor(text), m_max_depth(max_depth) {
    m_cursor.skip_bom();
  }

  YamlResult run() {
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) {
      return fail(0, "out of memory");
    }
    std::unique_ptr<yaml_parser_t, decltype(&yaml_parser_delete)> owned(&parser,
                                                                        &yaml_parser_delete);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libyaml takes bytes
    const auto* bytes = reinterpret_cast<const unsigned char*>(m_text.data());
    yaml_parser_set_input_string(&parser, bytes, m_text.size());
    while (true) {
      yaml_event_t event;
      if (yaml_parser_parse(&parser, &event) == 0) {
        // libyaml's words: "found unexpected end of stream" (problem) "while scanning a
        // quoted scalar" (context), which starts at the context mark.
        std::string message = "expected valid YAML, ";
        message += parser.problem != nullptr ? parser.problem : "got invalid YAML";
        if (parser.context != nullptr) {
          message += std::string(" ") + parser.context + " that starts at line " +
                     std::to_string(parser.context_mark.line + 1) + ", column " +
                     std::to_string(parser.context_mark.column + 1);
        }
        return fail(m_cursor.byte_of(parser.problem_mark.index), std::move(message));
      }
      std::unique_ptr<yaml_event_t, EventDeleter> guard(&event);
      if (event.type == YAML_STREAM_END_EVENT || event.type == YAML_DOCUMENT_END_EVENT) {
        break;
      }
      if (auto failed = handle(event)) {
        return std::move(*failed);
      }
      if (m_result.tree.root != nullptr && m_stack.empty()) {
        break;  // CloudFormation reads one document
      }
    }
    return std::move(m_result);
  }

 private:
  YamlResult fail(std::size_t offset, std::string message) {
    m_result.tree.root = nullptr;
    m_result.error = YamlError{offset, std::move(message)};
    return std::move(m_result);
  }

  static std::string tag_of(const yaml_char_t* tag) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libyaml's bytes
    return tag != nullptr ? std::string(reinterpret_cast<const char*>(tag)) : std::string();
  }

  std::optional<YamlResult> handle(const yaml_event_t& event) {
    const std::size_t start = m_cursor.byte_of(event.start_mark.index);
    const std::size_t stop = m_cursor.byte_of(event.end_mark.index);
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        TreeNode& node = m_result.tree.nodes.emplace_back();
        node.kind = TreeNode::Kind::scalar;
        node.tag = tag_of(event.data.scalar.tag);
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): libyaml's bytes
        node.text.assign(reinterpret_cast<const char*>(event.data.scalar.value),
                         event.data.scalar.length);
        node.style = style_of(event.data.scalar.style);
        node.is_string =
            node.style != ScalarStyle::plain || !node.tag.empty() || plain_is_string(node.text);
        node.start = start;
        node.begin = skip_properties(m_text, start, stop);
        node.end = stop;
        return attach(node, event.data.scalar.anchor);
      }
      case YAML_ALIAS_EVENT: {
        auto found = m_anchors.find(tag_of(event.data.alias.anchor));
        if (found == m_anchors.end()) {
          return fail(start,
                      "expected a defined anchor, got alias *" + tag_of(event.data.alias.anchor));
        }
        return attach(*found->second, nullptr);
      }
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT: {
        if (m_stack.size() >= m_max_depth) {
          return fail(start, "expected at most " + std::to_string(m_max_depth) +
                                 " nested mappings and sequences, got more");
        }
        TreeNode& node = m_result.tree.nodes.emplace_back();
        const bool mapping = event.type == YAML_MAPPING_START_EVENT;
        node.kind = mapping ? TreeNode::Kind::mapping : TreeNode::Kind::sequence;
        node.tag = tag_of(mapping ? event.data.mapping_start.tag : event.data.sequence_start.tag);
        node.start = start;
        node.begin = skip_properties(m_text, start, stop);
        const yaml_char_t* anchor =
            mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor;
        m_stack.push_back({&node, tag_of(anchor), {}, false});
        return std::nullopt;
      }
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT: {
        Open open = std::move(m_stack.back());
        m_stack.pop_back();
        open.node->end = stop;
        // An anchor is known once its node is complete: `&a [*a]` cannot make a cycle.
        return attach(*open.node, nullptr, open.anchor);
      }
      default:
        return std::nullopt;
    }
  }

  std::optional<YamlResult> attach(const TreeNode& node, const yaml_char_t* anchor,
                                   const std::string& named = {}) {
    const std::string name = anchor != nullptr ? tag_of(anchor) : named;
    if (!name.empty()) {
      m_anchors[name] = &node;
    }
    if (m_stack.empty()) {
      m_result.tree.root = &node;
      return std::nullopt;
    }
    Open& parent = m_stack.back();
    if (parent.node->kind == TreeNode::Kind::sequence) {
      parent.node->items.push_back(&node);
    } else if (!parent.has_key) {
      // Keys that are not scalars (complex keys) never name a CloudFormation field.
      parent.key = node.is_scalar() ? node.text : std::string();
      parent.has_key = true;
    } else {
      parent.node->members.push_back({std::move(parent.key), &node});
      parent.has_key = false;
    }
    return std::nullopt;
  }

  struct Open {
    TreeNode* node;
    std::string anchor;
    std::string key;
    bool has_key;
  };

  std::string_view m_text;
  CharCursor m_cursor;
  std::size_t m_max_depth;
  YamlResult m_result;
  std::vector<Open> m_stack;
  std::map<std::string, const TreeNode*> m_anchors;
};

}  // namespace

YamlResult read_yaml_tree(std::string_view text, std::size_t max_depth) {
  return YamlBuilder(text, max_depth).run();
}

}  // namespace ecrlc::detail
