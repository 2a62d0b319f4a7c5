// The scan without a network: the hostile origins derived from trusted ones, and the findings
// made of given answers (those nginx cannot be made to give: a decoded CR/LF, a substring
// check).
#include <gtest/gtest.h>

#include "scan.hpp"

namespace {

namespace sc = cors::doctor::scan;
namespace ck = cors::checker;

std::vector<std::string> hostile_origins(const std::vector<sc::probe>& probes,
                                         sc::finding_class c) {
  std::vector<std::string> origins;
  for (const sc::probe& p : probes)
    if (p.tests == c && (p.kind == sc::probe_kind::hostile || p.kind == sc::probe_kind::echo))
      origins.push_back(p.origin);
  return origins;
}

using v = std::vector<std::string>;

TEST(scan_probes, each_class_gets_its_hostile_origin) {
  const std::vector<sc::probe> probes = sc::derive_probes({"https://app.example.com"}, {});
  using fc = sc::finding_class;
  const std::vector<std::pair<fc, v>> expected = {
      {fc::origin_reflected, {"https://attacker.example"}},
      {fc::null_origin, {"null"}},
      {fc::http_origin, {"http://app.example.com"}},
      {fc::any_subdomain, {"https://cors-doctor-probe.app.example.com"}},
      {fc::prefix_match, {"https://app.example.com.attacker.example"}},
      {fc::suffix_match, {"https://attackerexample.com"}},
      {fc::unescaped_dot, {"https://appxexample.com"}},
      {fc::substring_match, {"https://app.example.co"}},
      {fc::special_characters,
       {"https://app.example.com_.attacker.example", "https://app.example.com`.attacker.example"}},
      {fc::third_party_hosting, {}},
      {fc::origin_bytes_echoed, {"https://app.example.com%0d%0ax-cors-doctor-probe:%20injected"}},
  };
  for (const auto& [c, origins] : expected)
    EXPECT_EQ(hostile_origins(probes, c), origins) << sc::to_string(c);
  EXPECT_LE(static_cast<int>(probes.size()) * 2, sc::request_budget(1, 0) + 1);
}

TEST(scan_probes, ports_public_suffixes_and_hosting_suffixes) {
  using fc = sc::finding_class;
  // A port stays; a host without a registrable domain gets no dot or substring probe.
  const auto local = sc::derive_probes({"http://localhost:3000"}, {});
  EXPECT_EQ(hostile_origins(local, fc::http_origin), v{});
  EXPECT_EQ(hostile_origins(local, fc::unescaped_dot), v{});
  EXPECT_EQ(hostile_origins(local, fc::substring_match), v{});
  EXPECT_EQ(hostile_origins(local, fc::suffix_match), v{"http://attackerlocalhost:3000"});
  // A site under a private suffix of the public suffix list: a sibling anyone can register.
  const auto hosted = sc::derive_probes({"https://docs.github.io"}, {});
  EXPECT_EQ(hostile_origins(hosted, fc::third_party_hosting),
            v{"https://cors-doctor-probe.github.io"});
  EXPECT_EQ(hostile_origins(hosted, fc::suffix_match), v{"https://attackerdocs.github.io"});
  // "docs.github.i" ends in no real public suffix: no substring probe.
  EXPECT_EQ(hostile_origins(hosted, fc::substring_match), v{});
  // The apex has no dot left of its registrable domain.
  EXPECT_EQ(hostile_origins(sc::derive_probes({"https://example.com"}, {}), fc::unescaped_dot),
            v{});
  const auto named = sc::derive_probes({"https://app.example.com"}, {"herokuapp.com"});
  EXPECT_EQ(hostile_origins(named, fc::third_party_hosting),
            v{"https://cors-doctor-probe.herokuapp.com"});
}

TEST(scan_probes, unusable_input_is_refused_with_the_reason) {
  const auto message = [](const v& origins, const v& suffixes) {
    try {
      (void)sc::derive_probes(origins, suffixes);
    } catch (const sc::invalid_input& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({}, {}), "--origin is missing: an origin the site trusts");
  EXPECT_EQ(message({"https://App.example.com"}, {}),
            "--origin 'https://App.example.com': give a serialized origin such as "
            "https://app.example.com (here: https://app.example.com)");
  EXPECT_EQ(message({"https://app.example.com"}, {"com"}),
            "--hosting-suffix 'com': not a suffix of the public suffix list's private section "
            "(/usr/share/publicsuffix/public_suffix_list.dat)");
}

// Probe results made by hand: answers a real server of the tests cannot give.
sc::probe_result answered(sc::probe_kind kind, sc::finding_class c, const std::string& origin,
                          std::vector<ck::header_line> headers, bool readable = true) {
  sc::probe_result r;
  r.what = {kind, c, origin, "https://app.example.com"};
  cors::doctor::received_response response;
  response.version = "HTTP/1.1";
  response.status = 200;
  response.headers = std::move(headers);
  r.exchanges.push_back(
      {{"GET", *ck::parse_url("http://api.test/"), {{"Origin", origin}}}, response});
  ck::verdict allowed;
  ck::verdict blocked;
  blocked.error = ck::cors_error{};
  blocked.error->message = "No 'Access-Control-Allow-Origin' header is present.";
  r.with_credentials = readable ? allowed : blocked;
  r.without_credentials = readable ? allowed : blocked;
  return r;
}

std::vector<std::string> classes(const std::vector<sc::finding>& findings) {
  std::vector<std::string> out;
  for (const sc::finding& f : findings)
    out.push_back(std::string(sc::to_string(f.what)) + "/" + std::string(sc::to_string(f.level)));
  return out;
}

TEST(scan_findings, decoded_or_echoed_origin_bytes_are_informational) {
  using fc = sc::finding_class;
  const std::string junk = "https://app.example.com%0d%0ax-cors-doctor-probe:%20injected";
  std::vector<std::string> notes;
  // A server that decodes %0d%0a splits its header: the probe's line comes back as a header.
  const auto decoded =
      sc::find("http://api.test/",
               {answered(sc::probe_kind::echo, fc::origin_bytes_echoed, junk,
                         {{"Access-Control-Allow-Origin", "https://app.example.com"},
                          {"x-cors-doctor-probe", "injected"}})},
               notes);
  EXPECT_EQ(classes(decoded), v{"origin_bytes_echoed/informational"});
  EXPECT_NE(decoded.front().why.find("decoded %0d%0a"), std::string::npos);
  const auto echoed = sc::find("http://api.test/",
                               {answered(sc::probe_kind::echo, fc::origin_bytes_echoed, junk,
                                         {{"Access-Control-Allow-Origin", junk}})},
                               notes);
  EXPECT_EQ(classes(echoed), v{"origin_bytes_echoed/informational"});
  const auto clean =
      sc::find("http://api.test/",
               {answered(sc::probe_kind::echo, fc::origin_bytes_echoed, junk, {})}, notes);
  EXPECT_EQ(classes(clean), v{});
}

TEST(scan_findings, severity_follows_what_a_page_can_read_and_root_causes_stay) {
  using fc = sc::finding_class;
  using k = sc::probe_kind;
  std::vector<std::string> notes;
  const auto acao = [](const std::string& o) {
    return std::vector<ck::header_line>{{"Access-Control-Allow-Origin", o},
                                        {"Access-Control-Allow-Credentials", "true"}};
  };
  // A substring check (the origin is looked up inside a trusted string).
  EXPECT_EQ(classes(sc::find("http://api.test/",
                             {answered(k::hostile, fc::substring_match, "https://app.example.co",
                                       acao("https://app.example.co"))},
                             notes)),
            v{"substring_match/critical"});
  // Named, but no browser lets the page read it: informational.
  EXPECT_EQ(classes(sc::find(
                "http://api.test/",
                {answered(k::hostile, fc::prefix_match, "https://app.example.com.attacker.example",
                          acao("https://app.example.com.attacker.example"), false)},
                notes)),
            v{"prefix_match/informational"});
  // Any origin reflected explains the prefix, null and echo findings: one finding.
  EXPECT_EQ(classes(sc::find(
                "http://api.test/",
                {answered(k::hostile, fc::origin_reflected, "https://attacker.example",
                          acao("https://attacker.example")),
                 answered(k::hostile, fc::null_origin, "null", acao("null")),
                 answered(k::hostile, fc::prefix_match, "https://app.example.com.attacker.example",
                          acao("https://app.example.com.attacker.example"))},
                notes)),
            v{"origin_reflected/critical"});
  EXPECT_TRUE(notes.empty());
}

}  // namespace
