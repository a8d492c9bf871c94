// parse_protect_file: a protect file recognised by its content, handed to the reader of its
// format; and the merge of several files into one list.
#include <algorithm>
#include <array>
#include <utility>

#include "base/enum_names.hpp"
#include "json/syntax_check.hpp"
#include "ops/protect_formats.hpp"
#include "ops/protect_reference.hpp"

namespace ecrlc {

std::string_view to_json(ProtectFormat format) {
  static constexpr std::array<std::string_view, 6> k_names{
      "lines", "kubernetes", "ecs_tasks", "ecs_task_definition", "lambda_function", "array"};
  return detail::enum_name(format, k_names);
}

namespace {

// kubectl output nests a dozen levels (managedFields); far deeper is no such output.
constexpr std::size_t k_max_protect_depth = 256;

constexpr std::string_view k_shapes =
    "expected the line format (REPO:TAG, REPO@sha256:..., image URIs) or the JSON of kubectl "
    "get pods/workloads -o json, aws ecs describe-tasks, aws ecs describe-task-definition or "
    "aws lambda get-function";

// The format of one JSON object, by the members its producer always prints.
std::optional<ProtectFormat> object_format(const detail::LazyValue& object) {
  if (!object.is_object()) {
    return std::nullopt;
  }
  bool api_version = false;
  bool kind = false;
  for (const detail::LazyValue::Member& member : object.members()) {
    api_version = api_version || member.key == "apiVersion";
    kind = kind || member.key == "kind";
    if (member.key == "tasks") {
      return ProtectFormat::ecs_tasks;
    }
    if (member.key == "taskDefinition") {
      return ProtectFormat::ecs_task_definition;
    }
    if (member.key == "Code" || member.key == "Configuration") {
      return ProtectFormat::lambda_function;
    }
  }
  if (api_version && kind) {
    return ProtectFormat::kubernetes;
  }
  return std::nullopt;
}

void read_object(ProtectFormat format, const detail::LazyValue& object, const std::string& pointer,
                 detail::ProtectSink& sink) {
  using Reader = void (*)(const detail::LazyValue&, const std::string&, detail::ProtectSink&);
  // The reader of each format, in the order of ProtectFormat; lines and array are no object.
  static constexpr std::array<Reader, 6> k_readers{nullptr,
                                                   &detail::read_kubernetes,
                                                   &detail::read_ecs_tasks,
                                                   &detail::read_ecs_task_definition,
                                                   &detail::read_lambda_function,
                                                   nullptr};
  const auto index = static_cast<std::size_t>(format);
  if (index < k_readers.size() && k_readers[index] != nullptr) {
    k_readers[index](object, pointer, sink);
  }
}

void read_json(std::string_view text, std::size_t start, ProtectList& list) {
  const SourceMap map(text);
  if (auto error = detail::check_json_syntax(text.substr(start), k_max_protect_depth)) {
    const LineColumn at = map.locate(start + error->offset);
    list.diagnostics.error(error->code, "", at.line, at.column, error->message);
    return;
  }
  detail::ProtectSink sink(list, text);
  const detail::LazyValue root(text, start);
  auto unknown = [&](const detail::LazyValue& value, const std::string& pointer) {
    const LineColumn at = map.locate(value.offset());
    list.diagnostics.error(std::string(detail::k_protect_shape_code), pointer, at.line, at.column,
                           "not a protect file: " + std::string(k_shapes));
  };
  if (root.is_array()) {
    list.format = ProtectFormat::array;
    std::size_t index = 0;
    for (const detail::LazyValue& element : root.elements()) {
      const std::string pointer = detail::pointer_child("", index++);
      if (const auto format = object_format(element)) {
        read_object(*format, element, pointer, sink);
      } else {
        unknown(element, pointer);
      }
    }
    return;
  }
  const auto format = object_format(root);
  if (!format) {
    unknown(root, "");
    return;
  }
  list.format = *format;
  read_object(*format, root, "", sink);
}

}  // namespace

ProtectList parse_protect_file(std::string_view text) {
  ProtectList list;
  std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' ||
                                 text[start] == '\n')) {
    ++start;
  }
  if (start < text.size() && (text[start] == '{' || text[start] == '[')) {
    read_json(text, start, list);
    if (!list.diagnostics.has_error() && list.references.empty()) {
      const std::string others =
          list.other_registry == 0
              ? ""
              : " of ECR (" + std::to_string(list.other_registry) + " of other registries)";
      list.diagnostics.warning(std::string(detail::k_protect_empty_code), "", 1, 1,
                               "the file names no image" + others + ": it protects nothing");
    }
  } else {
    detail::read_protect_lines(text, list);
  }
  list.diagnostics.sort();
  return list;
}

ProtectList merge_protect_lists(std::vector<NamedProtectList> lists) {
  ProtectList merged;
  for (std::size_t f = 0; f < lists.size(); ++f) {
    ProtectList& list = lists[f].list;
    merged.files.push_back(std::move(lists[f].file));
    merged.format = f == 0 ? list.format : merged.format;
    for (ProtectReference& reference : list.references) {
      reference.file = f;
      merged.references.push_back(std::move(reference));
    }
    merged.other_registry += list.other_registry;
    for (std::string& host : list.other_registries) {
      merged.other_registries.push_back(std::move(host));
    }
  }
  std::sort(merged.other_registries.begin(), merged.other_registries.end());
  merged.other_registries.erase(
      std::unique(merged.other_registries.begin(), merged.other_registries.end()),
      merged.other_registries.end());
  return merged;
}

}  // namespace ecrlc
