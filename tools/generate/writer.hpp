// Serialising generated records as describe-images JSON (AWS CLI v2 layout) or NDJSON.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "generate/generate.hpp"

namespace ecrlc::generate_detail {

// Formats records into a buffer that goes to the stream in large writes.
class Writer {
 public:
  Writer(std::ostream& out, GenerateFormat format);

  void begin();
  void image(std::string_view repository, std::string_view registry_id, const ImageRecord& image);
  // Closes the document and flushes; false when the stream failed.
  bool end();
  std::uint64_t bytes() const { return m_bytes; }

 private:
  void flush();
  void key(std::string_view name);
  void string_field(std::string_view name, std::string_view value);
  void time_field(std::string_view name, Micros t);
  void quoted_digest(const Digest& digest);
  template <typename Item>
  void array(std::size_t count, const Item& item);

  std::ostream& m_out;
  bool m_pretty;
  bool m_first = true;
  bool m_first_field = true;
  std::string m_buffer;
  std::uint64_t m_bytes = 0;
};

// Appends the decimal digits of `value`.
void append_int(std::string& out, std::int64_t value);

}  // namespace ecrlc::generate_detail
