// Synthetic inventories: repositories with a long tail of sizes, each generated newest push
// first from its own random stream, and serialised as describe-images JSON or NDJSON.
#include "generate/generate.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ostream>
#include <string>
#include <unordered_set>

namespace ecrlc {
namespace {

// Exact 128-bit products keep the size distribution integer-only (floating point pow() may
// differ by an ulp between libm implementations, and the output must not).
__extension__ using Uint128 = unsigned __int128;

constexpr std::string_view k_registry_id = "123456789012";
constexpr Micros k_micros_per_ms = 1000;
constexpr Micros k_year = 365 * k_micros_per_day;
constexpr std::uint64_t k_progress_every = 1 << 16;
constexpr std::size_t k_flush_at = std::size_t{1} << 20;

constexpr std::string_view k_oci_index = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view k_oci_manifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view k_oci_config = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view k_docker_manifest =
    "application/vnd.docker.distribution.manifest.v2+json";
constexpr std::string_view k_docker_config = "application/vnd.docker.container.image.v1+json";
constexpr std::string_view k_cosign_signature = "application/vnd.dev.cosign.artifact.sig.v1+json";
constexpr std::string_view k_spdx_sbom = "application/spdx+json";

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
constexpr std::array<std::string_view, 24> k_slug_words = {
    "login",  "retry",   "cache",   "refactor", "metrics", "oauth",  "upload", "export",
    "search", "dark",    "mode",    "checkout", "invoice", "limits", "queue",  "webhooks",
    "sso",    "billing", "profile", "cleanup",  "tracing", "grpc",   "schema", "migration"};

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// splitmix64's finaliser is a bijection of 64-bit words: distinct inputs, distinct outputs.
// Digests start with it applied to the image's global index, which makes them unique.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**: ours, so that a seed means the same bytes with every standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : m_state) {
      word = splitmix64(seed);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
  }
  // Uniform in [0, n) (Lemire's multiply-shift; n == 0 gives 0).
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((Uint128{next()} * n) >> 64);
  }
  std::int64_t below(std::int64_t n) {
    return n <= 0 ? 0 : static_cast<std::int64_t>(below(static_cast<std::uint64_t>(n)));
  }
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + below(high - low + 1);
  }
  bool per_mille(std::uint64_t chance) { return below(std::uint64_t{1000}) < chance; }
  template <typename T, std::size_t N>
  T pick(const std::array<T, N>& items) {
    return items[below(std::uint64_t{N})];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_state{};
};

// --- serialisation -------------------------------------------------------------------------

constexpr std::string_view k_hex = "0123456789abcdef";

void append_digest(std::string& out, const Digest& digest) {
  out += "sha256:";
  for (std::uint8_t byte : digest.bytes) {
    out += k_hex[byte >> 4];
    out += k_hex[byte & 15];
  }
}

void append_int(std::string& out, std::int64_t value) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), end);
}

std::string_view status_text(ImageStatus status) {
  switch (status) {
    case ImageStatus::archived:
      return "ARCHIVED";
    case ImageStatus::activating:
      return "ACTIVATING";
    case ImageStatus::active:
      break;
  }
  return "ACTIVE";
}

// Formats records into a buffer that goes to the stream in large writes.
class Writer {
 public:
  Writer(std::ostream& out, GenerateFormat format)
      : m_out(out), m_pretty(format == GenerateFormat::json) {
    m_buffer.reserve(k_flush_at + std::size_t{64} * 1024);
  }

  void begin() {
    if (m_pretty) {
      m_buffer += "{\n    \"imageDetails\": [";
    }
  }

  void image(std::string_view repository, std::string_view registry_id, const ImageRecord& image) {
    if (m_pretty) {
      m_buffer += m_first ? "\n        {" : ",\n        {";
    } else {
      m_buffer += '{';
    }
    m_first = false;
    m_first_field = true;
    string_field("registryId", registry_id);
    string_field("repositoryName", repository);
    key("imageDigest");
    quoted_digest(image.digest);
    if (!image.tags.empty()) {
      key("imageTags");
      array(image.tags.size(), [&](std::size_t i) {
        m_buffer += '"';
        m_buffer += image.tags[i];
        m_buffer += '"';
      });
    }
    key("imageSizeInBytes");
    append_int(m_buffer, image.size_bytes);
    time_field("imagePushedAt", image.pushed_at);
    string_field("imageManifestMediaType", image.manifest_media_type);
    if (!image.artifact_media_type.empty()) {
      string_field("artifactMediaType", image.artifact_media_type);
    }
    if (image.last_pulled) {
      time_field("lastRecordedPullTime", *image.last_pulled);
    }
    if (image.subject) {
      key("subjectManifestDigest");
      quoted_digest(*image.subject);
    }
    string_field("imageStatus", status_text(image.status));
    if (image.last_archived) {
      time_field("lastArchivedAt", *image.last_archived);
    }
    if (image.last_activated) {
      time_field("lastActivatedAt", *image.last_activated);
    }
    if (!image.children.empty()) {
      key("childImageDigests");
      array(image.children.size(), [&](std::size_t i) { quoted_digest(image.children[i]); });
    }
    m_buffer += m_pretty ? "\n        }" : "}\n";
    if (m_buffer.size() >= k_flush_at) {
      flush();
    }
  }

  bool end() {
    if (m_pretty) {
      m_buffer += m_first ? "]\n}\n" : "\n    ]\n}\n";
    }
    flush();
    m_out.flush();
    return static_cast<bool>(m_out);
  }

  std::uint64_t bytes() const { return m_bytes; }

 private:
  void flush() {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_bytes += m_buffer.size();
    m_buffer.clear();
  }

  void key(std::string_view name) {
    if (m_pretty) {
      m_buffer += m_first_field ? "\n            \"" : ",\n            \"";
      m_buffer += name;
      m_buffer += "\": ";
    } else {
      m_buffer += m_first_field ? "\"" : ",\"";
      m_buffer += name;
      m_buffer += "\":";
    }
    m_first_field = false;
  }
  void string_field(std::string_view name, std::string_view value) {
    key(name);
    m_buffer += '"';
    m_buffer += value;  // generated text never needs escaping
    m_buffer += '"';
  }
  void time_field(std::string_view name, Micros t) {
    key(name);
    m_buffer += '"';
    append_cli_v2(m_buffer, t);
    m_buffer += '"';
  }
  void quoted_digest(const Digest& digest) {
    m_buffer += '"';
    append_digest(m_buffer, digest);
    m_buffer += '"';
  }
  template <typename Item>
  void array(std::size_t count, const Item& item) {
    m_buffer += '[';
    for (std::size_t i = 0; i < count; ++i) {
      if (m_pretty) {
        m_buffer += i == 0 ? "\n                " : ",\n                ";
      } else if (i != 0) {
        m_buffer += ',';
      }
      item(i);
    }
    m_buffer += m_pretty ? "\n            ]" : "]";
  }

  std::ostream& m_out;
  bool m_pretty;
  bool m_first = true;
  bool m_first_field = true;
  std::string m_buffer;
  std::uint64_t m_bytes = 0;
};

// --- repositories --------------------------------------------------------------------------

enum class TagScheme { release, continuous, mixed };

// What kind of project a repository belongs to; drawn once per repository.
struct Profile {
  TagScheme scheme = TagScheme::mixed;
  std::uint64_t index_per_mille = 0;      // pushes that are multi-arch indexes
  std::uint64_t signature_per_mille = 0;  // pushes with a cosign signature referrer
  std::uint64_t sbom_per_mille = 0;       // pushes with an SBOM referrer
  std::uint64_t untagged_target = 333;    // per mille of the repository's images
  bool oci = false;                       // OCI manifests rather than Docker v2
  std::int64_t base_size = 0;
};

// Counters of the tag schemes, walked backwards because pushes are generated newest first.
struct TagState {
  std::int64_t major = 1;
  std::int64_t minor = 0;
  std::int64_t patch = 0;
  bool semver_left = true;
  std::int64_t build = 0;
  std::unordered_set<std::string> features;
};

// Images and untagged images produced so far over the whole inventory.
struct Tally {
  std::uint64_t images = 0;
  std::uint64_t untagged = 0;
};

// Generates one repository, newest push first, as exactly `size` records.
template <typename Sink>
class RepositoryGenerator {
 public:
  RepositoryGenerator(std::uint64_t seed, std::uint64_t repository_index, std::string name,
                      std::uint64_t size, std::uint64_t first_image_index, Micros now, Tally& tally,
                      Sink& sink)
      : m_rng(seed ^ mix64(repository_index + 0x5851f42d4c957f2dULL)),
        m_digest_key(mix64(seed + 0x2545f4914f6cdd1dULL)),
        m_name(std::move(name)),
        m_size(size),
        m_next_image_index(first_image_index),
        m_now(now),
        m_tally(tally),
        m_sink(sink) {}

  void run() {
    draw_profile();
    const bool stale = m_rng.per_mille(250);
    const Micros newest_age =
        stale ? k_micros_per_day * static_cast<Micros>(m_rng.between(7, 200))
              : static_cast<Micros>(m_rng.between(3600, std::uint64_t{7} * 86'400)) *
                    k_micros_per_second;
    m_newest = m_now - newest_age;
    m_step = (k_year - newest_age - k_micros_per_day) / static_cast<Micros>(m_size);
    while (m_emitted < m_size) {
      push();
    }
  }

 private:
  void draw_profile() {
    const std::uint64_t scheme = m_rng.below(std::uint64_t{3});
    m_profile.scheme = scheme == 0   ? TagScheme::release
                       : scheme == 1 ? TagScheme::continuous
                                     : TagScheme::mixed;
    if (m_rng.per_mille(150)) {
      m_profile.index_per_mille = m_rng.between(100, 300);
    }
    if (m_rng.per_mille(150)) {
      m_profile.signature_per_mille = m_rng.between(300, 700);
      m_profile.sbom_per_mille = m_rng.between(0, 300);
    }
    // Children and referrers are untagged too, so the overall share ends near a third.
    m_profile.untagged_target = m_rng.between(180, 420);
    m_profile.oci = m_rng.per_mille(400) || m_profile.index_per_mille > 0;
    const std::int64_t base = std::int64_t{8'000'000} << m_rng.below(std::uint64_t{7});
    m_profile.base_size = base + m_rng.below(base);
    m_tags.major = static_cast<std::int64_t>(m_rng.between(1, 5));
    m_tags.minor = static_cast<std::int64_t>(m_rng.between(0, 24));
    m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
    m_tags.build = static_cast<std::int64_t>(m_size * 3 + m_rng.below(std::uint64_t{5000}));
  }

  Digest next_digest() {
    Digest digest;
    const std::array<std::uint64_t, 4> words = {mix64(m_next_image_index++ ^ m_digest_key),
                                                m_rng.next(), m_rng.next(), m_rng.next()};
    for (std::size_t i = 0; i < 32; ++i) {
      digest.bytes[i] = static_cast<std::uint8_t>(words[i / 8] >> (56 - 8 * (i % 8)));
    }
    return digest;
  }

  // ECR keeps milliseconds; one push in twenty lands on a whole second.
  Micros round_time(Micros t) {
    t -= t % k_micros_per_ms;
    if (m_rng.per_mille(50)) {
      t -= t % k_micros_per_second;
    }
    return t;
  }

  std::int64_t jitter_size(std::int64_t base) {
    return base - base / 10 + m_rng.below(base / 5 + 1);
  }

  std::string git_sha() {
    std::string sha(40, '0');
    for (std::size_t i = 0; i < 40; i += 16) {
      std::uint64_t word = m_rng.next();
      for (std::size_t j = i; j < std::min<std::size_t>(i + 16, 40); ++j, word >>= 4) {
        sha[j] = k_hex[word & 15];
      }
    }
    return sha;
  }

  std::string semver() {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about "v" + std::string.
    std::string tag = "v";
    append_int(tag, m_tags.major);
    tag += '.';
    append_int(tag, m_tags.minor);
    tag += '.';
    append_int(tag, m_tags.patch);
    if (m_tags.patch > 0) {
      --m_tags.patch;
    } else if (m_tags.minor > 0) {
      --m_tags.minor;
      m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
    } else if (m_tags.major > 0) {
      --m_tags.major;
      m_tags.minor = static_cast<std::int64_t>(m_rng.between(3, 24));
      m_tags.patch = static_cast<std::int64_t>(m_rng.between(0, 9));
    } else {
      m_tags.semver_left = false;
    }
    return tag;
  }

  std::string dev_build() {
    m_tags.build -= static_cast<std::int64_t>(m_rng.between(1, 3));
    std::string tag = "dev-";
    append_int(tag, m_tags.build);
    return tag;
  }

  std::string feature() {
    std::string tag = "feature-";
    const std::uint64_t first = m_rng.below(std::uint64_t{k_slug_words.size()});
    const std::uint64_t second =
        (first + 1 + m_rng.below(std::uint64_t{k_slug_words.size() - 1})) % k_slug_words.size();
    tag += k_slug_words[first];
    tag += '-';
    tag += k_slug_words[second];
    if (!m_tags.features.insert(tag).second) {
      tag += '-' + std::to_string(m_tags.features.size());
      m_tags.features.insert(tag);
    }
    return tag;
  }

  // Tags of a tagged push, by the repository's scheme; `latest` goes on the newest push.
  void draw_tags(bool newest) {
    m_tag_count = 0;
    auto add = [&](std::string tag) { m_tag_text[m_tag_count++] = std::move(tag); };
    std::uint64_t roll = m_rng.below(std::uint64_t{100});
    switch (m_profile.scheme) {
      case TagScheme::release:
        if (m_tags.semver_left) {
          add(semver());
          if (roll < 50) {
            add(git_sha());
          }
        } else {
          add(git_sha());
        }
        break;
      case TagScheme::continuous:
        if (roll < 50) {
          add(git_sha());
        } else if (roll < 80) {
          add(dev_build());
          if (roll < 65) {
            add(git_sha());
          }
        } else {
          add(feature());
        }
        break;
      case TagScheme::mixed:
        if (roll < 25 && m_tags.semver_left) {
          add(semver());
        } else if (roll < 50) {
          add(dev_build());
        } else if (roll < 75) {
          add(feature());
        } else {
          add(git_sha());
        }
        break;
    }
    if (newest) {
      add("latest");
    }
    for (std::size_t i = 0; i < m_tag_count; ++i) {
      m_tag_views[i] = m_tag_text[i];
    }
  }

  std::optional<Micros> pull_after(Micros t, std::uint64_t chance) {
    if (m_now - t <= k_micros_per_ms || !m_rng.per_mille(chance)) {
      return std::nullopt;
    }
    return round_time(t + m_rng.below(m_now - t));
  }

  void emit(const ImageRecord& record) {
    m_sink.image(m_name, k_registry_id, record);
    ++m_emitted;
    ++m_tally.images;
    if (record.tags.empty()) {
      ++m_untagged;
      ++m_tally.untagged;
    }
  }

  // One push: an image or an index with its children, then its referrers.
  void push() {
    const std::uint64_t left = m_size - m_emitted;
    const bool newest = m_emitted == 0;
    std::uint64_t children = 0;
    if (left >= 3 && m_rng.per_mille(m_profile.index_per_mille)) {
      children = std::min<std::uint64_t>(left - 1, m_rng.between(2, 3));
    }
    bool signature = left - children >= 2 && m_rng.per_mille(m_profile.signature_per_mille);
    bool sbom =
        left - children - (signature ? 1 : 0) >= 2 && m_rng.per_mille(m_profile.sbom_per_mille);
    const std::uint64_t structural = children + (signature ? 1 : 0) + (sbom ? 1 : 0);

    // Untagged top-level images are old builds whose tags moved on. Steer towards the
    // repository's own share and towards a third overall, counting the children and referrers
    // that are untagged anyway (multi-arch and signed repositories have many).
    bool untagged = false;
    if (!newest) {
      const bool below_local = (m_untagged + structural) * 1000 <
                               m_profile.untagged_target * (m_emitted + structural + 1);
      const bool below_global =
          (m_tally.untagged + structural) * 100 < 31 * (m_tally.images + structural + 1);
      untagged = m_rng.per_mille(below_local && below_global   ? 900
                                 : below_local || below_global ? 350
                                                               : 30);
    }

    Micros pushed =
        round_time(m_newest - m_step * static_cast<Micros>(m_emitted) - m_rng.below(m_step));
    ImageRecord top;
    top.digest = next_digest();
    top.pushed_at = pushed;
    if (!untagged) {
      draw_tags(newest);
      top.tags = std::span<const std::string_view>(m_tag_views.data(), m_tag_count);
    }
    top.last_pulled = pull_after(pushed, untagged ? 250 : 700);

    std::array<Digest, 3> child_digests;
    if (children > 0) {
      for (std::uint64_t i = 0; i < children; ++i) {
        child_digests[i] = next_digest();
      }
      top.manifest_media_type = k_oci_index;
      top.size_bytes = static_cast<std::int64_t>(m_rng.between(400, 1800));
      top.children = std::span<const Digest>(child_digests.data(), children);
    } else {
      top.manifest_media_type = m_profile.oci ? k_oci_manifest : k_docker_manifest;
      top.artifact_media_type = m_profile.oci ? k_oci_config : k_docker_config;
      top.size_bytes = jitter_size(m_profile.base_size);
      if (structural == 0) {
        archive_or_restore(top);
      }
    }
    emit(top);

    for (std::uint64_t i = 0; i < children; ++i) {
      ImageRecord child;
      child.digest = child_digests[i];
      child.pushed_at = pushed - static_cast<Micros>(children - i) * k_micros_per_ms;
      child.manifest_media_type = k_oci_manifest;
      child.artifact_media_type = k_oci_config;
      child.size_bytes = jitter_size(m_profile.base_size);
      child.last_pulled = i == 0 ? top.last_pulled : std::nullopt;
      emit(child);
    }
    if (signature) {
      referrer(top.digest, pushed, k_cosign_signature, 400, 2500);
    }
    if (sbom) {
      referrer(top.digest, pushed, k_spdx_sbom, 20'000, 3'000'000);
    }
  }

  void referrer(const Digest& subject, Micros subject_pushed, std::string_view artifact,
                std::uint64_t min_size, std::uint64_t max_size) {
    ImageRecord record;
    record.digest = next_digest();
    record.subject = subject;
    const Micros delay = static_cast<Micros>(m_rng.between(5, 900)) * k_micros_per_second;
    record.pushed_at = round_time(std::min(subject_pushed + delay, m_now - k_micros_per_second));
    record.manifest_media_type = k_oci_manifest;
    record.artifact_media_type = artifact;
    record.size_bytes = static_cast<std::int64_t>(m_rng.between(min_size, max_size));
    record.last_pulled = pull_after(record.pushed_at, 300);
    emit(record);
  }

  // A few old images sit in the archive storage class; fewer were restored from it.
  void archive_or_restore(ImageRecord& image) {
    const Micros minimum_age = 120 * k_micros_per_day;
    if (m_now - image.pushed_at < minimum_age) {
      return;
    }
    const std::uint64_t roll = m_rng.below(std::uint64_t{1000});
    if (roll >= 45) {
      return;
    }
    const Micros earliest = image.pushed_at + 90 * k_micros_per_day;
    const Micros archived = round_time(earliest + m_rng.below(m_now - earliest));
    image.last_archived = archived;
    if (image.last_pulled && *image.last_pulled >= archived) {
      image.last_pulled = round_time(image.pushed_at + m_rng.below(archived - image.pushed_at));
    }
    if (roll < 30) {
      image.status = ImageStatus::archived;
      return;
    }
    const Micros activated = round_time(archived + 1 + m_rng.below(m_now - archived - 1));
    image.last_activated = std::max(activated, archived + k_micros_per_ms);
    if (m_rng.per_mille(500) && m_now - *image.last_activated > k_micros_per_ms) {
      image.last_pulled =
          round_time(*image.last_activated + m_rng.below(m_now - *image.last_activated));
    }
  }

  Rng m_rng;
  std::uint64_t m_digest_key;
  std::string m_name;
  std::uint64_t m_size;
  std::uint64_t m_next_image_index;
  Micros m_now;
  Tally& m_tally;
  Sink& m_sink;
  Profile m_profile;
  TagState m_tags;
  Micros m_newest = 0;
  Micros m_step = 0;
  std::uint64_t m_emitted = 0;
  std::uint64_t m_untagged = 0;
  std::array<std::string, 4> m_tag_text;
  std::array<std::string_view, 4> m_tag_views;
  std::size_t m_tag_count = 0;
};

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

template <typename Sink>
Result<GenerateSummary> generate_with(const GenerateOptions& options, Sink& sink) {
  auto sizes = repository_sizes(options);
  if (!sizes) {
    return Unexpected{sizes.error()};
  }
  NameGenerator names(options.seed);
  Tally tally;
  std::uint64_t first = 0;
  for (std::size_t i = 0; i < sizes->size(); ++i) {
    RepositoryGenerator<Sink> repository(options.seed, i, names.next(), (*sizes)[i], first,
                                         options.now, tally, sink);
    repository.run();
    first += (*sizes)[i];
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
