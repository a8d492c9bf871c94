// AwsCli: the argument list of every AWS call and the reading of a failed call's stderr.
#include "io/aws_cli.hpp"

#include <array>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "io/process.hpp"

namespace ecrlc::io {
namespace {

constexpr std::size_t k_stderr_lines = 10;

// A word as a POSIX shell would need it, so that a shown command can be pasted and rerun.
std::string shell_word(const std::string& word) {
  constexpr std::string_view safe =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=@,+-%";
  if (!word.empty() && word.find_first_not_of(safe) == std::string::npos) {
    return word;
  }
  std::string quoted = "'";
  for (const char c : word) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += '\'';
  return quoted;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& word : argv) {
    if (!line.empty()) {
      line += ' ';
    }
    line += shell_word(word);
  }
  return line;
}

// The first lines of `err`, without blank lines (the CLI starts its messages with one).
std::string head_lines(const std::string& err) {
  std::string head;
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start < err.size() && lines < k_stderr_lines) {
    std::size_t end = err.find('\n', start);
    if (end == std::string::npos) {
      end = err.size();
    }
    const std::string_view line(err.data() + start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      if (!head.empty()) {
        head += '\n';
      }
      head += line;
      ++lines;
    }
    start = end + 1;
  }
  return head;
}

// CODE of "An error occurred (CODE) when calling the OPERATION operation: ...".
std::string error_code(const std::string& err) {
  constexpr std::string_view marker = "An error occurred (";
  const std::size_t at = err.find(marker);
  if (at == std::string::npos) {
    return {};
  }
  const std::size_t begin = at + marker.size();
  const std::size_t end = err.find(')', begin);
  return end == std::string::npos ? std::string{} : err.substr(begin, end - begin);
}

std::string default_program(const std::string& given) {
  if (!given.empty()) {
    return given;
  }
  const char* from_environment = std::getenv("AWS_CLI");  // NOLINT(concurrency-mt-unsafe)
  return from_environment != nullptr && *from_environment != '\0' ? from_environment : "aws";
}

}  // namespace

std::string AwsCallFailure::message() const {
  std::string text = "`" + command + "` failed (exit status " + std::to_string(exit_status) + ")";
  if (!stderr_head.empty()) {
    text += ": " + stderr_head;
  }
  return text;
}

AwsCli::AwsCli(AwsCliOptions options)
    : m_options(std::move(options)), m_program(default_program(m_options.program)) {}

std::vector<std::string> AwsCli::common_arguments() const {
  std::vector<std::string> arguments{"--output", "json"};
  const std::array<std::pair<const char*, const std::string*>, 3> optional{
      {{"--region", &m_options.region},
       {"--profile", &m_options.profile},
       {"--endpoint-url", &m_options.endpoint_url}}};
  for (const auto& [flag, value] : optional) {
    if (!value->empty()) {
      arguments.emplace_back(flag);
      arguments.push_back(*value);
    }
  }
  return arguments;
}

Result<AwsCallResult> AwsCli::call(const std::string& service, const std::string& operation,
                                   const std::vector<std::string>& arguments) const {
  std::vector<std::string> argv{m_program, service, operation};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const std::vector<std::string> common = common_arguments();
  argv.insert(argv.end(), common.begin(), common.end());
  auto ran = run_process(argv, {"AWS_PAGER="});
  if (!ran) {
    return unexpected(ran.error());
  }
  AwsCallResult result;
  if (ran.value().exit_status == 0) {
    result.out = std::move(ran.value().out);
    return result;
  }
  result.failure = AwsCallFailure{command_line(argv), ran.value().exit_status,
                                  error_code(ran.value().err), head_lines(ran.value().err)};
  return result;
}

Result<std::string> AwsCli::version() const {
  auto ran = run_process({m_program, "--version"}, {"AWS_PAGER="});
  if (!ran) {
    return unexpected(ran.error());
  }
  // AWS CLI v1 printed its version on standard error.
  const std::string& text = ran.value().out.empty() ? ran.value().err : ran.value().out;
  if (ran.value().exit_status != 0 || text.empty()) {
    return unexpected("`" + m_program + " --version` failed (exit status " +
                      std::to_string(ran.value().exit_status) +
                      "): " + head_lines(ran.value().err));
  }
  return text.substr(0, text.find('\n'));
}

}  // namespace ecrlc::io
