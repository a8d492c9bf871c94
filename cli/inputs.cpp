// Reading the inputs of the commands: sources over file descriptors and standard input,
// policies, policy scopes (--policy, --policies, --policy-map) and inventories, with their
// diagnostics.
#include "inputs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <istream>
#include <ostream>
#include <system_error>
#include <utility>

#include "ecrlc/diagnostic_render.hpp"
#include "ecrlc/inventory_reader.hpp"
#include "ecrlc/policy_parser.hpp"
#include "io.hpp"
#include "progress.hpp"

namespace ecrlc::cli {

Result<FdSource> FdSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return unexpected(std::string("cannot open: ") + std::strerror(errno));
  }
  return FdSource(fd);
}

FdSource::FdSource(FdSource&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FdSource::~FdSource() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

Result<std::size_t> FdSource::read(std::span<char> buffer) {
  for (;;) {
    const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
    if (n >= 0) {
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) {
      return unexpected(std::strerror(errno));
    }
  }
}

std::optional<std::uint64_t> FdSource::size_hint() const {
  struct stat status {};
  if (::fstat(m_fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size < 0) {
    return std::nullopt;
  }
  const off_t offset = ::lseek(m_fd, 0, SEEK_CUR);
  const auto size = static_cast<std::uint64_t>(status.st_size);
  const auto done = offset < 0 ? std::uint64_t{0} : static_cast<std::uint64_t>(offset);
  return done < size ? size - done : 0;
}

Result<std::size_t> StreamSource::read(std::span<char> buffer) {
  m_in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (m_in.bad()) {
    return unexpected("cannot read standard input");
  }
  return static_cast<std::size_t>(m_in.gcount());
}

Result<std::string> read_input(const std::string& path, std::istream& in) {
  if (path == "-") {
    StreamSource source(in);
    auto text = read_all(source);
    if (!text) {
      return unexpected("-: cannot read standard input");
    }
    return text;
  }
  auto source = FdSource::open(path);
  if (!source) {
    return unexpected(path + ": " + source.error().message);
  }
  auto text = read_all(*source);
  if (!text) {
    return unexpected(path + ": cannot read: " + text.error().message);
  }
  return text;
}

namespace {

// Messages of read_input and of the reader start with "PATH: "; the renderers print the path
// themselves.
std::string without_path(const std::string& message, const std::string& path) {
  const std::string prefix = path + ": ";
  return message.compare(0, prefix.size(), prefix) == 0 ? message.substr(prefix.size()) : message;
}

// A reader's error or warning, with its source line when the reader kept it.
void render_reader_error(CommandContext& context, Error error, Severity severity) {
  if (error.file.empty()) {
    error.file = "-";
  }
  error.message = without_path(error.message, error.file);
  render_error(context.err, error, severity);
}

// Snapshot anomalies can repeat for every image of a repository (one tag pushed 50,000
// times): past a cap, one line counts the rest, so that stderr stays readable.
constexpr std::size_t k_max_shown_warnings = 20;

void render_warnings(CommandContext& context, const std::vector<Error>& warnings) {
  const std::size_t shown = std::min(warnings.size(), k_max_shown_warnings);
  for (std::size_t i = 0; i < shown; ++i) {
    render_reader_error(context, warnings[i], Severity::warning);
  }
  if (warnings.size() > shown) {
    context.err << "ecr-lifecycle: warning: " << warnings.size() - shown
                << " more inventory warnings not shown\n";
  }
}

}  // namespace

std::optional<LoadedPolicy> load_policy(const std::string& path, CommandContext& context) {
  auto text = read_input(path, context.in);
  if (!text) {
    render_located(context.err, path, {}, 0, 0, Severity::error,
                   without_path(text.error().message, path), "");
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  ParsedPolicy parsed = parse_policy(*text);
  parsed.diagnostics.sort();
  if (!parsed.diagnostics.empty()) {
    render_text(context.err, CheckedFile{path, *text, parsed.diagnostics.items()});
  }
  if (!parsed.policy || parsed.diagnostics.has_error()) {
    context.exit_code = ExitCode::invalid_policy;
    return std::nullopt;
  }
  return LoadedPolicy{std::move(*parsed.policy), std::move(parsed.repository_name),
                      std::move(parsed.registry_id)};
}

std::optional<Inventory> load_inventory(const std::vector<std::string>& paths,
                                        CommandContext& context, unsigned threads) {
  ReaderOptions options;
  options.threads = std::max(threads, 1U);
  InventoryBuilder builder(options);
  for (const std::string& path : paths) {
    Result<void> added;
    if (path == "-") {
      StreamSource source(context.in);
      added = builder.add(path, source);
    } else {
      Result<FdSource> source = FdSource::open(path);
      if (!source) {
        render_located(context.err, path, {}, 0, 0, Severity::error, source.error().message, "");
        context.exit_code = ExitCode::cannot_run;
        return std::nullopt;
      }
      ReadProgress progress(context.err, context.err_is_terminal, path, source->fd());
      added = builder.add(path, *source);
    }
    if (!added) {
      // Warnings so far still help to understand the error.
      render_warnings(context, builder.warnings());
      Error error = added.error();
      if (error.file.empty()) {
        error.file = path;
      }
      render_reader_error(context, std::move(error), Severity::error);
      context.exit_code = ExitCode::cannot_run;
      return std::nullopt;
    }
  }
  Inventory inventory = builder.finish();
  render_warnings(context, builder.warnings());
  return inventory;
}

std::optional<Micros> load_now(const std::string& now_option, std::string_view command,
                               CommandContext& context) {
  auto now = resolve_now(now_option);
  if (!now) {
    context.err << "ecr-lifecycle " << command << ": error: " << now.error().message << "\n";
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  return *now;
}

void add_images_option(CLI::App& command, std::vector<std::string>& images) {
  command
      .add_option("--images", images,
                  "Inventory file (describe-images output, JSON array or NDJSON); repeatable")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_policy_scope_options(CLI::App& command, PolicyScopeOptions& options) {
  command.add_option("--policy", options.policy, "lifecycle policy file for every repository");
  command.add_option("--policies", options.policies,
                     "folder of `aws ecr get-lifecycle-policy` outputs, one per repository");
  command.add_option("--policy-map", options.policy_map,
                     "file of `PATTERN POLICYFILE` lines ('*' wildcard, first match wins)");
}

std::optional<std::vector<PolicyScopeSpec>> policy_scope_specs(const PolicyScopeOptions& options,
                                                               std::size_t expected,
                                                               std::string_view command,
                                                               CommandContext& context) {
  const int kinds = static_cast<int>(!options.policy.empty()) +
                    static_cast<int>(!options.policies.empty()) +
                    static_cast<int>(!options.policy_map.empty());
  std::vector<PolicyScopeSpec> specs;
  for (const auto& path : options.policy) {
    specs.push_back({PolicyScopeKind::policy, path});
  }
  for (const auto& path : options.policies) {
    specs.push_back({PolicyScopeKind::policies, path});
  }
  for (const auto& path : options.policy_map) {
    specs.push_back({PolicyScopeKind::policy_map, path});
  }
  if (kinds > 1 || specs.size() != expected) {
    context.err << "ecr-lifecycle " << command << ": error: expected "
                << (expected == 1 ? "one of --policy FILE, --policies DIR or --policy-map FILE"
                                  : "two of --policy, two of --policies or two of --policy-map "
                                    "(OLD then NEW)")
                << "\n";
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  return specs;
}

namespace {

void scope_error(CommandContext& context, const std::string& file, const std::string& message) {
  render_located(context.err, file, {}, 0, 0, Severity::error, message, "");
  context.exit_code = ExitCode::cannot_run;
}

// Keeps the worse of two failures: cannot_run beats invalid_policy.
void note_failure(ExitCode& worst, ExitCode code) {
  if (code == ExitCode::cannot_run || worst == ExitCode::success) {
    worst = code;
  }
}

std::optional<PolicySet> load_directory(const std::string& directory, CommandContext& context) {
  std::error_code error;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".json" && it->is_regular_file(error)) {
      files.push_back(it->path().string());
    }
  }
  if (error) {
    scope_error(context, directory, "cannot read folder: " + error.message());
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const std::string& file : files) {
    auto loaded = load_policy(file, context);
    if (!loaded) {
      note_failure(worst, context.exit_code);
      continue;
    }
    if (!loaded->repository_name) {
      scope_error(context, file,
                  "no repositoryName: --policies expects `aws ecr get-lifecycle-policy` outputs");
      note_failure(worst, ExitCode::cannot_run);
      continue;
    }
    auto added = set.add(*loaded->repository_name, file, std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      scope_error(context, file, added.error().message.substr(file.size() + 2));
      note_failure(worst, ExitCode::cannot_run);
    }
  }
  if (worst != ExitCode::success) {
    context.exit_code = worst;
    return std::nullopt;
  }
  if (files.empty()) {
    context.err << directory << ": warning: no *.json policy files\n";
  }
  return set;
}

std::optional<PolicySet> load_map(const std::string& map_file, CommandContext& context) {
  auto text = read_input(map_file, context.in);
  if (!text) {
    scope_error(context, map_file, text.error().message.substr(map_file.size() + 2));
    return std::nullopt;
  }
  auto entries = parse_policy_map(*text);
  if (!entries) {
    const Error& e = entries.error();
    render_located(context.err, map_file, *text, e.line, e.column, Severity::error, e.message,
                   "E0811");
    context.exit_code = ExitCode::cannot_run;
    return std::nullopt;
  }
  const std::filesystem::path base =
      map_file == "-" ? std::filesystem::path() : std::filesystem::path(map_file).parent_path();
  PolicySet set;
  ExitCode worst = ExitCode::success;
  for (const PolicyMapEntry& entry : *entries) {
    std::filesystem::path file(entry.file);
    if (file.is_relative() && entry.file != "-") {
      file = base / file;
    }
    auto loaded = load_policy(file.string(), context);
    if (!loaded) {
      note_failure(worst, context.exit_code);
      continue;
    }
    auto added = set.add(entry.pattern, file.string(), std::move(loaded->policy),
                         loaded->registry_id.value_or(""));
    if (!added) {
      render_located(context.err, map_file, *text, entry.line, entry.column, Severity::error,
                     "pattern " + entry.pattern + " appears twice", "E0811");
      note_failure(worst, ExitCode::cannot_run);
    }
  }
  if (worst != ExitCode::success) {
    context.exit_code = worst;
    return std::nullopt;
  }
  return set;
}

}  // namespace

std::optional<PolicySet> load_policy_scope(const PolicyScopeSpec& spec, CommandContext& context) {
  switch (spec.kind) {
    case PolicyScopeKind::policy: {
      auto loaded = load_policy(spec.path, context);
      if (!loaded) {
        return std::nullopt;
      }
      return PolicySet::single(spec.path, std::move(loaded->policy),
                               loaded->registry_id.value_or(""));
    }
    case PolicyScopeKind::policies:
      return load_directory(spec.path, context);
    case PolicyScopeKind::policy_map:
      return load_map(spec.path, context);
  }
  return std::nullopt;
}

void warn_scope_gaps(const Preview& report, std::string_view command, CommandContext& context) {
  for (const std::string& name : report.without_policy) {
    context.err << "ecr-lifecycle " << command << ": warning: no policy for repository " << name
                << "\n";
  }
  for (const std::string& name : report.missing_repositories) {
    context.err << "ecr-lifecycle " << command << ": warning: repository " << name
                << " is not in the inventory\n";
  }
}

}  // namespace ecrlc::cli
