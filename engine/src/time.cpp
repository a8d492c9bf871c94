// Placeholder until the time parser lands.
#include "ecrlc/time.hpp"

namespace ecrlc {

Result<Micros> parse_iso8601(std::string_view) { return unexpected("not built yet"); }
Result<Micros> parse_epoch_seconds(std::string_view) { return unexpected("not built yet"); }
Result<Micros> parse_time_argument(std::string_view) { return unexpected("not built yet"); }
std::string format_cli_v2(Micros) { return {}; }
std::string format_utc(Micros) { return {}; }
std::int64_t age_in_days(Micros t, Micros now) { return (now - t) / k_micros_per_day; }

}  // namespace ecrlc
