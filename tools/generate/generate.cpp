// Synthetic inventories: repositories of a long tail (or uniform) of sizes, each generated
// newest push first from its own random stream, in one of three orders, serialised as
// describe-images JSON or NDJSON.
#include "generate/generate.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_set>

#include "ecrlc/limits.hpp"
#include "generate/repository.hpp"
#include "generate/rng.hpp"
#include "generate/writer.hpp"

namespace ecrlc {
namespace {

using generate_detail::RepositoryGenerator;
using generate_detail::RepositorySpec;
using generate_detail::Rng;
using generate_detail::Tally;
using generate_detail::Uint128;
using generate_detail::Writer;

constexpr std::string_view k_registry_id = "123456789012";
constexpr std::uint64_t k_progress_every = 1 << 16;

constexpr std::array<std::string_view, 14> k_teams = {
    "team-a",   "team-b", "team-c", "platform", "payments", "data",     "ml",
    "frontend", "mobile", "infra",  "search",   "identity", "checkout", "growth"};
constexpr std::array<std::string_view, 24> k_nouns = {
    "payments", "orders",   "billing",   "catalog", "search",   "auth",
    "users",    "shipping", "ledger",    "pricing", "media",    "analytics",
    "profile",  "cart",     "inventory", "reports", "gateway",  "notifications",
    "fraud",    "invoices", "accounts",  "events",  "sessions", "recommendations"};
constexpr std::array<std::string_view, 12> k_kinds = {
    "api",      "worker",    "service", "web",   "frontend", "backend",
    "consumer", "scheduler", "cron",    "proxy", "batch",    "ingest"};

// Repository names like `team-a/payments-api`, unique within the inventory.
class NameGenerator {
 public:
  explicit NameGenerator(std::uint64_t seed) : m_rng(seed ^ 0x6a09e667f3bcc909ULL) {}

  std::string next() {
    std::string name;
    if (m_rng.per_mille(880)) {
      name += m_rng.pick(k_teams);
      name += '/';
    }
    name += m_rng.pick(k_nouns);
    name += '-';
    name += m_rng.pick(k_kinds);
    if (!m_used.insert(name).second) {
      name += '-' + std::to_string(m_used.size());
      m_used.insert(name);
    }
    return name;
  }

 private:
  Rng m_rng;
  std::unordered_set<std::string> m_used;
};

RepositorySpec spec_of(const GenerateOptions& options, std::uint64_t index, std::uint64_t size,
                       std::uint64_t first_image_index) {
  return RepositorySpec{options.seed,      index,       size,
                        first_image_index, options.now, options.tag_anomaly_ppm};
}

template <typename Sink>
void generate_grouped(const GenerateOptions& options, const std::vector<std::uint64_t>& sizes,
                      Sink& sink) {
  NameGenerator names(options.seed);
  Tally tally;
  std::uint64_t first = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string name = names.next();
    RepositoryGenerator repository(spec_of(options, i, sizes[i], first), tally);
    while (const ImageRecord* record = repository.next()) {
      sink.image(name, k_registry_id, *record);
    }
    tally = repository.tally();
    first += sizes[i];
  }
}

// Prefix sums of the records each repository has left (a Fenwick tree): the random order
// draws the next repository in O(log M).
class LeftTree {
 public:
  explicit LeftTree(const std::vector<std::uint64_t>& sizes) : m_tree(sizes.size() + 1, 0) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      for (std::size_t j = i + 1; j < m_tree.size(); j += j & (~j + 1)) {
        m_tree[j] += sizes[i];
      }
    }
    m_top = 1;
    while (m_top * 2 < m_tree.size()) {
      m_top *= 2;
    }
  }
  // The repository holding the `target`-th record left (0-based), which it then takes.
  std::size_t take(std::uint64_t target) {
    std::size_t at = 0;
    for (std::size_t step = m_top; step > 0; step /= 2) {
      if (at + step < m_tree.size() && m_tree[at + step] <= target) {
        at += step;
        target -= m_tree[at];
      }
    }
    for (std::size_t j = at + 1; j < m_tree.size(); j += j & (~j + 1)) {
      --m_tree[j];
    }
    return at;
  }

 private:
  std::vector<std::uint64_t> m_tree;
  std::size_t m_top = 1;
};

// Interleaved and random orders keep every repository's generator open at once. Each starts
// from the tally the grouped order gives it (a first pass counts), so the records are the
// same as grouped, only in another sequence.
template <typename Sink>
void generate_mixed(const GenerateOptions& options, const std::vector<std::uint64_t>& sizes,
                    Sink& sink) {
  NameGenerator name_generator(options.seed);
  std::vector<std::string> names;
  std::vector<std::unique_ptr<RepositoryGenerator>> repositories;
  names.reserve(sizes.size());
  repositories.reserve(sizes.size());
  Tally tally;
  std::uint64_t first = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    names.push_back(name_generator.next());
    const RepositorySpec spec = spec_of(options, i, sizes[i], first);
    RepositoryGenerator counting(spec, tally);
    while (counting.next() != nullptr) {
    }
    repositories.push_back(std::make_unique<RepositoryGenerator>(spec, tally));
    tally = counting.tally();
    first += sizes[i];
  }
  std::vector<std::uint64_t> left = sizes;
  auto emit_from = [&](std::size_t i) {
    sink.image(names[i], k_registry_id, *repositories[i]->next());
    if (--left[i] == 0) {
      repositories[i].reset();
    }
  };
  if (options.order == GenerateOrder::interleaved) {
    std::vector<std::size_t> open(sizes.size());
    for (std::size_t i = 0; i < open.size(); ++i) {
      open[i] = i;
    }
    while (!open.empty()) {
      std::size_t kept = 0;
      for (std::size_t i : open) {
        emit_from(i);
        if (left[i] > 0) {
          open[kept++] = i;
        }
      }
      open.resize(kept);
    }
    return;
  }
  Rng order(options.seed ^ 0xbb67ae8584caa73bULL);
  LeftTree tree(sizes);
  for (std::uint64_t remaining = options.images; remaining > 0; --remaining) {
    emit_from(tree.take(order.below(remaining)));
  }
}

template <typename Sink>
Result<GenerateSummary> generate_with(const GenerateOptions& options, Sink& sink) {
  auto sizes = repository_sizes(options);
  if (!sizes) {
    return Unexpected{sizes.error()};
  }
  if (options.order == GenerateOrder::grouped) {
    generate_grouped(options, *sizes, sink);
  } else {
    generate_mixed(options, *sizes, sink);
  }
  return GenerateSummary{options.images, sizes->size(), 0};
}

struct WriterSink {
  Writer& writer;
  const GenerateProgress& progress;
  std::uint64_t done = 0;

  void image(std::string_view repository, std::string_view registry_id, const ImageRecord& r) {
    writer.image(repository, registry_id, r);
    if (++done % k_progress_every == 0 && progress) {
      progress(done);
    }
  }
};

struct VisitorSink {
  const GenerateVisitor& visit;
  void image(std::string_view repository, std::string_view registry_id, const ImageRecord& r) {
    visit(repository, registry_id, r);
  }
};

}  // namespace

Result<std::uint32_t> parse_percent_ppm(std::string_view text) {
  auto bad = [&] {
    return unexpected("expected a percentage from 0 to 100 with at most four decimals, got \"" +
                      std::string(text) + "\"");
  };
  std::uint64_t whole = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 4; ++i) {
    whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (i == 0) {
    return bad();
  }
  std::uint64_t fraction = 0;
  std::size_t decimals = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9' && decimals < 4;
         ++i, ++decimals) {
      fraction = fraction * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (decimals == 0) {
      return bad();
    }
  }
  for (; decimals < 4; ++decimals) {
    fraction *= 10;
  }
  const std::uint64_t ppm = whole * 10'000 + fraction;
  if (i != text.size() || ppm > 1'000'000) {
    return bad();
  }
  return static_cast<std::uint32_t>(ppm);
}

Result<std::vector<std::uint64_t>> repository_sizes(const GenerateOptions& options) {
  const std::uint64_t n = options.images;
  if (n == 0) {
    return std::vector<std::uint64_t>{};
  }
  const std::uint64_t m =
      options.repositories != 0 ? options.repositories : std::max<std::uint64_t>(1, n / 1000);
  if (m > n) {
    return unexpected("--repositories (" + std::to_string(m) + ") must not exceed --images (" +
                      std::to_string(n) + ")");
  }
  if (options.sizes == GenerateSizes::uniform) {
    std::vector<std::uint64_t> sizes(m, n / m);
    std::fill_n(sizes.begin(), n % m, n / m + 1);
    return sizes;
  }
  const std::uint64_t cap =
      std::max<std::uint64_t>(k_ecr_max_images_per_repository, (n + m - 1) / m);
  std::vector<std::uint64_t> sizes(m, 1);
  std::vector<bool> full(m, cap == 1);
  std::uint64_t left = n - m;
  // Water-filling: share what is left in proportion to 1/rank among the repositories below
  // the cap, until a pass caps nobody new; then hand out the rounding remainder one by one.
  while (left > 0) {
    Uint128 total_weight = 0;
    for (std::uint64_t i = 0; i < m; ++i) {
      if (!full[i]) {
        total_weight += (std::uint64_t{1} << 40) / (i + 1);
      }
    }
    std::uint64_t given = 0;
    bool capped = false;
    for (std::uint64_t i = 0; i < m; ++i) {
      if (full[i]) {
        continue;
      }
      const std::uint64_t weight = (std::uint64_t{1} << 40) / (i + 1);
      auto share = static_cast<std::uint64_t>(Uint128{left} * weight / total_weight);
      if (share >= cap - sizes[i]) {
        share = cap - sizes[i];
        full[i] = true;
        capped = true;
      }
      sizes[i] += share;
      given += share;
    }
    left -= given;
    if (!capped) {
      for (std::uint64_t i = 0; i < m && left > 0; ++i) {
        if (sizes[i] < cap) {
          ++sizes[i];
          --left;
        }
      }
    }
  }
  return sizes;
}

Result<GenerateSummary> write_inventory(const GenerateOptions& options, std::ostream& out,
                                        const GenerateProgress& progress) {
  Writer writer(out, options.format);
  WriterSink sink{writer, progress};
  writer.begin();
  auto summary = generate_with(options, sink);
  if (!summary) {
    return summary;
  }
  if (!writer.end()) {
    return unexpected("cannot write the inventory");
  }
  if (progress) {
    progress(sink.done);
  }
  summary->bytes = writer.bytes();
  return summary;
}

Result<GenerateSummary> generate_images(const GenerateOptions& options,
                                        const GenerateVisitor& visit) {
  VisitorSink sink{visit};
  return generate_with(options, sink);
}

}  // namespace ecrlc
