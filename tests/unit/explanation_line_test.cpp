// The explanation line's bound holds by construction: whatever is appended, the line never
// grows past its fixed capacity, and a cut line says so.
#include "explanation_line.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using cors::detail::explanation_line;
using cors::detail::list_writer;

TEST(explanation_line, text_past_the_capacity_is_cut_and_marked) {
  explanation_line line;
  line.append(std::string(1000, 'a'));
  EXPECT_EQ(line.room(), explanation_line::capacity - 3 - 1000);
  line.append(std::string(1000, 'b'));
  EXPECT_EQ(line.view(), std::string(1000, 'a') + std::string(533, 'b') + "...");
  EXPECT_EQ(line.view().size(), explanation_line::capacity);
  EXPECT_EQ(line.room(), 0u);
  line.append("more");  // nothing more is written once the line was cut
  line.append_number(42);
  EXPECT_EQ(line.view().size(), explanation_line::capacity);
}

TEST(explanation_line, text_that_fits_exactly_is_not_cut) {
  explanation_line line;
  line.append(std::string(explanation_line::capacity - 3, 'a'));
  EXPECT_EQ(line.view(), std::string(explanation_line::capacity - 3, 'a'));
  EXPECT_EQ(line.room(), 0u);
}

TEST(explanation_line, numbers_and_items) {
  explanation_line line;
  line.append_number(0);
  line.append(' ');
  line.append_number(18446744073709551615u);
  line.append(' ');
  line.append_item(std::string(128, 'x'));
  line.append(' ');
  line.append_item(std::string(129, 'y'));
  EXPECT_EQ(line.view(), "0 18446744073709551615 " + std::string(128, 'x') + " " +
                             std::string(128, 'y') + "...");
}

TEST(list_writer, lists_up_to_its_entries_and_counts_the_rest) {
  explanation_line line;
  list_writer list(line, 3, 0);
  for (const char* item : {"a", "", "b", "c", "d", "e"}) list.add(item);
  list.finish();
  EXPECT_EQ(line.view(), "a, b, c and 2 more");
}

TEST(list_writer, an_empty_list_is_none) {
  explanation_line line;
  list_writer list(line, 8, 0);
  list.finish();
  EXPECT_EQ(line.view(), "none");
}

TEST(list_writer, keeps_the_room_asked_for_after_the_list) {
  explanation_line line;
  line.append(std::string(1000, '.'));
  // 533 bytes are left: 400 must stay free, and " and N more" needs 32 of the rest, so one
  // 100-byte item fits and the next does not.
  list_writer list(line, 8, 400, "; ");
  list.add("name", std::string(94, 'v'));
  list.add("name", std::string(10, 'w'));
  list.add("name", std::string(10, 'z'));
  list.finish();
  EXPECT_EQ(line.view(), std::string(1000, '.') + "name: " + std::string(94, 'v') + " and 2 more");
  EXPECT_GE(line.room(), 400u);
}

TEST(list_writer, says_how_many_when_none_fits) {
  explanation_line line;
  line.append(std::string(1400, '.'));
  list_writer list(line, 8, 0);
  list.add(std::string(200, 'x'));
  list.add("y");
  list.finish();
  EXPECT_EQ(line.view(), std::string(1400, '.') + "2 not shown");
}

}  // namespace
