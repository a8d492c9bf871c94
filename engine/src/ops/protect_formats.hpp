// Private to ops/: the readers of each protect format (one file each) and the sink they add
// references and located diagnostics to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ecrlc/protect.hpp"
#include "ecrlc/source_map.hpp"
#include "json/lazy_value.hpp"

namespace ecrlc::detail {

// "/items/0" + "/" + key, with '~' and '/' escaped (RFC 6901).
std::string pointer_child(const std::string& pointer, std::string_view key);
std::string pointer_child(const std::string& pointer, std::size_t index);

// Collects the references of one JSON protect file with their places.
class ProtectSink {
 public:
  ProtectSink(ProtectList& list, std::string_view text) : m_list(list), m_map(text) {}

  // The image reference in string `value` (at `pointer`), used by `source`: an ECR reference
  // is kept, another registry's counted, anything else an error (E0803) at its byte.
  void add_image(const LazyValue& value, const std::string& pointer, const std::string& source);
  // The "image" of a container (Kubernetes, ECS) at `pointer`: an error when it has none.
  bool add_container_image(const LazyValue& container, const std::string& pointer,
                           const std::string& source);
  // ECS's imageDigest: `digest` (a bare sha256:...) of the image reference `image`.
  void add_digest(const LazyValue& image, const LazyValue& digest, const std::string& pointer,
                  const std::string& source);
  void error(std::size_t offset, const std::string& pointer, const std::string& message);
  void warning(std::size_t offset, const std::string& pointer, const std::string& message);

  // The string member `key` of `object`: an error when it is absent or not a string (a
  // required field of the output), else its text.
  std::optional<std::string> required_string(const LazyValue& object, std::string_view key,
                                             const std::string& pointer);
  // The array member `key` of `object`, or nullopt when absent (an empty list); an error
  // when it is present and no array.
  std::optional<LazyValue> optional_array(const LazyValue& object, std::string_view key,
                                          const std::string& pointer);
  // each(element, its pointer) for every element of optional_array(object, key, pointer).
  template <typename Each>
  void for_each_element(const LazyValue& object, std::string_view key, const std::string& pointer,
                        Each each) {
    const std::optional<LazyValue> array = optional_array(object, key, pointer);
    if (!array) {
      return;
    }
    const std::string array_pointer = pointer_child(pointer, key);
    std::size_t index = 0;
    for (const LazyValue& element : array->elements()) {
      each(element, pointer_child(array_pointer, index++));
    }
  }

 private:
  void add_parsed(const LazyValue& value, const std::string& pointer, const std::string& source,
                  std::string text, const std::vector<std::size_t>& offsets);

  ProtectList& m_list;
  SourceMap m_map;
};

// Each reader walks one recognised object (at `pointer`; "" for the whole file).
void read_kubernetes(const LazyValue& root, const std::string& pointer, ProtectSink& sink);
void read_ecs_tasks(const LazyValue& root, const std::string& pointer, ProtectSink& sink);
void read_ecs_task_definition(const LazyValue& root, const std::string& pointer, ProtectSink& sink);
void read_lambda_function(const LazyValue& root, const std::string& pointer, ProtectSink& sink);

// The line format.
void read_protect_lines(std::string_view text, ProtectList& list);

}  // namespace ecrlc::detail
