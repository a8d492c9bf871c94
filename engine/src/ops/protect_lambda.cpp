// Protect files from Lambda: `aws lambda get-function` of a container image function
// (`Code.ImageUri`, the tag it was deployed from, and `Code.ResolvedImageUri`, the digest it
// runs: deleting that one fails the next cold start "trying to use a deleted image").
#include <array>
#include <string>

#include "ops/protect_formats.hpp"

namespace ecrlc::detail {

void read_lambda_function(const LazyValue& root, const std::string& pointer, ProtectSink& sink) {
  std::string name = "?";
  if (const std::optional<LazyValue> configuration = root.find("Configuration")) {
    name = configuration->string_member("FunctionName")
               .value_or(configuration->string_member("FunctionArn").value_or("?"));
  }
  const std::optional<LazyValue> code = root.find("Code");
  if (!code) {
    return;  // nothing deployed from an image
  }
  const std::string code_pointer = pointer_child(pointer, "Code");
  if (!code->is_object()) {
    sink.error(code->offset(), code_pointer, "expected an object \"Code\"");
    return;
  }
  // A .zip function (RepositoryType S3) names no image.
  for (const std::string_view key :
       std::array<std::string_view, 2>{"ImageUri", "ResolvedImageUri"}) {
    if (const std::optional<LazyValue> uri = code->find(key)) {
      sink.add_image(*uri, pointer_child(code_pointer, key), "Lambda function " + name);
    }
  }
}

}  // namespace ecrlc::detail
