// Protect files from ECS: `aws ecs describe-tasks` (each container's image and the digest it
// runs: ECS pins deployments to digests) and `aws ecs describe-task-definition`.
#include <string>

#include "ops/protect_formats.hpp"

namespace ecrlc::detail {

void read_ecs_tasks(const LazyValue& root, const std::string& pointer, ProtectSink& sink) {
  sink.for_each_element(root, "tasks", pointer, [&](const LazyValue& task, const std::string& at) {
    const std::string arn = task.string_member("taskArn").value_or("?");
    sink.for_each_element(
        task, "containers", at, [&](const LazyValue& container, const std::string& place) {
          const std::string source =
              "ECS task " + arn + " container " + container.string_member("name").value_or("?");
          if (!sink.add_container_image(container, place, source)) {
            return;
          }
          if (const std::optional<LazyValue> digest = container.find("imageDigest")) {
            sink.add_digest(*container.find("image"), *digest, pointer_child(place, "imageDigest"),
                            source);
          }
        });
  });
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
  sink.for_each_element(*definition, "containerDefinitions", definition_pointer,
                        [&](const LazyValue& container, const std::string& at) {
                          sink.add_container_image(
                              container, at,
                              "ECS task definition " + arn + " container " +
                                  container.string_member("name").value_or("?"));
                        });
}

}  // namespace ecrlc::detail
