// base/json_writer: string escapes and the block and line layouts.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "base/json_writer.hpp"

namespace ecrlc::detail {
namespace {

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string replacing_invalid(std::string_view text) {
  std::string out;
  append_json_string_replacing_invalid(out, text);
  return out;
}

TEST(JsonString, PythonEscapes) {
  EXPECT_EQ("\"\"", json_string(""));
  EXPECT_EQ("\"a\\\"b\\\\c\"", json_string("a\"b\\c"));
  EXPECT_EQ("\"\\b\\f\\n\\r\\t\\u0000\\u001f\"", json_string(std::string("\b\f\n\r\t\0\x1f", 7)));
  EXPECT_EQ("\"\x7f caf\xc3\xa9 \xe2\x86\x92\"", json_string("\x7f caf\xc3\xa9 \xe2\x86\x92"));
  EXPECT_EQ("\"\xff\"", json_string("\xff"));  // as is: the inputs were checked as UTF-8
}

// The escapes byte by byte, as the tool wrote them before strings were scanned by words.
std::string reference_escape(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (byte < 0x20) {
      constexpr std::string_view k_hex = "0123456789abcdef";
      out += "\\u00";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Every byte that matters, at every position of strings longer than the eight-byte scan.
TEST(JsonString, EveryPositionOfLongStrings) {
  const std::string bytes("\"\\\n\t\x01\x1f\x20\x21\x7f\x80\xc3\xff\0", 13);
  for (std::size_t length : {7U, 8U, 9U, 16U, 23U}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const char c : bytes) {
        std::string text(length, 'a');
        text[at] = c;
        EXPECT_EQ(reference_escape(text), json_string(text)) << length << " " << at;
      }
    }
  }
}

TEST(JsonString, ReplacingInvalid) {
  EXPECT_EQ("\"a\\nb\\tc\\r\\u0001\\u007f\"", replacing_invalid("a\nb\tc\r\x01\x7f"));
  EXPECT_EQ("\"x\\ufffd\\ufffdy\"", replacing_invalid("x\xe2\x86y"));
  EXPECT_EQ("\"caf\xc3\xa9\"", replacing_invalid("caf\xc3\xa9"));
  EXPECT_EQ("\"\\\"\\\\\"", replacing_invalid("\"\\"));
}

TEST(JsonNumbers, Extremes) {
  std::string out;
  append_integer(out, INT64_MIN);
  out += ' ';
  append_unsigned(out, UINT64_MAX);
  EXPECT_EQ("-9223372036854775808 18446744073709551615", out);
}

TEST(JsonWriter, AwsBlockLayout) {
  std::string out;
  JsonWriter json(out, 4);
  json.begin_object();
  json.key("previewResults").begin_array().end_array();
  json.key("imageTags").begin_array().value("v1").value("latest").end_array();
  json.member("repositoryName", "app");
  json.key("action").begin_object().member("type", "EXPIRE").end_object();
  json.member("appliedRulePriority", std::int64_t{2});
  json.key("summary").begin_object().end_object();
  json.end_object();
  EXPECT_TRUE(json.closed());
  EXPECT_EQ(
      "{\n"
      "    \"previewResults\": [],\n"
      "    \"imageTags\": [\n"
      "        \"v1\",\n"
      "        \"latest\"\n"
      "    ],\n"
      "    \"repositoryName\": \"app\",\n"
      "    \"action\": {\n"
      "        \"type\": \"EXPIRE\"\n"
      "    },\n"
      "    \"appliedRulePriority\": 2,\n"
      "    \"summary\": {}\n"
      "}",
      out);
}

TEST(JsonWriter, LineLayout) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line);
  json.member("images", std::uint64_t{5});
  json.key("imageTags").begin_array(JsonWriter::Layout::line).value("a").value("b").end_array();
  json.key("none").begin_array(JsonWriter::Layout::line).end_array();
  json.key("rule").null();
  json.member("referrer", false);
  json.key("at");
  json.raw_value().append("\"2025-03-15T12:00:00Z\"");
  json.end_object();
  EXPECT_EQ(
      "{\"images\": 5, \"imageTags\": [\"a\", \"b\"], \"none\": [], \"rule\": null, "
      "\"referrer\": false, \"at\": \"2025-03-15T12:00:00Z\"}",
      out);
}

TEST(JsonWriter, BlockWithLineChildrenIndentTwo) {
  std::string out;
  JsonWriter json(out, 2);
  json.begin_object();
  json.member("tool", "ecr-lifecycle");
  json.key("rules").begin_array();
  json.begin_object(JsonWriter::Layout::line).member("rulePriority", 1).end_object();
  json.begin_object(JsonWriter::Layout::line).member("rulePriority", 2).end_object();
  json.end_array();
  json.key("missing").begin_array().end_array();
  json.end_object();
  EXPECT_EQ(
      "{\n"
      "  \"tool\": \"ecr-lifecycle\",\n"
      "  \"rules\": [\n"
      "    {\"rulePriority\": 1},\n"
      "    {\"rulePriority\": 2}\n"
      "  ],\n"
      "  \"missing\": []\n"
      "}",
      out);
}

TEST(JsonWriter, StartsAtALevel) {
  std::string out = "[\n    ";
  JsonWriter json(out, 4, 1);
  json.begin_object().member("a", 1).end_object();
  EXPECT_EQ("[\n    {\n        \"a\": 1\n    }", out);
}

// A literal key writes what the same key given at run time writes, first or not, in both
// layouts and after the containers it closes.
TEST(JsonWriter, LiteralKeysAsRuntimeKeys) {
  using namespace json_literals;
  for (const JsonWriter::Layout layout : {JsonWriter::Layout::line, JsonWriter::Layout::block}) {
    std::string literal;
    JsonWriter a(literal, 2);
    a.begin_object(layout).member("first"_key, 1).key("list"_key).begin_array(layout);
    a.value("x").end_array().key("empty"_key).begin_object(layout).end_object();
    a.member("last"_key, "y").end_object();
    std::string runtime;
    JsonWriter b(runtime, 2);
    b.begin_object(layout).member("first", 1).key("list").begin_array(layout);
    b.value("x").end_array().key("empty").begin_object(layout).end_object();
    b.member("last", "y").end_object();
    EXPECT_TRUE(a.closed());
    EXPECT_EQ(runtime, literal);
  }
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line).member("a"_key, 1).member("b"_key, 2).end_object();
  EXPECT_EQ("{\"a\": 1, \"b\": 2}", out);
}

// Values at the top follow each other with nothing between (ndjson writes one per line).
TEST(JsonWriter, TopLevelValuesInARow) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line).member("a", 1).end_object();
  out += '\n';
  json.begin_object(JsonWriter::Layout::line).member("a", 2).end_object();
  EXPECT_EQ("{\"a\": 1}\n{\"a\": 2}", out);
}

TEST(JsonWriter, EscapesKeysAndValues) {
  std::string out;
  JsonWriter json(out);
  json.begin_object(JsonWriter::Layout::line).member("k\"", "v\n").end_object();
  EXPECT_EQ("{\"k\\\"\": \"v\\n\"}", out);
}

}  // namespace
}  // namespace ecrlc::detail
