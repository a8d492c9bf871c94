#include "ops/protection_relation.hpp"

namespace ecrlc::detail {

std::string protection_relation(const Repository& repository, const Protection& protection) {
  const auto via = [&] { return repository.images[protection.via].digest.short_string(); };
  switch (protection.kind) {
    case ProtectionKind::direct:
      return {};
    case ProtectionKind::child_of_index:
      return "child of protected index " + via();
    case ProtectionKind::referrer:
      return "referrer of protected " + via();
    case ProtectionKind::subject:
      return "subject of protected referrer " + via();
  }
  return {};
}

}  // namespace ecrlc::detail
