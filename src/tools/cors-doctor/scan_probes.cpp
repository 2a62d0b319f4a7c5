// Which origins and requests a scan sends: the hostile origins of each class, derived from the
// origins the site trusts.
#include <fmt/format.h>

#include <algorithm>

#include "public_suffixes.hpp"
#include "scan.hpp"

namespace cors::doctor::scan {

namespace {

using cors::detail::public_suffix_list;

bool is_ip_or_bracketed(const std::string& host) {
  return host.empty() || host.front() == '[' ||
         host.find_first_not_of("0123456789.") == std::string::npos;
}

// The registrable domain ("example.co.uk" for "a.b.example.co.uk"); empty when the host has
// none (an IP address, "localhost", a public suffix itself).
std::string registrable_domain(const std::string& host) {
  if (is_ip_or_bracketed(host) || public_suffix_list() == nullptr) return {};
  const char* domain = psl_registrable_domain(public_suffix_list(), host.c_str());
  return domain != nullptr ? std::string(domain) : std::string();
}

bool is_private_suffix(const std::string& suffix) {
  return public_suffix_list() != nullptr &&
         psl_is_public_suffix2(public_suffix_list(), suffix.c_str(), PSL_TYPE_PRIVATE) != 0 &&
         psl_is_public_suffix2(public_suffix_list(), suffix.c_str(), PSL_TYPE_ICANN) == 0;
}

// The suffix a registrable domain sits under ("github.io" for "docs.github.io").
std::string suffix_of(const std::string& registrable) {
  const std::size_t dot = registrable.find('.');
  return dot == std::string::npos ? std::string() : registrable.substr(dot + 1);
}

// `host` with the trusted origin's port when it names one (http://app.example.com for
// https://app.example.com: the default port stays the default).
std::string with_port(const checker::url& u, const std::string& scheme, const std::string& host) {
  return u.default_port() ? fmt::format("{}://{}", scheme, host)
                          : fmt::format("{}://{}:{}", scheme, host, u.port);
}

void add(std::vector<probe>& probes, probe_kind kind, finding_class tests, std::string origin,
         const std::string& trusted) {
  const bool seen = std::any_of(probes.begin(), probes.end(), [&](const probe& p) {
    return p.kind == kind && p.origin == origin;
  });
  if (!seen) probes.push_back({kind, tests, std::move(origin), trusted});
}

// The origins derived from one trusted origin, each testing one way a check can be too loose.
void add_derived(std::vector<probe>& probes, const std::string& trusted, const checker::url& u) {
  const auto hostile = [&](finding_class c, const std::string& host,
                           const std::string& scheme = std::string()) {
    add(probes, probe_kind::hostile, c, with_port(u, scheme.empty() ? u.scheme : scheme, host),
        trusted);
  };
  const std::string registrable = registrable_domain(u.host);
  if (u.secure()) hostile(finding_class::http_origin, u.host, "http");
  hostile(finding_class::any_subdomain, fmt::format("{}.{}", probe_label, u.host));
  hostile(finding_class::prefix_match, fmt::format("{}.{}", u.host, attacker_domain));
  // Prepended to the registrable domain: a name the attacker can register. Prepended to a
  // subdomain ("attackerapp.example.com") it would be the site's own name.
  hostile(finding_class::suffix_match, "attacker" + (registrable.empty() ? u.host : registrable));
  // A dot left of the registrable domain turned into a letter gives a registrable name
  // ("appxexample.com"); a dot inside the public suffix would not ("example.comxuk").
  if (!registrable.empty() && u.host.size() > registrable.size() + 1) {
    std::string host = u.host;
    host[host.size() - registrable.size() - 1] = 'x';
    hostile(finding_class::unescaped_dot, host);
  }
  // The host less its last byte ("app.example.co"): trusted when the check asks whether the
  // origin is contained in a trusted string. Only when that name is registrable elsewhere.
  if (!registrable.empty()) {
    const std::string shorter = u.host.substr(0, u.host.size() - 1);
    const std::string other = registrable_domain(shorter);
    const bool real_suffix =
        !other.empty() && psl_is_public_suffix2(public_suffix_list(), suffix_of(other).c_str(),
                                                PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
    if (real_suffix && other != registrable) hostile(finding_class::substring_match, shorter);
  }
  // "_" and "`" right after the trusted host: the URL parsers of Chromium 156, Firefox 153 and
  // WebKitGTK 2.50 all accept such a host and serialize it unchanged (docs/cors-doctor.md).
  for (const char c : {'_', '`'})
    hostile(finding_class::special_characters, fmt::format("{}{}.{}", u.host, c, attacker_domain));
  // A site hosted under a third-party suffix (docs.github.io): a sibling anyone can register.
  if (!registrable.empty() && is_private_suffix(suffix_of(registrable)))
    hostile(finding_class::third_party_hosting,
            fmt::format("{}.{}", probe_label, suffix_of(registrable)));
}

}  // namespace

std::vector<probe> derive_probes(const std::vector<std::string>& trusted_origins,
                                 const std::vector<std::string>& hosting_suffixes) {
  if (trusted_origins.empty())
    throw invalid_input("--origin is missing: an origin the site trusts");
  std::vector<std::pair<std::string, checker::url>> trusted;
  for (const std::string& origin : trusted_origins) {
    const std::optional<checker::url> u = checker::parse_url(origin);
    if (!u || u->origin() != origin)
      throw invalid_input(
          fmt::format("--origin '{}': give a serialized origin such as https://app.example.com{}",
                      origin, u ? fmt::format(" (here: {})", u->origin()) : std::string()));
    trusted.emplace_back(origin, *u);
  }
  const std::string& first = trusted.front().first;
  const std::string scheme = trusted.front().second.scheme;
  std::vector<probe> probes;
  for (const auto& [origin, u] : trusted)
    add(probes, probe_kind::baseline, finding_class::missing_vary, origin, origin);
  add(probes, probe_kind::hostile, finding_class::origin_reflected,
      fmt::format("{}://{}", scheme, attacker_domain), first);
  add(probes, probe_kind::hostile, finding_class::null_origin, "null", first);
  for (const auto& [origin, u] : trusted) add_derived(probes, origin, u);
  for (const std::string& suffix : hosting_suffixes) {
    if (!is_private_suffix(suffix))
      throw invalid_input(fmt::format(
          "--hosting-suffix '{}': not a suffix of the public suffix list's private section "
          "(/usr/share/publicsuffix/public_suffix_list.dat)",
          suffix));
    add(probes, probe_kind::hostile, finding_class::third_party_hosting,
        fmt::format("https://{}.{}", probe_label, suffix), first);
  }
  // Bytes no browser puts in an Origin: percent-encoded CR LF and a header line, after the
  // trusted origin. Echoed as they are, or decoded into a header of their own.
  add(probes, probe_kind::echo, finding_class::origin_bytes_echoed,
      first + "%0d%0a" + std::string(probe_header) + ":%20injected", first);
  add(probes, probe_kind::reflection, finding_class::methods_headers_reflected, first, first);
  add(probes, probe_kind::error_path, finding_class::error_response_cors, first, first);
  return probes;
}

int request_budget(std::size_t trusted_origins, std::size_t hosting_suffixes) {
  // Per trusted origin: its baseline and at most 9 derived origins (http, subdomain, prefix,
  // suffix, unescaped dot, substring, two special characters, a hosting sibling). Once per URL:
  // any origin, null, the echo, the error path; each of these up to 2 requests. The reflection
  // probe is one OPTIONS request.
  return static_cast<int>(2 * (10 * trusted_origins + hosting_suffixes + 4) + 1);
}

}  // namespace cors::doctor::scan
