// Private to templates/: one small tree for CloudFormation templates read from JSON or YAML,
// so that the walk over resources is written once. Every node keeps where it starts in the
// file, and a string node can say, for every byte of its text, which byte of the file it came
// from (through JSON escapes and YAML quoted, plain and block scalars).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecrlc::detail {

// How a scalar was written, which decides how its text maps back to the file.
enum class ScalarStyle { json, plain, single_quoted, double_quoted, literal, folded };

struct TreeNode {
  enum class Kind { mapping, sequence, scalar };
  Kind kind = Kind::scalar;
  // A YAML tag as written ("!Sub", "!Ref"); empty for none and for JSON.
  std::string tag;
  // Scalar: its value. A JSON number, true, false or null keeps its token and is not a string.
  std::string text;
  bool is_string = true;
  ScalarStyle style = ScalarStyle::json;
  std::size_t start = 0;  // first byte of the node, its YAML tag and anchor included
  std::size_t begin = 0;  // first byte of the value (for YAML, after its tag and anchor)
  std::size_t end = 0;    // one past the value
  // Mapping: keys and values, in order.
  struct Member {
    std::string key;
    const TreeNode* value = nullptr;
  };
  std::vector<Member> members;
  std::vector<const TreeNode*> items;  // sequence

  const TreeNode* find(std::string_view key) const;
  bool is_mapping() const { return kind == Kind::mapping; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_plain_string() const { return kind == Kind::scalar && is_string && tag.empty(); }
};

// A parsed document: its nodes (stable addresses) and the root.
struct Tree {
  std::deque<TreeNode> nodes;
  const TreeNode* root = nullptr;
};

// For every byte of a string node's text, the offset in `file` of the character it came from,
// plus one entry just past the value (text.size() + 1 entries). Where the node's source does
// not decode to its text (a YAML form this mapping does not know), every byte maps to the
// start of the value: diagnostics still land on the scalar, never elsewhere.
std::vector<std::size_t> string_offsets(std::string_view file, const TreeNode& node);

// Reads a syntax-checked JSON text into a tree (depth-first, no recursion limit needed: the
// syntax check bounds the depth).
Tree read_json_tree(std::string_view text);

// A YAML problem: where (byte offset in the file) and what, in libyaml's words.
struct YamlError {
  std::size_t offset = 0;
  std::string message;
};

// Reads the first document of a YAML text with libyaml: nodes keep their tags, aliases point
// at the node of their anchor (never copied, so an alias bomb costs nothing). Fails on a
// syntax error, an unknown alias, or more than `max_depth` nested collections.
struct YamlResult {
  Tree tree;
  std::optional<YamlError> error;
};
YamlResult read_yaml_tree(std::string_view text, std::size_t max_depth);

}  // namespace ecrlc::detail
