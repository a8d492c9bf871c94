// A syntax-checked JSON text as a Tree (CloudFormation JSON templates, CDK's cdk.out).
#include <string>
#include <utility>
#include <vector>

#include "json/lazy_value.hpp"
#include "templates/tree.hpp"

namespace ecrlc::detail {

const TreeNode* TreeNode::find(std::string_view key) const {
  for (const Member& member : members) {
    if (member.key == key) {
      return member.value;
    }
  }
  return nullptr;
}

Tree read_json_tree(std::string_view text) {
  Tree tree;
  struct Work {
    LazyValue value;
    TreeNode* node;
  };
  std::vector<Work> work;
  std::size_t start = 0;
  while (start < text.size() && text[start] != '{' && text[start] != '[' && text[start] != '"' &&
         text[start] != '-' && (text[start] < '0' || text[start] > '9') && text[start] != 't' &&
         text[start] != 'f' && text[start] != 'n') {
    ++start;  // blanks and a byte order mark
  }
  TreeNode* root = &tree.nodes.emplace_back();
  tree.root = root;
  work.push_back({LazyValue(text, start), root});
  while (!work.empty()) {
    Work item = work.back();
    work.pop_back();
    TreeNode& node = *item.node;
    node.begin = item.value.offset();
    node.start = node.begin;
    switch (item.value.type()) {
      case LazyValue::Type::object:
        node.kind = TreeNode::Kind::mapping;
        for (LazyValue::Member& member : item.value.members()) {
          TreeNode* child = &tree.nodes.emplace_back();
          node.members.push_back({std::move(member.key), child});
          work.push_back({member.value, child});
        }
        break;
      case LazyValue::Type::array:
        node.kind = TreeNode::Kind::sequence;
        for (const LazyValue& element : item.value.elements()) {
          TreeNode* child = &tree.nodes.emplace_back();
          node.items.push_back(child);
          work.push_back({element, child});
        }
        break;
      case LazyValue::Type::string:
        node.text = item.value.string().value_or("");
        break;
      default:
        node.is_string = false;
        break;
    }
  }
  return tree;
}

}  // namespace ecrlc::detail
