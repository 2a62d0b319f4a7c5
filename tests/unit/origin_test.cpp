// The serialized-origin grammar (detail::parse_origin), loopback detection and the matcher of
// exact origins and patterns (detail::origin_matcher).
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "origin.hpp"

namespace cors::detail {
// Failures name the error, not its byte value.
inline void PrintTo(origin_error error, std::ostream* os) {
  *os << "'" << describe(error) << "'";
}
}  // namespace cors::detail

namespace {

using cors::detail::host_kind;
using cors::detail::origin_error;
using cors::detail::origin_parts;
using cors::detail::parse_origin;

// --- valid serialized origins ---------------------------------------------------------------

struct valid_origin_case {
  const char* name;
  std::string_view text;
  std::string_view scheme;
  std::string_view host;
  std::int32_t port;
  host_kind kind;
};

void PrintTo(const valid_origin_case& c, std::ostream* os) {
  *os << c.name << " '" << c.text << "'";
}

class valid_origin : public ::testing::TestWithParam<valid_origin_case> {};

TEST_P(valid_origin, parses_into_scheme_host_and_port) {
  const valid_origin_case& c = GetParam();
  origin_parts parts;
  ASSERT_EQ(parse_origin(c.text, parts), origin_error::none);
  EXPECT_EQ(parts.scheme, c.scheme);
  EXPECT_EQ(parts.host, c.host);
  EXPECT_EQ(parts.port, c.port);
  EXPECT_EQ(parts.kind, c.kind);
}

INSTANTIATE_TEST_SUITE_P(
    grammar, valid_origin,
    ::testing::Values(
        valid_origin_case{"https_domain", "https://app.example.com", "https", "app.example.com", -1,
                          host_kind::domain},
        valid_origin_case{"http_domain", "http://example.com", "http", "example.com", -1,
                          host_kind::domain},
        valid_origin_case{"port", "http://localhost:8080", "http", "localhost", 8080,
                          host_kind::domain},
        valid_origin_case{"lowest_port", "https://example.com:1", "https", "example.com", 1,
                          host_kind::domain},
        valid_origin_case{"highest_port", "https://example.com:65535", "https", "example.com",
                          65535, host_kind::domain},
        valid_origin_case{"http_port_on_https", "https://example.com:80", "https", "example.com",
                          80, host_kind::domain},
        valid_origin_case{"https_port_on_http", "http://example.com:443", "http", "example.com",
                          443, host_kind::domain},
        valid_origin_case{"ipv4", "http://127.0.0.1:3000", "http", "127.0.0.1", 3000,
                          host_kind::ipv4},
        valid_origin_case{"ipv4_zeros", "http://0.0.0.0", "http", "0.0.0.0", -1, host_kind::ipv4},
        valid_origin_case{"ipv4_max", "https://255.255.255.255", "https", "255.255.255.255", -1,
                          host_kind::ipv4},
        valid_origin_case{"ipv6_loopback_port", "http://[::1]:8080", "http", "[::1]", 8080,
                          host_kind::ipv6},
        valid_origin_case{"ipv6_documentation", "https://[2001:db8::1]", "https", "[2001:db8::1]",
                          -1, host_kind::ipv6},
        valid_origin_case{"ipv6_unspecified", "http://[::]", "http", "[::]", -1, host_kind::ipv6},
        valid_origin_case{"ipv6_trailing_run", "http://[1::]", "http", "[1::]", -1,
                          host_kind::ipv6},
        valid_origin_case{"ipv6_full", "http://[1:2:3:4:5:6:7:8]", "http", "[1:2:3:4:5:6:7:8]", -1,
                          host_kind::ipv6},
        valid_origin_case{"ipv6_single_zero_not_compressed", "http://[1:0:2:3:4:5:6:7]", "http",
                          "[1:0:2:3:4:5:6:7]", -1, host_kind::ipv6},
        valid_origin_case{"ipv6_longest_run_compressed", "http://[1:0:0:2::3]", "http",
                          "[1:0:0:2::3]", -1, host_kind::ipv6},
        valid_origin_case{"punycode", "https://xn--bcher-kva.example", "https",
                          "xn--bcher-kva.example", -1, host_kind::domain},
        valid_origin_case{"underscore_and_hyphen", "https://a_b-c.example.com", "https",
                          "a_b-c.example.com", -1, host_kind::domain},
        valid_origin_case{"other_scheme", "chrome-extension://abcdefghijklmnop", "chrome-extension",
                          "abcdefghijklmnop", -1, host_kind::domain}),
    [](const auto& info) { return std::string(info.param.name); });

// --- rejections -------------------------------------------------------------------------------

struct invalid_origin_case {
  const char* name;
  std::string_view text;
  origin_error expected;
};

void PrintTo(const invalid_origin_case& c, std::ostream* os) {
  *os << c.name;
}

class invalid_origin : public ::testing::TestWithParam<invalid_origin_case> {};

TEST_P(invalid_origin, is_rejected_with_its_reason) {
  const invalid_origin_case& c = GetParam();
  origin_parts parts;
  EXPECT_EQ(parse_origin(c.text, parts), c.expected);
}

using namespace std::string_view_literals;

const std::string oversized = "https://" + std::string(300, 'a');  // 308 bytes
const std::string host_254 = "https://" + std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                             std::string(63, 'c') + "." + std::string(62, 'd');
const std::string label_64 = "https://" + std::string(64, 'a') + ".example.com";

INSTANTIATE_TEST_SUITE_P(
    grammar, invalid_origin,
    ::testing::Values(
        invalid_origin_case{"empty", "", origin_error::empty},
        invalid_origin_case{"oversized", oversized, origin_error::too_long},
        invalid_origin_case{"host_over_253_bytes", host_254, origin_error::invalid_host},
        invalid_origin_case{"label_over_63_bytes", label_64, origin_error::invalid_host},
        invalid_origin_case{"no_scheme", "app.example.com", origin_error::missing_scheme},
        invalid_origin_case{"scheme_without_slashes", "https:app.example.com",
                            origin_error::missing_scheme},
        invalid_origin_case{"empty_scheme", "://app.example.com", origin_error::invalid_scheme},
        invalid_origin_case{"scheme_starting_with_digit", "1http://a.example",
                            origin_error::invalid_scheme},
        invalid_origin_case{"upper_case_everything", "HTTPS://APP.EXAMPLE.COM",
                            origin_error::uppercase},
        invalid_origin_case{"upper_case_scheme", "Https://app.example.com",
                            origin_error::uppercase},
        invalid_origin_case{"upper_case_host", "https://App.example.com", origin_error::uppercase},
        invalid_origin_case{"upper_case_ipv6", "http://[2001:DB8::1]", origin_error::uppercase},
        invalid_origin_case{"userinfo", "https://user@app.example.com", origin_error::userinfo},
        invalid_origin_case{"userinfo_with_password", "https://user:pw@app.example.com",
                            origin_error::userinfo},
        invalid_origin_case{"empty_userinfo", "https://@app.example.com", origin_error::userinfo},
        invalid_origin_case{"empty_host", "https://", origin_error::empty_host},
        invalid_origin_case{"empty_host_with_port", "https://:8080", origin_error::empty_host},
        invalid_origin_case{"empty_host_with_path", "file:///etc/passwd", origin_error::empty_host},
        invalid_origin_case{"trailing_slash", "https://app.example.com/",
                            origin_error::trailing_slash},
        invalid_origin_case{"trailing_slash_after_port", "http://localhost:8080/",
                            origin_error::trailing_slash},
        invalid_origin_case{"path", "https://app.example.com/index.html", origin_error::path},
        invalid_origin_case{"query", "https://app.example.com?x=1", origin_error::query},
        invalid_origin_case{"fragment", "https://app.example.com#top", origin_error::fragment},
        invalid_origin_case{"https_default_port", "https://app.example.com:443",
                            origin_error::default_port},
        invalid_origin_case{"http_default_port", "http://app.example.com:80",
                            origin_error::default_port},
        invalid_origin_case{"ipv6_default_port", "https://[::1]:443", origin_error::default_port},
        invalid_origin_case{"port_zero", "http://localhost:0", origin_error::invalid_port},
        invalid_origin_case{"port_65536", "http://localhost:65536", origin_error::invalid_port},
        invalid_origin_case{"port_six_digits", "http://localhost:100000",
                            origin_error::invalid_port},
        invalid_origin_case{"port_leading_zero", "http://localhost:08080",
                            origin_error::invalid_port},
        invalid_origin_case{"port_empty", "http://localhost:", origin_error::invalid_port},
        invalid_origin_case{"port_not_a_number", "http://localhost:80a",
                            origin_error::invalid_port},
        invalid_origin_case{"port_signed", "http://localhost:+80", origin_error::invalid_port},
        invalid_origin_case{"ipv6_port_empty", "http://[::1]:", origin_error::invalid_port},
        invalid_origin_case{"ipv4_short_form", "http://127.1", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv4_leading_zero", "http://127.0.0.01", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv4_octal_looking", "http://010.0.0.1", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv4_out_of_range", "http://256.0.0.1", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv4_five_parts", "http://1.2.3.4.5", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv4_hex_part", "http://0x7f.0.0.1", origin_error::invalid_ipv4},
        invalid_origin_case{"numeric_last_label", "http://example.123", origin_error::invalid_ipv4},
        // The URL Standard's "ends in a number" check also counts a 0x-prefixed hex last label:
        // browsers turn http://0x7f000001 into http://127.0.0.1 and refuse http://a.0x10, so
        // neither is ever sent as an Origin.
        invalid_origin_case{"hex_ipv4_single_label", "http://0x7f000001",
                            origin_error::invalid_ipv4},
        invalid_origin_case{"hex_last_label", "http://a.0x10", origin_error::invalid_ipv4},
        invalid_origin_case{"ipv6_uncompressed", "http://[0:0:0:0:0:0:0:1]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_leading_zeros", "http://[::0001]", origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_single_zero_compressed", "http://[1:2:3:4:5:6:7::]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_shorter_run_compressed", "http://[1::2:0:0:0:3]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_embedded_ipv4", "http://[::ffff:127.0.0.1]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_zone", "http://[fe80::1%25eth0]", origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_unclosed", "http://[::1", origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_junk_after_bracket", "http://[::1]x", origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_empty", "http://[]", origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_two_compressions", "http://[1::2::3]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"ipv6_five_hex_digits", "http://[12345::1]",
                            origin_error::invalid_ipv6},
        invalid_origin_case{"non_ascii_host",
                            "https://b\xc3\xbc"
                            "cher.example",
                            origin_error::invalid_host},
        invalid_origin_case{"percent_encoded_host", "https://a%2eb.example",
                            origin_error::invalid_host},
        invalid_origin_case{"space_in_host", "https://a b.example", origin_error::invalid_host},
        invalid_origin_case{"empty_label", "https://a..example", origin_error::invalid_host},
        invalid_origin_case{"trailing_dot", "https://example.com.", origin_error::invalid_host},
        invalid_origin_case{"cr_lf", "https://app.example.com\r\n", origin_error::invalid_host},
        invalid_origin_case{"header_injection", "https://a.example\r\nSet-Cookie: x=1",
                            origin_error::invalid_host},
        invalid_origin_case{"lone_lf", "https://a.example\ncom", origin_error::invalid_host},
        invalid_origin_case{"nul_byte", "https://a.example\0.com"sv, origin_error::invalid_host},
        invalid_origin_case{"tab", "https://a.example\t", origin_error::invalid_host},
        invalid_origin_case{"del_byte", "https://a.example\x7f", origin_error::invalid_host},
        invalid_origin_case{"byte_0x80", "https://a.example\x80", origin_error::invalid_host},
        invalid_origin_case{"leading_space", " https://a.example", origin_error::invalid_scheme},
        invalid_origin_case{"two_origins_in_one_line", "https://a.example https://b.example",
                            origin_error::invalid_host}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(origin_grammar, longest_accepted_length_is_the_constant) {
  // A 253-byte host with a 5-digit port fits; the limit itself is the constant.
  const std::string host = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                           std::string(63, 'c') + "." + std::string(61, 'd');
  ASSERT_EQ(host.size(), 253u);
  const std::string origin = "https://" + host + ":65535";
  origin_parts parts;
  EXPECT_EQ(parse_origin(origin, parts), origin_error::none);
  EXPECT_EQ(parts.host.size(), 253u);

  const std::string at_limit(cors::detail::max_origin_length, 'a');
  const std::string over_limit(cors::detail::max_origin_length + 1, 'a');
  EXPECT_EQ(parse_origin(at_limit, parts), origin_error::missing_scheme);
  EXPECT_EQ(parse_origin(over_limit, parts), origin_error::too_long);
}

TEST(origin_grammar, every_error_has_a_description) {
  for (int e = static_cast<int>(origin_error::empty); e <= static_cast<int>(origin_error::fragment);
       ++e) {
    const std::string_view text = cors::detail::describe(static_cast<origin_error>(e));
    EXPECT_FALSE(text.empty()) << e;
    EXPECT_NE(text, "invalid origin") << e;
  }
  EXPECT_EQ(cors::detail::describe(origin_error::none), "valid");
}

// --- loopback ----------------------------------------------------------------------------------

struct loopback_case {
  std::string_view origin;
  bool loopback;
};

void PrintTo(const loopback_case& c, std::ostream* os) {
  *os << c.origin;
}

class loopback_table : public ::testing::TestWithParam<loopback_case> {};

TEST_P(loopback_table, is_recognised_by_host) {
  origin_parts parts;
  ASSERT_EQ(parse_origin(GetParam().origin, parts), origin_error::none);
  EXPECT_EQ(cors::detail::is_loopback(parts), GetParam().loopback);
}

INSTANTIATE_TEST_SUITE_P(hosts, loopback_table,
                         ::testing::Values(loopback_case{"http://localhost", true},
                                           loopback_case{"http://localhost:3000", true},
                                           loopback_case{"http://app.localhost", true},
                                           loopback_case{"http://a.b.localhost:8080", true},
                                           loopback_case{"http://127.0.0.1", true},
                                           loopback_case{"http://127.255.3.4:8080", true},
                                           loopback_case{"http://[::1]:8080", true},
                                           loopback_case{"http://notlocalhost", false},
                                           loopback_case{"http://localhost.example.com", false},
                                           loopback_case{"http://128.0.0.1", false},
                                           loopback_case{"http://10.0.0.1", false},
                                           loopback_case{"http://[::2]", false},
                                           loopback_case{"http://[::ffff:7f00:1]", false},
                                           loopback_case{"https://example.com", false}));

// --- the matcher ---------------------------------------------------------------------------------

bool matches(const cors::detail::origin_matcher& m, std::string_view origin) {
  origin_parts parts;
  if (parse_origin(origin, parts) != origin_error::none) {
    ADD_FAILURE() << "not an origin: " << origin;
    return false;
  }
  return m.matches(origin, parts);
}

TEST(origin_matcher, empty_matches_nothing) {
  const cors::detail::origin_matcher m;
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(matches(m, "https://app.example.com"));
}

TEST(origin_matcher, exact_origins_match_byte_for_byte) {
  cors::detail::origin_matcher m;
  m.add_exact("https://app.example.com");
  m.add_exact("http://localhost:8080");
  EXPECT_FALSE(m.empty());
  EXPECT_TRUE(matches(m, "https://app.example.com"));
  EXPECT_TRUE(matches(m, "http://localhost:8080"));
  EXPECT_FALSE(matches(m, "http://app.example.com"));
  EXPECT_FALSE(matches(m, "https://app.example.com:8443"));
  EXPECT_FALSE(matches(m, "https://a.app.example.com"));
  EXPECT_FALSE(matches(m, "http://localhost"));
  EXPECT_FALSE(matches(m, "http://localhost:8081"));
}

TEST(origin_matcher, any_port_matches_every_port_and_no_port) {
  cors::detail::origin_matcher m;
  m.add_any_port("http", "localhost");
  m.add_any_port("http", "[::1]");
  EXPECT_TRUE(matches(m, "http://localhost"));
  EXPECT_TRUE(matches(m, "http://localhost:1"));
  EXPECT_TRUE(matches(m, "http://localhost:65535"));
  EXPECT_TRUE(matches(m, "http://[::1]:8080"));
  EXPECT_FALSE(matches(m, "https://localhost:8080"));
  EXPECT_FALSE(matches(m, "http://a.localhost:8080"));
  EXPECT_FALSE(matches(m, "http://127.0.0.1:8080"));
}

TEST(origin_matcher, subdomains_follow_their_port_rule) {
  cors::detail::origin_matcher m;
  m.add_subdomains("https", "default.example", cors::detail::default_port_only);
  m.add_subdomains("https", "any.example", cors::detail::any_port);
  m.add_subdomains("https", "fixed.example", 8443);
  m.add_subdomains("https", "fixed.example", 9443);  // a second rule for the same suffix merges

  EXPECT_TRUE(matches(m, "https://a.default.example"));
  EXPECT_FALSE(matches(m, "https://a.default.example:8443"));
  EXPECT_TRUE(matches(m, "https://a.any.example"));
  EXPECT_TRUE(matches(m, "https://a.b.any.example:1234"));
  EXPECT_TRUE(matches(m, "https://a.fixed.example:8443"));
  EXPECT_TRUE(matches(m, "https://a.fixed.example:9443"));
  EXPECT_FALSE(matches(m, "https://a.fixed.example"));
  EXPECT_FALSE(matches(m, "https://a.fixed.example:10443"));
  EXPECT_FALSE(matches(m, "https://default.example"));  // never the apex
  EXPECT_FALSE(matches(m, "http://a.default.example"));
}

TEST(string_table, finds_each_key_by_its_index) {
  cors::detail::string_table t;
  EXPECT_EQ(t.find("anything"), cors::detail::string_table::npos);
  EXPECT_EQ(t.insert("https://a.example"), 0u);
  EXPECT_EQ(t.insert("https://b.example"), 1u);
  EXPECT_EQ(t.insert("https://a.example"), 0u);  // already there
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(t.longest(), 17u);
  EXPECT_EQ(t.find("https://b.example"), 1u);
  EXPECT_EQ(t.find("https://c.example"), cors::detail::string_table::npos);
  EXPECT_EQ(t.find("https://b.exampl"), cors::detail::string_table::npos);
  EXPECT_EQ(t.find("https://b.example."), cors::detail::string_table::npos);  // longer than all
  EXPECT_EQ(t.find(""), cors::detail::string_table::npos);
}

TEST(string_table, compares_keys_of_every_length_byte_for_byte) {
  // Keys of 1 to 40 bytes differing only in their last byte: the word-wise comparison must see
  // the difference whatever the length's remainder modulo 8 and 4.
  cors::detail::string_table t;
  for (std::size_t length = 1; length <= 40; ++length) t.insert(std::string(length, 'k'));
  for (std::size_t length = 1; length <= 40; ++length) {
    EXPECT_EQ(t.find(std::string(length, 'k')), length - 1) << length;
    std::string other(length, 'k');
    other.back() = 'j';
    EXPECT_EQ(t.find(other), cors::detail::string_table::npos) << length;
    other = std::string(length, 'k');
    other.front() = 'j';
    EXPECT_EQ(t.find(other), cors::detail::string_table::npos) << length;
  }
}

TEST(string_table, stays_correct_through_many_rehashes) {
  cors::detail::string_table t;
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(t.insert("k" + std::to_string(i)), std::size_t(i));
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(t.find("k" + std::to_string(i)), std::size_t(i));
  EXPECT_EQ(t.find("k5000"), cors::detail::string_table::npos);
}

}  // namespace
