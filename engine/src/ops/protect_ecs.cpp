// Protect files from ECS: `aws ecs describe-tasks` (each container's image and the digest it
// runs: ECS pins deployments to digests) and `aws ecs describe-task-definition`.
#include <string>

#include "ops/protect_formats.hpp"

namespace ecrlc::detail {

void read_ecs_tasks(const LazyValue& root, const std::string& pointer, ProtectSink& sink) {
  const std::optional<LazyValue> tasks = sink.optional_array(root, "tasks", pointer);
  if (!tasks) {
    return;
  }
  const std::string tasks_pointer = pointer_child(pointer, "tasks");
  std::size_t t = 0;
  for (const LazyValue& task : tasks->elements()) {
    const std::string task_pointer = pointer_child(tasks_pointer, t++);
    const std::string arn = task.string_member("taskArn").value_or("?");
    const std::optional<LazyValue> containers =
        sink.optional_array(task, "containers", task_pointer);
    if (!containers) {
      continue;
    }
    const std::string containers_pointer = pointer_child(task_pointer, "containers");
    std::size_t c = 0;
    for (const LazyValue& container : containers->elements()) {
      const std::string at = pointer_child(containers_pointer, c++);
      const std::string source =
          "ECS task " + arn + " container " + container.string_member("name").value_or("?");
      if (!sink.add_container_image(container, at, source)) {
        continue;
      }
      if (const std::optional<LazyValue> digest = container.find("imageDigest")) {
        sink.add_digest(*container.find("image"), *digest, pointer_child(at, "imageDigest"),
                        source);
      }
    }
  }
}

void read_ecs_task_definition(const LazyValue& root, const std::string& pointer,
                              ProtectSink& sink) {
  const std::optional<LazyValue> definition = root.find("taskDefinition");
  const std::string definition_pointer = pointer_child(pointer, "taskDefinition");
  if (!definition || !definition->is_object()) {
    sink.error(root.offset(), definition_pointer, "expected an object \"taskDefinition\"");
    return;
  }
  const std::string arn = definition->string_member("taskDefinitionArn")
                              .value_or(definition->string_member("family").value_or("?"));
  const std::optional<LazyValue> containers =
      sink.optional_array(*definition, "containerDefinitions", definition_pointer);
  if (!containers) {
    return;
  }
  const std::string containers_pointer = pointer_child(definition_pointer, "containerDefinitions");
  std::size_t c = 0;
  for (const LazyValue& container : containers->elements()) {
    const std::string at = pointer_child(containers_pointer, c++);
    const std::string source = "ECS task definition " + arn + " container " +
                               container.string_member("name").value_or("?");
    sink.add_container_image(container, at, source);
  }
}

}  // namespace ecrlc::detail
