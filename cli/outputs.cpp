// Outputs of the commands: the files a command reads (never overwritten by its output) and
// the end of standard output.
#include "outputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "inputs.hpp"
#include "io/output_file.hpp"

namespace ecrlc::cli {

std::vector<std::string> command_inputs(const PolicyScopeOptions& scope,
                                        const std::vector<std::string>& images,
                                        const PolicySet* policies) {
  std::vector<std::string> inputs;
  for (const auto* paths : {&scope.policy, &scope.policy_map, &images}) {
    inputs.insert(inputs.end(), paths->begin(), paths->end());
  }
  if (policies != nullptr) {
    for (const PolicySource& source : policies->sources()) {
      inputs.push_back(source.file);
    }
  }
  inputs.erase(std::remove(inputs.begin(), inputs.end(), "-"), inputs.end());
  return inputs;
}

int finish_standard_output(std::ostream& out, std::ostream& err, std::string_view command,
                           int status) {
  out.flush();
  const auto* buffer = dynamic_cast<const io::FdOutputBuffer*>(out.rdbuf());
  const int error = buffer != nullptr ? buffer->error() : 0;
  if (error == EPIPE || (error == 0 && out)) {
    return status;  // EPIPE: the reader has all it wanted
  }
  err << "ecr-lifecycle" << (command.empty() ? "" : " ") << command
      << ": error: standard output: cannot write: "
      << (error != 0 ? std::string(std::strerror(error)) : std::string("the stream failed"))
      << "\n";
  return 2;
}

}  // namespace ecrlc::cli
