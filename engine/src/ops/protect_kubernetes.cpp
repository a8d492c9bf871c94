// Protect files from Kubernetes: `kubectl get pods -A -o json` (every container, init and
// ephemeral container, and the digests the kubelet reports running) and the List of
// `kubectl get deployments,statefulsets,daemonsets,jobs,cronjobs -A -o json` (pod templates).
#include <array>
#include <set>
#include <string>
#include <utility>

#include "ops/protect_formats.hpp"

namespace ecrlc::detail {
namespace {

// The container lists of a pod spec and of its status, and how a source names them.
struct ContainerList {
  std::string_view spec_key;
  std::string_view status_key;
  std::string_view noun;
};
constexpr std::array<ContainerList, 3> k_container_lists = {{
    {"containers", "containerStatuses", "container"},
    {"initContainers", "initContainerStatuses", "init container"},
    {"ephemeralContainers", "ephemeralContainerStatuses", "ephemeral container"},
}};

// Where each kind keeps its pod template (PodSpec), as a path of keys from the object.
struct TemplatePath {
  std::string_view kind;
  std::array<std::string_view, 5> path;
};
constexpr std::array<TemplatePath, 8> k_template_paths = {{
    {"Pod", {"spec"}},
    {"Deployment", {"spec", "template", "spec"}},
    {"ReplicaSet", {"spec", "template", "spec"}},
    {"StatefulSet", {"spec", "template", "spec"}},
    {"DaemonSet", {"spec", "template", "spec"}},
    {"Job", {"spec", "template", "spec"}},
    {"ReplicationController", {"spec", "template", "spec"}},
    {"CronJob", {"spec", "jobTemplate", "spec", "template", "spec"}},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

class KubernetesReader {
 public:
  explicit KubernetesReader(ProtectSink& sink) : m_sink(sink) {}

  void read_object(const LazyValue& object, const std::string& pointer,
                   std::string_view list_kind) {
    if (!object.is_object()) {
      m_sink.error(object.offset(), pointer, "expected a Kubernetes object");
      return;
    }
    // A typed list (PodList from the API) may leave out its items' kind.
    std::string kind = object.string_member("kind").value_or(std::string(list_kind));
    const std::optional<LazyValue> metadata = object.find("metadata");
    std::string name;
    if (metadata) {
      const std::string space = metadata->string_member("namespace").value_or("");
      name = (space.empty() ? "" : space + "/") + metadata->string_member("name").value_or("?");
    }
    const std::string owner = lower(kind) + " " + name;
    std::string spec_pointer = pointer;
    std::optional<LazyValue> spec = find_template(object, kind, spec_pointer);
    if (!spec) {
      if (m_ignored_kinds.insert(kind).second) {
        m_sink.warning(object.offset(), pointer,
                       "a " + (kind.empty() ? std::string("object without kind") : kind) +
                           " has no pod template: ignored (kubectl get pods and workloads "
                           "name images)");
      }
      return;
    }
    read_pod_spec(*spec, spec_pointer, owner);
    if (kind == "Pod") {
      if (const std::optional<LazyValue> status = object.find("status")) {
        read_pod_status(*status, pointer_child(pointer, "status"), owner);
      }
    }
  }

 private:
  // The PodSpec of a known kind, or of any kind with spec.template.spec (custom workloads
  // such as Argo Rollouts use the Deployment layout).
  static std::optional<LazyValue> find_template(const LazyValue& object, std::string_view kind,
                                                std::string& pointer) {
    std::array<std::string_view, 5> path = {"spec", "template", "spec"};
    for (const TemplatePath& known : k_template_paths) {
      if (known.kind == kind) {
        path = known.path;
      }
    }
    std::optional<LazyValue> value = object;
    for (const std::string_view key : path) {
      if (key.empty()) {
        break;
      }
      value = value->find(key);
      if (!value || !value->is_object()) {
        return std::nullopt;
      }
      pointer = pointer_child(pointer, key);
    }
    return value;
  }

  void read_pod_spec(const LazyValue& spec, const std::string& pointer, const std::string& owner) {
    for (const ContainerList& list : k_container_lists) {
      m_sink.for_each_element(
          spec, list.spec_key, pointer, [&](const LazyValue& container, const std::string& at) {
            m_sink.add_container_image(container, at,
                                       owner + " " + std::string(list.noun) + " " +
                                           container.string_member("name").value_or("?"));
          });
    }
  }

  // The digests the kubelet reports: what runs, even when the tag has moved since.
  void read_pod_status(const LazyValue& status, const std::string& pointer,
                       const std::string& owner) {
    for (const ContainerList& list : k_container_lists) {
      m_sink.for_each_element(
          status, list.status_key, pointer, [&](const LazyValue& entry, const std::string& at) {
            const std::optional<LazyValue> image_id = entry.find("imageID");
            const std::optional<std::string> text = image_id ? image_id->string() : std::nullopt;
            // Empty while the image is pulled; a bare sha256: is the image config's ID (a
            // runtime without registry digests), no manifest: the spec image protects the
            // container then.
            if (!text || text->empty() || text->starts_with("sha256:")) {
              return;
            }
            m_sink.add_image(*image_id, pointer_child(at, "imageID"),
                             owner + " " + std::string(list.noun) + " " +
                                 entry.string_member("name").value_or("?"));
          });
    }
  }

  ProtectSink& m_sink;
  std::set<std::string, std::less<>> m_ignored_kinds;
};

}  // namespace

void read_kubernetes(const LazyValue& root, const std::string& pointer, ProtectSink& sink) {
  KubernetesReader reader(sink);
  const std::string kind = root.string_member("kind").value_or("");
  if (kind.ends_with("List")) {
    const std::string item_kind = kind == "List" ? "" : kind.substr(0, kind.size() - 4);
    sink.for_each_element(root, "items", pointer,
                          [&](const LazyValue& item, const std::string& at) {
                            reader.read_object(item, at, item_kind);
                          });
    return;
  }
  reader.read_object(root, pointer, kind);
}

}  // namespace ecrlc::detail
