// cors-doctor's JSON strings: RFC 8259 escapes, UTF-8 kept, other bytes as their Latin-1 reading.
#include "json_writer.hpp"

#include <gtest/gtest.h>

namespace {

struct row {
  std::string bytes;
  std::string json;
};

TEST(json_writer, strings_are_escaped_and_always_valid_utf8) {
  const std::vector<row> rows = {
      {"plain", "\"plain\""},
      {"quote \" backslash \\ slash /", "\"quote \\\" backslash \\\\ slash /\""},
      {"\n\r\t", "\"\\n\\r\\t\""},
      {std::string("\x00\x01\x1f\x7f", 4), "\"\\u0000\\u0001\\u001f\\u007f\""},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82",
       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x99\x82\""},
      {"\xe9t\xe9", "\"\\u00e9t\\u00e9\""},                      // Latin-1, not UTF-8
      {"\xc0\xaf", "\"\\u00c0\\u00af\""},                        // overlong
      {"\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""},             // a surrogate
      {"\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""},  // above U+10FFFF
      {"\xe2\x82", "\"\\u00e2\\u0082\""},                        // cut short
  };
  for (const row& r : rows) EXPECT_EQ(cors::doctor::json_string(r.bytes), r.json) << r.json;
}

TEST(json_writer, nests_objects_and_arrays_with_two_space_indentation) {
  cors::doctor::json_writer j;
  j.begin_object();
  j.key("a").value(1);
  j.key("b").begin_array().value("x").value(true).null().end_array();
  j.key("c").begin_object().end_object();
  j.key("d").value(std::vector<std::string>{});
  j.key("e").value(std::optional<int>());
  j.end_object();
  EXPECT_EQ(j.text(),
            "{\n"
            "  \"a\": 1,\n"
            "  \"b\": [\n"
            "    \"x\",\n"
            "    true,\n"
            "    null\n"
            "  ],\n"
            "  \"c\": {},\n"
            "  \"d\": [],\n"
            "  \"e\": null\n"
            "}\n");
}

}  // namespace
